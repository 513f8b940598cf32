/** Main-thread side of the SQLite writer worker: sends batches, resolves each with its own result. */
import type { StoredEventInput } from '../../domain/event.js';
import type { WriteResult } from '../types.js';
import type { SqliteOptions } from './event-writer.js';
import { ThreadClient, workerUrl } from './thread-client.js';
import { eventsToRows } from './event-message.js';
import type { WindowKey } from '../customer-windows.js';
import type { AdvanceKind } from '../window-maintenance.js';

export class WriterThread {
  private readonly client: ThreadClient;

  constructor(file: string, options: SqliteOptions) {
    this.client = new ThreadClient(workerUrl('writer-worker'), { file, options }, 'SQLite write');
  }

  /** The batch's result, and how many inserted events then waited for their aggregates' fold. */
  write(events: StoredEventInput[]): Promise<WriteResult & { unfolded: number }> {
    // as rows of values: cheaper to clone, on both threads, than the objects (event-message.ts)
    return this.client.call<WriteResult & { unfolded: number }>({ rows: eventsToRows(events) });
  }

  /** Folds every event committed so far into the aggregates (sqlite/fold.ts). */
  fold(): Promise<void> {
    return this.client.call<void>({ fold: true });
  }

  /** One bounded retention batch, committed on the writer thread between group commits. */
  purge(now: number, limit: number): Promise<number> {
    return this.client.call<number>({ purge: { now, limit } });
  }

  /**
   * Brings these windows of a tenant to the day of `now` (storage/customer-windows.ts), a step per transaction with
   * the batches that came meanwhile committed between them; answers what each needed.
   */
  advance(tenant: string, wanted: readonly WindowKey[], now: number): Promise<Record<string, AdvanceKind>> {
    return this.client.call<Record<string, AdvanceKind>>({ advance: { tenant, wanted, now } });
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
