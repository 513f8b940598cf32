/**
 * Migration 11 (billing), written once for both databases: the billing rollups, settings, markup rules, closed
 * periods and their frozen statements, late events of closed periods, the Stripe outbox and the re-pricing audit;
 * tenant_id first in every key. On PostgreSQL every table has row-level security enabled and forced.
 *
 * Events stored before this migration have no cost split: the rollups are filled from them with their whole cost
 * as `other` (a re-pricing splits them), and without unit rows.
 */
import type { DialectName } from '../columns.js';
import { SQL_TYPES } from '../columns.js';
import { BILLING_HOURLY, BILLING_MONTHLY } from './tables.js';
import type { Table } from '../columns.js';

export const BILLING_MIGRATION_NAME = 'billing: cost split per event, billing rollups, settings, markup rules, closed statements, Stripe outbox';

type T = 'text' | 'int' | 'real';
const type = (t: T, d: DialectName, key = false) =>
  t === 'text' ? (d === 'postgres' ? 'text COLLATE "C"' : 'TEXT') : SQL_TYPES[t][d] + (key ? '' : '');

function table(d: DialectName, name: string, cols: [string, T, boolean?][], pk: string[], extra = ''): string {
  const lines = cols.map(([n, t, nullable]) => `  ${n} ${type(t, d)}${nullable ? '' : ' NOT NULL'}${n === 'tenant_id' && d === 'postgres' ? ` CHECK (tenant_id <> '')` : ''}`);
  return `CREATE TABLE ${name} (\n${lines.join(',\n')},\n  PRIMARY KEY (${pk.join(', ')})\n)${d === 'sqlite' ? ' WITHOUT ROWID' : ''};\n${extra}`;
}

const rollup = (d: DialectName, t: Table) =>
  table(d, t.name, t.columns.map((c) => [c.name, c.kind === 'real' ? 'real' : c.kind === 'int' ? 'int' : 'text'] as [string, T]), t.conflict);

export const BILLING_TABLES = [
  'billing_hourly', 'billing_monthly', 'billing_settings', 'billing_rules', 'billing_periods', 'billing_statements',
  'billing_late', 'billing_outbox', 'billing_reprices',
] as const;

export function billingTablesDdl(d: DialectName): string {
  return [
    rollup(d, BILLING_HOURLY),
    `CREATE INDEX ix_billing_hourly_customer ON billing_hourly (tenant_id, customer_id, hour);\n`,
    rollup(d, BILLING_MONTHLY),
    `CREATE INDEX ix_billing_monthly_customer ON billing_monthly (tenant_id, customer_id, month);\n`,
    table(d, 'billing_settings', [['tenant_id', 'text'], ['timezone', 'text'], ['currency', 'text'], ['default_markup_percent', 'text'],
      ['platform_fee_usd', 'text'], ['minimum_usd', 'text'], ['stripe_event_name', 'text'], ['updated_at', 'int', true]], ['tenant_id']),
    table(d, 'billing_rules', [['tenant_id', 'text'], ['id', 'text'], ['scope', 'text'], ['match', 'text'], ['kind', 'text', true],
      ['type', 'text'], ['value', 'text'], ['created_at', 'int']], ['tenant_id', 'id']),
    table(d, 'billing_periods', [['tenant_id', 'text'], ['period', 'text'], ['from_ms', 'int'], ['to_ms', 'int'], ['timezone', 'text'],
      ['closed_at', 'int'], ['price_version', 'text'], ['statements', 'int'], ['content_hash', 'text']], ['tenant_id', 'period']),
    table(d, 'billing_statements', [['tenant_id', 'text'], ['period', 'text'], ['customer_id', 'text'], ['cost_nanos', 'int'],
      ['amount_nanos', 'int'], ['content_hash', 'text'], ['content', 'text']], ['tenant_id', 'period', 'customer_id']),
    table(d, 'billing_late', [['tenant_id', 'text'], ['span_id', 'text'], ['customer_id', 'text'], ['period', 'text'], ['arrived_at', 'int']],
      ['tenant_id', 'span_id'], `CREATE INDEX ix_billing_late_customer ON billing_late (tenant_id, customer_id);\n`),
    table(d, 'billing_outbox', [['tenant_id', 'text'], ['identifier', 'text'], ['period', 'text'], ['customer_id', 'text'], ['line_key', 'text'],
      ['event_name', 'text'], ['stripe_customer_id', 'text'], ['value', 'text'], ['amount_nanos', 'int'], ['timestamp_s', 'int'],
      ['status', 'text'], ['attempts', 'int'], ['last_error', 'text', true], ['created_at', 'int'], ['acked_at', 'int', true]],
      ['tenant_id', 'identifier'], `CREATE INDEX ix_billing_outbox_status ON billing_outbox (status, tenant_id, created_at);\n`),
    table(d, 'billing_reprices', [['tenant_id', 'text'], ['id', 'text'], ['at', 'int'], ['from_ms', 'int'], ['to_ms', 'int'],
      ['dry_run', 'int'], ['events', 'int'], ['changed', 'int'], ['diff', 'text']], ['tenant_id', 'id']),
  ].join('\n');
}

/** Fills the billing rollups from the events already stored (every tenant: run as a role that sees them all). */
export function billingBackfillSql(d: DialectName): string {
  const pos = (n: string, h: string) => (d === 'sqlite' ? `instr(${h}, ${n})` : `strpos(${h}, ${n})`);
  const greatest = d === 'sqlite' ? 'max' : 'GREATEST';
  const least = d === 'sqlite' ? 'min' : 'LEAST';
  const feature = `CASE WHEN section_path IS NULL THEN '' WHEN ${pos(`'/'`, 'section_path')} > 0 THEN substr(section_path, 1, ${pos(`'/'`, 'section_path')} - 1) ELSE section_path END`;
  // migration 9 stores costs as integer nano-dollars (cost_nanos): summed as they are
  const keys = [`(started_at / 3600000) * 3600`, `COALESCE(customer_id, '')`, `COALESCE(provider, '')`, `COALESCE(model, '')`, feature];
  const month = d === 'sqlite'
    ? `CAST(strftime('%s', datetime(hour, 'unixepoch', 'start of month')) AS INTEGER)`
    : `extract(epoch from date_trunc('month', to_timestamp(hour) AT TIME ZONE 'UTC'))::bigint`;
  const measures = BILLING_HOURLY.columns.filter((c) => c.merge === 'sum').map((c) => c.name);
  return `
INSERT INTO billing_hourly (tenant_id, hour, customer_id, provider, model, feature, unit, ${measures.join(', ')})
SELECT tenant_id, ${keys.join(', ')}, '', COUNT(*), SUM(CASE WHEN cost_nanos IS NULL THEN 1 ELSE 0 END),
  SUM(${greatest}(0, input_tokens - cache_read_tokens - cache_write_tokens)), SUM(cache_read_tokens), SUM(cache_write_tokens),
  SUM(output_tokens - ${least}(reasoning_tokens, output_tokens)), SUM(${least}(reasoning_tokens, output_tokens)), 0,
  0, 0, 0, 0, 0, 0, COALESCE(SUM(cost_nanos), 0)
FROM trace_events WHERE span_type NOT IN ('section', 'agent', 'tool')
GROUP BY tenant_id, ${keys.join(', ')};
INSERT INTO billing_monthly (tenant_id, month, customer_id, provider, model, feature, unit, ${measures.join(', ')})
SELECT tenant_id, ${month}, customer_id, provider, model, feature, unit, ${measures.map((m) => `SUM(${m})`).join(', ')}
FROM billing_hourly GROUP BY tenant_id, ${month}, customer_id, provider, model, feature, unit;
`;
}

/** PostgreSQL: row-level security on every billing table, and what the app role may do. */
export function billingRlsSql(): string {
  const tenant = `tenant_id = current_setting('app.tenant_id', true)`;
  return BILLING_TABLES.map((t) => `ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${t} FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ${t} USING (${tenant}) WITH CHECK (${tenant});`).join('\n');
}

export const BILLING_GRANTS: Record<string, string> = {
  billing_hourly: 'SELECT, INSERT, UPDATE',
  billing_monthly: 'SELECT, INSERT, UPDATE',
  billing_settings: 'SELECT, INSERT, UPDATE',
  billing_rules: 'SELECT, INSERT, UPDATE, DELETE',
  billing_periods: 'SELECT, INSERT',
  billing_statements: 'SELECT, INSERT',
  billing_late: 'SELECT, INSERT',
  billing_outbox: 'SELECT, INSERT, UPDATE',
  billing_reprices: 'SELECT, INSERT',
};
