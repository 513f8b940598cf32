/** Main-thread side of the SQLite writer worker: sends batches, resolves each with its own result. */
import { Worker } from 'node:worker_threads';
import type { StoredEventInput, WriteResult } from '../types.js';
import type { SqliteOptions } from './event-writer.js';

type Pending = { resolve: (r: WriteResult) => void; reject: (e: Error) => void };

// Under tsx (tests, benchmarks) this module is TypeScript source; built, it is JavaScript.
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './writer-worker.ts' : './writer-worker.js', import.meta.url);

export class WriterThread {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closing: Promise<void> | null = null;

  constructor(private readonly file: string, private readonly options: SqliteOptions) {}

  write(events: StoredEventInput[]): Promise<WriteResult> {
    if (this.closing) return Promise.reject(new Error('storage is closing'));
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, events });
    });
  }

  close(): Promise<void> {
    if (!this.closing) {
      const worker = this.worker;
      this.closing = worker
        ? new Promise<void>((resolve) => {
            worker.once('exit', () => resolve());
            worker.postMessage({ close: true });
          })
        : Promise.resolve();
    }
    return this.closing;
  }

  private start(): Worker {
    const worker = new Worker(WORKER_URL, { workerData: { file: this.file, options: this.options } });
    worker.on('message', (m: { id: number; result?: WriteResult; error?: string; code?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.result) p.resolve(m.result);
      // The driver's code (SQLITE_FULL, SQLITE_READONLY, ...) travels with the message: it decides 503 or 500.
      else p.reject(Object.assign(new Error(`SQLite write failed: ${m.error}`), { code: m.code }));
    });
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`SQLite writer thread exited (${code})`)));
    this.worker = worker;
    return worker;
  }
}
