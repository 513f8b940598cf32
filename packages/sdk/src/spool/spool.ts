/**
 * Durable delivery (`spoolDir`): events the transport could not deliver within its retry window, or that overflowed
 * the memory queue, are appended to JSON-lines segment files and replayed later — by this process once the
 * collector answers again, or by the next process started with the same `spoolDir` (after a crash or restart).
 *
 * - A write is a synchronous `write(2)` of whole lines: once `append()` returned, the events survive the process
 *   being killed (SIGKILL included; a power loss may lose what the OS had not flushed).
 * - Segments rotate at `SEGMENT_BYTES`; a segment is claimed for replay by renaming it (`.claimed-<pid>`), so two
 *   live processes sharing a directory never replay the same file; a claim of a dead process is taken back.
 * - A segment is deleted only after every event in it was acknowledged by the collector (or refused by it). A crash
 *   in between replays the segment again: the collector stores a span once (span_id is its idempotency key).
 * - Memory stays bounded: one segment is read at a time. Disk is bounded by `maxBytes`: beyond, events are dropped
 *   (counted) rather than written.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TraceEvent } from '@llmobserve/shared';
import { errorMessage, log } from '../log.js';

export const SEGMENT_BYTES = 1024 * 1024;
const SEGMENT_RE = /^seg-(\d+)-(\d+)-(\d+)\.jsonl$/;
const CLAIMED_RE = /^(seg-\d+-\d+-\d+\.jsonl)\.claimed-(\d+)$/;

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface ClaimedSegment {
  /** the claimed file (to release or delete) */
  file: string;
  /** the segment's original name (to give it back) */
  name: string;
  events: TraceEvent[];
}

export class Spool {
  private fd: number | null = null;
  private current: string | null = null;
  private currentBytes = 0;
  private counter = 0;
  private totalBytes = 0;
  private failedOnce = false;

  constructor(
    readonly dir: string,
    readonly maxBytes: number,
    private readonly segmentBytes: number = SEGMENT_BYTES,
  ) {
    fs.mkdirSync(dir, { recursive: true });
    this.recoverClaims();
    this.totalBytes = this.scanBytes();
  }

  /** Bytes on disk (all segments, as last counted). */
  get bytes(): number {
    return this.totalBytes;
  }

  /** Appends events; returns how many were written (0 when over `maxBytes` or the write failed). */
  append(events: readonly TraceEvent[]): number {
    if (events.length === 0) return 0;
    try {
      const data = Buffer.from(events.map((e) => JSON.stringify(e)).join('\n') + '\n', 'utf8');
      if (this.totalBytes + data.length > this.maxBytes) return 0;
      if (this.fd === null || this.currentBytes >= this.segmentBytes) this.rotate();
      let off = 0;
      while (off < data.length) off += fs.writeSync(this.fd!, data, off, data.length - off);
      this.currentBytes += data.length;
      this.totalBytes += data.length;
      return events.length;
    } catch (err) {
      if (!this.failedOnce) {
        this.failedOnce = true;
        log.warn(`spool: cannot write to ${this.dir}: ${errorMessage(err)}`);
      }
      return 0;
    }
  }

  /** Claims the oldest replayable segment (closing the one being written if it is the only one) and reads it. */
  claimNext(): ClaimedSegment | null {
    try {
      const names = this.replayable();
      if (names.length === 0) {
        if (this.current === null || this.currentBytes === 0) return null;
        this.closeCurrent();
        return this.claimNext();
      }
      for (const name of names) {
        const from = path.join(this.dir, name);
        const file = `${from}.claimed-${process.pid}`;
        try {
          fs.renameSync(from, file);
        } catch {
          continue; // claimed by another process meanwhile
        }
        return { file, name, events: this.read(file) };
      }
    } catch (err) {
      log.debug(`spool: ${errorMessage(err)}`);
    }
    return null;
  }

  /** Every event of the segment is settled: delete it. */
  done(seg: ClaimedSegment): void {
    try {
      const size = fs.statSync(seg.file).size;
      fs.unlinkSync(seg.file);
      this.totalBytes = Math.max(0, this.totalBytes - size);
    } catch (err) {
      log.debug(`spool: ${errorMessage(err)}`);
    }
  }

  /** Gives a claimed segment back (not replayed completely: at shutdown). */
  release(seg: ClaimedSegment): void {
    try {
      fs.renameSync(seg.file, path.join(this.dir, seg.name));
    } catch (err) {
      log.debug(`spool: ${errorMessage(err)}`);
    }
  }

  /** Is there anything to replay (a closed segment, or data in the open one)? */
  hasData(): boolean {
    if (this.currentBytes > 0) return true;
    try {
      return this.replayable().length > 0;
    } catch {
      return false;
    }
  }

  close(): void {
    this.closeCurrent();
  }

  private rotate(): void {
    this.closeCurrent();
    const name = `seg-${String(Date.now()).padStart(15, '0')}-${process.pid}-${this.counter++}.jsonl`;
    this.current = path.join(this.dir, name);
    this.fd = fs.openSync(this.current, 'a');
    this.currentBytes = 0;
  }

  private closeCurrent(): void {
    if (this.fd !== null) {
      try {
        fs.closeSync(this.fd);
      } catch {
        /* ignore */
      }
      if (this.currentBytes === 0 && this.current) {
        try {
          fs.unlinkSync(this.current);
        } catch {
          /* ignore */
        }
      }
    }
    this.fd = null;
    this.current = null;
    this.currentBytes = 0;
  }

  /** Segments not being written by a live process (ours: all but the open one), oldest first. */
  private replayable(): string[] {
    const currentName = this.current ? path.basename(this.current) : null;
    return fs
      .readdirSync(this.dir)
      .filter((n) => {
        const m = SEGMENT_RE.exec(n);
        if (!m || n === currentName) return false;
        const pid = Number(m[2]);
        return pid === process.pid || !alive(pid);
      })
      .sort();
  }

  private recoverClaims(): void {
    for (const n of fs.readdirSync(this.dir)) {
      const m = CLAIMED_RE.exec(n);
      if (!m) continue;
      const pid = Number(m[2]);
      if (pid !== process.pid && alive(pid)) continue;
      try {
        fs.renameSync(path.join(this.dir, n), path.join(this.dir, m[1]!));
      } catch {
        /* taken by another process */
      }
    }
  }

  private scanBytes(): number {
    let total = 0;
    for (const n of fs.readdirSync(this.dir)) {
      if (!SEGMENT_RE.test(n) && !CLAIMED_RE.test(n)) continue;
      try {
        total += fs.statSync(path.join(this.dir, n)).size;
      } catch {
        /* gone */
      }
    }
    return total;
  }

  private read(file: string): TraceEvent[] {
    const out: TraceEvent[] = [];
    const text = fs.readFileSync(file, 'utf8');
    for (const line of text.split('\n')) {
      if (line === '') continue;
      try {
        const e = JSON.parse(line) as TraceEvent;
        if (e && typeof e === 'object' && typeof e.span_id === 'string') out.push(e);
      } catch {
        // a line cut by a crash mid-write: the events before and after it are kept
      }
    }
    return out;
  }
}
