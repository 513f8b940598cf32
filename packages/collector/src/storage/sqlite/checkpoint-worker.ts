/**
 * The SQLite checkpoint worker: copies the WAL back into the database file on its own connection and thread, so the
 * writer's commits never do (the other connections open with wal_autocheckpoint = 0: sqlite/event-writer.ts). A
 * PASSIVE checkpoint never waits for or blocks the writer or readers; it copies what no reader still needs, and the
 * writer starts the WAL over once everything was copied. When the WAL still grows past `maxWalBytes` (readers
 * holding old snapshots, or a checkpointer falling behind), a RESTART checkpoint waits (busy_timeout) until it can
 * copy all of it, so the file stays bounded.
 */
import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, intervalMs, maxWalBytes } = workerData as { file: string; intervalMs: number; maxWalBytes: number };
const db = new Database(file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma('wal_autocheckpoint = 0');

const walBytes = () => {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
};

function checkpoint(): void {
  try {
    db.pragma(walBytes() > maxWalBytes ? 'wal_checkpoint(RESTART)' : 'wal_checkpoint(PASSIVE)');
  } catch {
    // SQLITE_BUSY or a transient fault: the next tick tries again
  }
}

const timer = setInterval(checkpoint, intervalMs);
parentPort!.on('message', (m: { close?: true }) => {
  if (!m.close) return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort!.close();
});
