/**
 * The SQLite writer worker: owns one write connection and commits batches in arrival order. Batches that arrive
 * while a transaction runs are committed together in the next one (group commit): fewer commits. Each batch still
 * gets its own result, sent only after its commit. The aggregates of the inserted events are folded in a later
 * transaction (sqlite/fold.ts): every FOLD_EVENTS events or FOLD_MAX_AGE_MS, when the queue stays empty for
 * IDLE_FOLD_MS, before a retention batch, and when the main thread asks (`fold`: a read is about to run).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createDeferredWriter, openConnection, type SqliteOptions } from './event-writer.js';
import type { StoredEventInput } from '../../domain/event.js';
import { assertStorable } from '../storable.js';
import { SQLITE_PURGE_EXPIRED } from '../retention.js';
import { FOLD_EVENTS, FOLD_MAX_AGE_MS } from './fold.js';
import { rowsToEvents, type EventRow } from './event-message.js';
import { advanceSqliteStep } from './windows.js';
import { type WindowKey } from '../customer-windows.js';
import { adaptStepDays, FIRST_STEP_DAYS, mergeKinds, type AdvanceKind } from '../window-maintenance.js';

const { file, options } = workerData as { file: string; options: SqliteOptions };
// the checkpoint thread copies the WAL back (sqlite/checkpoint-worker.ts): commits here only append to it
const db = openConnection(file, { ...options, autoCheckpoint: false });
const writer = createDeferredWriter(db);
const purge = db.prepare(SQLITE_PURGE_EXPIRED);
const MAX_GROUP_EVENTS = 20_000;
/** A fold once no batch came for this long (light traffic: the aggregates follow within milliseconds). */
const IDLE_FOLD_MS = 20;

type Job = { id: number; events: StoredEventInput[] };
type PurgeJob = { id: number; purge: { now: number; limit: number } };
type FoldJob = { id: number; fold: true };
/**
 * Brings windows of a tenant to the day of `now` (storage/customer-windows.ts): one step (one short transaction) at a
 * time, the job going back to the end of the queue after each, so that the batches that came meanwhile are committed
 * between two steps; `kinds` gathers what the steps did, `stepDays` the next step's days (adaptStepDays).
 */
type AdvanceJob = { id: number; advance: { tenant: string; wanted: WindowKey[]; now: number }; kinds?: Record<string, AdvanceKind>; stepDays?: number };

let queue: (Job | PurgeJob | FoldJob | AdvanceJob)[] = [];
let closing = false;
let idleTimer: NodeJS.Timeout | null = null;

const failure = (err: unknown) => ({ error: (err as Error).message, code: (err as { code?: unknown }).code });
/** The aggregates are not folded yet when a write result says so: the main thread then asks before reading. */
const unfolded = () => writer.unfolded().events;

/** Writes a group in one transaction; when that fails, each batch alone, so that one batch can only fail itself. */
function commit(group: Job[]): void {
  try {
    const results = writer.write(group.map((g) => g.events));
    const pending = unfolded();
    group.forEach((g, i) => parentPort!.postMessage({ id: g.id, result: { ...results[i], unfolded: pending } }));
    return;
  } catch (err) {
    if (group.length === 1) {
      parentPort!.postMessage({ id: group[0]!.id, ...failure(err) });
      return;
    }
  }
  for (const g of group) commit([g]);
}

/** Folds now; a failure (a full disk) leaves the events to the next fold, from the stored rows. */
function fold(): string | null {
  try {
    writer.fold();
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

function foldIfDue(): void {
  const { events, since } = writer.unfolded();
  if (events >= FOLD_EVENTS || (events > 0 && Date.now() - since >= FOLD_MAX_AGE_MS)) fold();
}

function drain(): void {
  while (queue.length > 0) {
    const head = queue[0]!;
    if ('fold' in head) {
      queue.shift();
      const error = fold();
      parentPort!.postMessage(error === null ? { id: head.id, result: null } : { id: head.id, error });
      continue;
    }
    if ('advance' in head) {
      queue.shift();
      try {
        const t0 = performance.now();
        const days = head.stepDays ?? FIRST_STEP_DAYS;
        const step = advanceSqliteStep(db, head.advance.tenant, head.advance.wanted, head.advance.now, days);
        head.stepDays = adaptStepDays(days, performance.now() - t0);
        head.kinds ??= {};
        mergeKinds(head.kinds, step.kinds);
        // (closing: stopped after this step, its progress committed in the window's state; the next advance goes on)
        if (step.done || closing) parentPort!.postMessage({ id: head.id, result: head.kinds });
        else {
          // the next step after the messages that came meanwhile (delivered before an immediate runs)
          queue.push(head);
          setImmediate(drain);
          return;
        }
      } catch (err) {
        parentPort!.postMessage({ id: head.id, ...failure(err) });
      }
      continue;
    }
    if ('purge' in head) {
      // a retention batch: its own short transaction between two group commits, after a fold (it deletes only
      // events whose aggregates are folded, so they stay counted there)
      queue.shift();
      try {
        writer.fold();
        parentPort!.postMessage({ id: head.id, result: db.transaction(() => purge.run(head.purge.now, head.purge.limit).changes).immediate() });
      } catch (err) {
        parentPort!.postMessage({ id: head.id, ...failure(err) });
      }
      continue;
    }
    const group: Job[] = [];
    let size = 0;
    while (queue.length > 0 && 'events' in queue[0]! && (group.length === 0 || size + queue[0]!.events.length <= MAX_GROUP_EVENTS)) {
      const next = queue.shift() as Job;
      // Values that cannot be stored fail their own batch here, before any transaction.
      try {
        assertStorable(next.events);
      } catch (err) {
        parentPort!.postMessage({ id: next.id, ...failure(err) });
        continue;
      }
      size += next.events.length;
      group.push(next);
    }
    if (group.length > 0) commit(group);
    foldIfDue();
  }
  if (closing) {
    fold();
    db.close();
    parentPort!.close();
    return;
  }
  if (unfolded() > 0) {
    idleTimer ??= setTimeout(() => {
      idleTimer = null;
      if (queue.length === 0) fold();
    }, IDLE_FOLD_MS);
  }
}

parentPort!.on('message', (m: { id: number; rows: EventRow[] } | PurgeJob | FoldJob | AdvanceJob | { close: true }) => {
  if (idleTimer) {
    clearTimeout(idleTimer);
    idleTimer = null;
  }
  if ('close' in m) closing = true;
  else queue.push('rows' in m ? { id: m.id, events: rowsToEvents(m.rows) } : m);
  // Messages that arrived during the last transaction are all delivered before this runs: one group.
  if (queue.length === 1 || closing) setImmediate(drain);
});
