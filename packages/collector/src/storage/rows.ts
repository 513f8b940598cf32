/**
 * What both storage adapters share: rows as the interface's records (tolerant of each driver's types: SQLite gives
 * 0/1 and JSON text, PostgreSQL booleans, arrays and jsonb), the rollup's SQL fragments, and the merge of the
 * per-segment aggregates (whole hours from the rollup, partial hours from raw events) into one result.
 */
import type { TokenDetails } from '@llmobserve/shared';
import type { AggregateRow, ApiKeyRecord, Dimension, RunSummary, Scope, StoredEvent } from './types.js';

export type Row = Record<string, unknown>;

const json = <T>(v: unknown): T | null => (v === null || v === undefined ? null : ((typeof v === 'string' ? JSON.parse(v) : v) as T));
const bool = (v: unknown) => v === true || v === 1;

export function rowToEvent(r: Row): StoredEvent {
  return {
    tenant_id: r.tenant_id as string, span_id: r.span_id as string, run_id: r.run_id as string,
    parent_span_id: (r.parent_span_id as string | null) ?? null, span_type: r.span_type as StoredEvent['span_type'],
    section: r.section as string | null, section_path: r.section_path as string | null,
    customer_id: r.customer_id as string | null, provider: r.provider as string | null,
    endpoint: r.endpoint as string | null, model: r.model as string | null,
    input_tokens: r.input_tokens as number, output_tokens: r.output_tokens as number,
    cache_read_tokens: r.cache_read_tokens as number, cache_write_tokens: r.cache_write_tokens as number,
    cache_write_1h_tokens: Number(r.cache_write_1h_tokens ?? 0), reasoning_tokens: r.reasoning_tokens as number,
    token_details: json<TokenDetails>(r.token_details),
    units: json<Record<string, number>>(r.units),
    reported_cost_usd: r.reported_cost_usd as number | null, reported_cost_source: null,
    cost_usd: r.cost_usd as number | null, cost_status: r.cost_status as StoredEvent['cost_status'],
    cost_source: r.cost_source as string | null, started_at: r.started_at as number,
    latency_ms: r.latency_ms as number | null, status: r.status as StoredEvent['status'], error: r.error as string | null,
    is_streaming: bool(r.is_streaming), usage_estimated: bool(r.usage_estimated), metadata: r.metadata as string | null,
    sdk: r.sdk as string | null, received_at: r.created_at as number,
  };
}

export function rowToRun(r: Row): RunSummary {
  return {
    run_id: r.run_id as string, started_at: r.started_at as number, ended_at: r.ended_at as number,
    customer_id: r.customer_id as string | null, top_section: r.top_section as string | null,
    calls: r.calls as number, spans: r.spans as number, cost_usd: r.cost_usd as number,
    unpriced_calls: r.unpriced_calls as number, error_calls: r.error_calls as number,
    input_tokens: r.input_tokens as number, output_tokens: r.output_tokens as number,
    estimated_calls: Number(r.estimated_calls ?? 0), estimated_cost_usd: Number(r.estimated_cost_usd ?? 0),
  };
}

export const KEY_COLUMNS = 'id, tenant_id, name, prefix, scopes, created_at, last_used_at, expires_at, revoked_at';

export function rowToKey(r: Row): ApiKeyRecord {
  return {
    id: r.id as string, tenant_id: r.tenant_id as string, name: r.name as string | null, prefix: r.prefix as string,
    scopes: (Array.isArray(r.scopes) ? r.scopes : (r.scopes as string).split(',')) as Scope[],
    created_at: r.created_at as number, last_used_at: r.last_used_at as number | null,
    expires_at: r.expires_at as number | null, revoked_at: r.revoked_at as number | null,
  };
}

export const METRICS_ROLLUP = `SUM(calls) AS calls, SUM(cost_usd) AS cost_usd, SUM(unpriced_calls) AS unpriced_calls,
  SUM(error_calls) AS error_calls, SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens,
  SUM(cache_read_tokens) AS cache_read_tokens, SUM(cache_write_tokens) AS cache_write_tokens,
  SUM(reasoning_tokens) AS reasoning_tokens, SUM(estimated_calls) AS estimated_calls,
  SUM(estimated_cost_usd) AS estimated_cost_usd`;

/** Dimension expressions over the rollup ('' means none there) and over raw events (hours in epoch seconds). */
export const DIM_SQL: Record<'rollup' | 'raw', Record<Dimension, string>> = {
  rollup: {
    customer_id: `NULLIF(customer_id, '')`, provider: `NULLIF(provider, '')`, model: `NULLIF(model, '')`,
    section_path: `NULLIF(section_path, '')`, hour: `hour`, day: `(hour / 86400) * 86400`,
  },
  raw: {
    customer_id: 'customer_id', provider: 'provider', model: 'model', section_path: 'section_path',
    hour: '(started_at / 3600000) * 3600', day: '(started_at / 86400000) * 86400',
  },
};

const METRIC_KEYS = [
  'calls', 'cost_usd', 'unpriced_calls', 'error_calls', 'input_tokens', 'output_tokens', 'cache_read_tokens',
  'cache_write_tokens', 'reasoning_tokens', 'estimated_calls', 'estimated_cost_usd',
] as const;

/** Sums rows of several segments that share the same dimension values; groups without calls are dropped. */
export function mergeAggregates(rows: Iterable<Row>, groupBy: Dimension[]): AggregateRow[] {
  const merged = new Map<string, AggregateRow>();
  for (const row of rows) {
    const keys: AggregateRow['keys'] = {};
    for (const d of groupBy) keys[d] = row[d] as string | number | null;
    const id = JSON.stringify(groupBy.map((d) => keys[d]));
    let acc = merged.get(id);
    if (!acc) {
      acc = { keys, calls: 0, cost_usd: 0, unpriced_calls: 0, error_calls: 0, input_tokens: 0, output_tokens: 0,
        cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0, estimated_calls: 0, estimated_cost_usd: 0 };
      merged.set(id, acc);
    }
    for (const k of METRIC_KEYS) acc[k] += Number(row[k] ?? 0);
  }
  return [...merged.values()].filter((r) => r.calls > 0);
}
