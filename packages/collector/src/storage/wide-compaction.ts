/**
 * The wide daily families are compacted from the hourly rollup once an hour is over (and another has passed), instead
 * of being folded event by event: at high cardinality each of them is about as dense as the hourly rollup (a row per
 * customer × model × section and day), and an upsert per row on every fold cost the SQLite writer ~1.5× its time
 * (docs/benchmarks.md). Compacting closed hours writes each row once per hour at most.
 *
 * The boundary (`rollup_wide_state.through_day`, epoch seconds; named when it was a day's start) is an hour's start:
 * the hours before it are compacted. A compaction moves it to the start of the hour before the current one
 * (compactionBoundary), so that events of the last hour or two — what an SDK's batches deliver — are not late,
 * while the hourly rows a read adds to the wide ones stay within the last two hours (at day grain a read of the
 * wide families summed every hourly row of today: 281,325 rows at 10M events, most of a filtered read's time).
 *
 * Invariant, per tenant: the wide row of a day is the sum of that day's hourly rows of the hours before the
 * boundary (a day wholly before it: all of them). It holds because
 *  - a compaction adds the hours [boundary, new boundary) from the hourly rollup and moves the boundary, in one
 *    transaction;
 *  - whatever changes an hourly row of an hour before the boundary afterwards — a late event, a re-pricing — applies
 *    the same delta to the wide rows in its own transaction (sqlite/fold.ts, the PostgreSQL ingest transaction,
 *    billing's re-pricing).
 * SQLite has one writer at a time, so these never interleave. On PostgreSQL a compaction holds the tenant's
 * advisory lock exclusively and every writer of hourly rows holds it shared, reading the boundary after taking it:
 * a writer either commits before the compaction reads the hourly rows, or reads the moved boundary after it.
 *
 * Reads (time-split.ts, segment-sql.ts, the adapters' aggregate and customerPage) take the wide rows of the days up to
 * the boundary's (its day's row holding the hours before it) and the hours from the boundary on from the hourly
 * rollup: exact either way. A range that ends before the boundary's hour reads that day from the hourly rollup.
 */
import { METRIC_NAMES, ROLLUP_DAILY_WIDE, type DialectName } from './columns.js';
import { upsertFromSql } from './statements.js';
import { WIDE_FAMILIES, wideDeltasFromHourly, wideDims, type WideDelta } from './wide-families.js';
import { dailyDeltasFromHourly, hourlyDeltas, hourOf, type DailyDelta, type HourlyDelta } from './rollup.js';
import { weekCompactionSql, weekDeltas } from './week-grain.js';
import type { StoredEventInput } from '../domain/event.js';

/**
 * The statements compacting a tenant's hourly rows of hours [from, to) (epoch seconds) into the wide families' day
 * rows and the families' week rows (storage/week-grain.ts); parameters tenant, from, to. `before` (an SQL
 * expression): every tenant's hours before it instead, no parameters (the rebuild).
 */
export function compactionSql(dialect: DialectName, before?: string): string[] {
  const [t, from, to] = dialect === 'sqlite' ? ['?', '?', '?'] : ['$1', '$2', '$3'];
  const where = before !== undefined ? `hour < ${before}` : `tenant_id = ${t} AND hour >= ${from} AND hour < ${to}`;
  return [...WIDE_FAMILIES.map((family) => {
    const dims = wideDims(family);
    const select = `SELECT tenant_id, '${family}', (hour / 86400) * 86400, ${dims.map((d) => d ?? `''`).join(', ')}, ${METRIC_NAMES.map((m) => `SUM(${m})`).join(', ')}
FROM rollup_hourly WHERE ${where} GROUP BY tenant_id, (hour / 86400) * 86400, ${dims.filter((d) => d !== null).join(', ')}`;
    return upsertFromSql(ROLLUP_DAILY_WIDE, dialect, select);
  }), ...weekCompactionSql(dialect, where)];
}

export const WIDE_THROUGH_SQL = { sqlite: 'SELECT through_day FROM rollup_wide_state WHERE tenant_id = ?', postgres: 'SELECT through_day FROM rollup_wide_state WHERE tenant_id = $1' } as const;

/** The tenant's lock for the PostgreSQL side of the invariant (shared by writers of hourly rows, exclusive by a compaction). */
export const pgWideLock = (mode: 'shared' | 'exclusive') =>
  `SELECT ${mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock'}(hashtextextended('llmo_wide:' || $1, 0))`;

/** Where a compaction at `now` moves the boundary: the start of the hour before the current one, epoch seconds. */
export const compactionBoundary = (now = Date.now()) => hourOf(now) - 3600;

/** What changes of compacted hours add: to rollup_daily_wide (day and week rows), and to rollup_daily (week rows). */
export interface CompactedDeltas {
  wide: WideDelta[];
  weekly: DailyDelta[];
}

/**
 * What hourly deltas of compacted hours (a late event, a re-pricing) add to the compacted rows: the wide families'
 * day rows, and the families' week rows (storage/week-grain.ts). The day rows of the narrow families follow every
 * hour already (sqlite/fold.ts, the PostgreSQL ingest).
 */
export function compactedFromHourly(late: readonly HourlyDelta[], dialect: DialectName): CompactedDeltas {
  if (late.length === 0) return { wide: [], weekly: [] };
  const wide = wideDeltasFromHourly(late);
  return { wide: [...wide, ...weekDeltas(wide, dialect)], weekly: weekDeltas(dailyDeltasFromHourly(late, dialect), dialect) };
}

/**
 * What events add to the compacted rows at once: those of compacted hours (before `through`, the boundary in epoch
 * seconds; the later hours are compacted from the hourly rollup). Nothing is grouped when none is that old.
 */
export function compactedDayDeltas(events: readonly StoredEventInput[], through: number, dialect: DialectName): CompactedDeltas {
  const late = events.filter((e) => e.started_at < through * 1000);
  return compactedFromHourly(late.length === 0 ? [] : hourlyDeltas(late), dialect);
}
