/**
 * The wide daily families are compacted from the hourly rollup once a day is over, instead of being folded event
 * by event: at high cardinality each of them is about as dense as the hourly rollup (a row per customer × model ×
 * section and day), and an upsert per row on every fold cost the SQLite writer ~1.5× its time (docs/benchmarks.md).
 * Compacting a closed day writes each row once.
 *
 * Invariant, per tenant: for every day before `rollup_wide_state.through_day`, the wide rows are the sums of that
 * day's hourly rows. It holds because
 *  - a compaction adds the days [through_day, today) from the hourly rollup and moves through_day to today, in one
 *    transaction;
 *  - whatever changes an hourly row of a day before through_day afterwards — a late event, a re-pricing — applies the
 *    same delta to the wide rows in its own transaction (sqlite/fold.ts, the PostgreSQL ingest transaction, billing's
 *    re-pricing).
 * SQLite has one writer at a time, so these never interleave. On PostgreSQL a compaction holds the tenant's
 * advisory lock exclusively and every writer of hourly rows holds it shared, reading through_day after taking it: a
 * writer either commits before the compaction reads the hourly rows, or reads the moved through_day after it.
 *
 * Reads (segment-sql.ts, the adapters' aggregate and customerPage) take the days before through_day from the wide
 * families and the rest — today, and any day not compacted yet — from the hourly rollup: exact either way.
 */
import { METRIC_NAMES, ROLLUP_DAILY_WIDE, type DialectName } from './columns.js';
import { upsertFromSql } from './statements.js';
import { WIDE_FAMILIES, wideDeltasFromHourly, wideDims, type WideDelta } from './wide-families.js';
import { dayOf, hourlyDeltas } from './rollup.js';
import type { StoredEventInput } from '../domain/event.js';

/**
 * The statements compacting a tenant's hourly rows of hours [from, to) (epoch seconds); parameters tenant, from, to.
 * `before` (an SQL expression): every tenant's hours before it instead, no parameters (the rebuild).
 */
export function compactionSql(dialect: DialectName, before?: string): string[] {
  const [t, from, to] = dialect === 'sqlite' ? ['?', '?', '?'] : ['$1', '$2', '$3'];
  return WIDE_FAMILIES.map((family) => {
    const dims = wideDims(family);
    const where = before !== undefined ? `hour < ${before}` : `tenant_id = ${t} AND hour >= ${from} AND hour < ${to}`;
    const select = `SELECT tenant_id, '${family}', (hour / 86400) * 86400, ${dims.map((d) => d ?? `''`).join(', ')}, ${METRIC_NAMES.map((m) => `SUM(${m})`).join(', ')}
FROM rollup_hourly WHERE ${where} GROUP BY tenant_id, (hour / 86400) * 86400, ${dims.filter((d) => d !== null).join(', ')}`;
    return upsertFromSql(ROLLUP_DAILY_WIDE, dialect, select);
  });
}

export const WIDE_THROUGH_SQL = { sqlite: 'SELECT through_day FROM rollup_wide_state WHERE tenant_id = ?', postgres: 'SELECT through_day FROM rollup_wide_state WHERE tenant_id = $1' } as const;

/** The tenant's lock for the PostgreSQL side of the invariant (shared by writers of hourly rows, exclusive by a compaction). */
export const pgWideLock = (mode: 'shared' | 'exclusive') =>
  `SELECT ${mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock'}(hashtextextended('llmo_wide:' || $1, 0))`;

/** The start of the current UTC day, epoch seconds: compactions cover the days before it. */
export const todayStart = (now = Date.now()) => dayOf(now);


/**
 * What events add to the wide families at once: those of compacted days (before `through`, a day's start in epoch
 * seconds; the later days are compacted from the hourly rollup). Nothing is grouped when none is that old.
 */
export function compactedDayDeltas(events: readonly StoredEventInput[], through: number): WideDelta[] {
  const late = events.filter((e) => e.started_at < through * 1000);
  return late.length === 0 ? [] : wideDeltasFromHourly(hourlyDeltas(late));
}
