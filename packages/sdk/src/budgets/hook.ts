/** The dispatcher's budget check: the attribution of a tracked provider request, looked up in the guard. */
import type { Context } from '../context/store.js';
import type { BudgetExceededError, BudgetGuard } from './guard.js';

/** The refusal for this request, or null. Only called while some budget instance is blocked (guard.any). */
export function budgetRefusal(guard: BudgetGuard, ctx: Context, provider: string, body: unknown, defaultTenant: string, defaultCustomer: string | null): BudgetExceededError | null {
  if (ctx.tenantInvalid) return null;
  return guard.check(ctx.tenantId ?? defaultTenant, ctx.customerId !== undefined ? ctx.customerId : defaultCustomer, ctx.span ? ctx.span.path : null, provider, body);
}
