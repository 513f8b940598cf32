/**
 * The SQLite aggregates' fold: what stored events add to the hourly rollup, the daily families (narrow; the wide
 * ones' late events, and their compaction once a day is over), the run summaries, the billing rollups (with the late
 * events of closed periods), the customer window totals (late events only) and the insight signals — applied exactly once per
 * event, tracked by a watermark: `rollup_fold.folded_through`, the largest trace_events id already folded, written
 * in the same transaction as the rows it covers (a crash loses neither, and never counts twice).
 *
 * The writer thread inserts events in one transaction per group of batches (the acknowledgement waits only for
 * that) and folds them in a later one, every FOLD_EVENTS events or FOLD_MAX_AGE_MS, when idle, and before any read
 * (SqliteStorage.settle): a read never sees an acknowledged event missing from the aggregates. Folding many groups at
 * once writes each hot rollup page to the WAL once per fold instead of once per group (bench/ingest-writer.ts;
 * docs/benchmarks.md). The events just inserted are folded from memory; after a restart, or when another
 * connection folded first (a re-pricing), from the stored rows above the watermark.
 *
 * Ids only grow and only the writer inserts events (SQLite has one writer at a time), so "id above the watermark"
 * is exactly "not yet folded". PostgreSQL keeps folding in the ingest transaction: concurrent writers commit ids out
 * of order there, so an id watermark would skip events.
 */
import type Database from 'better-sqlite3';
import { dailyDeltasFromHourly, hourlyDeltas, runDeltas, type DailyDelta, type HourlyDelta, type RunDelta } from '../rollup.js';
import type { StoredEventInput } from '../../domain/event.js';
import { ROLLUP_DAILY, ROLLUP_DAILY_WIDE, ROLLUP_HOURLY, ROLLUP_WIDE_STATE, rowParams, RUNS } from '../columns.js';
import { compactedFromHourly, compactionBoundary, compactionSql, WIDE_THROUGH_SQL } from '../wide-compaction.js';
import type { WideDelta } from '../wide-families.js';
import { upsertFromSql, upsertSql } from '../statements.js';
import { createSqliteBillingWriter } from '../billing/ingest-writes.js';
import { sqliteUpserts } from './upserts.js';
import { INSIGHT_DAILY, INSIGHT_MINUTE, minuteDeltas, retryOf, type MinuteDelta } from '../insights/signals.js';
import { dailySignalSelect, minuteSignalSelect } from '../insights/rebuild.js';
import { rowToEvent, type Row } from '../rows.js';
import { createLateWindowWriter } from './windows.js';

/**
 * Fold after this many inserted events at the latest. It bounds the events held in memory (≈ 1 KB each) and the
 * fold's transaction (≈ 1 s of the writer at the benchmark's traffic, during which new batches wait); the larger, the
 * more a hot rollup row gathers before it is written (bench:ingest-writer, 100,000 events: 35 µs/event folding every
 * 10,000, 33 every 20,000, 25 every 50,000, 22 every 100,000).
 */
export const FOLD_EVENTS = 50_000;
/** … or once the oldest unfolded event has waited this long. */
export const FOLD_MAX_AGE_MS = 1_000;

const minuteParams = rowParams<MinuteDelta>(INSIGHT_MINUTE, 'sqlite');
/** The events of one fold: ids in (the watermark, the fold's last]. */
const RANGE = 'id > ? AND id <= ?';
const FROM_DB_CHUNK = 5_000;

export interface Folder {
  /**
   * Folds these events — every event stored above the watermark up to id `through`, committed or in the caller's
   * transaction — and moves the watermark to `through` (call inside a transaction).
   */
  fold(events: readonly StoredEventInput[], through: number): void;
  /** The watermark as stored. */
  foldedThrough(): number;
  /** Folds every stored event above the watermark, in transactions of FROM_DB_CHUNK events; answers how many. */
  foldStored(): number;
  /**
   * Compacts the closed hours of every tenant whose wide families lag (wide-compaction.ts), in one transaction: at
   * start-up, so that reads of a tenant that writes no more do not sum its hourly rows since its last write.
   */
  compactStale(): void;
}

export function createFolder(db: Database.Database): Folder {
  const upsertHourly = sqliteUpserts<HourlyDelta>(db, ROLLUP_HOURLY);
  const upsertDaily = sqliteUpserts<DailyDelta>(db, ROLLUP_DAILY);
  const upsertWide = sqliteUpserts<WideDelta>(db, ROLLUP_DAILY_WIDE);
  const wideThrough = db.prepare(WIDE_THROUGH_SQL.sqlite).pluck();
  const compactions = compactionSql('sqlite').map((sql) => db.prepare(sql));
  const setWideThrough = db.prepare(upsertSql(ROLLUP_WIDE_STATE, 'sqlite'));
  const upsertRuns = sqliteUpserts<RunDelta>(db, RUNS);
  const billing = createSqliteBillingWriter(db);
  const lateWindows = createLateWindowWriter(db);
  // the insight signals of all calls grouped by SQLite over the fold's id range (insights/rebuild.ts, equal to
  // minuteDeltas / insightDailyDeltas); the per-operation retry rows by minuteDeltas over the few retried calls
  const minuteRows = db.prepare(upsertFromSql(INSIGHT_MINUTE, 'sqlite', minuteSignalSelect(RANGE)));
  const dailySignals = db.prepare(upsertFromSql(INSIGHT_DAILY, 'sqlite', dailySignalSelect(RANGE)));
  const upsertMinute = db.prepare(upsertSql(INSIGHT_MINUTE, 'sqlite'));
  const watermark = db.prepare('SELECT folded_through FROM rollup_fold WHERE id = 1').pluck();
  const setWatermark = db.prepare('UPDATE rollup_fold SET folded_through = ? WHERE id = 1');
  const storedAbove = db.prepare('SELECT * FROM trace_events WHERE id > ? ORDER BY id LIMIT ?');

  const foldedThrough = () => watermark.get() as number;
  const lagging = db.prepare('SELECT tenant_id, through_day FROM rollup_wide_state WHERE through_day < ?');
  /** Compacts each tenant's hours from its boundary to compactionBoundary() (inside a transaction). */
  const compact = (from: ReadonlyMap<string, number>) => {
    const boundary = compactionBoundary();
    for (const [tenant, through] of from) {
      if (through >= boundary) continue;
      for (const c of compactions) c.run(tenant, through, boundary);
      setWideThrough.run(tenant, boundary);
    }
  };
  const compactStale = db.transaction(() => {
    const rows = lagging.all(compactionBoundary()) as { tenant_id: string; through_day: number }[];
    compact(new Map(rows.map((r) => [r.tenant_id, r.through_day])));
  });
  const fold = (events: readonly StoredEventInput[], through: number) => {
    const list = events as StoredEventInput[];
    const hourly = hourlyDeltas(list);
    upsertHourly(hourly);
    const daily = dailyDeltasFromHourly(hourly, 'sqlite');
    upsertDaily(daily);
    // events of closed days: their customer rows into the windows holding those days, per scope (customer-windows.ts)
    lateWindows(hourly);
    // the wide families and the week rows (wide-compaction.ts, week-grain.ts): a late event of a compacted hour at
    // once, the hours that closed compacted
    const compacted = new Map<string, number>();
    for (const h of hourly) if (!compacted.has(h.tenant_id)) compacted.set(h.tenant_id, (wideThrough.get(h.tenant_id) as number | undefined) ?? 0);
    const late = compactedFromHourly(hourly.filter((h) => h.hour < compacted.get(h.tenant_id)!), 'sqlite');
    upsertWide(late.wide);
    upsertDaily(late.weekly);
    compact(compacted);
    upsertRuns(runDeltas(list));
    billing(list);
    const after = foldedThrough();
    minuteRows.run(after, through);
    dailySignals.run(after, through);
    const retried = list.filter((e) => retryOf(e.metadata) !== null);
    if (retried.length > 0) for (const d of minuteDeltas(retried)) if (d.operation_id !== '') upsertMinute.run(minuteParams(d));
    setWatermark.run(through);
  };
  const foldChunk = db.transaction((): number => {
    const rows = storedAbove.all(foldedThrough(), FROM_DB_CHUNK) as Row[];
    if (rows.length > 0) fold(rows.map(rowToEvent) as unknown as StoredEventInput[], rows[rows.length - 1]!.id as number);
    return rows.length;
  });
  return {
    fold,
    foldedThrough,
    foldStored() {
      let total = 0;
      for (let n = foldChunk.immediate(); n > 0; n = foldChunk.immediate()) total += n;
      return total;
    },
    compactStale() {
      compactStale.immediate();
    },
  };
}
