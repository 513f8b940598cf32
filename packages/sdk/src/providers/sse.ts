/**
 * Incremental server-sent-events parser (WHATWG EventSource rules, reduced to what LLM APIs use): lines end with
 * LF, CRLF or CR; `data:` lines are joined with LF; `event:` names the event; a blank line dispatches; comments
 * (`:`) and other fields are ignored. Text is fed in arbitrary pieces; decoding bytes (and multi-byte characters
 * split across chunks) is the caller's job (TextDecoder with `stream: true`).
 */
import type { SseEvent } from './types.js';

export class SseParser {
  private buf = '';
  private event: string | null = null;
  private data: string[] = [];
  private pendingCR = false;

  /** Feeds text; returns the events completed by it. */
  push(text: string, out: SseEvent[] = []): SseEvent[] {
    let s = text;
    if (this.pendingCR) {
      // a CR ended the previous piece; a LF starting this one belongs to the same line break
      if (s.startsWith('\n')) s = s.slice(1);
      this.pendingCR = false;
    }
    s = this.buf + s;
    let start = 0;
    const n = s.length;
    if (s.indexOf('\r') === -1) {
      // LF line ends only (what every LLM API sends): the line breaks are found natively
      for (let nl = s.indexOf('\n'); nl !== -1; nl = s.indexOf('\n', start)) {
        this.line(s.slice(start, nl), out);
        start = nl + 1;
      }
      this.buf = start < n ? s.slice(start) : '';
      return out;
    }
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      this.line(s.slice(start, i), out);
      if (c === 13) {
        if (i + 1 < n) {
          if (s.charCodeAt(i + 1) === 10) i++;
        } else {
          this.pendingCR = true;
        }
      }
      start = i + 1;
    }
    this.buf = start < n ? s.slice(start) : '';
    return out;
  }

  /** Ends the stream: a last line without its line break is processed; an event without its blank line is dropped. */
  end(out: SseEvent[] = []): SseEvent[] {
    if (this.buf !== '') {
      this.line(this.buf, out);
      this.buf = '';
    }
    return out;
  }

  private line(line: string, out: SseEvent[]): void {
    if (line === '') {
      const data = this.data;
      if (data.length > 0) out.push({ event: this.event, data: data.length === 1 ? data[0]! : data.join('\n') });
      data.length = 0;
      this.event = null;
      return;
    }
    if (line.charCodeAt(0) === 58 /* : */) return;
    const colon = line.indexOf(':');
    let field: string;
    let value: string;
    if (colon === -1) {
      field = line;
      value = '';
    } else {
      field = line.slice(0, colon);
      value = line.slice(colon + 1);
      if (value.charCodeAt(0) === 32) value = value.slice(1);
    }
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
  }
}

/** Parses a complete SSE body. */
export function parseSse(text: string): SseEvent[] {
  const p = new SseParser();
  const out = p.push(text);
  p.end(out);
  return out;
}

/**
 * Incremental parser of newline-delimited JSON streams (Cohere's v1 chat stream, `application/stream+json`): each
 * non-blank line is one event, given as `{ event: null, data: line }` so that adapters fold them like SSE events.
 */
export class JsonLinesParser {
  private buf = '';

  push(text: string, out: SseEvent[] = []): SseEvent[] {
    const s = this.buf + text;
    let start = 0;
    for (let nl = s.indexOf('\n'); nl !== -1; nl = s.indexOf('\n', start)) {
      this.line(s.slice(start, nl), out);
      start = nl + 1;
    }
    this.buf = s.slice(start);
    return out;
  }

  end(out: SseEvent[] = []): SseEvent[] {
    if (this.buf !== '') this.line(this.buf, out);
    this.buf = '';
    return out;
  }

  private line(raw: string, out: SseEvent[]): void {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() !== '') out.push({ event: null, data: line });
  }
}

/** Content types of newline-delimited JSON streams. */
export function isJsonLinesType(contentType: string): boolean {
  return contentType.includes('stream+json') || contentType.includes('ndjson') || contentType.includes('jsonl') || contentType.includes('json-seq');
}
