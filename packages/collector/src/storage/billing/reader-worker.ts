/**
 * The SQLite billing reader worker: the heavy billing reads (every customer's usage of a period, every late event)
 * on a read-only connection of its own, off the main event loop, so that a statement run or a closing never stalls
 * ingest or /health. WAL lets it read committed data while the writer thread writes.
 */
import { workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { serveReads } from '../sqlite/reader-loop.js';
import { SqliteBillingDb } from './db.js';
import { BillingStore } from './store.js';
import { OFFLOADED_READS, packRows, packedBuffers, type OffloadedRead } from './offload.js';
import type { BillingRow } from './deltas.js';

const { file } = workerData as { file: string };
const db = new Database(file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma('cache_size = -65536');
const billingDb = new SqliteBillingDb(db);

serveReads(db, OFFLOADED_READS, 'a billing read', async (m) => {
  // the store's own reads, on this thread's connection (no offload from here)
  const store = new BillingStore(billingDb, m.tenant) as unknown as Record<OffloadedRead, (...a: unknown[]) => Promise<unknown>>;
  const result = await store[m.method](...m.args);
  if (m.method !== 'usage') return { result };
  const packed = packRows(result as BillingRow[]);
  return { result: packed, transfer: packedBuffers(packed) };
});
