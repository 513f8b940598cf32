/** Main-thread side of the SQLite checkpoint worker (sqlite/checkpoint-worker.ts): starts it, stops it. */
import { Worker } from 'node:worker_threads';
import { workerUrl } from './thread-client.js';
import { WAL_SIZE_LIMIT } from './event-writer.js';

/** How often the WAL is copied back, and the WAL size past which the checkpoint waits until it can copy all of it. */
export const CHECKPOINT_INTERVAL_MS = 250;
export const MAX_WAL_BYTES = WAL_SIZE_LIMIT;

export class Checkpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private closing: Promise<void> | null = null;

  constructor(file: string) {
    this.worker = new Worker(workerUrl('checkpoint-worker'), { workerData: { file, intervalMs: CHECKPOINT_INTERVAL_MS, maxWalBytes: MAX_WAL_BYTES } });
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    // a failed checkpoint thread leaves the WAL to grow until the next start (and the last connection's close): say so
    this.worker.on('error', (err) => console.error(`llmobserve: the SQLite checkpoint thread failed: ${err.message}`));
  }

  /** Stops after a last checkpoint (the writer closes first, so that one copies everything). */
  close(): Promise<void> {
    if (!this.closing) {
      this.worker.postMessage({ close: true });
      this.closing = this.exited;
    }
    return this.closing;
  }
}
