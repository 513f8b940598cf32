/**
 * The SQLite billing reader worker: the heavy billing reads (every customer's usage of a period, every late event)
 * on a read-only connection of its own, off the main event loop, so that a statement run or a closing never stalls
 * ingest or /health. WAL lets it read committed data while the writer thread writes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { SqliteBillingDb } from './db.js';
import { BillingStore } from './store.js';
import { OFFLOADED_READS, packRows, packedBuffers, type OffloadedRead } from './offload.js';
import type { BillingRow } from './deltas.js';

const { file } = workerData as { file: string };
const db = new Database(file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma('cache_size = -65536');
const billingDb = new SqliteBillingDb(db);

parentPort!.on('message', async (m: { id: number; tenant: string; method: OffloadedRead; args: unknown[] } | { close: true }) => {
  if ('close' in m) {
    db.close();
    parentPort!.close();
    return;
  }
  if ((m.method as string) === 'ping') {
    parentPort!.postMessage({ id: m.id, result: null });
    return;
  }
  try {
    if (!OFFLOADED_READS.includes(m.method)) throw new Error(`not a billing read: ${String(m.method)}`);
    // the store's own reads, on this thread's connection (no offload from here)
    const store = new BillingStore(billingDb, m.tenant) as unknown as Record<OffloadedRead, (...a: unknown[]) => Promise<unknown>>;
    const result = await store[m.method](...m.args);
    if (m.method === 'usage') {
      const packed = packRows(result as BillingRow[]);
      parentPort!.postMessage({ id: m.id, result: packed }, packedBuffers(packed));
    } else parentPort!.postMessage({ id: m.id, result });
  } catch (err) {
    parentPort!.postMessage({ id: m.id, error: (err as Error).message, code: (err as { code?: unknown }).code });
  }
});
