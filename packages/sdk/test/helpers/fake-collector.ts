/**
 * A tiny stand-in for the collector's POST /events: records every batch (gunzipping when needed) and answers
 * what the test says. For transport tests (retries, Retry-After, 4xx, garbage, gzip) and for interception tests.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { FormatRegistry } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { EventSchema, usageConventionError, type TraceEvent } from '@llmobserve/shared';

export interface RecordedBatch {
  headers: http.IncomingHttpHeaders;
  /** parsed events (empty when the body was not a JSON array) */
  events: TraceEvent[];
  gzipped: boolean;
  bytes: number;
}

export type Reply =
  | { status: number; headers?: Record<string, string>; body?: string }
  | 'hang'
  | 'destroy';

export interface FakeCollector {
  url: string;
  port: number;
  batches: RecordedBatch[];
  /** all events of batches that were answered 2xx */
  events: TraceEvent[];
  /** how requests are answered; default: 200 {accepted: n, duplicates: 0, rejected: []} */
  reply: (batch: RecordedBatch, n: number) => Reply;
  requests: number;
  close(): Promise<void>;
}

export function ok(batch: RecordedBatch): Reply {
  return { status: 200, body: JSON.stringify({ accepted: batch.events.length, duplicates: 0, rejected: [] }) };
}

export async function startFakeCollector(reply?: (batch: RecordedBatch, n: number) => Reply): Promise<FakeCollector> {
  const sockets = new Set<import('node:net').Socket>();
  const fc: FakeCollector = {
    url: '',
    port: 0,
    batches: [],
    events: [],
    reply: reply ?? ok,
    requests: 0,
    close: async () => {},
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let raw = Buffer.concat(chunks);
      const gzipped = req.headers['content-encoding'] === 'gzip';
      if (gzipped) raw = zlib.gunzipSync(raw);
      let events: TraceEvent[] = [];
      try {
        const parsed = JSON.parse(raw.toString('utf8')) as unknown;
        if (Array.isArray(parsed)) events = parsed as TraceEvent[];
      } catch {
        events = [];
      }
      const batch: RecordedBatch = { headers: req.headers, events, gzipped, bytes: raw.length };
      fc.batches.push(batch);
      const n = fc.requests++;
      const r = fc.reply(batch, n);
      if (r === 'hang') return;
      if (r === 'destroy') {
        req.socket.destroy();
        return;
      }
      if (r.status >= 200 && r.status < 300) fc.events.push(...events);
      res.writeHead(r.status, { 'content-type': 'application/json', ...(r.headers ?? {}) });
      res.end(r.body ?? '');
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fc.port = (server.address() as AddressInfo).port;
  fc.url = `http://127.0.0.1:${fc.port}`;
  fc.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
  return fc;
}

// the collector registers the same format (ingest/normalize.ts)
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', (v) => ISO_8601.test(v) && !Number.isNaN(Date.parse(v)));

/** Every event must pass the shared schema and the canonical usage convention. */
export function schemaErrors(events: readonly TraceEvent[]): string[] {
  const out: string[] = [];
  for (const e of events) {
    if (!Value.Check(EventSchema, e as unknown)) {
      const first = [...Value.Errors(EventSchema, e)][0];
      out.push(`${e.span_id}: ${first?.path} ${first?.message}`);
      continue;
    }
    const u = usageConventionError({
      input_tokens: e.input_tokens ?? 0,
      output_tokens: e.output_tokens ?? 0,
      cache_read_tokens: e.cache_read_tokens ?? 0,
      cache_write_tokens: e.cache_write_tokens ?? 0,
      reasoning_tokens: e.reasoning_tokens ?? 0,
    });
    if (u) out.push(`${e.span_id}: ${u}`);
  }
  return out;
}
