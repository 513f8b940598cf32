/**
 * The SQLite writer worker: owns one write connection and commits batches in arrival order. Batches that arrive
 * while a transaction runs are committed together in the next one (group commit): fewer commits, and rollup rows
 * shared by the batches are updated once. Each batch still gets its own result, sent only after its commit.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createGroupWriter, openConnection, type SqliteOptions } from './event-writer.js';
import type { StoredEventInput } from '../../domain/event.js';
import { assertStorable } from '../storable.js';
import { SQLITE_PURGE_EXPIRED } from '../retention.js';
import { rowsToEvents, type EventRow } from './event-message.js';

const { file, options } = workerData as { file: string; options: SqliteOptions };
const db = openConnection(file, options);
const write = createGroupWriter(db);
const purge = db.prepare(SQLITE_PURGE_EXPIRED);
const MAX_GROUP_EVENTS = 20_000;

let queue: (Job | PurgeJob)[] = [];
let closing = false;

type Job = { id: number; events: StoredEventInput[] };
type PurgeJob = { id: number; purge: { now: number; limit: number } };

const failure = (err: unknown) => ({ error: (err as Error).message, code: (err as { code?: unknown }).code });

/** Writes a group in one transaction; when that fails, each batch alone, so that one batch can only fail itself. */
function commit(group: Job[]): void {
  try {
    const results = write(group.map((g) => g.events));
    group.forEach((g, i) => parentPort!.postMessage({ id: g.id, result: results[i] }));
    return;
  } catch (err) {
    if (group.length === 1) {
      parentPort!.postMessage({ id: group[0]!.id, ...failure(err) });
      return;
    }
  }
  for (const g of group) commit([g]);
}

function drain(): void {
  while (queue.length > 0) {
    const group: Job[] = [];
    let size = 0;
    const head = queue[0]!;
    if ('purge' in head) {
      // a retention batch: its own short transaction between two group commits
      queue.shift();
      try {
        parentPort!.postMessage({ id: head.id, result: db.transaction(() => purge.run(head.purge.now, head.purge.limit).changes).immediate() });
      } catch (err) {
        parentPort!.postMessage({ id: head.id, ...failure(err) });
      }
      continue;
    }
    while (queue.length > 0 && !('purge' in queue[0]!) && (group.length === 0 || size + queue[0]!.events.length <= MAX_GROUP_EVENTS)) {
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
  }
  if (closing) {
    db.close();
    parentPort!.close();
  }
}

parentPort!.on('message', (m: { id: number; rows: EventRow[] } | PurgeJob | { close: true }) => {
  if ('close' in m) closing = true;
  else queue.push('rows' in m ? { id: m.id, events: rowsToEvents(m.rows) } : m);
  // Messages that arrived during the last transaction are all delivered before this runs: one group.
  if (queue.length === 1 || closing) setImmediate(drain);
});
