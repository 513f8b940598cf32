/**
 * Saying delivery failures truthfully without flooding the log: the first failed attempt is logged at once, with
 * the reason and what happens next; while failures go on, one line at most every FAILURE_LOG_INTERVAL_MS says how
 * many; the first success after failures says so. Keeps `consecutiveFailures` of the stats.
 */
import { log } from '../log.js';
import type { Batch } from './batch.js';
import { MAX_ATTEMPTS, type RetryOutcome } from './outcome.js';
import type { TransportStats } from './stats.js';

/** While deliveries keep failing: at most one warning per this interval (the first failure is logged at once). */
export const FAILURE_LOG_INTERVAL_MS = 30_000;

export class FailureLog {
  private loggedAt = 0;
  private sinceLog = 0;

  constructor(private readonly s: TransportStats) {}

  /** A failed attempt of `batch`, to be retried per `outcome`; `spoolDir`: where it goes after the last attempt. */
  failed(batch: Batch, reason: string, outcome: RetryOutcome, spoolDir: string | null): void {
    this.s.consecutiveFailures++;
    this.sinceLog++;
    const now = Date.now();
    if (this.s.consecutiveFailures === 1 || now - this.loggedAt >= FAILURE_LOG_INTERVAL_MS) {
      const more = this.s.consecutiveFailures === 1 ? '' : ` (${this.sinceLog} failed attempt(s) since the last message)`;
      log.warn(`delivery to the collector failed: ${reason}; ${nextStep(batch, outcome, spoolDir)}${more}`);
      this.loggedAt = now;
      this.sinceLog = 0;
    } else {
      log.debug(`delivery failed again: ${reason}; ${nextStep(batch, outcome, spoolDir)}`);
    }
  }

  succeeded(): void {
    if (this.s.consecutiveFailures > 0) {
      log.warn(`delivery to the collector works again, after ${this.s.consecutiveFailures} failed attempt(s)`);
    }
    this.s.consecutiveFailures = 0;
    this.sinceLog = 0;
  }
}

/** What happens to a batch after a failed attempt, in words. */
function nextStep(batch: Batch, outcome: RetryOutcome, spoolDir: string | null): string {
  const n = batch.events.length;
  const after = spoolDir !== null ? `then written to the spool ${spoolDir}` : 'then dropped';
  const attempt = batch.attempts + 1;
  if (attempt >= MAX_ATTEMPTS) return spoolDir !== null ? `${n} event(s) written to the spool ${spoolDir}` : `${n} event(s) dropped`;
  return `retrying ${n} event(s) in ${(outcome.delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${MAX_ATTEMPTS}, ${after})`;
}
