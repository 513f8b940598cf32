/**
 * Migration 18 (frozen, both databases): the customer windows get a `scope` — the provider, model and section filter
 * they hold (storage/customer-windows.ts: '' for none, the windows of migration 15) — so that the /insights top
 * customers and /customers pages of a filtered preset range are read from an index too. The tables are caches of
 * rollup_daily, rebuilt lazily by the collector: dropped and created again with the scope in their keys and indexes
 * (a SQLite primary key cannot be altered), empty; the first read of each window builds it. `read_day`: the last day
 * a read asked for the window (idle scoped windows are cleared).
 */
import { cols, NN, table, tenantColumn, type DdlDialect } from './frozen-ddl.js';

export const SCOPED_WINDOWS_MIGRATION_NAME = 'customer windows per filter scope (provider, model, section)';

const METRICS = [
  'calls', 'cost_nanos', 'unpriced_calls', 'error_calls', 'input_tokens', 'output_tokens', 'cache_read_tokens',
  'cache_write_tokens', 'reasoning_tokens', 'estimated_calls', 'estimated_cost_nanos',
];

export function scopedWindowsDdl(d: DdlDialect): string {
  const totals = table(d, 'customer_totals', [tenantColumn(d)], [
    ...cols('key', ['window_id', 'scope', 'customer_id'], NN), ...cols('int', METRICS, NN),
  ], ['PRIMARY KEY (tenant_id, window_id, scope, customer_id)'], true);
  const state = table(d, 'customer_totals_state', [tenantColumn(d)], [
    ...cols('key', ['window_id', 'scope'], NN), ...cols('int', ['first_day', 'end_day', 'read_day', 'customers', 'cost_nanos', 'estimated_cost_nanos'], NN),
  ], ['PRIMARY KEY (tenant_id, window_id, scope)'], true);
  return `DROP TABLE customer_totals_state;
DROP TABLE customer_totals;
${totals}
${state}
CREATE INDEX ix_customer_totals_cost ON customer_totals (tenant_id, window_id, scope, cost_nanos DESC, calls DESC, customer_id);
CREATE INDEX ix_customer_totals_calls ON customer_totals (tenant_id, window_id, scope, calls DESC, cost_nanos DESC, customer_id);
`;
}
