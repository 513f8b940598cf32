/** The SQLite writer worker: owns one write connection and commits batches in arrival order. */
import { parentPort, workerData } from 'node:worker_threads';
import { createEventWriter, openConnection, type SqliteOptions } from './event-writer.js';
import type { StoredEventInput } from '../types.js';

const { file, options } = workerData as { file: string; options: SqliteOptions };
const db = openConnection(file, options);
const write = createEventWriter(db);

parentPort!.on('message', (m: { id: number; events: StoredEventInput[] } | { close: true }) => {
  if ('close' in m) {
    db.close();
    parentPort!.close();
    return;
  }
  try {
    parentPort!.postMessage({ id: m.id, result: write(m.events) });
  } catch (err) {
    parentPort!.postMessage({ id: m.id, error: (err as Error).message });
  }
});
