/**
 * One delivery attempt: sends a batch (with the dropped-events count), turns the answer — or its absence — into an
 * outcome (outcome.ts), says failures (failure-log.ts), and tracks whether the collector answers: spool replays go
 * only to one that does, or at most every PROBE_INTERVAL_MS as the probe.
 */
import { errorMessage } from '../log.js';
import type { Spool } from '../spool/spool.js';
import type { Batch } from './batch.js';
import type { Drops } from './drops.js';
import { FailureLog } from './failure-log.js';
import { isAcknowledged, isHealthyAnswer, noAnswerOutcome, responseOutcome, type Outcome, type RetryOutcome } from './outcome.js';
import type { Sender, SendResponse } from './sender.js';
import type { TransportStats } from './stats.js';

/** With a spool and a failing collector: how often a replay is tried (it is the probe). */
export const PROBE_INTERVAL_MS = 5_000;

/** What an attempt reads from the transport when it needs it (a second observe() may change it). */
export interface AttemptHost {
  readonly sender: Sender;
  readonly tenantApiKeys: ReadonlyMap<string, string>;
  readonly spool: Spool | null | undefined;
  /** stopped: the request was abandoned at exit, already reported as spooled or lost */
  readonly stopped: boolean;
}

export class Attempts {
  /** false after a failed attempt, true after an answer that is not a failure: replays wait for a probe meanwhile */
  private healthy = true;
  private lastFailureAt = 0;
  private readonly failures: FailureLog;

  constructor(
    private readonly host: () => AttemptHost,
    private readonly s: TransportStats,
    private readonly drops: Drops,
  ) {
    this.failures = new FailureLog(s);
  }

  /** May a spool replay be sent now? */
  mayReplay(): boolean {
    return this.healthy || Date.now() - this.lastFailureAt >= PROBE_INTERVAL_MS;
  }

  async send(batch: Batch): Promise<Outcome> {
    let res: SendResponse;
    try {
      const { headers, reported } = this.drops.report();
      this.s.batches++;
      res = await this.host().sender.send(JSON.stringify(batch.events), batch.apiKey, headers);
      if (isAcknowledged(res.status)) this.drops.acknowledged(reported);
      this.healthy = isHealthyAnswer(res.status);
      if (!this.healthy) this.lastFailureAt = Date.now();
    } catch (err) {
      this.healthy = false;
      this.lastFailureAt = Date.now();
      this.s.lastError = `${errorMessage(err)} (${this.host().sender.target})`;
      const outcome = noAnswerOutcome(batch);
      this.failed(batch, this.s.lastError, outcome);
      return outcome;
    }
    const outcome = responseOutcome(batch, res, this.s, this.host().tenantApiKeys);
    if (isAcknowledged(res.status)) this.failures.succeeded();
    // (a refusal that is not retried has its own message, once per status)
    else if (outcome.kind === 'retry') this.failed(batch, this.s.lastError ?? `HTTP ${res.status}`, outcome);
    return outcome;
  }

  private failed(batch: Batch, reason: string, outcome: RetryOutcome): void {
    if (this.host().stopped) return;
    const spool = this.host().spool;
    this.failures.failed(batch, reason, outcome, spool ? spool.dir : null);
  }
}
