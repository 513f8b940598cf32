/**
 * The column catalogue: every column of the events, the hourly and daily rollups and the runs, declared once
 * (name, SQLite type, PostgreSQL type, nullability, how a record's value is encoded for the driver, how a row's value
 * is decoded). The inserts and upserts of both adapters, the row decoders, the metric lists and the `Metrics` type are
 * built from it (storage/statements.ts, storage/rows.ts). Migrations are frozen history and are not built from it:
 * test/columns.test.ts migrates fresh SQLite and PostgreSQL databases and compares their columns with this catalogue.
 */
import { nanosToUsd, STRUCTURAL_SPAN_TYPES, usdToNanos } from '@llmobserve/shared';
import type { StoredEventInput } from '../domain/event.js';

/** An event that is a call (structural spans — section, agent, tool — only structure a run): SQL over trace_events. */
export const IS_CALL_SQL = `span_type NOT IN (${[...STRUCTURAL_SPAN_TYPES].map((t) => `'${t}'`).join(', ')})`;

export type Kind = 'int' | 'real' | 'text' | 'bool' | 'json';
export type DialectName = 'sqlite' | 'postgres';

/** Column types per dialect. Booleans are 0/1 INTEGER in SQLite; JSON is text in both. */
export const SQL_TYPES: Record<Kind, Record<DialectName, string>> = {
  int: { sqlite: 'INTEGER', postgres: 'bigint' },
  real: { sqlite: 'REAL', postgres: 'double precision' },
  text: { sqlite: 'TEXT', postgres: 'text' },
  bool: { sqlite: 'INTEGER', postgres: 'boolean' },
  json: { sqlite: 'TEXT', postgres: 'text' },
};

/** How a rollup or run column folds a new delta into the stored row on conflict. */
export type Merge = 'key' | 'sum' | 'min' | 'max' | 'first' | 'earliest_section';

export interface Column {
  name: string;
  kind: Kind;
  nullable: boolean;
  /** The record field it holds (default: the column name). */
  field: string;
  merge: Merge;
  /** Written by the database itself (identity), never by an insert. */
  generated?: boolean;
  /** Held by the row but not part of the record read back (e.g. runs.top_section_at). */
  internal?: boolean;
  /**
   * Integer nano-dollars converted from this float USD field of the record on write (usdToNanos, half-even: the one
   * rounding of a priced cost); read back as both `field` (nanos) and this field (nanos / 1e9, for presentation).
   */
  nanosOf?: string;
}

const col = (name: string, kind: Kind, opts: Partial<Omit<Column, 'name' | 'kind'>> = {}): Column => ({
  name, kind, nullable: false, field: name, merge: 'key', ...opts,
});
const nullable = (name: string, kind: Kind, opts: Partial<Omit<Column, 'name' | 'kind'>> = {}) => col(name, kind, { nullable: true, ...opts });

/**
 * The additive measures every summary reports (rollup rows, aggregates, API totals), with their expression over
 * raw call events: the sum of `value` over the events where `when` holds. Dialect-neutral SQL (a boolean column is
 * a truth value in both: 0/1 in SQLite).
 */
const METRIC_DEFS = {
  calls: { kind: 'int', value: '1' },
  /** integer nano-dollars (packages/shared/src/money.ts): summed exactly, in SQL and in JS */
  cost_nanos: { kind: 'int', value: 'cost_nanos', money: true },
  unpriced_calls: { kind: 'int', value: '1', when: 'cost_nanos IS NULL' },
  error_calls: { kind: 'int', value: '1', when: `status <> 'ok'` },
  input_tokens: { kind: 'int', value: 'input_tokens' },
  output_tokens: { kind: 'int', value: 'output_tokens' },
  cache_read_tokens: { kind: 'int', value: 'cache_read_tokens' },
  cache_write_tokens: { kind: 'int', value: 'cache_write_tokens' },
  reasoning_tokens: { kind: 'int', value: 'reasoning_tokens' },
  /** calls whose usage the SDK estimated (the provider reported none), and the part of cost_usd they make */
  estimated_calls: { kind: 'int', value: '1', when: 'usage_estimated' },
  estimated_cost_nanos: { kind: 'int', value: 'cost_nanos', when: 'usage_estimated', money: true },
} as const satisfies Record<string, { kind: Kind; value: string; when?: string; money?: true }>;

export type MetricName = keyof typeof METRIC_DEFS;
/** The additive measures every summary reports; estimated_* are the calls whose usage the SDK estimated and their cost. */
export type Metrics = Record<MetricName, number>;
export const METRIC_NAMES = Object.keys(METRIC_DEFS) as MetricName[];
/** The metrics that are amounts of money (integer nano-dollars: cost_nanos, estimated_cost_nanos); the others are counts. */
export const MONEY_METRICS: ReadonlySet<MetricName> = new Set(METRIC_NAMES.filter((n) => 'money' in METRIC_DEFS[n]));
/** The API's name of a metric: money as `…_usd` (presented dollars), counts as they are. */
export const presentedMetricName = (n: MetricName): string => (MONEY_METRICS.has(n) ? n.replace(/_nanos$/, '_usd') : n);

/** A zero for every metric, or for these (a fresh accumulator). */
export function zeroMetrics(): Metrics;
export function zeroMetrics<N extends MetricName>(names: readonly N[]): Record<N, number>;
export function zeroMetrics(names: readonly MetricName[] = METRIC_NAMES): Partial<Metrics> {
  const m: Partial<Metrics> = {};
  for (const k of names) m[k] = 0;
  return m;
}

/** The SQL sum of a metric over raw events; `only` restricts it further (e.g. to call spans of a run). */
export function rawMetricSql(name: MetricName, only?: string): string {
  const d: { value: string; when?: string } = METRIC_DEFS[name];
  const when = [only, d.when].filter(Boolean).join(' AND ');
  return when === '' ? `COALESCE(SUM(${d.value}), 0)` : `COALESCE(SUM(CASE WHEN ${when} THEN ${d.value} END), 0)`;
}

const metricColumns = (names: readonly MetricName[]) => names.map((n) => col(n, METRIC_DEFS[n].kind, { merge: 'sum' }));

export interface Table {
  name: string;
  /** Every column, tenant_id first (it is the statements' first parameter, not a record field of the deltas). */
  columns: Column[];
  /** The conflict target of the upsert (tenant_id first). */
  conflict: string[];
}

const TENANT = col('tenant_id', 'text');

export const EVENTS: Table = {
  name: 'trace_events',
  conflict: ['tenant_id', 'span_id'],
  columns: [
    col('id', 'int', { generated: true, internal: true }), TENANT,
    col('span_id', 'text'), col('run_id', 'text'), nullable('parent_span_id', 'text'), col('span_type', 'text'),
    nullable('section', 'text'), nullable('section_path', 'text'), nullable('customer_id', 'text'), nullable('provider', 'text'),
    nullable('endpoint', 'text'), nullable('model', 'text'),
    col('input_tokens', 'int'), col('output_tokens', 'int'), col('cache_read_tokens', 'int'), col('cache_write_tokens', 'int'),
    col('cache_write_1h_tokens', 'int'), nullable('token_details', 'json'), col('reasoning_tokens', 'int'), nullable('units', 'json'),
    nullable('reported_cost_usd', 'real'), nullable('cost_nanos', 'int', { nanosOf: 'cost_usd' }), col('cost_status', 'text'), nullable('cost_source', 'text'),
    col('started_at', 'int'), nullable('latency_ms', 'real'), col('status', 'text'), nullable('error', 'text'),
    col('is_streaming', 'bool'), col('usage_estimated', 'bool'), nullable('metadata', 'text'), nullable('sdk', 'text'),
    col('created_at', 'int', { field: 'received_at' }),
    // migration 11 (billing): the cost split by kind, integer nanos as JSON (domain/event.ts CostParts)
    nullable('cost_parts', 'json'),
  ],
};

export const ROLLUP_HOURLY: Table = {
  name: 'rollup_hourly',
  conflict: ['tenant_id', 'hour', 'customer_id', 'provider', 'model', 'section_path'],
  columns: [
    TENANT, col('hour', 'int'), col('customer_id', 'text'), col('provider', 'text'), col('model', 'text'), col('section_path', 'text'),
    ...metricColumns(METRIC_NAMES), col('latency_ms', 'real', { merge: 'sum' }),
  ],
};

export const ROLLUP_DAILY: Table = {
  name: 'rollup_daily',
  // the primary key's order: (tenant_id, family, key1, day, key2, key3) — see FAMILY_KEYS in storage/rollup.ts
  conflict: ['tenant_id', 'family', 'key1', 'day', 'key2', 'key3'],
  columns: [TENANT, col('family', 'text'), col('day', 'int'), col('key1', 'text'), col('key2', 'text'), col('key3', 'text'), ...metricColumns(METRIC_NAMES)],
};

export const ROLLUP_DAILY_WIDE: Table = {
  name: 'rollup_daily_wide',
  // the primary key's order: (tenant_id, family, key1, key2, key3, day, key4) — see storage/wide-families.ts
  conflict: ['tenant_id', 'family', 'key1', 'key2', 'key3', 'day', 'key4'],
  columns: [
    TENANT, col('family', 'text'), col('day', 'int'), col('key1', 'text'), col('key2', 'text'), col('key3', 'text'), col('key4', 'text'),
    ...metricColumns(METRIC_NAMES),
  ],
};

/** Per tenant, the hours the wide families hold: every hour before through_day (epoch seconds, an hour's start; storage/wide-compaction.ts). */
export const ROLLUP_WIDE_STATE: Table = {
  name: 'rollup_wide_state',
  conflict: ['tenant_id'],
  columns: [TENANT, col('through_day', 'int', { merge: 'max' })],
};

/** The measures a run summary keeps (besides spans). */
export const RUN_METRICS = [
  'calls', 'cost_nanos', 'unpriced_calls', 'error_calls', 'input_tokens', 'output_tokens', 'estimated_calls', 'estimated_cost_nanos',
] as const satisfies readonly MetricName[];

export const RUNS: Table = {
  name: 'runs',
  conflict: ['tenant_id', 'run_id'],
  columns: [
    TENANT, col('run_id', 'text'), col('started_at', 'int', { merge: 'min' }), col('ended_at', 'int', { merge: 'max' }),
    nullable('customer_id', 'text', { merge: 'first' }), nullable('top_section', 'text', { merge: 'earliest_section' }),
    nullable('top_section_at', 'int', { merge: 'earliest_section', internal: true }),
    col('spans', 'int', { merge: 'sum' }), ...metricColumns(RUN_METRICS),
  ],
};

/**
 * Per-customer sums of every metric over a window's closed days (migrations 15, 18; storage/customer-windows.ts):
 * the rows of [first_day, end_day) of customer_totals_state matching the window's scope (its provider, model and
 * section filter; '' = none), '' = no customer. Sorted
 * by its two indexes, /customers and the /insights top customers read a page from it instead of summing every
 * customer of the range per request.
 */
export const CUSTOMER_TOTALS: Table = {
  name: 'customer_totals',
  conflict: ['tenant_id', 'window_id', 'scope', 'customer_id'],
  columns: [TENANT, col('window_id', 'text'), col('scope', 'text'), col('customer_id', 'text'), ...metricColumns(METRIC_NAMES)],
};

/** Which closed days [first_day, end_day) (epoch seconds) a window's rows hold, and the window's totals over them. */
export const CUSTOMER_TOTALS_STATE: Table = {
  name: 'customer_totals_state',
  conflict: ['tenant_id', 'window_id', 'scope'],
  columns: [
    TENANT, col('window_id', 'text'), col('scope', 'text'), col('first_day', 'int'), col('end_day', 'int'), col('read_day', 'int'),
    col('customers', 'int'), col('cost_nanos', 'int'), col('estimated_cost_nanos', 'int'),
  ],
};

export const TABLES = [EVENTS, ROLLUP_HOURLY, ROLLUP_DAILY, ROLLUP_DAILY_WIDE, ROLLUP_WIDE_STATE, RUNS, CUSTOMER_TOTALS, CUSTOMER_TOTALS_STATE] as const;

/** The columns an insert writes (not generated), tenant_id first. */
export const written = (t: Table) => t.columns.filter((c) => !c.generated);

type Encoder = (record: Record<string, unknown>) => unknown;

/**
 * The driver value of a record field, as a JavaScript expression over `r` (or another variable): JSON as text,
 * booleans as 0/1 for SQLite, an absent count as 0, the rest as given (so that a NULL where none may be still fails
 * its constraint).
 */
function valueJs(c: Column, dialect: DialectName, r = 'r'): string {
  if (c.nanosOf !== undefined) return `toNanos(${r}[${JSON.stringify(c.nanosOf)}])`;
  const v = `${r}[${JSON.stringify(c.field)}]`;
  switch (c.kind) {
    case 'json':
      return `(${v} === null || ${v} === undefined ? null : JSON.stringify(${v}))`;
    case 'bool':
      return dialect === 'sqlite' ? `(${v} ? 1 : 0)` : v;
    default:
      return c.kind === 'int' && !c.nullable ? `(${v} === undefined ? 0 : ${v})` : v;
  }
}

/**
 * Compiled from the catalogue (constant column names only, never input): as fast as a hand-written array literal,
 * which matters on the ingest path (≈ 0.35 µs per event less than a loop over per-column closures).
 */
const compile = <F>(body: string) => new Function('toNanos', `return (r) => { ${body} };`)(usdToNanos) as F;

/** Encoders of the written columns except tenant_id (the statements' first parameter), in column order. */
export function encoders(t: Table, dialect: DialectName): Encoder[] {
  return written(t).filter((c) => c.name !== 'tenant_id').map((c) => compile<Encoder>(`return ${valueJs(c, dialect)};`));
}

/** The parameters of one row statement: every written column (tenant_id first), in column order. */
export function rowParams<R>(t: Table, dialect: DialectName): (r: R) => unknown[] {
  return compile(`return [${written(t).map((c) => valueJs(c, dialect)).join(', ')}];`);
}

/**
 * Runs a statement of `n` rows (VALUES (…), … : n × the written columns, tenant_id first, in column order) with
 * rows[at .. at+n-1], every value its own argument: the same parameters as rowParams, without an array the driver
 * has to read back element by element (better-sqlite3; bench/ingest-writer.ts, docs/benchmarks.md).
 */
export function rowsRunner<R>(t: Table, dialect: DialectName, n: number): (stmt: { run(...params: unknown[]): unknown }, rows: readonly R[], at: number) => unknown {
  const rows = Array.from({ length: n }, (_, k) => `r${k}`);
  const values = rows.flatMap((r) => written(t).map((c) => valueJs(c, dialect, r)));
  return new Function('toNanos', `return (s, rows, at) => { ${rows.map((r, k) => `const ${r} = rows[at + ${k}];`).join(' ')} return s.run(${values.join(', ')}); };`)(usdToNanos);
}

const json = (v: unknown) => (v === null || v === undefined ? null : typeof v === 'string' ? JSON.parse(v) : v);

/**
 * The record of a row (either driver: SQLite gives 0/1 and JSON text, PostgreSQL booleans and parsed values): every
 * column that is part of the record, tenant_id only when `withTenant`, plus `extra` fields.
 */
export function decoder<R>(t: Table, withTenant: boolean, extra: Record<string, unknown> = {}): (row: Record<string, unknown>) => R {
  const cols = t.columns.filter((c) => !c.internal && (withTenant || c.name !== 'tenant_id'));
  return (row) => {
    const out: Record<string, unknown> = { ...extra };
    for (const c of cols) {
      const v = row[c.name];
      out[c.field] = c.kind === 'json' ? json(v) : c.kind === 'bool' ? v === true || v === 1 : v === undefined ? (c.nullable ? null : 0) : v;
      if (c.nanosOf !== undefined) out[c.nanosOf] = nanosToUsd(out[c.field] as number | null);
    }
    return out as R;
  };
}

/** Typed view of the event encoders (the hot path of ingest). */
export const eventEncoders = (dialect: DialectName) => encoders(EVENTS, dialect) as unknown as ((e: StoredEventInput) => unknown)[];
