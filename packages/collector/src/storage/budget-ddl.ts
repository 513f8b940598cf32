/**
 * Migration 10 (frozen): budgets, their per-instance state, the alert ledger, webhook endpoints and the webhook
 * outbox. Written once for both databases; `t` gives the column types of each.
 *
 * - `budget_alerts` is the ledger that makes an alert happen exactly once: its unique key (tenant, budget, instance,
 *   period start, kind, threshold) is taken by the first evaluation that crosses, whichever collector runs it.
 * - `webhook_deliveries` is the durable outbox: a delivery row is written in the same transaction as its alert, and
 *   stays until a receiver acknowledged it (or its endpoint was disabled).
 */
export interface DdlTypes {
  text: string;
  id: string;
  int: string;
}

export const SQLITE_TYPES: DdlTypes = { text: 'TEXT', id: 'TEXT', int: 'INTEGER' };
export const PG_TYPES: DdlTypes = { text: 'text', id: 'text COLLATE "C"', int: 'bigint' };

export const BUDGET_TABLES = ['budgets', 'budget_states', 'budget_alerts', 'webhook_endpoints', 'webhook_deliveries'] as const;

export const BUDGET_MIGRATION_NAME = 'budgets, budget states, the alert ledger, webhook endpoints and the webhook outbox';

export function budgetTablesDdl(t: DdlTypes): string {
  return `
CREATE TABLE budgets (
  tenant_id      ${t.id} NOT NULL CHECK (tenant_id <> ''),
  id             ${t.id} NOT NULL,
  name           ${t.text} NOT NULL,
  scope_customer ${t.text},
  scope_section  ${t.text},
  scope_provider ${t.text},
  scope_model    ${t.text},
  amount_nanos   ${t.int} NOT NULL,
  period         ${t.text} NOT NULL,
  timezone       ${t.text} NOT NULL,
  thresholds     ${t.text} NOT NULL,
  action         ${t.text} NOT NULL,
  unpriced       ${t.text} NOT NULL,
  created_at     ${t.int} NOT NULL,
  updated_at     ${t.int} NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE TABLE budget_states (
  tenant_id      ${t.id} NOT NULL CHECK (tenant_id <> ''),
  budget_id      ${t.id} NOT NULL,
  instance       ${t.id} NOT NULL,
  period_start   ${t.int} NOT NULL,
  period_end     ${t.int},
  state          ${t.text} NOT NULL,
  spent_nanos    ${t.int} NOT NULL,
  unpriced_calls ${t.int} NOT NULL,
  projected_nanos ${t.int},
  updated_at     ${t.int} NOT NULL,
  PRIMARY KEY (tenant_id, budget_id, instance)
);
CREATE INDEX ix_budget_states_state ON budget_states (tenant_id, state);
CREATE TABLE budget_alerts (
  tenant_id      ${t.id} NOT NULL CHECK (tenant_id <> ''),
  id             ${t.id} NOT NULL,
  budget_id      ${t.id} NOT NULL,
  instance       ${t.id} NOT NULL,
  period_start   ${t.int} NOT NULL,
  kind           ${t.text} NOT NULL,
  threshold      ${t.text} NOT NULL,
  payload        ${t.text} NOT NULL,
  created_at     ${t.int} NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, budget_id, instance, period_start, kind, threshold)
);
CREATE INDEX ix_budget_alerts_created ON budget_alerts (tenant_id, created_at);
CREATE TABLE webhook_endpoints (
  tenant_id      ${t.id} NOT NULL CHECK (tenant_id <> ''),
  id             ${t.id} NOT NULL,
  url            ${t.text} NOT NULL,
  events         ${t.text} NOT NULL,
  format         ${t.text} NOT NULL,
  secret         ${t.text} NOT NULL,
  created_at     ${t.int} NOT NULL,
  disabled_at    ${t.int},
  consecutive_failures ${t.int} NOT NULL DEFAULT 0,
  last_attempt_at ${t.int},
  last_success_at ${t.int},
  last_status    ${t.int},
  last_error     ${t.text},
  PRIMARY KEY (tenant_id, id)
);
CREATE TABLE webhook_deliveries (
  tenant_id      ${t.id} NOT NULL CHECK (tenant_id <> ''),
  id             ${t.id} NOT NULL,
  endpoint_id    ${t.id} NOT NULL,
  msg_id         ${t.id} NOT NULL,
  event_type     ${t.text} NOT NULL,
  payload        ${t.text} NOT NULL,
  created_at     ${t.int} NOT NULL,
  attempts       ${t.int} NOT NULL DEFAULT 0,
  next_attempt_at ${t.int} NOT NULL,
  locked_until   ${t.int},
  delivered_at   ${t.int},
  failed_at      ${t.int},
  last_status    ${t.int},
  last_error     ${t.text},
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, endpoint_id, msg_id)
);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
`;
}
