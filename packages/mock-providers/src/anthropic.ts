/**
 * A local mock of the Anthropic Messages API reproducing its documented JSON and SSE wire formats:
 *
 *  - POST /v1/messages               -> a `message` object, or with `stream: true` the SSE events
 *    `message_start` (message with input usage, output_tokens 1), `content_block_start`, `ping`,
 *    `content_block_delta` (`text_delta` / `input_json_delta`)..., `content_block_stop`, `message_delta`
 *    (stop_reason and cumulative usage), `message_stop`; each as `event:` + `data:` lines.
 *  - POST /v1/messages/count_tokens  -> `{ "input_tokens": N }`.
 *  - Message Batches: POST /v1/messages/batches, GET /v1/messages/batches/{id}, GET …/{id}/results (see
 *    anthropic-batches.ts).
 *
 * Usage follows Anthropic's convention: `input_tokens` EXCLUDES `cache_creation_input_tokens` and
 * `cache_read_input_tokens`, which are reported beside it.
 *
 * Per-request behaviour (request headers):
 *  | header              | effect |
 *  | ---                 | --- |
 *  | `x-mock-usage`      | JSON `{input_tokens, output_tokens, cache_creation_input_tokens, cache_read_input_tokens, ephemeral_1h_input_tokens}` (the last: the 1-hour part of the cache writes, reported in `cache_creation`) |
 *  | `x-mock-reply`      | the assistant text |
 *  | `x-mock-tool`       | `1`: the reply is a `tool_use` block (stop_reason `tool_use`) calling the first request tool |
 *  | `x-mock-status`     | answer with this HTTP status and an Anthropic error body |
 *  | `x-mock-fail-after` | `N`: a stream sends its first N events and then the connection is destroyed |
 *  | `x-mock-no-usage`   | `1`: `message_delta` carries no usage (and `message_start` none either) |
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { AnthropicBatches } from './anthropic-batches.js';
import { startHttpServer } from './http-server.js';
import { splitReply } from './openai.js';
import { textOf } from './text.js';

export interface MockServer {
  url: string;
  port: number;
  requests: Array<{ method: string; path: string; headers: http.IncomingHttpHeaders; body: unknown }>;
  close(): Promise<void>;
}

export const ANTHROPIC_DEFAULT_REPLY = 'Hello from the mock Anthropic server, streamed word by word.';

type Body = Record<string, unknown>;

function header(req: http.IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

/** A tiny HTTP server whose handler gets the parsed JSON body; shared by the mocks of this package. */
export async function startJsonServer(
  handle: (req: http.IncomingMessage, res: http.ServerResponse, body: Body, path: string) => Promise<void> | void,
  host = '127.0.0.1',
): Promise<MockServer> {
  const requests: MockServer['requests'] = [];
  const server = await startHttpServer((req, res, raw, url) => {
    let body: Body = {};
    try {
      if (raw.length > 0) body = JSON.parse(raw.toString('utf8')) as Body;
    } catch {
      body = {};
    }
    requests.push({ method: req.method ?? 'GET', path: url.pathname + url.search, headers: req.headers, body });
    Promise.resolve(handle(req, res, body, url.pathname)).catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: String(err) } }));
      } else res.destroy();
    });
  }, { host });
  return { ...server, requests };
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const payload = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(payload.length), ...extra });
  res.end(payload);
}

/** Writes SSE frames (or other stream frames of `contentType`); with `failAfter`, cuts the connection after that many. */
export async function sendSse(
  res: http.ServerResponse,
  frames: string[],
  failAfter: number | null,
  contentType = 'text/event-stream; charset=utf-8',
): Promise<void> {
  res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-cache' });
  for (let i = 0; i < frames.length; i++) {
    if (failAfter !== null && i >= failAfter) {
      await sleep(20);
      res.socket?.destroy();
      return;
    }
    await new Promise<void>((r) => res.write(frames[i]!, () => r()));
  }
  res.end();
}

export const sseFrame = (data: unknown, event?: string) =>
  (event ? `event: ${event}\n` : '') + `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;

export function mockHeaderNumber(req: http.IncomingMessage, name: string): number | null {
  const v = header(req, name);
  return v !== null && v !== '' && Number.isFinite(Number(v)) ? Number(v) : null;
}

export function mockHeaderJson(req: http.IncomingMessage, name: string): Record<string, unknown> | null {
  const v = header(req, name);
  if (!v) return null;
  try {
    return JSON.parse(v) as Record<string, unknown>;
  } catch {
    return null;
  }
}

export { header as mockHeader };

export async function startMockAnthropic(): Promise<MockServer> {
  const batches = new AnthropicBatches(ANTHROPIC_DEFAULT_REPLY);
  return startJsonServer(async (req, res, body, path) => {
    const status = mockHeaderNumber(req, 'x-mock-status');
    if (status !== null) {
      const type = status === 429 ? 'rate_limit_error' : status === 529 ? 'overloaded_error' : status >= 500 ? 'api_error' : 'invalid_request_error';
      return sendJson(res, status, { type: 'error', error: { type, message: `Mock error ${status}` } }, { 'request-id': 'req_mock' });
    }
    if (batches.handle(req, res, body, path, (st, b) => sendJson(res, st, b, { 'request-id': 'req_' + randomBytes(8).toString('hex') }))) return;
    if (req.method !== 'POST') return sendJson(res, 404, { type: 'error', error: { type: 'not_found_error', message: 'Not found' } });
    const prompt = textOf(body.messages) + textOf(body.system);
    if (path === '/v1/messages/count_tokens') {
      return sendJson(res, 200, { input_tokens: Math.max(1, Math.ceil(prompt.length / 4)) });
    }
    if (path !== '/v1/messages') return sendJson(res, 404, { type: 'error', error: { type: 'not_found_error', message: 'Not found' } });

    const u = mockHeaderJson(req, 'x-mock-usage') ?? {};
    const reply = header(req, 'x-mock-reply') ?? ANTHROPIC_DEFAULT_REPLY;
    const noUsage = header(req, 'x-mock-no-usage') === '1';
    const num = (k: string, d: number) => (typeof u[k] === 'number' ? (u[k] as number) : d);
    const writes = num('cache_creation_input_tokens', 0);
    const writes1h = num('ephemeral_1h_input_tokens', 0);
    const usage = {
      input_tokens: num('input_tokens', Math.max(1, Math.ceil(prompt.length / 4))),
      cache_creation_input_tokens: writes,
      cache_read_input_tokens: num('cache_read_input_tokens', 0),
      // the TTL breakdown of cache_creation_input_tokens
      cache_creation: { ephemeral_5m_input_tokens: writes - writes1h, ephemeral_1h_input_tokens: writes1h },
      output_tokens: num('output_tokens', Math.max(1, Math.ceil(reply.length / 4))),
      service_tier: 'standard',
    };
    const model = typeof body.model === 'string' ? body.model : 'claude-sonnet-4-20250514';
    const id = 'msg_' + randomBytes(12).toString('hex');
    const tools = Array.isArray(body.tools) ? (body.tools as Array<Record<string, unknown>>) : [];
    const toolUse = header(req, 'x-mock-tool') === '1' && tools.length > 0;
    const toolInput = { query: reply };
    const toolBlock = { type: 'tool_use', id: 'toolu_' + randomBytes(8).toString('hex'), name: String(tools[0]?.name ?? 'tool'), input: toolInput };
    const content = toolUse ? [toolBlock] : [{ type: 'text', text: reply }];
    const stopReason = toolUse ? 'tool_use' : 'end_turn';

    if (body.stream !== true) {
      return sendJson(res, 200, {
        id, type: 'message', role: 'assistant', model, content, stop_reason: stopReason, stop_sequence: null, usage,
      }, { 'request-id': 'req_' + randomBytes(8).toString('hex') });
    }
    const frames: string[] = [];
    const ev = (type: string, payload: Record<string, unknown>) => frames.push(sseFrame({ type, ...payload }, type));
    ev('message_start', {
      message: {
        id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null,
        usage: noUsage ? undefined : { ...usage, output_tokens: 1 },
      },
    });
    ev('content_block_start', { index: 0, content_block: toolUse ? { ...toolBlock, input: {} } : { type: 'text', text: '' } });
    ev('ping', {});
    if (toolUse) {
      const json = JSON.stringify(toolInput);
      for (let i = 0; i < json.length; i += 8) {
        ev('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: json.slice(i, i + 8) } });
      }
    } else {
      for (const p of splitReply(reply)) ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: p } });
    }
    ev('content_block_stop', { index: 0 });
    ev('message_delta', {
      delta: { stop_reason: stopReason, stop_sequence: null },
      ...(noUsage ? {} : { usage: { output_tokens: usage.output_tokens } }),
    });
    ev('message_stop', {});
    await sendSse(res, frames, mockHeaderNumber(req, 'x-mock-fail-after'));
  });
}
