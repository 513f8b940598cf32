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
  // started now (loading its modules and opening its connection take a while), not at the first statement run
  client.call({ tenant: '', method: 'ping', args: [] }).catch(() => undefined);
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
  /** per key column (BILLING_KEYS): its distinct values and each row's index into them (few distinct values) */
  keys: { values: string[]; index: Uint32Array }[];
  measures: Float64Array;
}

const M = BILLING_MEASURES.length;

export function packRows(rows: readonly BillingRow[]): PackedRows {
  const keys = BILLING_KEYS.map((k) => {
    const seen = new Map<string, number>();
    const values: string[] = [];
    const index = new Uint32Array(rows.length);
    rows.forEach((r, i) => {
      let n = seen.get(r[k]);
      if (n === undefined) {
        seen.set(r[k], (n = values.length));
        values.push(r[k]);
      }
      index[i] = n;
    });
    return { values, index };
  });
  const measures = new Float64Array(rows.length * M);
  rows.forEach((r, i) => {
    for (let m = 0; m < M; m++) measures[i * M + m] = r[BILLING_MEASURES[m]!];
  });
  return { keys, measures };
}

/** The buffers packRows' answer can move to the other thread instead of copying. */
export const packedBuffers = (p: PackedRows): ArrayBuffer[] => [p.measures.buffer as ArrayBuffer, ...p.keys.map((k) => k.index.buffer as ArrayBuffer)];

export function unpackRows(p: PackedRows): BillingRow[] {
  const [c, pr, mo, fe, un] = p.keys as [PackedRows['keys'][0], PackedRows['keys'][0], PackedRows['keys'][0], PackedRows['keys'][0], PackedRows['keys'][0]];
  const n = c.index.length;
  const out: BillingRow[] = new Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = billingRow(c.values[c.index[i]!]!, pr.values[pr.index[i]!]!, mo.values[mo.index[i]!]!, fe.values[fe.index[i]!]!, un.values[un.index[i]!]!, p.measures, i * M);
  }
  return out;
}
