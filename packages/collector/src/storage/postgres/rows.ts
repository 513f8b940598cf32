/** Rows of the PostgreSQL adapter's queries as the storage interface's records (bigint and numeric arrive as numbers). */
import type { ApiKeyRecord, RunSummary, Scope, StoredEvent } from '../types.js';

export type Row = Record<string, unknown>;

export function rowToEvent(r: Row): StoredEvent {
  return {
    tenant_id: r.tenant_id as string, span_id: r.span_id as string, run_id: r.run_id as string,
    parent_span_id: (r.parent_span_id as string | null) ?? null, span_type: r.span_type as StoredEvent['span_type'],
    section: r.section as string | null, section_path: r.section_path as string | null,
    customer_id: r.customer_id as string | null, provider: r.provider as string | null,
    endpoint: r.endpoint as string | null, model: r.model as string | null,
    input_tokens: r.input_tokens as number, output_tokens: r.output_tokens as number,
    cache_read_tokens: r.cache_read_tokens as number, cache_write_tokens: r.cache_write_tokens as number,
    reasoning_tokens: r.reasoning_tokens as number,
    units: r.units === null ? null : (JSON.parse(r.units as string) as Record<string, number>),
    reported_cost_usd: r.reported_cost_usd as number | null, reported_cost_source: null,
    cost_usd: r.cost_usd as number | null, cost_status: r.cost_status as StoredEvent['cost_status'],
    cost_source: r.cost_source as string | null, started_at: r.started_at as number,
    latency_ms: r.latency_ms as number | null, status: r.status as StoredEvent['status'], error: r.error as string | null,
    is_streaming: r.is_streaming as boolean, usage_estimated: r.usage_estimated as boolean,
    metadata: r.metadata as string | null, sdk: r.sdk as string | null, received_at: r.created_at as number,
  };
}

export function rowToRun(r: Row): RunSummary {
  return {
    run_id: r.run_id as string, started_at: r.started_at as number, ended_at: r.ended_at as number,
    customer_id: r.customer_id as string | null, top_section: r.top_section as string | null,
    calls: r.calls as number, spans: r.spans as number, cost_usd: r.cost_usd as number,
    unpriced_calls: r.unpriced_calls as number, error_calls: r.error_calls as number,
    input_tokens: r.input_tokens as number, output_tokens: r.output_tokens as number,
  };
}

export function rowToKey(r: Row): ApiKeyRecord {
  return {
    id: r.id as string, tenant_id: r.tenant_id as string, name: r.name as string | null, prefix: r.prefix as string,
    scopes: r.scopes as Scope[], created_at: r.created_at as number, last_used_at: r.last_used_at as number | null,
    expires_at: r.expires_at as number | null, revoked_at: r.revoked_at as number | null,
  };
}
