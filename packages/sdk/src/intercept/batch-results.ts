/**
 * A batch results download (OpenAI's Batch output file, Anthropic's message-batch results): an undici handler
 * decorator (a ForwardingHandler, like CallTracker: every callback reaches the original handler first, unchanged)
 * that keeps references to the body's chunks and reads them as JSON lines in later turns of the event loop
 * (setImmediate). Each line is one request of the batch, run and billed by the provider at the batch discount: it
 * becomes one event with the usage of its own result.
 *
 *  - Idempotent: an event's span id is derived from the result's unique id, so a results file downloaded twice (a
 *    retry, a second worker) is stored once by the collector.
 *  - Bounded: lines are parsed as they arrive into small summaries (delivered during the download beyond
 *    BATCH_HIGH_WATER of them, else after it); a huge line (an embeddings result of many vectors) is read from its
 *    head and tail. A body whose first line is not a batch result (an uploaded input file) is not read further.
 *  - No data loss on a cut download: the complete lines received are recorded.
 *  - Delivered without overflowing the SDK's queue (`emitMany` waits for the transport to drain).
 */
import { createHash } from 'node:crypto';
import type { TraceEvent } from '@llmobserve/shared';
import { LIMITS } from '../constants.js';
import type { Context } from '../context/store.js';
import { attribution, callEvent, truncate } from '../events.js';
import { errorMessage, log } from '../log.js';
import type { BatchResultItem, BatchResultsReader, ProviderAdapter } from '../providers/types.js';
import type { ActiveState } from '../state.js';
import { decompressorFor, LineSplitter, type Decompressor } from './body.js';
import { ForwardingHandler, type LegacyHandler } from './forwarding.js';
import type { TrackerHost } from './tracker.js';

/** Events handed to the transport at a time. */
const EMIT_CHUNK = 1000;
/**
 * Results kept while the download goes on: beyond, they are delivered during the download (bounding memory for
 * batches of any size); up to it, after the download, so that reading a results file is not slowed by delivery.
 */
export const BATCH_HIGH_WATER = 20_000;
/** Pending results that start a delivery during the download: a full chunk beyond the high-water mark. */
const DELIVER_DURING_DOWNLOAD_AT = BATCH_HIGH_WATER + EMIT_CHUNK;

/** A stable id for a result: the same result always gets the same span id (UUID-shaped, from SHA-256). */
export function batchSpanId(provider: string, key: string): string {
  const h = createHash('sha256').update(`llmobserve-batch\u0000${provider}\u0000${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export class BatchResultsTracker extends ForwardingHandler {
  private statusCode = 0;
  private contentEncoding = '';
  private chunks: Buffer[] = [];
  private scheduled = false;
  private splitter: LineSplitter | null = null;
  private decompress: Decompressor | null = null;
  /** false: not read (an error status, an unknown encoding, or not a results file). */
  private reading = false;
  private sawLine = false;
  /** Results parsed and not delivered yet (see BATCH_HIGH_WATER). */
  private items: BatchResultItem[] = [];
  private pumping: Promise<void> | null = null;
  /** The whole body was read: what is left in `items` is delivered even if less than a chunk. */
  private finished = false;
  private delivered = 0;
  private ended = false;

  constructor(
    h: LegacyHandler,
    private readonly host: TrackerHost,
    private readonly adapter: ProviderAdapter,
    private readonly reader: BatchResultsReader,
    /** what the reader matched in the URL (batch id, file id) */
    private readonly ref: string,
    private readonly ctx: Context,
  ) {
    super(h);
  }

  protected headers(statusCode: number, headers: unknown): void {
    this.statusCode = statusCode;
    if (Array.isArray(headers)) {
      for (let i = 0; i + 1 < headers.length; i += 2) {
        if (String(headers[i]).toLowerCase() === 'content-encoding') this.contentEncoding = String(headers[i + 1]).trim().toLowerCase();
      }
    }
    if (statusCode >= 200 && statusCode < 300) this.setup();
  }

  protected data(chunk: Buffer): void {
    if (!this.reading) return;
    this.chunks.push(chunk);
    this.schedule();
  }

  // ---- our side ----

  private setup(): void {
    const d = decompressorFor(this.contentEncoding);
    if (d === null) return; // an encoding we cannot read: the results are not recorded
    this.splitter = new LineSplitter(
      (line) => this.line(line),
      (head, tail) => this.longLine(head, tail),
    );
    if (d) {
      d.on('data', (c: Buffer) => this.splitter?.push(c));
      d.on('error', (err) => {
        log.debug(`batch results decompression failed: ${errorMessage(err)}`);
        this.stopReading();
      });
      this.decompress = d;
    }
    this.reading = true;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.drain();
    });
  }

  /** Feeds the chunks received so far to the line splitter (through the decompressor). */
  private drain(): void {
    try {
      const chunks = this.chunks;
      this.chunks = [];
      for (const c of chunks) {
        if (!this.reading) return;
        if (this.decompress) this.decompress.write(c);
        else this.splitter?.push(c);
      }
    } catch (err) {
      log.debug(`batch results: ${errorMessage(err)}`);
      this.stopReading();
    }
  }

  private stopReading(): void {
    this.reading = false;
    this.chunks = [];
    this.splitter = null;
  }

  private accept(item: BatchResultItem | null): void {
    const first = !this.sawLine;
    this.sawLine = true;
    if (item) {
      this.items.push(item);
      if (this.items.length >= DELIVER_DURING_DOWNLOAD_AT) void this.pump();
    } else if (first) {
      this.stopReading(); // not a results file
    }
  }

  private line(line: Buffer): void {
    if (!this.reading) return;
    let text = line.toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.accept(null);
      return;
    }
    this.accept(this.reader.summarizeLine(this.ref, parsed));
  }

  private longLine(head: Buffer, tail: Buffer): void {
    if (!this.reading) return;
    this.accept(this.reader.summarizeLongLine(this.ref, head.toString('utf8'), tail.toString('utf8')));
  }

  protected end(): void {
    if (this.ended) return;
    this.ended = true;
    try {
      this.host.pendingStarted(this);
      setImmediate(() => {
        this.drain();
        const finish = () => {
          this.splitter?.end();
          this.finished = true;
          void this.deliverRest();
        };
        const d = this.decompress;
        if (d && this.reading) {
          let done = false;
          const go = () => {
            if (done) return;
            done = true;
            finish();
          };
          d.once('end', go);
          d.once('error', go);
          d.end();
        } else {
          finish();
        }
      });
    } catch (err) {
      log.debug(`batch results end: ${errorMessage(err)}`);
      this.host.pendingDone(this);
    }
  }

  /** Delivers the results parsed so far, a chunk at a time; one pump runs at a time. */
  private pump(): Promise<void> {
    this.pumping ??= this.pumpLoop().finally(() => {
      this.pumping = null;
    });
    return this.pumping;
  }

  private async pumpLoop(): Promise<void> {
    while (this.items.length >= DELIVER_DURING_DOWNLOAD_AT || (this.finished && this.items.length > 0)) {
      const chunk = this.items.splice(0, EMIT_CHUNK);
      try {
        const active = this.host.active();
        if (!active || !active.config.enabled) {
          this.items = []; // observe() was turned off meanwhile: drop, as for any call
          return;
        }
        const events: TraceEvent[] = [];
        for (const item of chunk) {
          const e = this.event(active, item);
          if (e) events.push(e);
        }
        await active.emitMany(events);
        this.delivered += events.length;
      } catch (err) {
        log.debug(`could not record batch results: ${errorMessage(err)}`);
      }
    }
  }

  /** After the end of the body: delivers what is left, then lets flush() through. */
  private async deliverRest(): Promise<void> {
    try {
      while (this.items.length > 0 || this.pumping) await this.pump();
      if (this.delivered > 0) log.debug(`batch ${this.ref}: ${this.delivered} result(s) recorded`);
    } finally {
      this.host.pendingDone(this);
    }
  }

  private customer(active: ActiveState, item: BatchResultItem, fallback: string | null): string | null {
    const f = active.config.batchCustomerId;
    if (f === null || item.customId === null) return fallback;
    try {
      const c = f(item.customId);
      if (typeof c === 'string' && c !== '' && c.length <= LIMITS.customerIdLength) return c;
    } catch (err) {
      log.warnOnce('batch-customer', `batchCustomerId threw (${errorMessage(err)}); results keep the reader's customer`);
    }
    return fallback;
  }

  private event(active: ActiveState, item: BatchResultItem): TraceEvent | null {
    const spanId = batchSpanId(this.adapter.name, item.key);
    const a = attribution(this.ctx, active.config, spanId);
    if (!a) return null;
    const metadata: Record<string, string> = { batch: truncate(this.ref, 256) };
    if (item.customId !== null) metadata.custom_id = truncate(item.customId, 256);
    if (item.responseId) metadata.provider_response_id = truncate(item.responseId, 256);
    if (item.requestId) metadata.provider_request_id = truncate(item.requestId, 256);
    const event = callEvent(spanId, { ...a, customer_id: this.customer(active, item, a.customer_id) }, {
      spanType: item.spanType,
      provider: this.adapter.name,
      endpoint: this.reader.endpoint,
      model: item.model,
      usage: item.usage,
      startedAt: item.createdAtMs ?? Date.now(),
      latencyMs: 0, // not known: the provider ran it within the batch window
      status: item.status,
      error: item.error,
      isStreaming: false,
      usageEstimated: false,
    });
    event.metadata = metadata;
    if (item.units) event.units = item.units;
    return event;
  }
}
