/**
 * What a committed batch adds to each budget instance's spend, pure: the stored events (only the ones really
 * inserted, so a replay adds nothing) summed per instance in integer nano-dollars, counted exactly as the rollups
 * count them (calls only, not structural spans; an unpriced call counts as an unpriced call, never as $0; the cost
 * is usdToNanos of the stored cost, as storage/rollup.ts adds it), for the events inside the budget's current period.
 *
 * The events are grouped by attribution first (customer, provider, model, section path), and the budgets indexed
 * by the customer and model they name, so a batch costs (distinct attributions × budgets that can match them), not
 * events × budgets.
 */
import { STRUCTURAL_SPAN_TYPES, usdToNanos } from '@llmobserve/shared';
import type { StoredEventInput } from '../domain/event.js';
import type { BudgetRecord } from '../storage/budget-store.js';
import type { PeriodRange } from './periods.js';
import type { Spend } from './spend.js';

interface Attribution {
  customer_id: string | null;
  provider: string | null;
  model: string | null;
  section_path: string | null;
  /** `/section_path/`: a scope's section matches whole segments of it (`/section/` in it), as the read filters do. */
  slashed: string;
  /** Earliest and latest started_at, and the sums over all its calls (used when the period holds them all). */
  min: number;
  max: number;
  sum: Spend;
  calls: { at: number; nanos: number | null }[];
}

const addTo = (s: Spend, nanos: number | null) => {
  s.calls += 1;
  if (nanos === null) s.unpriced_calls += 1;
  else s.spent_nanos += nanos;
};

function attributions(events: readonly StoredEventInput[]): Attribution[] {
  const out = new Map<string, Attribution>();
  for (const e of events) {
    if (STRUCTURAL_SPAN_TYPES.has(e.span_type)) continue;
    const key = `${e.customer_id ?? ''}\u0000${e.provider ?? ''}\u0000${e.model ?? ''}\u0000${e.section_path ?? ''}`;
    let a = out.get(key);
    if (!a) {
      a = { customer_id: e.customer_id, provider: e.provider, model: e.model, section_path: e.section_path, slashed: `/${e.section_path ?? ''}/`, min: e.started_at, max: e.started_at, sum: { spent_nanos: 0, unpriced_calls: 0, calls: 0 }, calls: [] };
      out.set(key, a);
    }
    const nanos = usdToNanos(e.cost_usd);
    addTo(a.sum, nanos);
    a.calls.push({ at: e.started_at, nanos });
    if (e.started_at < a.min) a.min = e.started_at;
    if (e.started_at > a.max) a.max = e.started_at;
  }
  return [...out.values()];
}

/** The budgets that can match an attribution: those naming its customer, plus those naming no single customer (by model). */
class BudgetIndex {
  private readonly byCustomer = new Map<string, BudgetRecord[]>();
  private readonly byModel = new Map<string, BudgetRecord[]>();
  private readonly anyModel: BudgetRecord[] = [];

  constructor(budgets: readonly BudgetRecord[]) {
    for (const b of budgets) {
      const c = b.scope.customer_id;
      if (c !== undefined && c !== '*') push(this.byCustomer, c, b);
      else if (b.scope.model !== undefined) push(this.byModel, b.scope.model, b);
      else this.anyModel.push(b);
    }
  }

  candidates(a: Attribution): BudgetRecord[][] {
    const out = [this.anyModel];
    const m = a.model === null ? undefined : this.byModel.get(a.model);
    if (m) out.push(m);
    const c = a.customer_id === null ? undefined : this.byCustomer.get(a.customer_id);
    if (c) out.push(c);
    return out;
  }
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function matches(b: BudgetRecord, a: Attribution, section: string | undefined): boolean {
  const s = b.scope;
  if (s.provider !== undefined && a.provider !== s.provider) return false;
  if (s.model !== undefined && a.model !== s.model) return false;
  if (section !== undefined && !a.slashed.includes(section)) return false;
  if (s.customer_id === '*') return a.customer_id !== null && a.customer_id !== '';
  return s.customer_id === undefined || a.customer_id === s.customer_id;
}

/**
 * Counts batches against a tenant's budgets: per budget id, per instance ('' or the template's customer), the spend a
 * batch's events add within the budget's period (`rangeOf`). Budgets the events do not touch are absent.
 */
export class DeltaCounter {
  private readonly index: BudgetIndex;
  private readonly ranges = new Map<string, PeriodRange>();
  /** Per budget with a section filter: `/section/`. */
  private readonly sections = new Map<string, string>();

  constructor(budgets: readonly BudgetRecord[], private readonly rangeOf: (b: BudgetRecord) => PeriodRange) {
    this.index = new BudgetIndex(budgets);
    for (const b of budgets) if (b.scope.section !== undefined) this.sections.set(b.id, `/${b.scope.section}/`);
  }

  of(events: readonly StoredEventInput[]): Map<string, Map<string, Spend>> {
    const out = new Map<string, Map<string, Spend>>();
    for (const a of attributions(events)) {
      for (const list of this.index.candidates(a)) {
        for (const b of list) {
          if (!matches(b, a, this.sections.get(b.id))) continue;
          let range = this.ranges.get(b.id);
          if (!range) this.ranges.set(b.id, (range = this.rangeOf(b)));
          const end = range.end ?? Infinity;
          if (a.max < range.start || a.min >= end) continue;
          const instance = b.scope.customer_id === '*' ? a.customer_id! : '';
          let perBudget = out.get(b.id);
          if (!perBudget) out.set(b.id, (perBudget = new Map()));
          let acc = perBudget.get(instance);
          if (!acc) perBudget.set(instance, (acc = { spent_nanos: 0, unpriced_calls: 0, calls: 0 }));
          if (a.min >= range.start && a.max < end) {
            acc.spent_nanos += a.sum.spent_nanos;
            acc.unpriced_calls += a.sum.unpriced_calls;
            acc.calls += a.sum.calls;
          } else for (const c of a.calls) if (c.at >= range.start && c.at < end) addTo(acc, c.nanos);
        }
      }
    }
    return out;
  }
}
