/**
 * Rollup deltas (pure): what a batch of newly inserted events adds to the hourly cost rollup and to the run
 * summaries. Storage adapters apply the deltas in the same transaction as the inserts, and only for events that were
 * really inserted, so a replayed span never counts twice.
 */
import { STRUCTURAL_SPAN_TYPES, usdToNanos } from '@llmobserve/shared';
import type { StoredEventInput } from '../domain/event.js';
import type { Metrics, RunSummary } from './types.js';
import { METRIC_NAMES, RUN_METRICS, zeroMetrics, type DialectName } from './columns.js';

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
 *    section_model (sections × models both ways), customer_days (a customer's days alone: the totals of /customers/:id,
 *    the trend and previous period of a page of /customers, one row per customer and day).
 * `null` marks an empty key1. Every family is maintained with the hourly rollup (dailyDeltasFromHourly);
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
  customer_days: ['customer_id'],
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

/** The numbered dimensions of dailyDeltasFromHourly: provider + model as one. */
type IdDimension = 'customer_id' | 'section_path' | 'model_pair';

const ID_SPAN = 2 ** 26;

export const FAMILY_LIST = DAILY_FAMILIES.map((family) => {
  const dims = FAMILY_KEYS[family] as readonly (KeyDimension | null)[];
  // provider and model always appear together (provider first): one numbered dimension for the pair
  const idDims = dims.filter((d): d is KeyDimension => d !== null && d !== 'model').map((d): IdDimension => (d === 'provider' ? 'model_pair' : d as IdDimension));
  return [family, dims, idDims] as const;
});
type FamilyEntry = (typeof FAMILY_LIST)[number];

/**
 * Families that PostgreSQL keeps as another family's rows: the same sums under another key order, read through a
 * partial index of the other family's rows in this family's key order (storage/mirror-families.ts, migration 20).
 * On PostgreSQL each upserted row costs the server about 14 µs and bounds ingest (docs/benchmarks.md, session 15);
 * these three were 1.4 of the ≈ 8.6 aggregate rows per event, and a PostgreSQL read fetches each row from the heap
 * whichever index found it, so the second copy bought the reads nothing. SQLite keeps them: its rollup_daily is
 * clustered by its primary key, which is what makes a family's key order fast there.
 *
 * Of each pair the family kept is the one whose reads pin its leading key (one customer's rows): a read of the
 * other leaves that key open, so the primary key cannot serve it and the planner has one index to choose. (The
 * customer family's period reads, of every customer, are the mirror of customer_days' one-customer reads: were it
 * the other way round, a period read would also fit customer_days' index, all of its days, and on small tables the
 * planner took it.)
 */
export const PG_MIRRORS = {
  model_customer: 'customer_model',
  section_customer: 'customer_section',
  customer: 'customer_days',
} as const satisfies Partial<Record<DailyFamily, DailyFamily>>;
export type MirroredFamily = keyof typeof PG_MIRRORS;
const isMirrored = (family: string): family is MirroredFamily => Object.hasOwn(PG_MIRRORS, family);

/** The family whose rows hold a family's sums in a database: itself, or on PostgreSQL the one it mirrors. */
export const storedFamily = (dialect: DialectName, family: DailyFamily): DailyFamily =>
  dialect === 'postgres' && isMirrored(family) ? PG_MIRRORS[family] : family;

/** The daily families whose rows a database stores (ingest, re-pricing, the rebuild write these). */
export const storedFamilies = (dialect: DialectName): readonly DailyFamily[] =>
  dialect === 'postgres' ? DAILY_FAMILIES.filter((f) => !isMirrored(f)) : DAILY_FAMILIES;

type KeyColumns = Partial<Record<KeyDimension, string>>;
const dimsOf = (family: DailyFamily) => FAMILY_KEYS[family] as readonly (KeyDimension | null)[];

/** The key column (key1…key3) holding each of a family's dimensions in its own rows. */
export function ownColumns(family: DailyFamily): KeyColumns {
  const columns: KeyColumns = {};
  dimsOf(family).forEach((dim, i) => dim && (columns[dim] = KEY_COLUMNS[i]));
  return columns;
}

/**
 * Where a family's sums are in a database: the family whose rows hold them (storedFamily), the key column holding
 * each of its dimensions there, and whether those rows leave key1 empty (then a read says `key1 = ''`, so that its
 * day range is an index range).
 */
export function familyColumns(dialect: DialectName, family: DailyFamily): { stored: DailyFamily; columns: KeyColumns; emptyKey1: boolean } {
  const stored = storedFamily(dialect, family);
  const own = ownColumns(stored);
  const columns: KeyColumns = {};
  for (const dim of dimsOf(family)) if (dim) columns[dim] = own[dim];
  return { stored, columns, emptyKey1: !dimsOf(stored)[0] };
}

/**
 * The rows of a batch in the daily families that a database stores (storedFamilies), folded from its hourly deltas
 * (a daily row is the sum of the hourly rows of its day with the same family keys: every measure is an integer sum,
 * so the fold is exact). The hourly deltas are already grouped by every dimension, so each family groups at most one
 * row per hourly row instead of one per event.
 *
 * This runs for every fold (sqlite/fold.ts) and up to ten families, so it avoids building a string key per family
 * and row: the batch's dimension values are numbered once (customer, provider+model, section), and a family's row is
 * found by two numbers in a Map per tenant and day (ids < 2^26, so `a * 2^26 + b` is an exact integer key).
 */
export function dailyDeltasFromHourly(hourly: readonly HourlyDelta[], dialect: DialectName): DailyDelta[] {
  const fold = FOLDS[dialect];
  const ids = new Map<string, number>();
  const idOf = (s: string) => {
    let id = ids.get(s);
    if (id === undefined) ids.set(s, (id = ids.size + 1));
    return id;
  };
  const buckets = new Map<string, Map<number, DailyDelta>[]>();
  const out: DailyDelta[] = [];
  for (const h of hourly) {
    const day = Math.floor(h.hour / 86_400) * 86_400;
    const bucketKey = `${h.tenant_id}\u001f${day}`;
    let bucket = buckets.get(bucketKey);
    if (bucket === undefined) buckets.set(bucketKey, (bucket = fold.families.map(() => new Map())));
    fold.into(h, day, bucket, out, idOf(`c\u001f${h.customer_id}`), idOf(`s\u001f${h.section_path}`), idOf(`m\u001f${h.provider}\u001f${h.model}`));
  }
  return out;
}

type FamilyFold = (h: HourlyDelta, day: number, bucket: Map<number, DailyDelta>[], out: DailyDelta[], customer: number, section: number, modelPair: number) => void;

/**
 * One hourly row into each of `families`' rows of its day, compiled once per database from FAMILY_LIST and
 * METRIC_NAMES: per family, its key from the numbered dimensions, then either a new row (one object shape for all) or
 * the metrics added, all written out. The loop this replaces (families × metrics with computed property names) was most of the fold's
 * JavaScript (docs/benchmarks.md).
 */
function compileFold(families: readonly FamilyEntry[]): { families: readonly FamilyEntry[]; into: FamilyFold } {
  const idVar: Record<IdDimension, string> = { customer_id: 'customer', section_path: 'section', model_pair: 'modelPair' };
  const keyOf = (dim: KeyDimension | null | undefined) => (dim ? `h.${dim}` : "''");
  const body = families.map(([family, dims, idDims], f) => {
    const key = `${idDims[0] ? `${idVar[idDims[0]]} * ${ID_SPAN}` : '0'} + ${idDims[1] ? idVar[idDims[1]] : '0'}`;
    const fresh = [
      'tenant_id: h.tenant_id', `family: ${JSON.stringify(family)}`, 'day',
      `key1: ${keyOf(dims[0])}`, `key2: ${keyOf(dims[1])}`, `key3: ${keyOf(dims[2])}`,
      ...METRIC_NAMES.map((m) => `${m}: h.${m}`),
    ].join(', ');
    return `{ const rows = bucket[${f}]; const k = ${key}; const g = rows.get(k);
      if (g === undefined) { const d = { ${fresh} }; rows.set(k, d); out.push(d); }
      else { ${METRIC_NAMES.map((m) => `g.${m} += h.${m};`).join(' ')} } }`;
  }).join('\n');
  return { families, into: new Function('h', 'day', 'bucket', 'out', 'customer', 'section', 'modelPair', body) as FamilyFold };
}

/** Each database's fold: the families it stores (storedFamilies). */
const FOLDS: Record<DialectName, ReturnType<typeof compileFold>> = {
  sqlite: compileFold(FAMILY_LIST.filter(([f]) => storedFamilies('sqlite').includes(f))),
  postgres: compileFold(FAMILY_LIST.filter(([f]) => storedFamilies('postgres').includes(f))),
};


export function dailyDeltas(inserted: Iterable<StoredEventInput>, dialect: DialectName): DailyDelta[] {
  return dailyDeltasFromHourly(hourlyDeltas(inserted), dialect);
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
