/**
 * Migration 9 (frozen history, both databases).
 *
 * Money: costs as integer nano-dollars. Events get `cost_nanos`
 * (NULL = unpriced) and the rollups and runs `cost_nanos` / `estimated_cost_nanos`, back-filled with the old REAL
 * value rounded half-even to the nano-dollar (the rule of packages/shared/src/money.ts usdToNanos); the REAL columns
 * are dropped, so nothing can sum floats any more.
 */
export const V9_MIGRATION_NAME = 'exact money (integer nano-dollars), daily rollup families keyed for filters, read indexes';

/** The tables whose measures carry a summed cost (rollup_daily is rebuilt from the hourly rollup after). */
const SUMMED = ['rollup_hourly', 'runs'] as const;

/**
 * `nanos(expr)`: the dialect's half-even rounding of a USD float to nanos (SQLite: the registered JS function
 * llmo_usd_to_nanos, i.e. usdToNanos itself; PostgreSQL: the same arithmetic in double precision).
 */
export function moneyColumnsSql(int: string, nanos: (usd: string) => string): string {
  const steps = [
    `ALTER TABLE trace_events ADD COLUMN cost_nanos ${int};`,
    `UPDATE trace_events SET cost_nanos = ${nanos('cost_usd')} WHERE cost_usd IS NOT NULL;`,
    `ALTER TABLE trace_events DROP COLUMN cost_usd;`,
  ];
  for (const t of SUMMED) {
    steps.push(
      `ALTER TABLE ${t} ADD COLUMN cost_nanos ${int} NOT NULL DEFAULT 0;`,
      `ALTER TABLE ${t} ADD COLUMN estimated_cost_nanos ${int} NOT NULL DEFAULT 0;`,
      `UPDATE ${t} SET cost_nanos = ${nanos('cost_usd')}, estimated_cost_nanos = ${nanos('estimated_cost_usd')} WHERE cost_usd <> 0 OR estimated_cost_usd <> 0;`,
      `ALTER TABLE ${t} DROP COLUMN cost_usd;`,
      `ALTER TABLE ${t} DROP COLUMN estimated_cost_usd;`,
    );
  }
  return steps.join('\n');
}

/** PostgreSQL's usdToNanos: x = usd × 1e9 in double precision, rounded to the nearest integer, ties to even. */
export function pgUsdToNanos(usd: string): string {
  const x = `(${usd} * 1000000000::float8)`;
  const f = `floor(${x})`;
  return `(CASE WHEN ${x} - ${f} > 0.5 THEN ${f} + 1 WHEN ${x} - ${f} < 0.5 THEN ${f} WHEN mod(${f}::bigint, 2) = 0 THEN ${f} ELSE ${f} + 1 END)::bigint`;
}

/** Version 9's daily families and their keys (key1, key2, key3), as storage/rollup.ts had them then. */
const V9_FAMILIES: [string, (string | null)[]][] = [
  ['total', []], ['customer', [null, 'customer_id']], ['model', [null, 'provider', 'model']], ['section', [null, 'section_path']],
  ['customer_model', ['customer_id', 'provider', 'model']], ['model_customer', ['provider', 'model', 'customer_id']],
  ['customer_section', ['customer_id', 'section_path']], ['section_customer', ['section_path', 'customer_id']],
  ['section_model', ['section_path', 'provider', 'model']],
];
const V9_MEASURES = ['calls', 'cost_nanos', 'unpriced_calls', 'error_calls', 'input_tokens', 'output_tokens', 'cache_read_tokens',
  'cache_write_tokens', 'reasoning_tokens', 'estimated_calls', 'estimated_cost_nanos'];

/**
 * The daily rollup, re-made: a third key and the primary key (tenant_id, family, key1, day, key2, key3), so that a
 * filter on a family's first key is an index prefix; every family filled from the hourly rollup (already in nanos).
 * `key` is the dialect's identifier type, `int` its integer type; `after` runs after the fill (PostgreSQL's row-level
 * security, which would refuse the owner's inserts while forced).
 */
export function dailyV9Sql(key: string, int: string, withoutRowid: boolean, after = ''): string {
  const day = '(hour / 86400) * 86400';
  const fill = V9_FAMILIES.map(([family, dims]) => {
    const keys = [0, 1, 2].map((i) => dims[i] ?? `''`);
    const group = dims.filter((d): d is string => d !== null);
    return `INSERT INTO rollup_daily (tenant_id, family, day, key1, key2, key3, ${V9_MEASURES.join(', ')})
SELECT tenant_id, '${family}', ${day}, ${keys.join(', ')}, ${V9_MEASURES.map((m) => `SUM(${m})`).join(', ')}
FROM rollup_hourly GROUP BY ${['tenant_id', day, ...group].join(', ')};`;
  });
  return `DROP TABLE rollup_daily;
CREATE TABLE rollup_daily (
  tenant_id ${key} NOT NULL${key.includes('COLLATE') ? ` CHECK (tenant_id <> '')` : ''},
  family ${key} NOT NULL, day ${int} NOT NULL, key1 ${key} NOT NULL, key2 ${key} NOT NULL, key3 ${key} NOT NULL,
  ${V9_MEASURES.map((m) => `${m} ${int} NOT NULL`).join(', ')},
  PRIMARY KEY (tenant_id, family, key1, day, key2, key3)
)${withoutRowid ? ' WITHOUT ROWID' : ''};
${fill.join('\n')}
${after}`;
}

/**
 * Read indexes: a run's events in time order (GET /runs/:run_id, the run filters) and a customer's runs newest first
 * (GET /runs?customer_id=), each replacing the narrower index it extends.
 */
export const V9_INDEXES = `
DROP INDEX IF EXISTS ix_events_tenant_run;
CREATE INDEX IF NOT EXISTS ix_events_tenant_run_started ON trace_events (tenant_id, run_id, started_at);
DROP INDEX IF EXISTS ix_runs_tenant_customer;
CREATE INDEX IF NOT EXISTS ix_runs_tenant_customer_started ON runs (tenant_id, customer_id, started_at DESC, run_id DESC);
`;

/** Raw-event retention per tenant (days; NULL = kept for ever). Rollups, runs and statements are kept. */
export const V9_RETENTION_COLUMN = (int: string) => `ALTER TABLE tenants ADD COLUMN retention_days ${int} CHECK (retention_days IS NULL OR retention_days > 0);`;
