/**
 * Raw-event retention: each tenant may set how many days its raw events are kept (tenants.retention_days; unset =
 * for ever). Rollups, run summaries and closed statements are kept, so the dashboard's totals and breakdowns do not
 * change when old events go; what goes is the events themselves (a run's span tree, the export).
 *
 * Applied in bounded batches (`purgeExpiredEvents(now, limit)` deletes at most `limit` events, oldest first, through
 * the (tenant_id, started_at) index) by a sweeper that runs one batch at a time and yields between them, so ingest
 * interleaves with it: on SQLite each batch is one short transaction on the writer thread between group commits; on
 * PostgreSQL one statement (a SECURITY DEFINER function, see schema.ts) whose deleted rows autovacuum reclaims.
 */
import type { Storage } from './types.js';

export const RETENTION_DAY_MS = 86_400_000;
/** The longest retention a tenant may set (100 years). */
export const MAX_RETENTION_DAYS = 36_500;

export interface RetentionOptions {
  /** Between sweeps when nothing was left to delete (env LLMOBSERVE_RETENTION_INTERVAL_MS, default 60 s). */
  intervalMs?: number;
  /** Events per batch (env LLMOBSERVE_RETENTION_BATCH, default 5000). */
  batch?: number;
  /** Pause between two full batches, ms (default 50): ingest's transactions run in between. */
  pauseMs?: number;
  onError?: (err: unknown) => void;
}

/** Starts the sweeper; stop() waits for a batch in flight. */
export function startRetention(storage: Pick<Storage, 'purgeExpiredEvents'>, o: RetentionOptions = {}): { stop(): Promise<void> } {
  const intervalMs = o.intervalMs ?? Number(process.env.LLMOBSERVE_RETENTION_INTERVAL_MS ?? 60_000);
  const batch = o.batch ?? Number(process.env.LLMOBSERVE_RETENTION_BATCH ?? 5000);
  const pauseMs = o.pauseMs ?? 50;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = sweep();
    }, ms);
    timer.unref();
  };
  const sweep = async () => {
    let full = false;
    try {
      full = (await storage.purgeExpiredEvents(Date.now(), batch)) >= batch;
    } catch (err) {
      o.onError?.(err);
    }
    schedule(full ? pauseMs : intervalMs);
  };
  schedule(Math.min(intervalMs, 1000));
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/**
 * SQLite: the oldest expired events of every tenant with a retention, at most `limit` of them — never the newest
 * stored event (the largest id), even expired: a new event's id is the largest plus one, and the aggregates' fold
 * counts on ids that only grow (sqlite/fold.ts); deleting the largest would hand its id to the next event, already
 * below the fold watermark.
 */
export const SQLITE_PURGE_EXPIRED = `DELETE FROM trace_events WHERE id IN (
  SELECT e.id FROM tenants t JOIN trace_events e ON e.tenant_id = t.tenant_id AND e.started_at < ? - t.retention_days * ${RETENTION_DAY_MS}
  WHERE t.retention_days IS NOT NULL AND e.id < (SELECT MAX(id) FROM trace_events) LIMIT ?)`;
