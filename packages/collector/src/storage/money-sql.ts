/**
 * Migration 9, money part (frozen history, both databases): costs as integer nano-dollars. Events get `cost_nanos`
 * (NULL = unpriced) and the rollups and runs `cost_nanos` / `estimated_cost_nanos`, back-filled with the old REAL
 * value rounded half-even to the nano-dollar (the rule of packages/shared/src/money.ts usdToNanos); the REAL columns
 * are dropped, so nothing can sum floats any more.
 */
export const MONEY_MIGRATION_NAME = 'exact money: costs as integer nano-dollars in events, rollups and runs';

/** The tables whose measures carry a summed cost. */
const SUMMED = ['rollup_hourly', 'rollup_daily', 'runs'] as const;

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
