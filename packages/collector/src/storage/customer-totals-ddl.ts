/**
 * Migration 15 (frozen): the per-customer window totals (storage/customer-windows.ts) and the state saying which
 * closed days each window's rows cover, for both databases. Empty when created: the collector builds every window
 * lazily (the first read of a window finds no state, answers from the rollups and asks for an advance).
 *
 * The two indexes are the two sorts of /customers (storage/customer-page-sql.ts), with the same tie-break: a page
 * of the top customers is a walk of the index's first rows, not a sort of every customer.
 */
import { cols, NN, table, tenantColumn, type DdlDialect } from './frozen-ddl.js';

export const CUSTOMER_TOTALS_MIGRATION_NAME = 'per-customer window totals (all, mtd, 7d, 30d, 90d) and their state';
export const CUSTOMER_TOTALS_TABLES = ['customer_totals', 'customer_totals_state'] as const;

const METRICS = [
  'calls', 'cost_nanos', 'unpriced_calls', 'error_calls', 'input_tokens', 'output_tokens', 'cache_read_tokens',
  'cache_write_tokens', 'reasoning_tokens', 'estimated_calls', 'estimated_cost_nanos',
];

export function customerTotalsDdl(d: DdlDialect): string {
  const totals = table(d, 'customer_totals', [tenantColumn(d)], [
    ...cols('key', ['window_id', 'customer_id'], NN), ...cols('int', METRICS, NN),
  ], ['PRIMARY KEY (tenant_id, window_id, customer_id)'], true);
  const state = table(d, 'customer_totals_state', [tenantColumn(d)], [
    ['window_id', 'key', NN], ...cols('int', ['first_day', 'end_day', 'customers', 'cost_nanos', 'estimated_cost_nanos'], NN),
  ], ['PRIMARY KEY (tenant_id, window_id)'], true);
  return `${totals}
${state}
CREATE INDEX ix_customer_totals_cost ON customer_totals (tenant_id, window_id, cost_nanos DESC, calls DESC, customer_id);
CREATE INDEX ix_customer_totals_calls ON customer_totals (tenant_id, window_id, calls DESC, cost_nanos DESC, customer_id);
`;
}
