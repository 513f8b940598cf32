/**
 * Which billing reads may run on the SQLite billing reader thread (storage/billing/reader-worker.ts), and the
 * main-thread side that sends them there: the reads of every customer (a period's usage, every late event), which
 * take hundreds of milliseconds at millions of events. One customer's reads stay on the main connection (< 1 ms).
 */
import { ThreadClient } from '../sqlite/thread-client.js';
import { billingRow, type BillingRow } from './deltas.js';
import { BILLING_KEYS, BILLING_MEASURES } from './tables.js';

export const OFFLOADED_READS = ['usage', 'lateEvents'] as const;
export type OffloadedRead = (typeof OFFLOADED_READS)[number];

/** Runs one of the store's reads for a tenant elsewhere (the reader thread), or answers null to run it here. */
export type Offload = <T>(tenant: string, method: OffloadedRead, args: unknown[]) => Promise<T>;

const workerUrl = new URL(import.meta.url.endsWith('.ts') ? './reader-worker.ts' : './reader-worker.js', import.meta.url);

/** A reader thread on `file`; a read over `timeoutMs` fails (503) and the thread is replaced. */
export function billingReader(file: string, timeoutMs: number): { offload: Offload; close: () => Promise<void> } {
  const client = new ThreadClient(workerUrl, { file }, 'SQLite billing read', timeoutMs);
  return {
    offload: async <T>(tenant: string, method: OffloadedRead, args: unknown[]) => {
      const out = await client.call<unknown>({ tenant, method, args });
      return (method === 'usage' ? unpackRows(out as PackedRows) : out) as T;
    },
    close: () => client.close(),
  };
}

/**
 * Usage rows between threads, column-wise: the keys as one string per row, the measures in one Float64Array (exact
 * for integer nanos and token counts, which are safe integers) moved rather than copied. A structured clone of
 * 100,000 row objects costs the main thread more than building them from columns does.
 */
export interface PackedRows {
  /** per key column (BILLING_KEYS), its value of each row */
  keys: string[][];
  measures: Float64Array;
}

const M = BILLING_MEASURES.length;

export function packRows(rows: readonly BillingRow[]): PackedRows {
  const keys = BILLING_KEYS.map((k) => rows.map((r) => r[k]));
  const measures = new Float64Array(rows.length * M);
  rows.forEach((r, i) => {
    for (let m = 0; m < M; m++) measures[i * M + m] = r[BILLING_MEASURES[m]!];
  });
  return { keys, measures };
}

export function unpackRows(p: PackedRows): BillingRow[] {
  const [customers, providers, models, features, units] = p.keys as [string[], string[], string[], string[], string[]];
  const out: BillingRow[] = new Array(customers.length);
  for (let i = 0; i < customers.length; i++) out[i] = billingRow(customers[i]!, providers[i]!, models[i]!, features[i]!, units[i]!, p.measures, i * M);
  return out;
}
