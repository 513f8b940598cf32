/**
 * The SQLite reader worker: heavy tenant reads (aggregates, run lists, runs) on a read-only connection of its own,
 * off the main event loop. WAL lets it read committed data while the writer thread writes.
 */
import { workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { serveReads } from './reader-loop.js';
import { StatementCache } from './statement-cache.js';
import { HEAVY_READS, SqliteTenantStore, type HeavyRead, type SqliteRunner } from './sqlite-storage.js';

const { file } = workerData as { file: string };
const db = new Database(file, { readonly: true, fileMustExist: true });
db.pragma('cache_size = -65536');
const statements = new StatementCache();
const runner: SqliteRunner = {
  stmt(sql) {
    return statements.get(sql, () => db.prepare(sql));
  },
  transaction() {
    throw new Error('the reader thread does not write');
  },
};

serveReads(db, HEAVY_READS, 'a read', async (m) => {
  const store = new SqliteTenantStore(runner, m.tenant) as unknown as Record<HeavyRead, (...a: unknown[]) => Promise<unknown>>;
  return { result: await store[m.method](...m.args) };
});
