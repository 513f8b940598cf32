/**
 * The Message Batches API of the Anthropic mock (documented wire format):
 *
 *  - POST /v1/messages/batches               -> a `message_batch` (`processing_status: "in_progress"`); the mock
 *    runs its requests at once.
 *  - GET  /v1/messages/batches/{id}          -> the batch, `ended`, with `request_counts` and its `results_url`.
 *  - GET  /v1/messages/batches/{id}/results  -> JSON lines (what `client.messages.batches.results(id)` decodes):
 *    `{ custom_id, result: { type: "succeeded", message } | { type: "errored", error } | { type: "canceled" } |
 *    { type: "expired" } }`, each `message` with its own `usage`.
 *
 * Test controls: a request whose `custom_id` starts with `fail` is `errored`, `cancel` is `canceled`, `expire` is
 * `expired`; `x-mock-usage` on the create request (JSON `{input_tokens, output_tokens, cache_creation_input_tokens,
 * cache_read_input_tokens}`) fixes every message's usage (else counted from the text); `x-mock-gzip: 1` on the
 * results request gzips the body.
 */
import type http from 'node:http';
import { randomBytes } from 'node:crypto';
import { sendBytes } from './send.js';
import { textOf } from './text.js';

type Body = Record<string, unknown>;

interface StoredBatch {
  id: string;
  created_at: string;
  lines: string[];
  counts: { processing: number; succeeded: number; errored: number; canceled: number; expired: number };
}

const notFound = { type: 'error', error: { type: 'not_found_error', message: 'Not found' } };

export class AnthropicBatches {
  private readonly batches = new Map<string, StoredBatch>();

  constructor(private readonly reply: string) {}

  /** Handles a Message Batches request; false when the path is not one. */
  handle(req: http.IncomingMessage, res: http.ServerResponse, body: Body, path: string, send: (status: number, body: unknown) => void): boolean {
    if (req.method === 'POST' && path === '/v1/messages/batches') {
      send(200, this.view(this.create(body, req)));
      return true;
    }
    const m = /^\/v1\/messages\/batches\/([^/]+)(\/results)?$/.exec(path);
    if (!m || req.method !== 'GET') return false;
    const b = this.batches.get(m[1]!);
    if (!b) {
      send(404, notFound);
      return true;
    }
    if (!m[2]) {
      send(200, this.view(b, `http://${req.headers.host ?? '127.0.0.1'}`));
      return true;
    }
    const payload = Buffer.from(b.lines.map((l) => l + '\n').join(''));
    sendBytes(req, res, payload, { 'content-type': 'application/binary', 'request-id': 'req_' + randomBytes(8).toString('hex') });
    return true;
  }

  private create(body: Body, req: http.IncomingMessage): StoredBatch {
    const fixed = parseUsage(req.headers['x-mock-usage']);
    const requests = Array.isArray(body.requests) ? (body.requests as Body[]) : [];
    const b: StoredBatch = {
      id: 'msgbatch_' + randomBytes(12).toString('hex'),
      created_at: new Date().toISOString(),
      lines: [],
      counts: { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 },
    };
    for (const r of requests) {
      const customId = String(r.custom_id ?? '');
      const params = (r.params ?? {}) as Body;
      let result: Body;
      if (customId.startsWith('fail')) {
        result = { type: 'errored', error: { type: 'error', error: { type: 'invalid_request_error', message: `Mock error for ${customId}` } } };
        b.counts.errored++;
      } else if (customId.startsWith('cancel')) {
        result = { type: 'canceled' };
        b.counts.canceled++;
      } else if (customId.startsWith('expire')) {
        result = { type: 'expired' };
        b.counts.expired++;
      } else {
        const prompt = textOf(params.messages) + textOf(params.system);
        const num = (k: string, d: number) => (typeof fixed[k] === 'number' ? (fixed[k] as number) : d);
        const usage = {
          input_tokens: num('input_tokens', Math.max(1, Math.ceil(prompt.length / 4))),
          cache_creation_input_tokens: num('cache_creation_input_tokens', 0),
          cache_read_input_tokens: num('cache_read_input_tokens', 0),
          output_tokens: num('output_tokens', Math.max(1, Math.ceil(this.reply.length / 4))),
          service_tier: 'batch',
        };
        result = {
          type: 'succeeded',
          message: {
            id: 'msg_' + randomBytes(12).toString('hex'),
            type: 'message',
            role: 'assistant',
            model: typeof params.model === 'string' ? params.model : 'claude-sonnet-4-20250514',
            content: [{ type: 'text', text: this.reply }],
            stop_reason: 'end_turn',
            stop_sequence: null,
            usage,
          },
        };
        b.counts.succeeded++;
      }
      b.lines.push(JSON.stringify({ custom_id: customId, result }));
    }
    this.batches.set(b.id, b);
    return b;
  }

  /** The batch as the API shows it: `in_progress` right after creation (no origin), else `ended` with its results URL. */
  private view(b: StoredBatch, origin?: string): Body {
    const ended = origin !== undefined;
    return {
      id: b.id,
      type: 'message_batch',
      processing_status: ended ? 'ended' : 'in_progress',
      request_counts: ended ? b.counts : { ...b.counts, processing: b.lines.length, succeeded: 0, errored: 0, canceled: 0, expired: 0 },
      ended_at: ended ? new Date().toISOString() : null,
      created_at: b.created_at,
      expires_at: new Date(Date.parse(b.created_at) + 86_400_000).toISOString(),
      archived_at: null,
      cancel_initiated_at: null,
      results_url: ended ? `${origin}/v1/messages/batches/${b.id}/results` : null,
    };
  }
}

function parseUsage(v: string | string[] | undefined): Record<string, unknown> {
  const s = Array.isArray(v) ? v[0] : v;
  if (!s) return {};
  try {
    return JSON.parse(s) as Record<string, unknown>;
  } catch {
    return {};
  }
}
