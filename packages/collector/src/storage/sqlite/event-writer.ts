/**
 * The event write path of the SQLite adapter: one transaction inserts a group of batches (only the rows not stored
 * yet: a replayed span is a duplicate), and the aggregates are folded from the rows really inserted (sqlite/fold.ts)
 * — in the same transaction on the main thread, in a later one on the writer thread (createDeferredWriter), which
 * folds many groups at once and before any read.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { StoredEventInput } from '../../domain/event.js';
import { EVENTS, rowsRunner } from '../columns.js';
import { insertSql } from '../statements.js';
import { createFolder } from './fold.js';
import type { WriteResult } from '../types.js';
import { refreshPlannerStats } from './migrations.js';

/** Planner statistics are refreshed after this many committed events (a bounded PRAGMA optimize: milliseconds). */
export const OPTIMIZE_EVERY_EVENTS = 250_000;

export interface SqliteOptions {
  synchronous?: 'NORMAL' | 'FULL';
  /**
   * false: this connection never checkpoints the WAL on commit (SQLite's wal_autocheckpoint); a checkpoint thread
   * does it instead (sqlite/checkpoint-worker.ts), so the writer's commits do not pay for copying pages back.
   */
  autoCheckpoint?: boolean;
  /** The size the WAL file is cut back to whenever it starts over (bytes; default WAL_SIZE_LIMIT). */
  walSizeLimit?: number;
}

/**
 * The WAL file is truncated to this when a writer starts it over (SQLite's journal_size_limit). A burst the
 * checkpoints could not keep up with (a 9M-event backfill grew it to 9.9 GB in docs/benchmarks.md) otherwise keeps
 * the file at its largest until the last connection closes; the checkpoint thread's RESTART bound is the same size.
 */
export const WAL_SIZE_LIMIT = 256 * 1024 * 1024;

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
  db.pragma(`journal_size_limit = ${options.walSizeLimit ?? WAL_SIZE_LIMIT}`);
  return db;
}

const INSERT_EVENT = insertSql(EVENTS, 'sqlite');
/** one event's insert, every value its own argument (columns.ts rowsRunner) */
const insertRow = rowsRunner<StoredEventInput>(EVENTS, 'sqlite', 1);

export type EventWriter = (events: StoredEventInput[]) => WriteResult;
/** Several batches in one transaction (group commit); each gets its own result. */
export type GroupWriter = (batches: StoredEventInput[][]) => WriteResult[];

export interface DeferredGroupWriter {
  /** Inserts the batches in one transaction; their aggregates wait for `fold` (sqlite/fold.ts). */
  write: GroupWriter;
  /** Events inserted and not folded yet, and since when (ms; 0 when none). */
  unfolded(): { events: number; since: number };
  /** Folds every unfolded event in one transaction (from memory, or from the stored rows if another connection folded). */
  fold(): number;
}

/**
 * The writer of the writer thread: inserts in the acknowledged transaction, folds later (sqlite/fold.ts). It first
 * folds whatever a previous process inserted and did not fold (a crash between the two).
 */
export function createDeferredWriter(db: Database.Database): DeferredGroupWriter {
  const insertEvent = db.prepare(INSERT_EVENT);
  const folder = createFolder(db);
  folder.foldStored();
  let pending: StoredEventInput[] = [];
  /** the watermark the pending events follow, and the id of the last of them */
  let pendingAfter = folder.foldedThrough();
  let pendingThrough = pendingAfter;
  let since = 0;
  /** an id was not the next one: another connection inserted events in between (not ours to fold from memory) */
  let gap = false;
  // the inserted events are kept aside until the commit: a rolled-back group (one bad batch) leaves nothing to fold
  const insert = db.transaction((batches: StoredEventInput[][]) => insertBatches(insertEvent, batches, pendingThrough));
  const foldPending = db.transaction((): number => {
    const events = pending;
    const [after, through, contiguous] = [pendingAfter, pendingThrough, !gap];
    pending = [];
    pendingAfter = pendingThrough;
    since = 0;
    gap = false;
    // another connection folded some of them, or an earlier fold failed after its events left memory: fold from
    // the stored rows instead (also when nothing is pending here)
    if (!contiguous || folder.foldedThrough() !== after) return -1;
    if (events.length > 0) folder.fold(events, through);
    return events.length;
  });
  const optimize = optimizer(db);
  return {
    write(batches) {
      const { results, inserted, through, contiguous } = insert.immediate(batches);
      for (const e of inserted) pending.push(e);
      pendingThrough = through;
      if (!contiguous) gap = true;
      if (since === 0 && pending.length > 0) since = Date.now();
      optimize(results);
      return results;
    },
    unfolded: () => ({ events: pending.length, since }),
    fold() {
      const n = foldPending.immediate();
      return n >= 0 ? n : folder.foldStored();
    },
  };
}

/** The writer of the main thread (in-memory databases, LLMOBSERVE_SQLITE_WRITER=main): folds in the ingest transaction. */
export function createGroupWriter(db: Database.Database): GroupWriter {
  const insertEvent = db.prepare(INSERT_EVENT);
  const folder = createFolder(db);
  folder.foldStored();
  const tx = db.transaction((batches: StoredEventInput[][]): WriteResult[] => {
    const { results, inserted, through } = insertBatches(insertEvent, batches, 0);
    // Rollup rows shared by the batches are updated once for all of them.
    if (inserted.length > 0) folder.fold(inserted, through);
    return results;
  });
  const optimize = optimizer(db);
  return (batches) => {
    const results = tx.immediate(batches);
    optimize(results);
    return results;
  };
}

/**
 * Inserts each batch's events not stored yet (inside the caller's transaction): each batch's result, the inserted
 * events, the last id, and whether every id followed the one before (from `after`: nobody else inserted in between).
 */
function insertBatches(insertEvent: Database.Statement, batches: StoredEventInput[][], after: number) {
  const inserted: StoredEventInput[] = [];
  let [through, contiguous] = [after, true];
  const results = batches.map((events): WriteResult => {
    const already = inserted.length;
    const duplicateIndexes: number[] = [];
    events.forEach((e, i) => {
      const r = insertRow(insertEvent, events, i) as Database.RunResult;
      if (r.changes === 1) {
        inserted.push(e);
        const id = Number(r.lastInsertRowid);
        if (id !== through + 1) contiguous = false;
        through = id;
      } else duplicateIndexes.push(i);
    });
    return { accepted: inserted.length - already, duplicateIndexes };
  });
  return { results, inserted, through, contiguous };
}

/** Refreshes planner statistics every OPTIMIZE_EVERY_EVENTS committed events. */
function optimizer(db: Database.Database): (results: WriteResult[]) => void {
  let sinceOptimize = 0;
  return (results) => {
    for (const r of results) sinceOptimize += r.accepted;
    if (sinceOptimize >= OPTIMIZE_EVERY_EVENTS) {
      sinceOptimize = 0;
      refreshPlannerStats(db);
    }
  };
}

export function createEventWriter(db: Database.Database): EventWriter {
  const write = createGroupWriter(db);
  return (events) => write([events])[0]!;
}
