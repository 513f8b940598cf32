/**
 * Migration 10 (frozen): budgets, their per-instance state, the alert ledger, webhook endpoints and the webhook
 * outbox. Written once for both databases with the frozen-history table builder (storage/frozen-ddl.ts); the text is
 * exactly the one migration 10 always wrote (aligned column names included: SQLite keeps it in sqlite_master).
 *
 * - `budget_alerts` is the ledger that makes an alert happen exactly once: its unique key (tenant, budget, instance,
 *   period start, kind, threshold) is taken by the first evaluation that crosses, whichever collector runs it.
 * - `webhook_deliveries` is the durable outbox: a delivery row is written in the same transaction as its alert, and
 *   stays until a receiver acknowledged it (or its endpoint was disabled).
 */
import { cols, NN, table, type ColumnDdl, type DdlDialect } from './frozen-ddl.js';

export const BUDGET_TABLES = ['budgets', 'budget_states', 'budget_alerts', 'webhook_endpoints', 'webhook_deliveries'] as const;

export const BUDGET_MIGRATION_NAME = 'budgets, budget states, the alert ledger, webhook endpoints and the webhook outbox';

/** Migration 10 aligned its column types at this width. */
const PAD = 14;
const TENANT: ColumnDdl = ['tenant_id', 'key', `NOT NULL CHECK (tenant_id <> '')`];
const ID: ColumnDdl = ['id', 'key', NN];

function budgetTable(d: DdlDialect, name: string, columns: ColumnDdl[], tail: string[]): string {
  return table(d, name, [], [TENANT, ...columns], tail, false, PAD);
}

export function budgetTablesDdl(d: DdlDialect): string {
  const budgets = budgetTable(d, 'budgets', [
    ID, ['name', 'text', NN], ...cols('text', ['scope_customer', 'scope_section', 'scope_provider', 'scope_model'], ''),
    ['amount_nanos', 'int', NN], ...cols('text', ['period', 'timezone', 'thresholds', 'action', 'unpriced'], NN),
    ...cols('int', ['created_at', 'updated_at'], NN),
  ], ['PRIMARY KEY (tenant_id, id)']);
  const states = budgetTable(d, 'budget_states', [
    ...cols('key', ['budget_id', 'instance'], NN), ['period_start', 'int', NN], ['period_end', 'int', ''],
    ['state', 'text', NN], ...cols('int', ['spent_nanos', 'unpriced_calls'], NN), ['projected_nanos', 'int', ''],
    ['updated_at', 'int', NN],
  ], ['PRIMARY KEY (tenant_id, budget_id, instance)']);
  const alerts = budgetTable(d, 'budget_alerts', [
    ...cols('key', ['id', 'budget_id', 'instance'], NN), ['period_start', 'int', NN],
    ...cols('text', ['kind', 'threshold', 'payload'], NN), ['created_at', 'int', NN],
  ], ['PRIMARY KEY (tenant_id, id)', 'UNIQUE (tenant_id, budget_id, instance, period_start, kind, threshold)']);
  const endpoints = budgetTable(d, 'webhook_endpoints', [
    ID, ...cols('text', ['url', 'events', 'format', 'secret'], NN), ['created_at', 'int', NN], ['disabled_at', 'int', ''],
    ['consecutive_failures', 'int', 'NOT NULL DEFAULT 0'], ...cols('int', ['last_attempt_at', 'last_success_at', 'last_status'], ''),
    ['last_error', 'text', ''],
  ], ['PRIMARY KEY (tenant_id, id)']);
  const deliveries = budgetTable(d, 'webhook_deliveries', [
    ...cols('key', ['id', 'endpoint_id', 'msg_id'], NN), ...cols('text', ['event_type', 'payload'], NN),
    ['created_at', 'int', NN], ['attempts', 'int', 'NOT NULL DEFAULT 0'], ['next_attempt_at', 'int', NN],
    ...cols('int', ['locked_until', 'delivered_at', 'failed_at', 'last_status'], ''), ['last_error', 'text', ''],
  ], ['PRIMARY KEY (tenant_id, id)', 'UNIQUE (tenant_id, endpoint_id, msg_id)']);
  return `
${budgets}
${states}
CREATE INDEX ix_budget_states_state ON budget_states (tenant_id, state);
${alerts}
CREATE INDEX ix_budget_alerts_created ON budget_alerts (tenant_id, created_at);
${endpoints}
${deliveries}
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
`;
}
