/**
 * Frozen with migration 12: the insight tables, written once for both databases (SQLite and PostgreSQL types).
 * - insight_findings: what the detectors found, one live (open or dismissed) finding per kind and scope;
 * - insight_state: per tenant, the last hour the incremental cost-spike detector evaluated;
 * - insight_minute: per minute and (customer, provider, model, section) the calls, their cost, the smallest and largest
 *   input size (identical repeats have min = max), errors, and per operation_id the SDK's retries (attempt ≥ 1);
 * - insight_daily: per day and (provider, model, section) the token mix and the long inputs read without cache.
 * PostgreSQL adds row-level security on each (storage/postgres/schema.ts).
 */
import type { DdlDialect } from '../frozen-ddl.js';

export function insightTablesDdl(d: DdlDialect): string {
  const key = d === 'sqlite' ? 'TEXT' : 'text COLLATE "C"';
  const txt = d === 'sqlite' ? 'TEXT' : 'text';
  const int = d === 'sqlite' ? 'INTEGER' : 'bigint';
  const tenant = d === 'sqlite' ? 'tenant_id TEXT NOT NULL' : `tenant_id text COLLATE "C" NOT NULL CHECK (tenant_id <> '')`;
  const noRowid = d === 'sqlite' ? ' WITHOUT ROWID' : '';
  const sums = (names: string[]) => names.map((n) => `${n} ${int} NOT NULL DEFAULT 0`).join(',\n  ');
  return `
CREATE TABLE insight_findings (
  ${tenant},
  id ${key} NOT NULL,
  kind ${key} NOT NULL,
  scope_key ${key} NOT NULL,
  customer_id ${key},
  section_path ${key},
  provider ${key},
  model ${key},
  severity ${txt} NOT NULL,
  status ${key} NOT NULL,
  title ${txt} NOT NULL,
  evidence ${txt} NOT NULL,
  window_from ${int} NOT NULL,
  window_to ${int} NOT NULL,
  at_stake_nanos ${int} NOT NULL,
  first_seen_at ${int} NOT NULL,
  last_seen_at ${int} NOT NULL,
  dismissed_at ${int},
  PRIMARY KEY (tenant_id, id)
)${noRowid};
CREATE UNIQUE INDEX ux_insight_findings_live ON insight_findings (tenant_id, kind, scope_key) WHERE status <> 'resolved';
CREATE INDEX ix_insight_findings_seen ON insight_findings (tenant_id, last_seen_at, id);
CREATE TABLE insight_state (
  ${tenant} PRIMARY KEY,
  last_hour ${int} NOT NULL,
  evaluated_at ${int} NOT NULL
)${noRowid};
CREATE TABLE insight_minute (
  ${tenant},
  minute ${int} NOT NULL,
  customer_id ${key} NOT NULL,
  provider ${key} NOT NULL,
  model ${key} NOT NULL,
  section_path ${key} NOT NULL,
  operation_id ${key} NOT NULL,
  ${sums(['calls', 'error_calls', 'cost_nanos', 'min_input', 'max_input', 'first_at', 'last_at', 'max_attempt'])},
  PRIMARY KEY (tenant_id, minute, customer_id, provider, model, section_path, operation_id)
)${noRowid};
CREATE TABLE insight_daily (
  ${tenant},
  day ${int} NOT NULL,
  provider ${key} NOT NULL,
  model ${key} NOT NULL,
  section_path ${key} NOT NULL,
  ${sums(['calls', 'cost_nanos', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'long_uncached_calls', 'long_uncached_input_tokens', 'long_uncached_min_input'])},
  PRIMARY KEY (tenant_id, day, provider, model, section_path)
)${noRowid};
`;
}

export const INSIGHT_TABLES = ['insight_findings', 'insight_state', 'insight_minute', 'insight_daily'] as const;
