/** The request body of a tracked call, kept (up to MAX_REQUEST_BYTES) to be read after the answer, if needed. */
import type { ProviderAdapter, RequestSummary } from '../providers/types.js';

const MAX_REQUEST_BYTES = 8 * 1024 * 1024;

const NOTHING: () => RequestSummary = () => ({ model: null, stream: false, estimatedInputTokens: 0 });

export class RequestBody {
  /** strings are kept as they came and encoded only when the body is read (most calls never read it) */
  private chunks: Array<Uint8Array | string> = [];
  private bytes = 0;

  /** A chunk the caller sent (kept by reference; chunks beyond the first MAX_REQUEST_BYTES are not). */
  add(chunk: unknown): void {
    if (this.bytes >= MAX_REQUEST_BYTES) return;
    if (typeof chunk === 'string') {
      this.chunks.push(chunk);
      // (UTF-16 length: a lower bound of the UTF-8 bytes, which is all the cap needs)
      this.bytes += chunk.length;
      return;
    }
    const c = chunk as Uint8Array;
    if (c && typeof c.length === 'number') {
      this.chunks.push(c);
      this.bytes += c.length;
    }
  }

  /** What the adapter reads from the body: parsed JSON, else (multipart uploads) latin1 text. Never throws. */
  summary(adapter: ProviderAdapter, endpoint: string): RequestSummary {
    try {
      if (this.chunks.length === 0) return NOTHING();
      const buf = Buffer.concat(this.chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
      let body: unknown;
      try {
        body = JSON.parse(buf.toString('utf8'));
      } catch {
        body = buf.toString('latin1'); // not JSON (multipart uploads): one char per byte
      }
      return adapter.summarizeRequest(endpoint, body);
    } catch {
      return NOTHING();
    }
  }

  /** Bytes kept (a lower bound for strings). */
  get size(): number {
    return this.bytes;
  }

  clear(): void {
    this.chunks = [];
  }
}
