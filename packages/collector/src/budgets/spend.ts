/**
 * The ONE place where a budget reads spend: the stored cost, from the same rollups the dashboard reads
 * (TenantStore.aggregate: daily rollups for whole UTC days, the hourly rollup for whole hours, raw events for the
 * partial hours at the edges), so a budget, the dashboard and a statement never disagree, and a replayed event
 * (stored once) is counted once.
 *
 * The rollups hold cost as integer nano-dollars (migration 9), read here as they are: spend is an exact integer sum.
 */
import type { Nanos } from '@llmobserve/shared';
import type { BudgetScope } from '../storage/budget-store.js';
import type { AggregateRow, Dimension, QueryFilters, TenantStore } from '../storage/types.js';
import type { PeriodRange } from './periods.js';

export interface Spend {
  spent_nanos: Nanos;
  unpriced_calls: number;
  calls: number;
}

export const NO_SPEND: Readonly<Spend> = Object.freeze({ spent_nanos: 0, unpriced_calls: 0, calls: 0 });

/** One aggregate row's spend (the rollups' integer nano-dollars). */
const toSpend = (r: { cost_nanos: number; unpriced_calls: number; calls: number }): Spend =>
  ({ spent_nanos: r.cost_nanos, unpriced_calls: r.unpriced_calls, calls: r.calls });

const rangeFilters = (range: PeriodRange): QueryFilters => ({
  ...(range.start > 0 ? { from: range.start } : {}),
  ...(range.end !== null ? { to: range.end } : {}),
});

/**
 * Spend within the scope over the period. `customers`: null for one total (key ''); 'all' for every customer with
 * spend (key: customer id); a list for those customers only.
 */
export async function readSpend(store: TenantStore, scope: BudgetScope, range: PeriodRange, customers: null | 'all' | string[]): Promise<Map<string, Spend>> {
  const base: QueryFilters = {
    ...rangeFilters(range),
    ...(scope.section !== undefined ? { section: scope.section } : {}),
    ...(scope.provider !== undefined ? { provider: scope.provider } : {}),
    ...(scope.model !== undefined ? { model: scope.model } : {}),
  };
  const out = new Map<string, Spend>();
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

/** The dimensions a scope filters on: its budgets' spend is read grouped by them. */
function shapeOf(scope: BudgetScope): Dimension[] {
  const dims: Dimension[] = [];
  if (scope.customer_id !== undefined) dims.push('customer_id');
  if (scope.provider !== undefined) dims.push('provider');
  if (scope.model !== undefined) dims.push('model');
  if (scope.section !== undefined) dims.push('section_path');
  return dims;
}

const key = (r: AggregateRow, d: Dimension) => {
  const v = r.keys[d];
  return v === null || v === undefined ? '' : String(v);
};

function rowMatches(scope: BudgetScope, r: AggregateRow): boolean {
  if (scope.customer_id !== undefined && scope.customer_id !== '*' && key(r, 'customer_id') !== scope.customer_id) return false;
  if (scope.provider !== undefined && key(r, 'provider') !== scope.provider) return false;
  if (scope.model !== undefined && key(r, 'model') !== scope.model) return false;
  if (scope.section !== undefined && !`/${key(r, 'section_path')}/`.includes(`/${scope.section}/`)) return false;
  return true;
}

/**
 * The spend of many budgets of one period at once: one grouped read per scope shape (the dimensions their scopes
 * filter on), each budget's spend summed from the matching groups in integer nano-dollars; a template's per
 * customer. What a list of 1,000 budgets costs per evaluation is then a few reads, not a thousand.
 */
export async function readSpendOfBudgets(store: TenantStore, range: PeriodRange, budgets: readonly { id: string; scope: BudgetScope }[]): Promise<Map<string, Map<string, Spend>>> {
  const byShape = new Map<string, { dims: Dimension[]; budgets: { id: string; scope: BudgetScope }[] }>();
  for (const b of budgets) {
    const dims = shapeOf(b.scope);
    const k = dims.join(',');
    const group = byShape.get(k);
    if (group) group.budgets.push(b);
    else byShape.set(k, { dims, budgets: [b] });
  }
  const out = new Map<string, Map<string, Spend>>();
  for (const { dims, budgets: group } of byShape.values()) {
    const rows = await store.aggregate(rangeFilters(range), dims);
    for (const b of group) {
      const template = b.scope.customer_id === '*';
      const spends = new Map<string, Spend>();
      if (!template) spends.set('', { ...NO_SPEND });
      for (const r of rows) {
        if (!rowMatches(b.scope, r)) continue;
        const instance = template ? key(r, 'customer_id') : '';
        if (template && instance === '') continue;
        const add = toSpend(r);
        const acc = spends.get(instance);
        if (acc) {
          acc.spent_nanos += add.spent_nanos;
          acc.unpriced_calls += add.unpriced_calls;
          acc.calls += add.calls;
        } else spends.set(instance, add);
      }
      out.set(b.id, spends);
    }
  }
  return out;
}

/** Up to this many customers of a template are read one by one; more, all of its customers in one grouped read. */
const PER_CUSTOMER_READS = 20;
/** Up to this many budgets of one period are read one by one (filtered reads); more, grouped by scope shape. */
const GROUPED_READS_FROM = 4;

export interface ExactRead {
  b: { id: string; scope: BudgetScope };
  range: PeriodRange;
  /** 'every': all of the budget's instances (a template's every customer with spend); or these instances. */
  instances: 'every' | string[];
}

/**
 * The exact spend of budget instances from the rollups, per budget id, per instance ('' or the customer), with the
 * fewest reads: a template's few customers one by one, its many in one grouped read; a few budgets of one period
 * by filtered reads, many by one grouped read per scope shape. A template read for every customer holds only the
 * customers with spend (the others have none).
 */
export async function readExact(store: TenantStore, wanted: readonly ExactRead[]): Promise<Map<string, Map<string, Spend>>> {
  const out = new Map<string, Map<string, Spend>>();
  const byPeriod = new Map<string, { range: PeriodRange; budgets: { id: string; scope: BudgetScope }[] }>();
  for (const w of wanted) {
    const template = w.b.scope.customer_id === '*';
    if (template && w.instances !== 'every' && w.instances.length <= PER_CUSTOMER_READS) {
      out.set(w.b.id, await readSpend(store, w.b.scope, w.range, w.instances));
      continue;
    }
    const k = `${w.range.start}:${w.range.end}`;
    const group = byPeriod.get(k) ?? { range: w.range, budgets: [] };
    group.budgets.push(w.b);
    byPeriod.set(k, group);
  }
  for (const { range, budgets } of byPeriod.values()) {
    if (budgets.length <= GROUPED_READS_FROM) {
      for (const b of budgets) out.set(b.id, await readSpend(store, b.scope, range, b.scope.customer_id === '*' ? 'all' : null));
    } else for (const [id, spends] of await readSpendOfBudgets(store, range, budgets)) out.set(id, spends);
  }
  return out;
}
