/**
 * Batched delivery to the collector, off the caller's path: `enqueue` is an O(1) push into a bounded queue; batches
 * leave on a timer (`flushIntervalMs`) or as soon as one is full, one request at a time.
 *
 * Outcomes of a POST /events:
 *  - 2xx: acknowledged (per-event rejections in the body are logged once per message, not retried);
 *  - 413: the batch is split in two and both halves are sent (a single event too large is dropped);
 *  - 408, 429, 5xx, network errors, timeouts: retried with exponential backoff and jitter, honouring Retry-After;
 *    after MAX_ATTEMPTS a batch is dropped (counted);
 *  - other 3xx/4xx: logged once per status, dropped, not retried.
 * The first failed attempt is logged at once, with the reason and what happens next; while failures go on, one line
 * at most every FAILURE_LOG_INTERVAL_MS says how many; the first success after failures says so.
 * When the queue is full the oldest events are dropped; the count is logged, kept in `stats()`, and reported to the
 * collector in the `x-llmobserve-dropped` header of the next request.
 */
import type { TraceEvent } from '@llmobserve/shared';
import { errorMessage, log } from '../log.js';
import { backoffDelay, parseRetryAfter } from './backoff.js';
import { BoundedQueue } from './queue.js';
import type { ClaimedSegment, Spool } from '../spool/spool.js';
import type { Sender, SendResponse } from './sender.js';

export const MAX_ATTEMPTS = 8;
/** With a spool and a failing collector: how often a replay is tried (it is the probe). */
export const PROBE_INTERVAL_MS = 5_000;
/** While deliveries keep failing: at most one warning per this interval (the first failure is logged at once). */
export const FAILURE_LOG_INTERVAL_MS = 30_000;

export interface TransportSettings {
  flushIntervalMs: number;
  maxBatchSize: number;
  maxQueueSize: number;
  apiKey: string | null;
  tenantApiKeys: ReadonlyMap<string, string>;
  /** `spoolDir`: undeliverable and overflowing events go to disk instead of being dropped, and are replayed */
  spool?: Spool | null;
}

export interface TransportStats {
  /** events waiting (queued or in a batch being sent) */
  pending: number;
  /** events the collector stored (accepted) */
  accepted: number;
  /** events the collector already had (replays) */
  duplicates: number;
  /** events the collector refused (4xx or per-event rejections) */
  rejected: number;
  /** events dropped by the SDK (queue full, or retries exhausted) */
  dropped: number;
  batches: number;
  retries: number;
  lastError: string | null;
  /** events written to the spool (`spoolDir`) */
  spooled: number;
  /** events read back from the spool and sent again */
  replayed: number;
  /** failed attempts in a row (0 once one succeeds) */
  consecutiveFailures: number;
}

interface Batch {
  events: TraceEvent[];
  apiKey: string | null;
  attempts: number;
  /** sequence number of the oldest event of the take this batch came from (flush watermark) */
  minSeq: number;
  /** a batch replayed from a spool segment */
  segment?: SegmentRef;
}

interface SegmentRef {
  seg: ClaimedSegment;
  /** batches of the segment not settled yet */
  open: number;
}

type Outcome = { kind: 'done' } | { kind: 'retry'; delayMs: number; honoured: boolean } | { kind: 'split' };

/** Counters before anything was sent (also what stats() reports when observe() was never called). */
export function emptyStats(): TransportStats {
  return {
    pending: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    dropped: 0,
    batches: 0,
    retries: 0,
    lastError: null,
    spooled: 0,
    replayed: 0,
    consecutiveFailures: 0,
  };
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
  private droppedUnreported = 0;
  private dropWarnAt = 0;
  private idleWaiters: Array<() => void> = [];
  private stopped = false;
  /** Events to send even as a partial batch: those queued at the last timer tick (a flush drains everything). */
  private drainBudget = 0;
  private flushing = 0;
  /** events ever enqueued: event number i (0-based) has sequence number i */
  private enqueued = 0;
  private readonly s: TransportStats = emptyStats();
  /** events that overflowed the queue, written to the spool on the next turn */
  private spill: TraceEvent[] = [];
  private spillScheduled = false;
  /** false after a failed attempt, true after an acknowledged one: replay only towards a collector that answers */
  private healthy = true;
  private lastFailureAt = 0;
  private failureLoggedAt = 0;
  private failuresSinceLog = 0;

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
    try {
      if (this.settings.spool?.hasData()) this.kick();
    } catch (err) {
      log.debug(`spool: ${errorMessage(err)}`);
    }
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
      this.toSpool(spooled);
      this.countDropped(this.queue.resize(settings.maxQueueSize));
    }
    if (intervalChanged) this.startTimer();
    this.replaySoon();
  }

  enqueue(event: TraceEvent): void {
    if (this.stopped) return;
    this.enqueued++;
    const dropped = this.queue.push(event);
    if (dropped !== undefined) {
      if (this.settings.spool) this.spillLater(dropped);
      else this.countDropped(1);
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
    const spool = this.settings.spool;
    let replay = false;
    try {
      replay = !!spool && !this.stopped && spool.hasData();
    } catch {
      replay = false;
    }
    const settled = () => this.lowestPending() >= target && (!replay || !this.replayOutstanding());
    // true only if nothing was refused, dropped or spooled meanwhile: every event accepted (or a duplicate)
    const lost0 = this.lostCount();
    const verdict = () => settled() && this.lostCount() === lost0;
    if (settled()) return Promise.resolve(verdict());
    return new Promise<boolean>((resolve) => {
      let done = false;
      const finish = (ok: boolean) => {
        if (done) return;
        done = true;
        clearTimeout(t);
        const i = this.idleWaiters.indexOf(waiter);
        if (i !== -1) this.idleWaiters.splice(i, 1);
        resolve(ok);
      };
      const waiter = () => {
        if (settled()) finish(verdict());
      };
      const t = setTimeout(() => finish(verdict()), timeoutMs);
      this.idleWaiters.push(waiter);
      this.flushing++;
      this.expedite();
    }).finally(() => {
      this.flushing--;
    });
  }

  /** Events not delivered: refused by the collector, dropped, or written to the spool instead. */
  private lostCount(): number {
    return this.s.rejected + this.s.dropped + this.s.spooled;
  }

  /** Spooled events still to be replayed (a segment on disk, or batches of one in flight). */
  private replayOutstanding(): boolean {
    if (this.ready.some((b) => b.segment !== undefined)) return true;
    try {
      return !this.stopped && (this.settings.spool?.hasData() ?? false);
    } catch {
      return false;
    }
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

  private notify(): void {
    for (const w of this.idleWaiters.slice()) w();
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
    this.notify();
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
    const spool = this.settings.spool;
    if (!spool || this.stopped) return;
    try {
      this.flushSpill();
      const live: TraceEvent[] = this.queue.take(this.queue.length);
      const segments = new Set<SegmentRef>();
      // the batch in flight (ready[0] while sending) is written too: if it was delivered meanwhile, the replay is a
      // duplicate, which the collector stores once
      for (const b of this.ready) {
        if (b.segment) segments.add(b.segment);
        else live.push(...b.events);
      }
      this.ready = [];
      this.toSpool(live);
      for (const ref of segments) spool.release(ref.seg);
      spool.close();
    } catch (err) {
      log.debug(`spool: ${errorMessage(err)}`);
    }
    this.notify();
  }

  private spillLater(event: TraceEvent): void {
    this.spill.push(event);
    if (this.spillScheduled) return;
    this.spillScheduled = true;
    setImmediate(() => {
      this.spillScheduled = false;
      this.flushSpill();
    });
  }

  private flushSpill(): void {
    if (this.spill.length === 0) return;
    const events = this.spill;
    this.spill = [];
    this.toSpool(events);
  }

  /** Writes events to the spool; those it cannot take are dropped (counted). */
  private toSpool(events: TraceEvent[]): void {
    if (events.length === 0) return;
    const spool = this.settings.spool;
    const written = spool ? spool.append(events) : 0;
    this.s.spooled += written;
    this.countDropped(events.length - written);
  }

  /** A replayed batch is settled: its segment is deleted once all of its batches are. */
  private segmentBatchDone(batch: Batch): void {
    const ref = batch.segment;
    if (!ref) return;
    ref.open--;
    if (ref.open === 0) this.settings.spool?.done(ref.seg);
  }

  /** Next batches from the spool, when nothing live is waiting and the collector answers. */
  private replayFromSpool(): boolean {
    const spool = this.settings.spool;
    if (!spool || this.ready.length > 0) return false;
    // towards a collector that failed, a replay is itself the probe, at most every PROBE_INTERVAL_MS
    if (!this.healthy && Date.now() - this.lastFailureAt < PROBE_INTERVAL_MS) return false;
    this.flushSpill();
    const seg = spool.claimNext();
    if (!seg) return false;
    if (seg.events.length === 0) {
      spool.done(seg);
      return false;
    }
    const ref: SegmentRef = { seg, open: 0 };
    for (let i = 0; i < seg.events.length; i += this.settings.maxBatchSize) {
      const events = seg.events.slice(i, i + this.settings.maxBatchSize);
      ref.open++;
      this.s.replayed += events.length;
      this.ready.push({ events, apiKey: this.keyFor(events[0]!), attempts: 0, minSeq: Number.MAX_SAFE_INTEGER, segment: ref });
    }
    // (batches of one segment may mix tenants with per-tenant keys: regroup)
    if (this.settings.tenantApiKeys.size > 0) {
      const regrouped: Batch[] = [];
      for (const b of this.ready) {
        const groups = new Map<string | null, TraceEvent[]>();
        for (const e of b.events) {
          const k = this.keyFor(e);
          let g = groups.get(k);
          if (!g) groups.set(k, (g = []));
          g.push(e);
        }
        ref.open += groups.size - 1;
        for (const [apiKey, evs] of groups) regrouped.push({ ...b, events: evs, apiKey });
      }
      this.ready = regrouped;
    }
    return true;
  }

  private tenantsOf(batch: Batch): string[] {
    return [...new Set(batch.events.map((e) => e.tenant_id ?? '?'))].sort();
  }

  /** With tenantApiKeys: the tenants of the batch that have no key there (the default apiKey was sent), or null. */
  private missingKeyHint(batch: Batch): string | null {
    const keys = this.settings.tenantApiKeys;
    if (keys.size === 0) return null;
    const missing = this.tenantsOf(batch).filter((t) => !keys.has(t));
    if (missing.length === 0) return null;
    return `tenant ${missing.map((t) => JSON.stringify(t)).join(', ')} is not in tenantApiKeys, so the ${batch.apiKey === null ? 'request had no key' : 'default apiKey was sent for it'}`;
  }

  /** Which key was sent for which tenant(s): a tenant missing from tenantApiKeys is named. */
  private authHint(batch: Batch): string {
    const list = this.tenantsOf(batch).map((t) => JSON.stringify(t)).join(', ');
    const missing = this.missingKeyHint(batch);
    if (missing) return missing;
    if (batch.apiKey === null) return `no API key was sent for tenant ${list} (set apiKey${this.settings.tenantApiKeys.size > 0 ? ' or tenantApiKeys' : ''})`;
    return `the API key sent for tenant ${list} is not accepted for it (wrong key, revoked, or of another tenant)`;
  }

  private keyFor(e: TraceEvent): string | null {
    return (e.tenant_id !== undefined ? this.settings.tenantApiKeys.get(e.tenant_id) : undefined) ?? this.settings.apiKey;
  }

  private pendingCount(): number {
    let n = this.queue.length;
    for (const b of this.ready) n += b.events.length;
    return n;
  }

  private countDropped(n: number): void {
    if (n <= 0) return;
    this.s.dropped += n;
    this.droppedUnreported += n;
    const now = Date.now();
    if (this.s.lastError === null) this.s.lastError = `queue full (maxQueueSize=${this.settings.maxQueueSize}): events dropped`;
    if (now - this.dropWarnAt >= 10_000) {
      this.dropWarnAt = now;
      log.warn(
        `dropped ${this.s.dropped} event(s) so far: the queue is full (maxQueueSize=${this.settings.maxQueueSize}); is the collector reachable?`,
      );
    }
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
      const events = this.queue.take(this.settings.maxBatchSize);
      const keys = this.settings.tenantApiKeys;
      if (keys.size === 0) {
        this.ready.push({ events, apiKey: this.settings.apiKey, attempts: 0, minSeq });
      } else {
        const groups = new Map<string | null, TraceEvent[]>();
        for (const e of events) {
          const k = (e.tenant_id !== undefined ? keys.get(e.tenant_id) : undefined) ?? this.settings.apiKey;
          let g = groups.get(k);
          if (!g) groups.set(k, (g = []));
          g.push(e);
        }
        for (const [apiKey, evs] of groups) this.ready.push({ events: evs, apiKey, attempts: 0, minSeq });
      }
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
        const outcome = await this.sendBatch(batch);
        if (outcome.kind === 'done') {
          this.ready.shift();
          this.segmentBatchDone(batch);
          this.drainBudget -= batch.events.length;
          this.notify();
          continue;
        }
        if (outcome.kind === 'split') {
          const half = Math.ceil(batch.events.length / 2);
          this.ready.splice(
            0,
            1,
            { events: batch.events.slice(0, half), apiKey: batch.apiKey, attempts: 0, minSeq: batch.minSeq, segment: batch.segment },
            { events: batch.events.slice(half), apiKey: batch.apiKey, attempts: 0, minSeq: batch.minSeq, segment: batch.segment },
          );
          if (batch.segment) batch.segment.open++;
          continue;
        }
        batch.attempts++;
        if (batch.attempts >= MAX_ATTEMPTS) {
          this.ready.shift();
          this.drainBudget -= batch.events.length;
          if (this.settings.spool) {
            // written again (to the open segment) before its segment is deleted: nothing is lost in between
            this.toSpool(batch.events);
            this.segmentBatchDone(batch);
            log.warnOnce('spooled', `the collector is unreachable; undelivered events are spooled to ${this.settings.spool.dir}`);
          } else {
            this.s.dropped += batch.events.length;
            log.warn(`dropped a batch of ${batch.events.length} event(s) after ${MAX_ATTEMPTS} attempts: ${this.s.lastError ?? ''}`);
          }
          this.notify();
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
      this.notify();
    }
    // events enqueued while the last request was in flight
    if (!this.stopped && this.retryTimer === null && this.queue.length >= this.settings.maxBatchSize) this.kick();
  }

  private async sendBatch(batch: Batch): Promise<Outcome> {
    let res: SendResponse;
    try {
      const extra: Record<string, string> = {};
      if (this.droppedUnreported > 0) extra['x-llmobserve-dropped'] = String(this.droppedUnreported);
      const reported = this.droppedUnreported;
      this.s.batches++;
      res = await this.sender.send(JSON.stringify(batch.events), batch.apiKey, extra);
      if (res.status >= 200 && res.status < 300) this.droppedUnreported -= reported;
      this.healthy = res.status < 500 && res.status !== 408 && res.status !== 429;
      if (!this.healthy) this.lastFailureAt = Date.now();
    } catch (err) {
      this.healthy = false;
      this.lastFailureAt = Date.now();
      this.s.lastError = `${errorMessage(err)} (${this.sender.target})`;
      const outcome = { kind: 'retry', delayMs: backoffDelay(batch.attempts + 1), honoured: false } as const;
      this.failed(batch, this.s.lastError, outcome);
      return outcome;
    }
    const outcome = this.handleResponse(batch, res);
    if (res.status >= 200 && res.status < 300) this.succeeded();
    // (a refusal that is not retried has its own message, once per status)
    else if (outcome.kind === 'retry') this.failed(batch, this.s.lastError ?? `HTTP ${res.status}`, outcome);
    return outcome;
  }

  /** What happens to a batch after a failed attempt, in words. */
  private nextStep(batch: Batch, outcome: Outcome & { kind: 'retry' }): string {
    const n = batch.events.length;
    const after = this.settings.spool ? `then written to the spool ${this.settings.spool.dir}` : 'then dropped';
    const attempt = batch.attempts + 1;
    if (attempt >= MAX_ATTEMPTS) return this.settings.spool ? `${n} event(s) written to the spool ${this.settings.spool.dir}` : `${n} event(s) dropped`;
    return `retrying ${n} event(s) in ${(outcome.delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${MAX_ATTEMPTS}, ${after})`;
  }

  /** The first failure is said at once; while they go on, one line per FAILURE_LOG_INTERVAL_MS. */
  private failed(batch: Batch, reason: string, outcome: Outcome & { kind: 'retry' }): void {
    // (after stop(): the request abandoned at exit, already reported as spooled or lost)
    if (this.stopped) return;
    this.s.consecutiveFailures++;
    this.failuresSinceLog++;
    const now = Date.now();
    if (this.s.consecutiveFailures === 1 || now - this.failureLoggedAt >= FAILURE_LOG_INTERVAL_MS) {
      const more = this.s.consecutiveFailures === 1 ? '' : ` (${this.failuresSinceLog} failed attempt(s) since the last message)`;
      log.warn(`delivery to the collector failed: ${reason}; ${this.nextStep(batch, outcome)}${more}`);
      this.failureLoggedAt = now;
      this.failuresSinceLog = 0;
    } else {
      log.debug(`delivery failed again: ${reason}; ${this.nextStep(batch, outcome)}`);
    }
  }

  private succeeded(): void {
    if (this.s.consecutiveFailures > 0) {
      log.warn(`delivery to the collector works again, after ${this.s.consecutiveFailures} failed attempt(s)`);
    }
    this.s.consecutiveFailures = 0;
    this.failuresSinceLog = 0;
  }

  private handleResponse(batch: Batch, res: SendResponse): Outcome {
    const { status } = res;
    if (status >= 200 && status < 300) {
      let body: unknown;
      try {
        body = JSON.parse(res.body);
      } catch {
        body = undefined;
      }
      if (body && typeof body === 'object') {
        const b = body as { accepted?: unknown; duplicates?: unknown; rejected?: unknown };
        const accepted = typeof b.accepted === 'number' ? b.accepted : 0;
        const duplicates = typeof b.duplicates === 'number' ? b.duplicates : 0;
        this.s.accepted += accepted;
        this.s.duplicates += duplicates;
        if (Array.isArray(b.rejected) && b.rejected.length > 0) {
          this.s.rejected += b.rejected.length;
          const first = b.rejected[0] as { message?: unknown } | undefined;
          const msg = typeof first?.message === 'string' ? first.message : 'no message';
          this.s.lastError = `the collector rejected ${b.rejected.length} event(s): ${msg}`;
          log.warnOnce(`rejected:${msg}`, this.s.lastError);
        }
      } else {
        // acknowledged, but not in the documented shape
        this.s.accepted += batch.events.length;
        log.debug(`collector answered ${status} with an unexpected body; counted as accepted`);
      }
      return { kind: 'done' };
    }
    const message = collectorMessage(res.body);
    this.s.lastError = `HTTP ${status}${message ? `: ${message}` : ''}`;
    if (status === 413) {
      if (batch.events.length > 1) return { kind: 'split' };
      this.s.rejected += 1;
      log.warnOnce('413', `the collector refused an event as too large (413); dropped`);
      return { kind: 'done' };
    }
    if (status === 408 || status === 429 || status >= 500) {
      const after = parseRetryAfter(res.headers['retry-after']);
      if (after !== null) return { kind: 'retry', delayMs: after, honoured: true };
      return { kind: 'retry', delayMs: backoffDelay(batch.attempts + 1), honoured: false };
    }
    this.s.rejected += batch.events.length;
    if (status === 401 || status === 403) {
      this.s.lastError = `${this.s.lastError}; ${this.authHint(batch)}`;
      log.warnOnce(`status:${status}:${batch.apiKey ?? ''}:${this.tenantsOf(batch).join(',')}`, `the collector refused ${batch.events.length} event(s) with HTTP ${status}${message ? ` (${message})` : ''}: ${this.authHint(batch)}; not retried`);
      return { kind: 'done' };
    }
    const missing = this.missingKeyHint(batch);
    if (missing) this.s.lastError = `${this.s.lastError}; ${missing}`;
    log.warnOnce(
      `status:${status}${missing ? `:${this.tenantsOf(batch).join(',')}` : ''}`,
      `the collector refused ${batch.events.length} event(s) with HTTP ${status}${message ? ` (${message})` : ''}${missing ? `: ${missing}` : ''}; not retried`,
    );
    return { kind: 'done' };
  }
}

/** The collector's error message, with the first per-event rejection when it lists them (400 "none valid"). */
function collectorMessage(body: string): string | null {
  try {
    const b = JSON.parse(body) as { error?: { message?: unknown }; rejected?: Array<{ message?: unknown }> };
    const m = b?.error?.message;
    const first = Array.isArray(b?.rejected) ? b.rejected[0]?.message : undefined;
    const parts = [typeof m === 'string' ? m : null, typeof first === 'string' ? first : null].filter((x) => x !== null);
    return parts.length > 0 ? parts.join(': ').slice(0, 300) : null;
  } catch {
    return body ? body.slice(0, 120).replace(/\s+/g, ' ') : null;
  }
}
