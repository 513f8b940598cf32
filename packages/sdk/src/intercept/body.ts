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
import { JsonLinesParser, SseParser } from '../providers/sse.js';
import type { ProviderAdapter, ResponseSummary, SseEvent } from '../providers/types.js';

export const JSON_MAX_BYTES = 8 * 1024 * 1024;
export const TAIL_BYTES = 64 * 1024;
export const FOLD_BYTES = 512 * 1024;

export class JsonBody {
  private chunks: Buffer[] = [];
  private bytes = 0;
  private head: Buffer | null = null;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  truncated = false;

  add(chunk: Buffer): void {
    if (!this.truncated) {
      this.chunks.push(chunk);
      this.bytes += chunk.length;
      if (this.bytes <= JSON_MAX_BYTES) return;
      // switch to head + tail
      const all = Buffer.concat(this.chunks);
      this.chunks = [];
      this.truncated = true;
      this.head = all.subarray(0, TAIL_BYTES);
      this.tail = [all.subarray(all.length - TAIL_BYTES)];
      this.tailBytes = TAIL_BYTES;
      return;
    }
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    while (this.tail.length > 1 && this.tailBytes - this.tail[0]!.length >= TAIL_BYTES) {
      this.tailBytes -= this.tail.shift()!.length;
    }
  }

  /** The whole body as text (when not truncated). */
  text(): string {
    return this.chunks.length === 1 ? this.chunks[0]!.toString('utf8') : Buffer.concat(this.chunks).toString('utf8');
  }

  headText(): string {
    return this.head ? this.head.toString('utf8') : '';
  }

  tailText(): string {
    const t = Buffer.concat(this.tail);
    return t.subarray(Math.max(0, t.length - TAIL_BYTES)).toString('utf8');
  }

  get size(): number {
    return this.bytes;
  }
}

/** Finds the object value of the LAST `"key": {` in `text` (balanced braces, strings respected); null if none. */
export function lastObjectField(text: string, key: string): unknown {
  const needle = `"${key}"`;
  let from = text.length;
  while (from > 0) {
    const at = text.lastIndexOf(needle, from - 1);
    if (at === -1) return null;
    from = at;
    let i = at + needle.length;
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
    if (text[i] !== ':') continue;
    i++;
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
    if (text[i] !== '{') continue;
    const end = matchBrace(text, i);
    if (end === -1) continue;
    try {
      return JSON.parse(text.slice(i, end + 1));
    } catch {
      continue;
    }
  }
  return null;
}

function matchBrace(text: string, start: number): number {
  let depth = 0;
  let inStr = false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inStr) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inStr = false;
      continue;
    }
    if (c === 34) inStr = true;
    else if (c === 123 /* { */) depth++;
    else if (c === 125 /* } */) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** The first `"key": "string"` in `text`. */
export function firstStringField(text: string, key: string): string | null {
  const m = new RegExp(`"${key}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`).exec(text);
  if (!m) return null;
  try {
    return JSON.parse(`"${m[1]!}"`) as string;
  } catch {
    return null;
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
  private readonly decoder = new StringDecoder('utf8');
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

  private fold(final: boolean): SseEvent[] {
    this.parser ??= this.format === 'lines' ? new JsonLinesParser() : new SseParser();
    const events: SseEvent[] = [];
    for (const c of this.chunks) this.parser.push(this.decoder.write(c), events);
    this.chunks = [];
    this.bytes = 0;
    if (final) {
      this.parser.push(this.decoder.end(), events);
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
      const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
      const tail = tailEvents(all, TAIL_EVENTS);
      if (tail !== null) {
        const quick = this.adapter.summarizeStream(this.endpoint, tail, null);
        if (quick.usage !== null && quick.model !== null) return quick;
      }
      this.chunks = [all];
    }
    const events = this.fold(true);
    return this.adapter.summarizeStream(this.endpoint, events, this.folded);
  }
}
