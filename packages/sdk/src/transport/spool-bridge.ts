/**
 * The transport's side of the spool (`spoolDir`): events that overflow the queue are written on the next turn
 * (never on the caller's path), batches out of attempts are written again, spooled segments come back as batches,
 * and a segment is deleted once every batch made of it is settled (acknowledged or refused).
 */
import type { TraceEvent } from '@llmobserve/shared';
import { errorMessage, log } from '../log.js';
import type { Spool } from '../spool/spool.js';
import { batchesOf, type Batch, type BatchKeys, type SegmentRef } from './batch.js';
import type { TransportStats } from './stats.js';

export class SpoolBridge {
  /** events that overflowed the queue, written to the spool on the next turn */
  private spill: TraceEvent[] = [];
  private spillScheduled = false;

  /** `spool`: the current settings' spool; `countDropped`: events neither sent nor written. */
  constructor(
    private readonly spool: () => Spool | null | undefined,
    private readonly s: TransportStats,
    private readonly countDropped: (n: number) => void,
  ) {}

  /** Is there anything to replay? */
  hasData(): boolean {
    try {
      return this.spool()?.hasData() ?? false;
    } catch (err) {
      log.debug(`spool: ${errorMessage(err)}`);
      return false;
    }
  }

  /** An event pushed out of a full queue: written on the next turn. */
  spillLater(event: TraceEvent): void {
    this.spill.push(event);
    if (this.spillScheduled) return;
    this.spillScheduled = true;
    setImmediate(() => {
      this.spillScheduled = false;
      this.flushSpill();
    });
  }

  flushSpill(): void {
    if (this.spill.length === 0) return;
    const events = this.spill;
    this.spill = [];
    this.write(events);
  }

  /** Writes events to the spool; those it cannot take are dropped (counted). */
  write(events: TraceEvent[]): void {
    if (events.length === 0) return;
    const spool = this.spool();
    const written = spool ? spool.append(events) : 0;
    this.s.spooled += written;
    this.countDropped(events.length - written);
  }

  /** A batch is settled: a replayed one's segment is deleted once all of its batches are. */
  settled(batch: Batch): void {
    const ref = batch.segment;
    if (!ref) return;
    ref.open--;
    if (ref.open === 0) this.spool()?.done(ref.seg);
  }

  /** The next spooled segment as batches (at most `maxBatchSize` events, one key each), or null when none. */
  claim(maxBatchSize: number, keys: BatchKeys): Batch[] | null {
    const spool = this.spool();
    if (!spool) return null;
    this.flushSpill();
    const seg = spool.claimNext();
    if (!seg) return null;
    if (seg.events.length === 0) {
      spool.done(seg);
      return null;
    }
    const ref: SegmentRef = { seg, open: 0 };
    const batches: Batch[] = [];
    for (let i = 0; i < seg.events.length; i += maxBatchSize) {
      const events = seg.events.slice(i, i + maxBatchSize);
      this.s.replayed += events.length;
      // (a segment may mix tenants with per-tenant keys: one batch per key)
      for (const b of batchesOf(events, keys, Number.MAX_SAFE_INTEGER, ref)) {
        ref.open++;
        batches.push(b);
      }
    }
    return batches;
  }

  /**
   * Everything undelivered to disk (at exit): the overflow, `queued` events and those of `batches` (segments being
   * replayed are given back instead); then the spool is closed. The batch in flight is written too: if it was
   * delivered meanwhile, the replay is a duplicate, which the collector stores once.
   */
  spillAll(queued: () => TraceEvent[], batches: readonly Batch[]): void {
    const spool = this.spool();
    if (!spool) return;
    this.flushSpill();
    const live = queued();
    const segments = new Set<SegmentRef>();
    for (const b of batches) {
      if (b.segment) segments.add(b.segment);
      else live.push(...b.events);
    }
    this.write(live);
    for (const ref of segments) spool.release(ref.seg);
    spool.close();
  }
}
