/** Main-thread side of the SQLite writer worker: sends batches, resolves each with its own result. */
import type { StoredEventInput } from '../../domain/event.js';
import type { WriteResult } from '../types.js';
import type { SqliteOptions } from './event-writer.js';
import { ThreadClient, workerUrl } from './thread-client.js';

export class WriterThread {
  private readonly client: ThreadClient;

  constructor(file: string, options: SqliteOptions) {
    this.client = new ThreadClient(workerUrl('writer-worker'), { file, options }, 'SQLite write');
  }

  write(events: StoredEventInput[]): Promise<WriteResult> {
    return this.client.call<WriteResult>({ events });
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
