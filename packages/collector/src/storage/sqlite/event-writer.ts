/**
 * The event write path of the SQLite adapter: one transaction inserts a batch, then folds only the rows really
 * inserted into the hourly rollup, the daily rollups and the run summaries. Used on the main thread or inside the writer worker.
 *
 * The daily families are grouped by SQLite itself: one INSERT … SELECT … GROUP BY … ON CONFLICT per family over the
 * events this transaction inserted — the rows above the largest id before it (a single writer inside BEGIN
 * IMMEDIATE; a duplicate is not inserted, so it is not among them). Nine families cost nine statements per
 * transaction instead of a JS delta and one bound statement per row (bench/ingest.ts; docs/benchmarks.md).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { dailyDeltasFromHourly, hourlyDeltas, runDeltas, type DailyDelta, type HourlyDelta, type RunDelta } from '../rollup.js';
import type { StoredEventInput } from '../../domain/event.js';
import { EVENTS, ROLLUP_DAILY, ROLLUP_HOURLY, rowParams, RUNS } from '../columns.js';
import { insertSql, upsertSql } from '../statements.js';
import type { WriteResult } from '../types.js';
import { createSqliteBillingWriter } from '../billing/ingest-writes.js';
import { refreshPlannerStats } from './migrations.js';

/** Planner statistics are refreshed after this many committed events (a bounded PRAGMA optimize: milliseconds). */
export const OPTIMIZE_EVERY_EVENTS = 250_000;
import { sqliteSignalWriter } from '../insights/signal-writes.js';

export interface SqliteOptions {
  synchronous?: 'NORMAL' | 'FULL';
  /**
   * false: this connection never checkpoints the WAL on commit (SQLite's wal_autocheckpoint); a checkpoint thread
   * does it instead (sqlite/checkpoint-worker.ts), so the writer's commits do not pay for copying pages back.
   */
  autoCheckpoint?: boolean;
}

/**
 * The page size of a new database file. Ingest rewrites rollup pages scattered over the current hour's keys in every
 * transaction; with 16 KiB pages a commit appends a quarter as many WAL frames (bench:ingest-writer: −15 % writer CPU
 * against 4 KiB). An existing database keeps its page size (changing it needs a VACUUM outside WAL mode).
 */
export const NEW_DATABASE_PAGE_SIZE = 16_384;

/** Opens a connection with the collector's pragmas (WAL; NORMAL sync survives a killed process). */
export function openConnection(file: string, options: SqliteOptions = {}): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  // only a database without a page yet takes a page size (before WAL mode is set)
  if (file !== ':memory:' && db.pragma('page_count', { simple: true }) === 0) db.pragma(`page_size = ${NEW_DATABASE_PAGE_SIZE}`);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
  db.pragma('busy_timeout = 5000');
  // Rollup and index pages are hot: a larger page cache and fewer, larger checkpoints keep ingest off the disk.
  db.pragma('cache_size = -65536');
  db.pragma(`wal_autocheckpoint = ${options.autoCheckpoint === false ? 0 : 10000}`);
  return db;
}

const INSERT_EVENT = insertSql(EVENTS, 'sqlite');
const UPSERT_HOURLY = upsertSql(ROLLUP_HOURLY, 'sqlite');
const UPSERT_DAILY = upsertSql(ROLLUP_DAILY, 'sqlite');
const UPSERT_RUN = upsertSql(RUNS, 'sqlite');

const eventParams = rowParams<StoredEventInput>(EVENTS, 'sqlite');
const hourlyParams = rowParams<HourlyDelta>(ROLLUP_HOURLY, 'sqlite');
const dailyParams = rowParams<DailyDelta>(ROLLUP_DAILY, 'sqlite');
const runParams = rowParams<RunDelta>(RUNS, 'sqlite');

export type EventWriter = (events: StoredEventInput[]) => WriteResult;
/** Several batches in one transaction (group commit); each gets its own result. */
export type GroupWriter = (batches: StoredEventInput[][]) => WriteResult[];

export function createGroupWriter(db: Database.Database): GroupWriter {
  const insertEvent = db.prepare(INSERT_EVENT);
  const upsertHourly = db.prepare(UPSERT_HOURLY);
  const upsertRun = db.prepare(UPSERT_RUN);
  const upsertDaily = db.prepare(UPSERT_DAILY);
  const billing = createSqliteBillingWriter(db);
  const insightSignals = sqliteSignalWriter(db);
  const tx = db.transaction((batches: StoredEventInput[][]): WriteResult[] => {
    const inserted: StoredEventInput[] = [];
    const results = batches.map((events): WriteResult => {
      const already = inserted.length;
      const duplicateIndexes: number[] = [];
      events.forEach((e, i) => {
        if (insertEvent.run(eventParams(e)).changes === 1) inserted.push(e);
        else duplicateIndexes.push(i);
      });
      return { accepted: inserted.length - already, duplicateIndexes };
    });
    // Rollup rows shared by the batches are updated once for all of them.
    const hourly = hourlyDeltas(inserted);
    for (const d of hourly) upsertHourly.run(hourlyParams(d));
    for (const d of dailyDeltasFromHourly(hourly)) upsertDaily.run(dailyParams(d));
    for (const r of runDeltas(inserted)) upsertRun.run(runParams(r));
    billing(inserted);
    insightSignals(inserted);
    return results;
  });
  let sinceOptimize = 0;
  return (batches) => {
    const results = tx.immediate(batches);
    for (const r of results) sinceOptimize += r.accepted;
    if (sinceOptimize >= OPTIMIZE_EVERY_EVENTS) {
      sinceOptimize = 0;
      refreshPlannerStats(db);
    }
    return results;
  };
}

export function createEventWriter(db: Database.Database): EventWriter {
  const write = createGroupWriter(db);
  return (events) => write([events])[0]!;
}
