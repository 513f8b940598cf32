/** The dispatcher's budget check: the attribution of a tracked provider request, looked up in the guard. */
import type { ProviderAdapter } from '../providers/types.js';
import { currentContext } from '../context/store.js';
import type { BudgetExceededError, BudgetGuard } from './guard.js';

function modelOf(body: unknown): string | null {
  const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8', 0, Math.min(body.length, 65_536)) : null;
  const m = text === null ? null : /"model"\s*:\s*"([^"\\]{1,256})"/.exec(text);
  return m ? m[1]! : null;
}

/** The refusal for this request, or null. Only called while some budget instance is blocked (guard.any). */
export function budgetRefusal(guard: BudgetGuard, adapter: ProviderAdapter, body: unknown, defaultTenant: string, defaultCustomer: string | null): BudgetExceededError | null {
  const ctx = currentContext();
  if (ctx.tenantInvalid) return null;
  return guard.check({
    tenantId: ctx.tenantId ?? defaultTenant,
    customerId: ctx.customerId !== undefined ? ctx.customerId : defaultCustomer,
    sectionPath: ctx.span ? ctx.span.path : null,
    provider: adapter.name,
    model: () => modelOf(body),
  });
}
