/**
 * Batched delivery to the collector, off the caller's path — the scheduling: `enqueue` is an O(1) push into a
 * bounded queue; batches (batch.ts) leave on a timer (`flushIntervalMs`) or as soon as one is full, one request at a
 * time. Sending one and what its answer means is attempt.ts and outcome.ts; retried batches wait on a timer here,
 * and after MAX_ATTEMPTS a batch is dropped (counted) or spooled. The spool (`spoolDir`) is reached through
 * spool-bridge.ts: its segments are replayed when nothing live waits, towards a collector that answers.
 *
 * When the queue is full the oldest events are dropped (or, with a spool, written to it); the count is logged, kept
 * in `stats()`, and reported to the collector in the `x-llmobserve-dropped` header (drops.ts says exactly what it
 * counts). Flushes wait through settle-waiters.ts.
 *
 * (About 320 lines: what is left is one state machine — queue, ready batches, timers, flush watermarks — whose
 * methods all read and move the same fields; its parts with a job of their own are the modules named above.)
 */
import type { TraceEvent } from '@llmobserve/shared';
import { errorMessage, log } from '../log.js';
import type { Spool } from '../spool/spool.js';
import { batchesOf, halves, type Batch } from './batch.js';
import { Drops } from './drops.js';
import { Attempts } from './attempt.js';
import { MAX_ATTEMPTS } from './outcome.js';
import { BoundedQueue } from './queue.js';
import type { Sender } from './sender.js';
import { SettleWaiters } from './settle-waiters.js';
import { SpoolBridge } from './spool-bridge.js';
import { emptyStats, type TransportStats } from './stats.js';

export { PROBE_INTERVAL_MS } from './attempt.js';
export { DROPPED_HEADER } from './drops.js';
export { FAILURE_LOG_INTERVAL_MS } from './failure-log.js';
export { MAX_ATTEMPTS } from './outcome.js';
export { emptyStats, type TransportStats } from './stats.js';

export interface TransportSettings {
  flushIntervalMs: number;
  maxBatchSize: number;
  maxQueueSize: number;
  apiKey: string | null;
  tenantApiKeys: ReadonlyMap<string, string>;
  /** `spoolDir`: undeliverable and overflowing events go to disk instead of being dropped, and are replayed */
  spool?: Spool | null;
}

export class Transport {
  private readonly queue: BoundedQueue<TraceEvent>;
  private ready: Batch[] = [];
  private sending = false;
  private timer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  /** Retry-After given by the collector: even a flush waits for it */
  private notBefore = 0;
  private kickScheduled = false;
  private readonly waiters = new SettleWaiters();
  private stopped = false;
  /** Events to send even as a partial batch: those queued at the last timer tick (a flush drains everything). */
  private drainBudget = 0;
  private flushing = 0;
  /** events ever enqueued: event number i (0-based) has sequence number i */
  private enqueued = 0;
  private readonly s: TransportStats = emptyStats();
  private readonly drops = new Drops(this.s, () => this.settings.maxQueueSize);
  private readonly spooled = new SpoolBridge(() => this.settings.spool, this.s, (n) => this.drops.count(n));
  private readonly attempts = new Attempts(
    () => ({ sender: this.sender, tenantApiKeys: this.settings.tenantApiKeys, spool: this.settings.spool, stopped: this.stopped }),
    this.s,
    this.drops,
  );

  constructor(
    private settings: TransportSettings,
    private sender: Sender,
  ) {
    this.queue = new BoundedQueue(settings.maxQueueSize);
    this.startTimer();
    this.replaySoon();
  }

  /** A spool with events of an earlier run (or process) is replayed now, not only once traffic comes. */
  private replaySoon(): void {
    if (this.spooled.hasData()) this.kick();
  }

  /** Applies new settings (a second observe()); queued events are kept (the oldest dropped if the queue shrinks). */
  reconfigure(settings: TransportSettings, sender: Sender | null): void {
    const intervalChanged = settings.flushIntervalMs !== this.settings.flushIntervalMs;
    this.settings = settings;
    if (sender) {
      this.sender.close();
      this.sender = sender;
    }
    if (settings.maxQueueSize !== this.queue.capacity) {
      const spooled = this.settings.spool ? this.queue.take(Math.max(0, this.queue.length - settings.maxQueueSize)) : [];
      this.spooled.write(spooled);
      this.drops.count(this.queue.resize(settings.maxQueueSize));
    }
    if (intervalChanged) this.startTimer();
    this.replaySoon();
  }

  enqueue(event: TraceEvent): void {
    if (this.stopped) return;
    this.enqueued++;
    const dropped = this.queue.push(event);
    if (dropped !== undefined) {
      if (this.settings.spool) this.spooled.spillLater(dropped);
      else this.drops.count(1);
    }
    if (this.queue.length >= this.settings.maxBatchSize) this.kick();
  }

  /** Events the queue takes before it drops (or spools) the oldest. */
  get room(): number {
    return Math.max(0, this.queue.capacity - this.queue.length);
  }

  stats(): TransportStats {
    return { ...this.s, pending: this.pendingCount() };
  }

  get idle(): boolean {
    return !this.sending && this.queue.length === 0 && this.ready.length === 0;
  }

  /**
   * Sends everything queued now (backoff waits are skipped, a collector's Retry-After is not) and resolves true once
   * every event enqueued before the call is settled (acknowledged, refused or dropped), or false after `timeoutMs`.
   * Events enqueued meanwhile do not hold it up. Never rejects.
   */
  flush(timeoutMs: number): Promise<boolean> {
    const target = this.enqueued;
    // a spool holding events (of an earlier process, or of an outage) is replayed as part of the flush
    const replay = !this.stopped && this.spooled.hasData();
    const settled = () => this.lowestPending() >= target && (!replay || !this.replayOutstanding());
    // true only if nothing was refused, dropped or spooled meanwhile: every event accepted (or a duplicate)
    const lost0 = this.lostCount();
    const verdict = () => settled() && this.lostCount() === lost0;
    if (settled()) return Promise.resolve(verdict());
    const wait = this.waiters.wait(settled, verdict, timeoutMs);
    this.flushing++;
    this.expedite();
    return wait.finally(() => {
      this.flushing--;
    });
  }

  /** Events not delivered: refused by the collector, dropped, or written to the spool instead. */
  private lostCount(): number {
    return this.s.rejected + this.s.dropped + this.s.spooled;
  }

  /** Spooled events still to be replayed (a segment on disk, or batches of one in flight). */
  private replayOutstanding(): boolean {
    return this.ready.some((b) => b.segment !== undefined) || (!this.stopped && this.spooled.hasData());
  }

  /** Is anything left to deliver (queue, batches, spool)? */
  get hasWork(): boolean {
    return !this.idle || (!this.stopped && this.replayOutstanding());
  }

  /**
   * Exit: gives up on the request in flight (its socket is destroyed, so a collector that accepted the connection
   * but never answers does not hold the process), and stops sending.
   */
  abandon(): void {
    try {
      this.sender.close();
    } catch {
      /* ignore */
    }
  }

  /** Sequence number of the oldest event not settled yet (Infinity when none). */
  private lowestPending(): number {
    let low = this.queue.length > 0 ? this.enqueued - this.queue.length : Infinity;
    for (const b of this.ready) if (b.minSeq < low) low = b.minSeq;
    return low;
  }

  /**
   * Stops timers; queued events are kept only in memory (call flush first) — with a spool, they are written to it
   * (and segments being replayed are given back), so that the next process delivers them.
   */
  stop(): void {
    this.spillAll();
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.timer = null;
    this.retryTimer = null;
    this.sender.close();
    this.waiters.notify();
  }

  /** One more sending attempt now, skipping a backoff wait (used by flush and beforeExit). */
  expedite(): void {
    if (this.retryTimer && Date.now() >= this.notBefore) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    this.kick();
  }

  /** With a spool: writes every undelivered event to it now (queued, in batches, overflowed); no-op without. */
  spillAll(): void {
    if (!this.settings.spool || this.stopped) return;
    try {
      this.spooled.spillAll(() => this.queue.take(this.queue.length), this.ready);
      this.ready = [];
    } catch (err) {
      log.debug(`spool: ${errorMessage(err)}`);
    }
    this.waiters.notify();
  }

  /** Next batches from the spool, when nothing live is waiting and the collector answers. */
  private replayFromSpool(): boolean {
    if (!this.settings.spool || this.ready.length > 0) return false;
    // towards a collector that failed, a replay is itself the probe, at most every PROBE_INTERVAL_MS
    if (!this.attempts.mayReplay()) return false;
    const batches = this.spooled.claim(this.settings.maxBatchSize, this.settings);
    if (!batches) return false;
    this.ready = batches;
    return true;
  }

  private pendingCount(): number {
    let n = this.queue.length;
    for (const b of this.ready) n += b.events.length;
    return n;
  }

  private startTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(() => {
      // send what is queued now, even as a partial batch; later events wait for a full batch or the next tick
      this.drainBudget = this.pendingCount();
      this.kick();
    }, this.settings.flushIntervalMs);
    this.timer.unref();
  }

  private kick(): void {
    if (this.kickScheduled || this.stopped) return;
    this.kickScheduled = true;
    setImmediate(() => {
      this.kickScheduled = false;
      void this.pump();
    });
  }

  private nextBatch(): Batch | undefined {
    if (this.ready.length === 0 && this.queue.length > 0) {
      // a partial batch leaves only on a timer tick or a flush: never one request per event under steady load
      if (this.queue.length < this.settings.maxBatchSize && this.drainBudget <= 0 && this.flushing === 0) {
        return this.replayFromSpool() ? this.ready[0] : undefined;
      }
      const minSeq = this.enqueued - this.queue.length;
      this.ready = batchesOf(this.queue.take(this.settings.maxBatchSize), this.settings, minSeq);
    }
    if (this.ready.length === 0) this.replayFromSpool();
    return this.ready[0];
  }

  private async pump(): Promise<void> {
    if (this.sending || this.stopped || this.retryTimer !== null) return;
    this.sending = true;
    try {
      for (;;) {
        if (this.stopped) break;
        const batch = this.nextBatch();
        if (!batch) break;
        const outcome = await this.attempts.send(batch);
        if (outcome.kind === 'done') {
          this.ready.shift();
          this.spooled.settled(batch);
          this.drainBudget -= batch.events.length;
          this.waiters.notify();
          continue;
        }
        if (outcome.kind === 'split') {
          this.ready.splice(0, 1, ...halves(batch));
          continue;
        }
        batch.attempts++;
        if (batch.attempts >= MAX_ATTEMPTS) {
          this.giveUp(batch);
          continue;
        }
        this.s.retries++;
        if (outcome.honoured) this.notBefore = Date.now() + outcome.delayMs;
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          void this.pump();
        }, outcome.delayMs);
        this.retryTimer.unref();
        break;
      }
    } catch (err) {
      log.debug(`transport: ${errorMessage(err)}`);
    } finally {
      this.sending = false;
      this.waiters.notify();
    }
    // events enqueued while the last request was in flight
    if (!this.stopped && this.retryTimer === null && this.queue.length >= this.settings.maxBatchSize) this.kick();
  }

  /** A batch out of attempts: written to the spool, else dropped (counted). */
  private giveUp(batch: Batch): void {
    this.ready.shift();
    this.drainBudget -= batch.events.length;
    const spool = this.settings.spool;
    if (spool) {
      // written again (to the open segment) before its segment is deleted: nothing is lost in between
      this.spooled.write(batch.events);
      this.spooled.settled(batch);
      log.warnOnce('spooled', `the collector is unreachable; undelivered events are spooled to ${spool.dir}`);
    } else {
      this.s.dropped += batch.events.length;
      log.warn(`dropped a batch of ${batch.events.length} event(s) after ${MAX_ATTEMPTS} attempts: ${this.s.lastError ?? ''}`);
    }
    this.waiters.notify();
  }
}
