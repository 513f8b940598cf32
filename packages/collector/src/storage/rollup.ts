/**
 * Rollup deltas (pure): what a batch of newly inserted events adds to the hourly cost rollup and to the run
 * summaries. Storage adapters apply the deltas in the same transaction as the inserts, and only for events that were
 * really inserted, so a replayed span never counts twice.
 */
import { STRUCTURAL_SPAN_TYPES, usdToNanos } from '@llmobserve/shared';
import type { StoredEventInput } from '../domain/event.js';
import type { Metrics, RunSummary } from './types.js';
import { RUN_METRICS, zeroMetrics } from './columns.js';

export const HOUR_MS = 3_600_000;

/** Start of the UTC hour containing `ms`, in epoch seconds (the rollup's bucket key). */
export function hourOf(ms: number): number {
  return Math.floor(ms / HOUR_MS) * 3600;
}

export interface Totals extends Metrics {
  latency_ms: number;
}

export interface HourlyDelta extends Totals {
  tenant_id: string;
  hour: number;
  /** '' stands for "none" in rollup keys (primary keys cannot hold NULL usefully). */
  customer_id: string;
  provider: string;
  model: string;
  section_path: string;
}

/** The dimensions a rollup key can hold ('' = none). */
export type KeyDimension = 'customer_id' | 'provider' | 'model' | 'section_path';

/**
 * Daily rollups per dimension family: one table, `rollup_daily`, whose rows are a day × the distinct values of a
 * family's dimensions in its key columns (key1, key2, key3; '' where unused or where the event had none). Each
 * family answers, over whole days, the summaries whose filters and groupings it covers, without touching the hourly
 * cross-product. The key order is chosen from the query plans: the primary key is (tenant_id, family, key1, day,
 * key2, key3), so
 *  - a family that leaves key1 empty (total, customer, model, section) is read by day range: the unfiltered
 *    breakdowns of a period read only that period's rows;
 *  - a family led by a dimension reads only that value's rows of the range when it is filtered (an index prefix),
 *    whatever the cardinality: customer_model / customer_section (one customer's models or sections: the customer
 *    page, a customer filter), model_customer / section_customer (the customers of one provider or section),
 *    section_model (sections × models both ways).
 * `null` marks an empty key1. Every family is maintained in the ingest transaction (dailyDeltas);
 * test/columns.test.ts checks that rebuilding them from the events (storage/rebuild.ts) gives what ingest maintained.
 */
export const FAMILY_KEYS = {
  total: [],
  customer: [null, 'customer_id'],
  model: [null, 'provider', 'model'],
  section: [null, 'section_path'],
  customer_model: ['customer_id', 'provider', 'model'],
  model_customer: ['provider', 'model', 'customer_id'],
  customer_section: ['customer_id', 'section_path'],
  section_customer: ['section_path', 'customer_id'],
  section_model: ['section_path', 'provider', 'model'],
} as const satisfies Record<string, readonly (KeyDimension | null)[]>;
export type DailyFamily = keyof typeof FAMILY_KEYS;
export const DAILY_FAMILIES = Object.keys(FAMILY_KEYS) as DailyFamily[];
export const KEY_COLUMNS = ['key1', 'key2', 'key3'] as const;

export interface DailyDelta extends Metrics {
  tenant_id: string;
  family: DailyFamily;
  /** Start of the UTC day, epoch seconds. */
  day: number;
  key1: string;
  key2: string;
  key3: string;
}

export const DAY_MS = 86_400_000;
export const dayOf = (ms: number) => Math.floor(ms / DAY_MS) * 86_400;

const FAMILY_LIST = DAILY_FAMILIES.map((family) => [family, FAMILY_KEYS[family] as readonly (KeyDimension | null)[]] as const);

export function dailyDeltas(inserted: Iterable<StoredEventInput>): DailyDelta[] {
  const groups = new Map<string, DailyDelta>();
  for (const e of inserted) {
    if (!isCall(e)) continue;
    const nanos = usdToNanos(e.cost_usd);
    const day = dayOf(e.started_at);
    for (const [family, dims] of FAMILY_LIST) {
      const key1 = dims[0] ? (e[dims[0]] ?? '') : '';
      const key2 = dims[1] ? (e[dims[1]] ?? '') : '';
      const key3 = dims[2] ? (e[dims[2]] ?? '') : '';
      const key = `${e.tenant_id}\u001f${family}\u001f${day}\u001f${key1}\u001f${key2}\u001f${key3}`;
      let g = groups.get(key);
      if (!g) {
        g = { tenant_id: e.tenant_id, family, day, key1, key2, key3, ...zeroMetrics() };
        groups.set(key, g);
      }
      addCall(g, e, nanos);
      g.cache_read_tokens += e.cache_read_tokens;
      g.cache_write_tokens += e.cache_write_tokens;
      g.reasoning_tokens += e.reasoning_tokens;
    }
  }
  return [...groups.values()];
}

/** A section filter matches section paths: the paths to compare with it (for the family choice, a section_path). */
const dimOf = (d: string) => (d === 'section' ? 'section_path' : d);

/** Rough distinct values per day of each dimension (models per provider), for comparing families' row counts. */
const SPREAD: Record<KeyDimension, number> = { customer_id: 1000, provider: 3, model: 4, section_path: 30 };

/**
 * The daily family that answers a grouping under these filters, or null (then the hourly rollup answers): among
 * the families holding every needed dimension, the one that reads the fewest rows per day — its rows per value of a
 * filtered leading key (an index prefix: only the other keys' spread), else all its rows of the range.
 */
export function dailyFamilyFor(groupBy: readonly string[], filtered: readonly string[]): DailyFamily | null {
  if (groupBy.includes('hour')) return null;
  const needs = new Set([...groupBy.filter((d) => d !== 'day'), ...filtered].map(dimOf));
  const filters = new Set(filtered.map(dimOf));
  // a model filter alone finds its provider(s) in the model family (segment-sql.ts): the provider key is a prefix too
  if (filters.has('model')) filters.add('provider');
  let best: DailyFamily | null = null;
  let bestRows = Infinity;
  for (const [family, dims] of FAMILY_LIST) {
    const held = dims.filter((d): d is KeyDimension => d !== null);
    if (![...needs].every((d) => (held as string[]).includes(d))) continue;
    const lead = dims[0];
    const prefix = lead !== null && lead !== undefined && filters.has(lead);
    // a section filter is a prefix of several paths (every path containing the label): about 5
    const rows = (prefix ? held.slice(1) : held).reduce((n, d) => n * SPREAD[d], prefix && lead === 'section_path' ? 5 : 1);
    if (rows < bestRows) [best, bestRows] = [family, rows];
  }
  return best;
}

export interface RunDelta extends RunSummary {
  tenant_id: string;
  /** started_at of the span top_section was taken from: the earliest sectioned span wins. */
  top_section_at: number | null;
}

export function isCall(e: StoredEventInput): boolean {
  return !STRUCTURAL_SPAN_TYPES.has(e.span_type);
}

type CallMeasures = Pick<
  Metrics,
  'calls' | 'cost_nanos' | 'unpriced_calls' | 'error_calls' | 'input_tokens' | 'output_tokens' | 'estimated_calls' | 'estimated_cost_nanos'
>;

/**
 * Adds one call to the measures that both the hourly rollup and the run summary keep. Costs are added as integer
 * nano-dollars (`nanos`: the event's cost as storage keeps it, usdToNanos of the priced float), never as floats.
 */
function addCall(t: CallMeasures, e: StoredEventInput, nanos: number | null): void {
  t.calls += 1;
  if (nanos === null) t.unpriced_calls += 1;
  else t.cost_nanos += nanos;
  if (e.status !== 'ok') t.error_calls += 1;
  t.input_tokens += e.input_tokens;
  t.output_tokens += e.output_tokens;
  if (e.usage_estimated) {
    t.estimated_calls += 1;
    if (nanos !== null) t.estimated_cost_nanos += nanos;
  }
}

export function hourlyDeltas(inserted: Iterable<StoredEventInput>): HourlyDelta[] {
  const groups = new Map<string, HourlyDelta>();
  for (const e of inserted) {
    if (!isCall(e)) continue;
    const hour = hourOf(e.started_at);
    const customer = e.customer_id ?? '';
    const provider = e.provider ?? '';
    const model = e.model ?? '';
    const section = e.section_path ?? '';
    const key = `${e.tenant_id}\u001f${hour}\u001f${customer}\u001f${provider}\u001f${model}\u001f${section}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        tenant_id: e.tenant_id, hour, customer_id: customer, provider, model, section_path: section,
        ...zeroMetrics(), latency_ms: 0,
      };
      groups.set(key, g);
    }
    addCall(g, e, usdToNanos(e.cost_usd));
    g.cache_read_tokens += e.cache_read_tokens;
    g.cache_write_tokens += e.cache_write_tokens;
    g.reasoning_tokens += e.reasoning_tokens;
    g.latency_ms += e.latency_ms ?? 0;
  }
  return [...groups.values()];
}

function outermost(path: string): string {
  const i = path.indexOf('/');
  return i < 0 ? path : path.slice(0, i);
}

export function runDeltas(inserted: Iterable<StoredEventInput>): RunDelta[] {
  const runs = new Map<string, RunDelta>();
  for (const e of inserted) {
    const key = `${e.tenant_id}\u001f${e.run_id}`;
    const end = e.started_at + Math.round(e.latency_ms ?? 0);
    let r = runs.get(key);
    if (!r) {
      r = {
        tenant_id: e.tenant_id, run_id: e.run_id, started_at: e.started_at, ended_at: end,
        customer_id: null, top_section: null, top_section_at: null,
        spans: 0, ...zeroMetrics(RUN_METRICS),
      };
      runs.set(key, r);
    }
    r.spans += 1;
    r.started_at = Math.min(r.started_at, e.started_at);
    r.ended_at = Math.max(r.ended_at, end);
    if (r.customer_id === null && e.customer_id !== null) r.customer_id = e.customer_id;
    if (e.section_path !== null && (r.top_section_at === null || e.started_at < r.top_section_at)) {
      r.top_section = outermost(e.section_path);
      r.top_section_at = e.started_at;
    }
    if (isCall(e)) addCall(r, e, usdToNanos(e.cost_usd));
  }
  return [...runs.values()];
}
