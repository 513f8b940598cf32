/** SQL of the PostgreSQL adapter: statements, column lists, measures, dimensions, parameters; parameterised always. */
import type { DailyDelta, HourlyDelta, RunDelta } from '../rollup.js';
import type { StoredEventInput } from '../../domain/event.js';

export const SET_TENANT = `SELECT set_config('app.tenant_id', $1, true)`;
export const STRUCTURAL = `('section', 'agent', 'tool')`;

/**
 * The one normaliser of PostgreSQL text: it holds neither NUL characters nor lone UTF-16 surrogates (the driver's
 * UTF-8 encoding would turn each surrogate into U+FFFD behind our back, so "c\ud800" and "c\udbff" would collide
 * in a rollup key after the deltas were computed). Both are stored, and looked up, as U+FFFD, before anything is
 * keyed on them. SQLite keeps NULs.
 */
const NOT_PG_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const MAYBE_NOT_PG_TEXT = /[\u0000\ud800-\udfff]/;
export const text = <T extends string | null>(s: T): T => (s === null || !MAYBE_NOT_PG_TEXT.test(s) ? s : (s.replace(NOT_PG_TEXT, '\uFFFD') as T));

export const TEXT_FIELDS = [
  'span_id', 'run_id', 'parent_span_id', 'section', 'section_path', 'customer_id', 'provider', 'endpoint', 'model',
  'cost_source', 'error', 'metadata', 'sdk',
] as const;

/** The event as PostgreSQL can store it: itself, or a copy whose text went through `text`. */
export function pgSafe(e: StoredEventInput): StoredEventInput {
  let copy: StoredEventInput | undefined;
  for (const f of TEXT_FIELDS) {
    const v = e[f];
    if (v !== null && text(v) !== v) (copy ??= { ...e })[f] = text(v);
  }
  return copy ?? e;
}

export const EVENT_COLUMNS: [name: string, type: string, get: (e: StoredEventInput) => unknown][] = [
  ['span_id', 'text', (e) => e.span_id],
  ['run_id', 'text', (e) => e.run_id],
  ['parent_span_id', 'text', (e) => e.parent_span_id],
  ['span_type', 'text', (e) => e.span_type],
  ['section', 'text', (e) => e.section],
  ['section_path', 'text', (e) => e.section_path],
  ['customer_id', 'text', (e) => e.customer_id],
  ['provider', 'text', (e) => e.provider],
  ['endpoint', 'text', (e) => e.endpoint],
  ['model', 'text', (e) => e.model],
  ['input_tokens', 'bigint', (e) => e.input_tokens],
  ['output_tokens', 'bigint', (e) => e.output_tokens],
  ['cache_read_tokens', 'bigint', (e) => e.cache_read_tokens],
  ['cache_write_tokens', 'bigint', (e) => e.cache_write_tokens],
  ['cache_write_1h_tokens', 'bigint', (e) => e.cache_write_1h_tokens ?? 0],
  ['token_details', 'text', (e) => (e.token_details ? JSON.stringify(e.token_details) : null)],
  ['reasoning_tokens', 'bigint', (e) => e.reasoning_tokens],
  ['units', 'text', (e) => (e.units === null ? null : JSON.stringify(e.units))],
  ['reported_cost_usd', 'double precision', (e) => e.reported_cost_usd],
  ['cost_usd', 'double precision', (e) => e.cost_usd],
  ['cost_status', 'text', (e) => e.cost_status],
  ['cost_source', 'text', (e) => e.cost_source],
  ['started_at', 'bigint', (e) => e.started_at],
  ['latency_ms', 'double precision', (e) => e.latency_ms],
  ['status', 'text', (e) => e.status],
  ['error', 'text', (e) => e.error],
  ['is_streaming', 'boolean', (e) => e.is_streaming],
  ['usage_estimated', 'boolean', (e) => e.usage_estimated],
  ['metadata', 'text', (e) => e.metadata],
  ['sdk', 'text', (e) => e.sdk],
  ['created_at', 'bigint', (e) => e.received_at],
];

/** Column-wise arrays through unnest: one statement, one round trip, for a whole group of rows. */
export const unnestOf = (types: string[], first: number) => `unnest(${types.map((t, i) => `$${first + i}::${t}[]`).join(', ')})`;

export const INSERT_EVENTS = `
INSERT INTO trace_events (tenant_id, ${EVENT_COLUMNS.map(([c]) => c).join(', ')})
SELECT $1, u.* FROM ${unnestOf(EVENT_COLUMNS.map(([, t]) => t), 2)} AS u
ON CONFLICT (tenant_id, span_id) DO NOTHING
RETURNING span_id`;

export const HOURLY_COLUMNS: [keyof HourlyDelta, string][] = [
  ['hour', 'bigint'], ['customer_id', 'text'], ['provider', 'text'], ['model', 'text'], ['section_path', 'text'],
  ['calls', 'bigint'], ['cost_usd', 'double precision'], ['unpriced_calls', 'bigint'], ['error_calls', 'bigint'],
  ['input_tokens', 'bigint'], ['output_tokens', 'bigint'], ['cache_read_tokens', 'bigint'],
  ['cache_write_tokens', 'bigint'], ['reasoning_tokens', 'bigint'], ['latency_ms', 'double precision'],
  ['estimated_calls', 'bigint'], ['estimated_cost_usd', 'double precision'],
];
export const HOURLY_SUMS = HOURLY_COLUMNS.slice(5).map(([c]) => `${c} = rollup_hourly.${c} + EXCLUDED.${c}`).join(', ');

export const UPSERT_HOURLY = `
INSERT INTO rollup_hourly (tenant_id, ${HOURLY_COLUMNS.map(([c]) => c).join(', ')})
SELECT $1, u.* FROM ${unnestOf(HOURLY_COLUMNS.map(([, t]) => t), 2)} AS u
ON CONFLICT (tenant_id, hour, customer_id, provider, model, section_path) DO UPDATE SET ${HOURLY_SUMS}`;

export const DAILY_COLUMNS: [keyof DailyDelta, string][] = [
  ['family', 'text'], ['day', 'bigint'], ['key1', 'text'], ['key2', 'text'],
  ['calls', 'bigint'], ['cost_usd', 'double precision'], ['unpriced_calls', 'bigint'], ['error_calls', 'bigint'],
  ['input_tokens', 'bigint'], ['output_tokens', 'bigint'], ['cache_read_tokens', 'bigint'],
  ['cache_write_tokens', 'bigint'], ['reasoning_tokens', 'bigint'],
  ['estimated_calls', 'bigint'], ['estimated_cost_usd', 'double precision'],
];

export const UPSERT_DAILY = `
INSERT INTO rollup_daily (tenant_id, ${DAILY_COLUMNS.map(([c]) => c).join(', ')})
SELECT $1, u.* FROM ${unnestOf(DAILY_COLUMNS.map(([, t]) => t), 2)} AS u
ON CONFLICT (tenant_id, family, day, key1, key2) DO UPDATE SET ${DAILY_COLUMNS.slice(4).map(([c]) => `${c} = rollup_daily.${c} + EXCLUDED.${c}`).join(', ')}`;

export const RUN_COLUMNS: [keyof RunDelta, string][] = [
  ['run_id', 'text'], ['started_at', 'bigint'], ['ended_at', 'bigint'], ['customer_id', 'text'], ['top_section', 'text'],
  ['top_section_at', 'bigint'], ['calls', 'bigint'], ['spans', 'bigint'], ['cost_usd', 'double precision'],
  ['unpriced_calls', 'bigint'], ['error_calls', 'bigint'], ['input_tokens', 'bigint'], ['output_tokens', 'bigint'],
  ['estimated_calls', 'bigint'], ['estimated_cost_usd', 'double precision'],
];
export const EARLIER_SECTION = `EXCLUDED.top_section_at IS NOT NULL AND (runs.top_section_at IS NULL OR EXCLUDED.top_section_at < runs.top_section_at)`;

export const UPSERT_RUNS = `
INSERT INTO runs (tenant_id, ${RUN_COLUMNS.map(([c]) => c).join(', ')})
SELECT $1, u.* FROM ${unnestOf(RUN_COLUMNS.map(([, t]) => t), 2)} AS u
ON CONFLICT (tenant_id, run_id) DO UPDATE SET
  started_at = LEAST(runs.started_at, EXCLUDED.started_at), ended_at = GREATEST(runs.ended_at, EXCLUDED.ended_at),
  customer_id = COALESCE(runs.customer_id, EXCLUDED.customer_id),
  top_section = CASE WHEN ${EARLIER_SECTION} THEN EXCLUDED.top_section ELSE runs.top_section END,
  top_section_at = CASE WHEN ${EARLIER_SECTION} THEN EXCLUDED.top_section_at ELSE runs.top_section_at END,
  ${['calls', 'spans', 'cost_usd', 'unpriced_calls', 'error_calls', 'input_tokens', 'output_tokens', 'estimated_calls', 'estimated_cost_usd'].map((c) => `${c} = runs.${c} + EXCLUDED.${c}`).join(', ')}`;

export const METRICS_RAW = `COUNT(*) AS calls, COALESCE(SUM(cost_usd), 0) AS cost_usd,
  COUNT(*) FILTER (WHERE cost_usd IS NULL) AS unpriced_calls, COUNT(*) FILTER (WHERE status <> 'ok') AS error_calls,
  SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens, SUM(cache_read_tokens) AS cache_read_tokens,
  SUM(cache_write_tokens) AS cache_write_tokens, SUM(reasoning_tokens) AS reasoning_tokens,
  COUNT(*) FILTER (WHERE usage_estimated) AS estimated_calls, COALESCE(SUM(cost_usd) FILTER (WHERE usage_estimated), 0) AS estimated_cost_usd`;

/** Positional parameters for a query being built. */
export class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(typeof v === 'string' ? text(v) : v);
    return `$${this.values.length}`;
  }
}

/** Section filter: the label (or label path) appears in the section path as whole segments. */
export const sectionMatch = (column: string, param: string) => `strpos('/' || COALESCE(${column}, '') || '/', '/' || ${param} || '/') > 0`;
