/**
 * Rebuilds every aggregate from the stored events, in the current schema: the hourly rollup, every daily family
 * (narrow; the wide ones compacted from the rebuilt hourly rollup for the closed days) and the run summaries — exactly what ingest maintains incrementally (storage/rollup.ts; test/columns.test.ts checks
 * that the rebuild equals what ingest wrote, on both databases). Built from the column catalogue; the dialects
 * differ only in how a position in a string is found. Every tenant's rows: run it as a role that sees them all.
 */
import { IS_CALL_SQL, METRIC_NAMES, rawMetricSql, ROLLUP_DAILY, ROLLUP_DAILY_WIDE, ROLLUP_HOURLY, ROLLUP_WIDE_STATE, RUN_METRICS, RUNS, type DialectName, type Table } from './columns.js';
import { compactionSql } from './wide-compaction.js';
import { FAMILY_KEYS, storedFamilies, type DailyFamily, type KeyDimension } from './rollup.js';

export interface RebuildDialect {
  name: DialectName;
  /** 1-based position of `needle` in `haystack`, 0 when absent. */
  position(needle: string, haystack: string): string;
  /** Where a compaction now moves the wide families' boundary (wide-compaction.ts compactionBoundary), epoch seconds. */
  boundary: string;
}

export const SQLITE_REBUILD: RebuildDialect = {
  name: 'sqlite', position: (n, h) => `instr(${h}, ${n})`, boundary: `((CAST(strftime('%s', 'now') AS INTEGER) / 3600) * 3600 - 3600)`,
};
export const PG_REBUILD: RebuildDialect = {
  name: 'postgres', position: (n, h) => `strpos(${h}, ${n})`, boundary: '((extract(epoch FROM now())::bigint / 3600) * 3600 - 3600)',
};

/** Structural spans (section, agent, tool) are not calls: they count in a run's spans only. */
const CALL = IS_CALL_SQL;

const names = (t: Table) => t.columns.map((c) => c.name).join(', ');
const metrics = (only?: string) => METRIC_NAMES.map((m) => rawMetricSql(m, only)).join(', ');

/** A daily family's keys over events (key1, key2, key3), as storage/rollup.ts dailyDeltas derives them. */
const familyKeys = (dims: readonly (KeyDimension | null)[]) => [0, 1, 2].map((i) => (dims[i] ? `COALESCE(${dims[i]}, '')` : `''`));

/**
 * One daily family's rows over the events where `where` holds (both dialects): the rebuild reads every call event;
 * SQLite's ingest only the rows its transaction inserted (sqlite/event-writer.ts), the grouping done by the database.
 */
export function dailyFamilySelect(family: DailyFamily, where: string): string {
  // (PostgreSQL refuses a constant in GROUP BY: the '' keys are left out of it)
  const keys = [`(started_at / 86400000) * 86400`, ...familyKeys(FAMILY_KEYS[family])];
  return `SELECT tenant_id, '${family}', ${keys.join(', ')}, ${metrics()}
FROM trace_events WHERE ${where} GROUP BY tenant_id, ${keys.filter((k) => k !== `''`).join(', ')}`;
}

export function rebuildAggregatesSql(d: RebuildDialect): string {
  const hourKeys = [`(started_at / 3600000) * 3600`, `COALESCE(customer_id, '')`, `COALESCE(provider, '')`, `COALESCE(model, '')`, `COALESCE(section_path, '')`];
  const hourly = `INSERT INTO ${ROLLUP_HOURLY.name} (${names(ROLLUP_HOURLY)})
SELECT tenant_id, ${hourKeys.join(', ')}, ${metrics()}, COALESCE(SUM(latency_ms), 0)
FROM trace_events WHERE ${CALL} GROUP BY tenant_id, ${hourKeys.join(', ')};`;
  const daily = storedFamilies(d.name).map((family) => `INSERT INTO ${ROLLUP_DAILY.name} (${names(ROLLUP_DAILY)})\n${dailyFamilySelect(family, CALL)};`);
  // the wide families: every closed day compacted from the rebuilt hourly rollup (wide-compaction.ts)
  const wide = [...compactionSql(d.name, d.boundary).map((sql) => `${sql};`),
    `INSERT INTO ${ROLLUP_WIDE_STATE.name} (tenant_id, through_day) SELECT DISTINCT tenant_id, ${d.boundary} FROM ${ROLLUP_HOURLY.name};`];
  const same = `s.tenant_id = e.tenant_id AND s.run_id = e.run_id`;
  const outermost = (p: string) => `CASE WHEN ${d.position(`'/'`, p)} > 0 THEN substr(${p}, 1, ${d.position(`'/'`, p)} - 1) ELSE ${p} END`;
  // The first customer stored wins (insert order, as the upsert's COALESCE keeps it); the earliest sectioned span
  // gives the top section (the first stored among equals); ended_at rounds latency half up, as Math.round does.
  const runs = `INSERT INTO ${RUNS.name} (${names(RUNS)})
SELECT e.tenant_id, e.run_id, MIN(e.started_at), MAX(e.started_at + CAST(floor(COALESCE(e.latency_ms, 0) + 0.5) AS BIGINT)),
  (SELECT s.customer_id FROM trace_events s WHERE ${same} AND s.customer_id IS NOT NULL ORDER BY s.id LIMIT 1),
  (SELECT ${outermost('s.section_path')} FROM trace_events s WHERE ${same} AND s.section_path IS NOT NULL ORDER BY s.started_at, s.id LIMIT 1),
  (SELECT MIN(s.started_at) FROM trace_events s WHERE ${same} AND s.section_path IS NOT NULL),
  COUNT(*), ${RUN_METRICS.map((m) => rawMetricSql(m, CALL)).join(', ')}
FROM trace_events e GROUP BY e.tenant_id, e.run_id;`;
  return [
    `DELETE FROM ${ROLLUP_HOURLY.name};`, hourly,
    `DELETE FROM ${ROLLUP_DAILY.name};`, ...daily,
    `DELETE FROM ${ROLLUP_DAILY_WIDE.name};`, `DELETE FROM ${ROLLUP_WIDE_STATE.name};`, ...wide,
    `DELETE FROM ${RUNS.name};`, runs,
  ].join('\n');
}
