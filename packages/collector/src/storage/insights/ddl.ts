/**
 * Frozen with migration 12: the insight tables, written once for both databases (SQLite and PostgreSQL types).
 * - insight_findings: what the detectors found, one live (open or dismissed) finding per kind and scope;
 * - insight_state: per tenant, the last hour the incremental cost-spike detector evaluated;
 * - insight_minute: per minute and (customer, provider, model, section) the calls, their cost, the smallest and largest
 *   input size (identical repeats have min = max), errors, and per operation_id the SDK's retries (attempt ≥ 1);
 * - insight_daily: per day and (provider, model, section) the token mix and the long inputs read without cache.
 * PostgreSQL adds row-level security on each (storage/postgres/schema.ts). Built with the frozen-history table builder
 * (storage/frozen-ddl.ts): the text is exactly the one migration 12 always wrote.
 */
import { cols, NN, table, tenantColumn, ZERO, type DdlDialect } from '../frozen-ddl.js';

export function insightTablesDdl(d: DdlDialect): string {
  const tenant = tenantColumn(d);
  const findings = table(d, 'insight_findings', [tenant], [
    ...cols('key', ['id', 'kind', 'scope_key'], NN), ...cols('key', ['customer_id', 'section_path', 'provider', 'model'], ''),
    ['severity', 'text', NN], ['status', 'key', NN], ...cols('text', ['title', 'evidence'], NN),
    ...cols('int', ['window_from', 'window_to', 'at_stake_nanos', 'first_seen_at', 'last_seen_at'], NN), ['dismissed_at', 'int', ''],
  ], ['PRIMARY KEY (tenant_id, id)'], true);
  const state = table(d, 'insight_state', [`${tenant} PRIMARY KEY`], cols('int', ['last_hour', 'evaluated_at'], NN), [], true);
  const minute = table(d, 'insight_minute', [tenant], [
    ['minute', 'int', NN], ...cols('key', ['customer_id', 'provider', 'model', 'section_path', 'operation_id'], NN),
    ...cols('int', ['calls', 'error_calls', 'cost_nanos', 'min_input', 'max_input', 'first_at', 'last_at', 'max_attempt'], ZERO),
  ], ['PRIMARY KEY (tenant_id, minute, customer_id, provider, model, section_path, operation_id)'], true);
  const daily = table(d, 'insight_daily', [tenant], [
    ['day', 'int', NN], ...cols('key', ['provider', 'model', 'section_path'], NN),
    ...cols('int', ['calls', 'cost_nanos', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'long_uncached_calls', 'long_uncached_input_tokens', 'long_uncached_min_input'], ZERO),
  ], ['PRIMARY KEY (tenant_id, day, provider, model, section_path)'], true);
  return `
${findings}
CREATE UNIQUE INDEX ux_insight_findings_live ON insight_findings (tenant_id, kind, scope_key) WHERE status <> 'resolved';
CREATE INDEX ix_insight_findings_seen ON insight_findings (tenant_id, last_seen_at, id);
${state}
${minute}
${daily}
`;
}

export const INSIGHT_TABLES = ['insight_findings', 'insight_state', 'insight_minute', 'insight_daily'] as const;
