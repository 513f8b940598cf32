/**
 * Migration 7 (both databases): estimated usage per rollup row and run — the calls whose usage the SDK estimated
 * (the provider reported none) and the part of the cost they make. Columns added with 0, then backfilled from the
 * stored events (hourly rollup, runs), and the daily families from the hourly rollup (as migration 5 filled them).
 * `estimated` is the dialect's predicate for "usage_estimated is true".
 */
export function estimatedColumnsSql(types: { int: string; real: string }, estimated: string): string {
  const call = `span_type NOT IN ('section', 'agent', 'tool')`;
  const add = (table: string) =>
    `ALTER TABLE ${table} ADD COLUMN estimated_calls ${types.int} NOT NULL DEFAULT 0;
ALTER TABLE ${table} ADD COLUMN estimated_cost_usd ${types.real} NOT NULL DEFAULT 0;`;
  const daily = (
    [
      ['total', `''`, `''`],
      ['customer', 'customer_id', `''`],
      ['model', 'provider', 'model'],
      ['section', 'section_path', `''`],
    ] as const
  ).map(
    ([family, k1, k2]) => `UPDATE rollup_daily SET estimated_calls = x.n, estimated_cost_usd = x.c FROM (
  SELECT tenant_id, (hour / 86400) * 86400 AS day, ${k1} AS key1, ${k2} AS key2, SUM(estimated_calls) AS n, SUM(estimated_cost_usd) AS c
  FROM rollup_hourly WHERE estimated_calls > 0 GROUP BY 1, 2, 3, 4) AS x
WHERE rollup_daily.family = '${family}' AND rollup_daily.tenant_id = x.tenant_id AND rollup_daily.day = x.day
  AND rollup_daily.key1 = x.key1 AND rollup_daily.key2 = x.key2;`,
  );
  return `
${add('rollup_hourly')}
${add('rollup_daily')}
${add('runs')}
UPDATE rollup_hourly SET estimated_calls = x.n, estimated_cost_usd = x.c FROM (
  SELECT tenant_id, (started_at / 3600000) * 3600 AS hour, COALESCE(customer_id, '') AS customer_id,
         COALESCE(provider, '') AS provider, COALESCE(model, '') AS model, COALESCE(section_path, '') AS section_path,
         COUNT(*) AS n, COALESCE(SUM(cost_usd), 0) AS c
  FROM trace_events WHERE ${estimated} AND ${call} GROUP BY 1, 2, 3, 4, 5, 6) AS x
WHERE rollup_hourly.tenant_id = x.tenant_id AND rollup_hourly.hour = x.hour AND rollup_hourly.customer_id = x.customer_id
  AND rollup_hourly.provider = x.provider AND rollup_hourly.model = x.model AND rollup_hourly.section_path = x.section_path;
UPDATE runs SET estimated_calls = x.n, estimated_cost_usd = x.c FROM (
  SELECT tenant_id, run_id, COUNT(*) AS n, COALESCE(SUM(cost_usd), 0) AS c
  FROM trace_events WHERE ${estimated} AND ${call} GROUP BY 1, 2) AS x
WHERE runs.tenant_id = x.tenant_id AND runs.run_id = x.run_id;
${daily.join('\n')}
`;
}

export const ESTIMATED_MIGRATION_NAME = 'estimated usage in rollups and runs (estimated_calls, estimated_cost_usd), backfilled';
