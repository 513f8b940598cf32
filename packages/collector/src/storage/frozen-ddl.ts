/**
 * Frozen history: the DDL of migration 1 (events, hourly rollup, runs) and migration 5 (daily rollups and their
 * back-fill from the hourly rollup), written once for both databases. The column lists here are those of that
 * version and must never change (later columns come with later migrations); the current columns are the catalogue's
 * (storage/columns.ts), which test/columns.test.ts compares with the fully migrated databases.
 */
export type FrozenType = 'key' | 'text' | 'int' | 'real' | 'bool';
export type DdlDialect = 'sqlite' | 'postgres';

const TYPES: Record<DdlDialect, Record<FrozenType, string>> = {
  // identifiers (key) compare bytewise in both: SQLite's default BINARY collation, PostgreSQL's "C"
  sqlite: { key: 'TEXT', text: 'TEXT', int: 'INTEGER', real: 'REAL', bool: 'INTEGER' },
  postgres: { key: 'text COLLATE "C"', text: 'text', int: 'bigint', real: 'double precision', bool: 'boolean' },
};

/** [name, type, constraints] with constraints as written after the type ('' = nullable). */
export type ColumnDdl = [string, FrozenType, string];

/** The tenant column of migrations 1, 5 and 12 (migration 10 writes its own, with the CHECK on SQLite too). */
export const tenantColumn = (d: DdlDialect, sqliteDefault = '') =>
  d === 'sqlite' ? `tenant_id TEXT NOT NULL${sqliteDefault}` : `tenant_id text COLLATE "C" NOT NULL CHECK (tenant_id <> '')`;

/**
 * One CREATE TABLE of the frozen history, the text exactly as each migration wrote it (SQLite keeps that text in
 * sqlite_master): `first` and `tail` lines verbatim around the typed columns, column names padded to `pad` when the
 * migration aligned them.
 */
export function table(d: DdlDialect, name: string, first: string[], columns: ColumnDdl[], tail: string[], withoutRowid: boolean, pad = 0): string {
  const lines = [...first, ...columns.map(([c, t, extra]) => `${pad ? `${c.padEnd(pad)} ` : `${c} `}${TYPES[d][t]}${extra ? ` ${extra}` : ''}`), ...tail];
  return `CREATE TABLE ${name} (\n  ${lines.join(',\n  ')}\n)${withoutRowid && d === 'sqlite' ? ' WITHOUT ROWID' : ''};`;
}

export const NN = 'NOT NULL';
export const ZERO = 'NOT NULL DEFAULT 0';
/** Columns of one type and the same constraints. */
export const cols = (t: FrozenType, names: string[], extra: string): ColumnDdl[] => names.map((n) => [n, t, extra]);
const keys = (names: string[], extra: string): ColumnDdl[] => cols('key', names, extra);
const ints = (names: string[], extra: string): ColumnDdl[] => cols('int', names, extra);

/** Migration 1: trace_events, rollup_hourly and runs with their indexes (PostgreSQL adds row-level security after). */
export function coreTablesDdl(d: DdlDialect): string {
  const falseDefault = d === 'sqlite' ? 'NOT NULL DEFAULT 0' : 'NOT NULL DEFAULT false';
  const events = table(d, 'trace_events', [
    d === 'sqlite' ? 'id INTEGER PRIMARY KEY' : 'id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
    tenantColumn(d, ` DEFAULT 'default_tenant'`),
  ], [
    ...keys(['span_id', 'run_id'], NN), ['parent_span_id', 'key', ''], ['span_type', 'text', `NOT NULL DEFAULT 'llm'`],
    ...keys(['section', 'section_path', 'customer_id', 'provider', 'endpoint', 'model'], ''),
    ...ints(['input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'reasoning_tokens'], ZERO),
    ['units', 'text', ''], ['reported_cost_usd', 'real', ''], ['cost_usd', 'real', ''], ['cost_status', 'text', NN],
    ['cost_source', 'text', ''], ['started_at', 'int', NN], ['latency_ms', 'real', ''], ['status', 'text', `NOT NULL DEFAULT 'ok'`],
    ['error', 'text', ''], ['is_streaming', 'bool', falseDefault], ['usage_estimated', 'bool', falseDefault],
    ['metadata', 'text', ''], ['sdk', 'text', ''], ['created_at', 'int', NN],
  ], [], false);
  const hourly = table(d, 'rollup_hourly', [tenantColumn(d)], [
    ['hour', 'int', NN], ...keys(['customer_id', 'provider', 'model', 'section_path'], NN),
    ['calls', 'int', NN], ['cost_usd', 'real', NN],
    ...ints(['unpriced_calls', 'error_calls', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'reasoning_tokens'], NN),
    ['latency_ms', 'real', NN],
  ], ['PRIMARY KEY (tenant_id, hour, customer_id, provider, model, section_path)'], true);
  const runs = table(d, 'runs', [tenantColumn(d)], [
    ['run_id', 'key', NN], ...ints(['started_at', 'ended_at'], NN), ...keys(['customer_id', 'top_section'], ''),
    ['top_section_at', 'int', ''], ...ints(['calls', 'spans'], NN), ['cost_usd', 'real', NN],
    ...ints(['unpriced_calls', 'error_calls', 'input_tokens', 'output_tokens'], NN),
  ], ['PRIMARY KEY (tenant_id, run_id)'], true);
  return `
${events}
-- Idempotency key, and the lookup for a replayed span.
CREATE UNIQUE INDEX ux_events_tenant_span ON trace_events (tenant_id, span_id);
-- A run's events (GET /runs/:run_id, run filters).
CREATE INDEX ix_events_tenant_run ON trace_events (tenant_id, run_id);
-- Time-ordered reads within a tenant, and the partial-hour edges of summaries.
CREATE INDEX ix_events_tenant_started ON trace_events (tenant_id, started_at);

-- Hourly cost rollup per tenant, customer, provider, model and section path ('' = none), maintained in the same
-- transaction as the inserts: summaries read this, never the raw events. hour is epoch seconds.
${hourly}

-- One row per run, maintained on insert, for the run list.
${runs}
CREATE INDEX ix_runs_tenant_started ON runs (tenant_id, started_at DESC, run_id DESC);
CREATE INDEX ix_runs_tenant_customer ON runs (tenant_id, customer_id, started_at DESC);
`;
}

/** The measures of version 5's daily rollup. */
const DAILY_MEASURES = ['calls', 'cost_usd', 'unpriced_calls', 'error_calls', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'reasoning_tokens'];

/** Migration 5: the daily rollups per dimension family (see storage/rollup.ts), filled from the hourly rollup. */
export function dailyTableDdl(d: DdlDialect): string {
  const daily = table(d, 'rollup_daily', [tenantColumn(d)], [
    ['family', 'key', NN], ['day', 'int', NN], ...keys(['key1', 'key2'], NN),
    ...DAILY_MEASURES.map((m): ColumnDdl => [m, m === 'cost_usd' ? 'real' : 'int', NN]),
  ], ['PRIMARY KEY (tenant_id, family, day, key1, key2)'], true);
  const sums = DAILY_MEASURES.map((m) => `SUM(${m})`).join(', ');
  const day = '(hour / 86400) * 86400';
  const fill = ([
    ['total', `''`, `''`, []],
    ['customer', 'customer_id', `''`, ['customer_id']],
    ['model', 'provider', 'model', ['provider', 'model']],
    ['section', 'section_path', `''`, ['section_path']],
  ] as const).map(([family, k1, k2, group]) =>
    `INSERT INTO rollup_daily SELECT tenant_id, '${family}', ${day}, ${k1}, ${k2}, ${sums}\nFROM rollup_hourly GROUP BY ${['tenant_id', day, ...group].join(', ')};`);
  return `\n${daily}\n${fill.join('\n')}\n`;
}
