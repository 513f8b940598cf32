/**
 * The blocked budget instances of a tenant (what an SDK with enforceBudgets refuses), as GET /budgets/blocked
 * answers them, with the ETag of that answer: the SDK sends it back (If-None-Match), and the collector names the
 * current one in its answers to event batches (header x-llmobserve-budgets) so that an SDK refreshes as soon as it
 * changed.
 */
import { createHash } from 'node:crypto';
import { nanosToUsd } from '@llmobserve/shared';
import { BudgetStore } from '../storage/budget-store.js';
import type { Storage } from '../storage/types.js';

export const iso = (ms: number | null) => (ms === null || ms === 0 ? null : new Date(ms).toISOString());

/** The tenant's blocked instances in their current period (what an SDK with enforceBudgets refuses). */
export async function blockedInstances(storage: Storage, tenantId: string, now = Date.now()) {
  const store = new BudgetStore(storage.budgetSql, tenantId);
  const states = await store.blockedStates();
  if (states.length === 0) return [];
  const budgets = new Map((await store.listBudgets()).map((b) => [b.id, b]));
  return states.flatMap((s) => {
    const b = budgets.get(s.budget_id);
    if (!b || (s.period_end !== null && s.period_end <= now)) return [];
    return [{
      budget_id: b.id, customer_id: s.instance !== '' ? s.instance : (b.scope.customer_id ?? null), scope: b.scope,
      amount_usd: nanosToUsd(b.amount_nanos), spent_usd: nanosToUsd(s.spent_nanos), period_end: iso(s.period_end),
    }];
  });
}

export async function blockedAnswer(storage: Storage, tenantId: string) {
  const body = { tenant_id: tenantId, blocked: await blockedInstances(storage, tenantId) };
  const etag = `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 22)}"`;
  return { body, etag };
}
