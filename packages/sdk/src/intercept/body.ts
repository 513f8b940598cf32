/**
 * Keeps a copy of a response body for the tracker, bounded in memory, without ever touching the bytes the caller
 * receives (it only holds references to the chunks undici already produced).
 *
 *  - JSON bodies: all chunks up to JSON_MAX_BYTES; beyond, the first and last TAIL_BYTES (usage sits at the end
 *    of OpenAI bodies, model and id near the start), read by `extractJsonFields`.
 *  - SSE bodies: chunks are kept until FOLD_BYTES, then parsed into events and folded into a running summary by
 *    the adapter, so a long stream costs bounded memory.
 */
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';
import { JsonLinesParser, SseParser } from '../providers/sse.js';
export { firstStringField, lastObjectField } from '../providers/json-fields.js';
import type { ProviderAdapter, ResponseSummary, SseEvent } from '../providers/types.js';

export const JSON_MAX_BYTES = 8 * 1024 * 1024;
export const TAIL_BYTES = 64 * 1024;
export const FOLD_BYTES = 512 * 1024;

/**
 * The first and last TAIL_BYTES of bytes too long to keep whole, from the part kept so far (`all`) on: memory stays
 * bounded however many bytes follow. Head and tail are copies, so `all` is freed.
 */
class HeadAndTail {
  readonly head: Buffer;
  private tail: Buffer[];
  private tailBytes: number;

  constructor(all: Buffer) {
    this.head = Buffer.from(all.subarray(0, TAIL_BYTES));
    const last = Buffer.from(all.subarray(Math.max(0, all.length - TAIL_BYTES)));
    this.tail = [last];
    this.tailBytes = last.length;
  }

  add(chunk: Buffer): void {
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    while (this.tail.length > 1 && this.tailBytes - this.tail[0]!.length >= TAIL_BYTES) this.tailBytes -= this.tail.shift()!.length;
  }

  /** The last TAIL_BYTES. */
  lastBytes(): Buffer {
    const t = Buffer.concat(this.tail);
    return t.subarray(Math.max(0, t.length - TAIL_BYTES));
  }
}

export class JsonBody {
  private chunks: Buffer[] = [];
  private bytes = 0;
  private ends: HeadAndTail | null = null;
  truncated = false;

  add(chunk: Buffer): void {
    if (this.ends !== null) {
      this.ends.add(chunk);
      return;
    }
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    if (this.bytes <= JSON_MAX_BYTES) return;
    // switch to head + tail
    this.ends = new HeadAndTail(Buffer.concat(this.chunks));
    this.chunks = [];
    this.truncated = true;
  }

  /** The whole body as text (when not truncated). */
  text(): string {
    return this.chunks.length === 1 ? this.chunks[0]!.toString('utf8') : Buffer.concat(this.chunks).toString('utf8');
  }

  headText(): string {
    return this.ends ? this.ends.head.toString('utf8') : '';
  }

  tailText(): string {
    return this.ends ? this.ends.lastBytes().toString('utf8') : '';
  }

  get size(): number {
    return this.bytes;
  }
}

const TAIL_EVENTS = 3;
const BLANK_LINE = Buffer.from('\n\n');

/**
 * The last `k` complete events of an SSE body, or null when they cannot be cut cheaply (fewer events, CRLF line
 * ends...). Cutting at a blank line never splits a UTF-8 character (LF bytes only occur as LF).
 */
export function tailEvents(body: Buffer, k: number): SseEvent[] | null {
  let end = body.length;
  // ignore trailing line breaks after the last event
  while (end > 0 && body[end - 1] === 10) end--;
  let pos = end;
  for (let i = 0; i < k; i++) {
    if (pos <= 0) return null;
    const at = body.lastIndexOf(BLANK_LINE, pos - 1);
    if (at === -1) return null;
    pos = at;
  }
  // the body may end without the blank line after its last event: add one
  return new SseParser().push(body.toString('utf8', pos + 2) + '\n\n');
}

export class SseBody {
  /** made when the stream is first parsed (most are summed up from their tail alone, on the caller's path none is) */
  private decoder: StringDecoder | null = null;
  private chunks: Buffer[] = [];
  private bytes = 0;
  private parser: SseParser | JsonLinesParser | null = null;
  private folded: ResponseSummary | null = null;

  /** `lines`: a newline-delimited JSON stream (each line an event) instead of server-sent events. */
  constructor(
    private readonly adapter: ProviderAdapter,
    private readonly endpoint: string,
    private readonly format: 'sse' | 'lines' = 'sse',
  ) {}

  add(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    if (this.bytes >= FOLD_BYTES) this.fold(false);
  }

  /** Bytes kept, not folded yet. */
  get size(): number {
    return this.bytes;
  }

  /**
   * The last TAIL_EVENTS events, cut from the fewest last chunks that hold enough blank lines (copying only those,
   * not the whole body: a stream arrives in many small chunks). The blank lines found inside the suffix are the
   * body's last ones, so the cut equals the one made on the whole body; when the suffix is not enough, the whole
   * body is tried.
   */
  private tail(): SseEvent[] | null {
    const chunks = this.chunks;
    let from = chunks.length;
    let blanks = 0;
    while (from > 0 && blanks <= TAIL_EVENTS) {
      const c = chunks[--from]!;
      for (let at = c.indexOf(BLANK_LINE); at !== -1; at = c.indexOf(BLANK_LINE, at + 1)) blanks++;
    }
    const suffix = from === chunks.length - 1 ? chunks[from]! : Buffer.concat(chunks.slice(from));
    const tail = tailEvents(suffix, TAIL_EVENTS);
    if (tail !== null || from === 0) return tail;
    return tailEvents(Buffer.concat(chunks), TAIL_EVENTS);
  }

  private fold(final: boolean): SseEvent[] {
    this.parser ??= this.format === 'lines' ? new JsonLinesParser() : new SseParser();
    const decoder = (this.decoder ??= new StringDecoder('utf8'));
    const events: SseEvent[] = [];
    for (const c of this.chunks) this.parser.push(decoder.write(c), events);
    this.chunks = [];
    this.bytes = 0;
    if (final) {
      this.parser.push(decoder.end(), events);
      this.parser.end(events);
      return events;
    }
    this.folded = this.adapter.summarizeStream(this.endpoint, events, this.folded);
    return [];
  }

  /**
   * Parses what is left and returns the summary of the whole stream. Fast path: providers send usage in the last
   * events (OpenAI's include_usage chunk, `response.completed`), so the last TAIL_EVENTS events are cut out of the
   * bytes (blank lines found natively, from the end) and summarised alone; the whole stream is parsed only when
   * they carry no usage (estimate from the output) or the stream was folded.
   */
  finish(): ResponseSummary {
    if (this.folded === null && this.chunks.length > 0 && this.format === 'sse') {
      const tail = this.tail();
      if (tail !== null) {
        const quick = this.adapter.summarizeStream(this.endpoint, tail, null);
        if (quick.usage !== null && quick.model !== null) return quick;
      }
    }
    const events = this.fold(true);
    return this.adapter.summarizeStream(this.endpoint, events, this.folded);
  }
}

export type Decompressor = zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress;

/**
 * A decompressor for a response's `content-encoding`: undefined for none (identity), null for one we cannot read.
 * Flushing modes let a body cut short still give what arrived.
 */
export function decompressorFor(encoding: string): Decompressor | null | undefined {
  if (encoding === '' || encoding === 'identity') return undefined;
  const flush = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
  if (encoding === 'gzip' || encoding === 'x-gzip') return zlib.createGunzip(flush);
  if (encoding === 'deflate') return zlib.createInflate(flush);
  if (encoding === 'br') return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
  return null;
}

/** Lines longer than this are not kept whole: their first and last TAIL_BYTES are (see LineSplitter). */
export const MAX_LINE_BYTES = 8 * 1024 * 1024;

/**
 * Splits a byte stream into LF-terminated lines without decoding it first (a LF byte never occurs inside a UTF-8
 * character). A line longer than `maxLine` is given to `onLongLine` as its head and tail, so memory stays bounded
 * whatever the line length.
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private partBytes = 0;
  /** the current line, once it is longer than `maxLine` */
  private long: HeadAndTail | null = null;

  constructor(
    private readonly onLine: (line: Buffer) => void,
    private readonly onLongLine: (head: Buffer, tail: Buffer) => void,
    private readonly maxLine = MAX_LINE_BYTES,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      this.append(chunk.subarray(start, nl));
      this.emit();
      start = nl + 1;
    }
    if (start < chunk.length) this.append(chunk.subarray(start));
  }

  /** The last line, when the stream did not end with a LF. */
  end(): void {
    if (this.partBytes > 0 || this.long !== null) this.emit();
  }

  private append(piece: Buffer): void {
    if (piece.length === 0) return;
    if (this.long !== null) {
      this.long.add(piece);
      return;
    }
    this.parts.push(piece);
    this.partBytes += piece.length;
    if (this.partBytes <= this.maxLine) return;
    this.long = new HeadAndTail(Buffer.concat(this.parts));
    this.parts = [];
    this.partBytes = 0;
  }

  private emit(): void {
    if (this.long !== null) {
      const long = this.long;
      this.long = null;
      this.onLongLine(long.head, long.lastBytes());
      return;
    }
    const line = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    this.parts = [];
    this.partBytes = 0;
    this.onLine(line);
  }
}
