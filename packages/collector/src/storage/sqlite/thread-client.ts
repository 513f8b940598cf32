/**
 * Main-thread side of an SQLite worker thread (the writer, the reader): posts requests, resolves each with its own
 * answer; a failed request rejects with the driver's code (SQLITE_FULL, ...), so callers can tell a storage fault. A
 * request over `timeoutMs` rejects with a StorageUnavailableError and the worker is replaced, so that one heavy
 * query cannot hold the thread for ever.
 */
import { Worker } from 'node:worker_threads';
import { StorageUnavailableError } from '../faults.js';

type Pending = { resolve: (r: unknown) => void; reject: (e: Error) => void; timer?: NodeJS.Timeout };

/** Under tsx (tests, benchmarks) these modules are TypeScript source; built, they are JavaScript. */
export const workerUrl = (name: string) => new URL(import.meta.url.endsWith('.ts') ? `./${name}.ts` : `./${name}.js`, import.meta.url);

export class ThreadClient {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closing: Promise<void> | null = null;

  constructor(private readonly url: URL, private readonly workerData: unknown, private readonly what: string, private readonly timeoutMs?: number) {}

  call<T>(message: Record<string, unknown>): Promise<T> {
    if (this.closing) return Promise.reject(new Error('storage is closing'));
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const p: Pending = { resolve: resolve as (r: unknown) => void, reject };
      if (this.timeoutMs !== undefined) {
        p.timer = setTimeout(() => {
          const err = new StorageUnavailableError(`${this.what}: the query took longer than ${this.timeoutMs} ms and was stopped`, 1);
          // The thread is stuck in a synchronous query: replace it (its other requests fail the same way).
          this.fail(worker, err);
          void worker.terminate();
        }, this.timeoutMs);
        p.timer.unref();
      }
      this.pending.set(id, p);
      worker.postMessage({ id, ...message });
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

  private fail(worker: Worker, err: Error): void {
    if (this.worker !== worker) return;
    this.worker = null;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    this.pending.clear();
  }

  private start(): Worker {
    const worker = new Worker(this.url, { workerData: this.workerData });
    worker.on('message', (m: { id: number; result?: unknown; error?: string; code?: string }) => {
      const p = this.pending.get(m.id);
      if (!p || this.worker !== worker) return;
      this.pending.delete(m.id);
      clearTimeout(p.timer);
      if (m.error === undefined) p.resolve(m.result);
      // The driver's code (SQLITE_FULL, SQLITE_READONLY, ...) travels with the message: it decides 503 or 500.
      else p.reject(Object.assign(new Error(`${this.what} failed: ${m.error}`), { code: m.code }));
    });
    worker.on('error', (err) => this.fail(worker, err));
    worker.on('exit', (code) => this.fail(worker, new Error(`${this.what} thread exited (${code})`)));
    this.worker = worker;
    return worker;
  }
}
