/**
 * Events this SDK instance drops without sending them, and how the collector is told.
 *
 * `x-llmobserve-dropped: <n>` goes with a request when events were dropped that the collector will never see —
 * pushed out of the full queue without a spool, or refused by a full (or unwritable) spool — and no acknowledged
 * request reported them yet. `n` is that running count: only a 2xx answer takes what it carried off (a retried or
 * refused request carries it again, plus later drops), so a count is reported until one request carrying it is
 * acknowledged. It is not per tenant: it goes with the next request whatever its API key (the collector counts it
 * for the tenant of that key). Not in it: batches dropped after MAX_ATTEMPTS (they may have reached the collector,
 * e.g. on timeouts) and events the collector refused (it knows those). `stats().dropped` counts both kinds.
 */
import { log } from '../log.js';
import type { TransportStats } from './stats.js';

export const DROPPED_HEADER = 'x-llmobserve-dropped';
/** At most one "dropped" warning per this interval. */
const DROP_WARN_INTERVAL_MS = 10_000;

export class Drops {
  private unreported = 0;
  private warnedAt = 0;

  /** `maxQueueSize`: the current setting, for messages. */
  constructor(
    private readonly s: TransportStats,
    private readonly maxQueueSize: () => number,
  ) {}

  /** `n` events dropped before they could be sent (queue full, spool full). */
  count(n: number): void {
    if (n <= 0) return;
    this.s.dropped += n;
    this.unreported += n;
    const now = Date.now();
    if (this.s.lastError === null) this.s.lastError = `queue full (maxQueueSize=${this.maxQueueSize()}): events dropped`;
    if (now - this.warnedAt >= DROP_WARN_INTERVAL_MS) {
      this.warnedAt = now;
      log.warn(`dropped ${this.s.dropped} event(s) so far: the queue is full (maxQueueSize=${this.maxQueueSize()}); is the collector reachable?`);
    }
  }

  /** The headers of the next request, and the count they report (to pass to `acknowledged` after a 2xx). */
  report(): { headers: Record<string, string>; reported: number } {
    const headers: Record<string, string> = {};
    if (this.unreported > 0) headers[DROPPED_HEADER] = String(this.unreported);
    return { headers, reported: this.unreported };
  }

  /** A request that carried `reported` was acknowledged. */
  acknowledged(reported: number): void {
    this.unreported -= reported;
  }
}
