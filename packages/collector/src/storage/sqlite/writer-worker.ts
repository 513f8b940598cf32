/**
 * The SQLite writer worker: owns one write connection and commits batches in arrival order. Batches that arrive
 * while a transaction runs are committed together in the next one (group commit): fewer commits, and rollup rows
 * shared by the batches are updated once. Each batch still gets its own result, sent only after its commit.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createGroupWriter, openConnection, type SqliteOptions } from './event-writer.js';
import type { StoredEventInput } from '../types.js';

const { file, options } = workerData as { file: string; options: SqliteOptions };
const db = openConnection(file, options);
const write = createGroupWriter(db);
const MAX_GROUP_EVENTS = 20_000;

let queue: { id: number; events: StoredEventInput[] }[] = [];
let closing = false;

function drain(): void {
  while (queue.length > 0) {
    const group: typeof queue = [];
    let size = 0;
    while (queue.length > 0 && (group.length === 0 || size + queue[0]!.events.length <= MAX_GROUP_EVENTS)) {
      const next = queue.shift()!;
      size += next.events.length;
      group.push(next);
    }
    try {
      const results = write(group.map((g) => g.events));
      group.forEach((g, i) => parentPort!.postMessage({ id: g.id, result: results[i] }));
    } catch (err) {
      for (const g of group) parentPort!.postMessage({ id: g.id, error: (err as Error).message });
    }
  }
  if (closing) {
    db.close();
    parentPort!.close();
  }
}

parentPort!.on('message', (m: { id: number; events: StoredEventInput[] } | { close: true }) => {
  if ('close' in m) closing = true;
  else queue.push(m);
  // Messages that arrived during the last transaction are all delivered before this runs: one group.
  if (queue.length === 1 || closing) setImmediate(drain);
});
