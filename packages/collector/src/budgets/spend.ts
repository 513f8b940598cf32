/**
 * The ONE place where a budget reads spend: the stored cost, from the same rollups the dashboard reads
 * (TenantStore.aggregate: daily rollups for whole UTC days, the hourly rollup for whole hours, raw events for the
 * partial hours at the edges), so a budget, the dashboard and a statement never disagree, and a replayed event
 * (stored once) is counted once.
 *
 * The rollups hold cost as USD today; the conversion to integer nano-dollars happens here, once per group sum.
 * When the rollups hold nano-dollars (integer columns), this function reads them as they are.
 */
import { usdToNanos, type Nanos } from '@llmobserve/shared';
import type { BudgetScope } from '../storage/budget-store.js';
import type { QueryFilters, TenantStore } from '../storage/types.js';
import type { PeriodRange } from './periods.js';

export interface Spend {
  spent_nanos: Nanos;
  unpriced_calls: number;
  calls: number;
}

export const NO_SPEND: Spend = { spent_nanos: 0, unpriced_calls: 0, calls: 0 };

/**
 * Spend within the scope over the period. `customers`: null for one total (key ''); 'all' for every customer with
 * spend (key: customer id); a list for those customers only.
 */
export async function readSpend(store: TenantStore, scope: BudgetScope, range: PeriodRange, customers: null | 'all' | string[]): Promise<Map<string, Spend>> {
  const base: QueryFilters = {
    ...(range.start > 0 ? { from: range.start } : {}),
    ...(range.end !== null ? { to: range.end } : {}),
    ...(scope.section !== undefined ? { section: scope.section } : {}),
    ...(scope.provider !== undefined ? { provider: scope.provider } : {}),
    ...(scope.model !== undefined ? { model: scope.model } : {}),
  };
  const out = new Map<string, Spend>();
  const toSpend = (r: { cost_usd: number; unpriced_calls: number; calls: number }): Spend =>
    ({ spent_nanos: usdToNanos(r.cost_usd), unpriced_calls: r.unpriced_calls, calls: r.calls });
  if (customers === null) {
    const filters = scope.customer_id !== undefined && scope.customer_id !== '*' ? { ...base, customer_id: scope.customer_id } : base;
    const row = (await store.aggregate(filters, []))[0];
    out.set('', row ? toSpend(row) : NO_SPEND);
  } else if (customers === 'all') {
    for (const row of await store.aggregate(base, ['customer_id'])) {
      const id = row.keys.customer_id;
      if (typeof id === 'string' && id !== '') out.set(id, toSpend(row));
    }
  } else {
    for (const c of customers) {
      const row = (await store.aggregate({ ...base, customer_id: c }, []))[0];
      out.set(c, row ? toSpend(row) : NO_SPEND);
    }
  }
  return out;
}
