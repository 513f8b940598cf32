/**
 * A local mock of the OpenAI HTTP API that reproduces its documented JSON and SSE wire formats:
 *
 *  - POST /v1/chat/completions  -> `chat.completion`, or with `stream: true` an SSE stream of `chat.completion.chunk`
 *    objects ending with `data: [DONE]`; with `stream_options.include_usage` every chunk carries `"usage": null`
 *    and a last chunk with `"choices": []` carries the usage.
 *  - POST /v1/embeddings        -> `list` of `embedding` objects (float arrays, or base64 little-endian float32
 *    when `encoding_format: "base64"`, which the official Node client asks for by default).
 *  - POST /v1/responses         -> a `response` object, or with `stream: true` the Responses SSE event stream
 *    (`response.created`, `response.in_progress`, `response.output_item.added`, `response.content_part.added`,
 *    `response.output_text.delta`..., `response.output_text.done`, `response.content_part.done`,
 *    `response.output_item.done`, `response.completed` with usage), each as `event:` + `data:` lines.
 *  - GET  /v1/models            -> a `list` of models (an endpoint an observer should not track).
 *  - POST /v1/images/generations, /v1/images/edits (multipart) -> `{created, data: [{url, revised_prompt}] x n}` (no
 *    usage, as for DALL·E); for gpt-image-* models `{created, data: [{b64_json}], usage: {total_tokens, input_tokens,
 *    output_tokens, input_tokens_details: {text_tokens, image_tokens}}}` (output tokens by quality, 1024x1024).
 *  - POST /v1/audio/transcriptions, /v1/audio/translations (multipart) -> by `response_format`: `json`
 *    `{text, usage: {type: "duration", seconds}}`, `verbose_json` `{task, language, duration, text, segments}`,
 *    `text` a text/plain body. The audio lasts `x-mock-audio-seconds` (default MOCK_AUDIO_SECONDS).
 *  - POST /v1/audio/speech      -> `audio/mpeg` bytes.
 *  - POST /v1/moderations       -> a moderation object (`id`, `model`, `results`).
 *  - Files and Batch API: POST /v1/files, POST /v1/batches, GET /v1/batches/{id}, GET /v1/files/{id}/content (a
 *    batch's output file of JSON lines): see openai-batches.ts.
 *
 * Usage follows OpenAI's conventions: cached tokens are counted inside `prompt_tokens`/`input_tokens`, reasoning
 * tokens inside `completion_tokens`/`output_tokens`.
 *
 * Per-request behaviour for tests is chosen with request headers (the official client sends them with
 * `create(body, { headers: {...} })`):
 *
 *  | header                 | effect |
 *  | ---                    | --- |
 *  | `x-mock-usage`         | JSON `{prompt_tokens, completion_tokens, cached_tokens, cache_write_tokens, reasoning_tokens, prompt_audio_tokens, completion_audio_tokens, image_input_tokens}`; fixes the usage reported |
 *  | `x-mock-reply`         | the assistant text (default: a fixed sentence) |
 *  | `x-mock-status`        | answer with this HTTP status and an OpenAI error body (e.g. 429, 500) |
 *  | `x-mock-retry-after`   | `Retry-After` header value sent with `x-mock-status` |
 *  | `x-mock-fail-first`    | `N:key`: the first N requests carrying this key answer `x-mock-status` (default 429), later ones succeed — a client's retries then get through |
 *  | `x-mock-malformed`     | `1`: answer 200 with a truncated, unparseable JSON body |
 *  | `x-mock-no-usage`      | `1`: streams omit the usage chunk / `response.completed` (as a server ignoring include_usage) |
 *  | `x-mock-fail-after`    | `N`: a stream sends its first N events (role event included) and then the connection is destroyed |
 *  | `x-mock-hold`          | `key`: a stream sends its first event and waits for `mock.release(key)` before the rest |
 *  | `x-mock-hold-after`    | `N`: with `x-mock-hold`, wait after the first N events instead of 1 |
 *  | `x-mock-wait-ms`       | wait this long before answering at all (headers included) |
 *  | `x-mock-gzip`          | `1`: the body is sent with `Content-Encoding: gzip` |
 *  | `x-mock-delay-ms`      | wait this long between stream events (default: the server's `chunkDelayMs`) |
 *  | `x-mock-usage-extra`   | JSON merged into chat usage objects, for OpenAI-compatible hosts' extra fields (DeepSeek's `prompt_cache_hit_tokens`, OpenRouter's `cost`) |
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import { startHttpServer } from './http-server.js';
import { OpenAIBatches } from './openai-batches.js';
import { textOf } from './text.js';

export interface MockOpenAIOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Delay between SSE events, in ms (default 0). */
  chunkDelayMs?: number;
  /** Keep a record of every request received (default true). Disable for benchmarks. */
  record?: boolean;
  /** Dimensions of mock embeddings when the request does not say (default 8). */
  embeddingDimensions?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

export interface MockOpenAI {
  /** e.g. `http://127.0.0.1:41234` (the origin). */
  url: string;
  /** `url + '/v1'`, what the official client takes as `baseURL`. */
  baseURL: string;
  port: number;
  /** Requests received so far (when `record` is on). */
  requests: RecordedRequest[];
  /** Releases a stream held with `x-mock-hold: key` (also before it arrives). */
  release(key: string): void;
  /** How many SSE events the stream held under `key` has written so far. */
  eventsSent(key: string): number;
  close(): Promise<void>;
}

/** Default duration of uploaded audio (seconds) reported by the transcription endpoints. */
export const MOCK_AUDIO_SECONDS = 12.5;

/** A text field of a multipart/form-data body (read as latin1). */
function multipartField(raw: Buffer, name: string): string | null {
  const m = new RegExp(`name="${name}"\\r\\n(?:[^\\r\\n]+\\r\\n)*\\r\\n([^\\r\\n]*)`).exec(raw.toString('latin1'));
  return m ? m[1]! : null;
}

export const DEFAULT_REPLY = 'Hello from the mock OpenAI server! This reply is streamed word by word.';

/** Model ids as the API returns them: an alias is answered with a dated snapshot, like OpenAI does. */
const MODEL_SNAPSHOTS: Record<string, string> = {
  'gpt-4o-mini': 'gpt-4o-mini-2024-07-18',
  'gpt-4o': 'gpt-4o-2024-08-06',
  'gpt-4.1-mini': 'gpt-4.1-mini-2025-04-14',
  'o3-mini': 'o3-mini-2025-01-31',
};

export function returnedModel(requested: unknown): string {
  const m = typeof requested === 'string' && requested ? requested : 'gpt-4o-mini';
  return MODEL_SNAPSHOTS[m] ?? m;
}

interface MockUsage {
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
  /** audio parts of prompt_tokens / completion_tokens (gpt-audio) */
  prompt_audio_tokens?: number;
  completion_audio_tokens?: number;
  /** image part of the input tokens (gpt-image edits) */
  image_input_tokens?: number;
}

interface Scenario {
  usage: Partial<MockUsage> | null;
  usageExtra: Record<string, unknown>;
  reply: string | null;
  status: number | null;
  retryAfter: string | null;
  malformed: boolean;
  noUsage: boolean;
  failAfter: number | null;
  hold: string | null;
  holdAfter: number;
  waitMs: number;
  gzip: boolean;
  delayMs: number;
}

function header(req: http.IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  if (Array.isArray(v)) return v[0] ?? null;
  return v ?? null;
}

function scenarioOf(req: http.IncomingMessage, defaultDelay: number): Scenario {
  const usageRaw = header(req, 'x-mock-usage');
  let usage: Partial<MockUsage> | null = null;
  if (usageRaw) {
    try {
      usage = JSON.parse(usageRaw) as Partial<MockUsage>;
    } catch {
      usage = null;
    }
  }
  const num = (v: string | null): number | null => (v !== null && v !== '' && Number.isFinite(Number(v)) ? Number(v) : null);
  let usageExtra: Record<string, unknown> = {};
  try {
    const raw = header(req, 'x-mock-usage-extra');
    if (raw) usageExtra = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    usageExtra = {};
  }
  return {
    usage,
    usageExtra,
    reply: header(req, 'x-mock-reply'),
    status: num(header(req, 'x-mock-status')),
    retryAfter: header(req, 'x-mock-retry-after'),
    malformed: header(req, 'x-mock-malformed') === '1',
    noUsage: header(req, 'x-mock-no-usage') === '1',
    failAfter: num(header(req, 'x-mock-fail-after')),
    hold: header(req, 'x-mock-hold'),
    holdAfter: num(header(req, 'x-mock-hold-after')) ?? 1,
    waitMs: num(header(req, 'x-mock-wait-ms')) ?? 0,
    gzip: header(req, 'x-mock-gzip') === '1',
    delayMs: num(header(req, 'x-mock-delay-ms')) ?? defaultDelay,
  };
}

/** Rough prompt size in tokens (chars / 4), so that default usage grows with the prompt. */

function usageFor(promptText: string, reply: string, s: Scenario): MockUsage {
  return {
    prompt_tokens: s.usage?.prompt_tokens ?? Math.max(1, Math.ceil(promptText.length / 4)),
    completion_tokens: s.usage?.completion_tokens ?? Math.max(1, Math.ceil(reply.length / 4)),
    cached_tokens: s.usage?.cached_tokens ?? 0,
    cache_write_tokens: s.usage?.cache_write_tokens ?? 0,
    reasoning_tokens: s.usage?.reasoning_tokens ?? 0,
    prompt_audio_tokens: s.usage?.prompt_audio_tokens ?? 0,
    completion_audio_tokens: s.usage?.completion_audio_tokens ?? 0,
  };
}

function chatUsage(u: MockUsage) {
  return {
    prompt_tokens: u.prompt_tokens,
    completion_tokens: u.completion_tokens,
    total_tokens: u.prompt_tokens + u.completion_tokens,
    prompt_tokens_details: { cached_tokens: u.cached_tokens, audio_tokens: u.prompt_audio_tokens ?? 0 },
    completion_tokens_details: {
      reasoning_tokens: u.reasoning_tokens,
      audio_tokens: u.completion_audio_tokens ?? 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function responsesUsage(u: MockUsage) {
  return {
    input_tokens: u.prompt_tokens,
    input_tokens_details: { cached_tokens: u.cached_tokens },
    output_tokens: u.completion_tokens,
    output_tokens_details: { reasoning_tokens: u.reasoning_tokens },
    total_tokens: u.prompt_tokens + u.completion_tokens,
  };
}

/** Splits a reply into stream deltas: words with their leading space, as a tokenizer would roughly do. */
export function splitReply(reply: string): string[] {
  const parts = reply.match(/\s*\S+/g);
  return parts && parts.length > 0 ? parts : [reply];
}

function id(prefix: string): string {
  return prefix + randomBytes(12).toString('hex');
}

/** Timers of the mock never keep a process alive on their own (the listening server does, while open). */
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

const POST_PATHS = ['/chat/completions', '/embeddings', '/responses', '/images/generations', '/images/edits', '/audio/transcriptions', '/audio/translations', '/audio/speech', '/moderations'];

/** Output tokens of a gpt-image-1 image by quality (1024x1024), as OpenAI documents them. */
const IMAGE_OUTPUT_TOKENS: Record<string, number> = { low: 272, medium: 1056, high: 4160, auto: 1056 };
/** Input tokens the mock counts for each image uploaded to an edit. */
export const MOCK_EDIT_IMAGE_TOKENS = 1000;

/** What the synchronous endpoint answers for one request of a batch (`usage`: fixed counts, else from the text). */
function batchResultBody(url: string, body: Record<string, unknown>, fixed: Record<string, unknown> | null): Record<string, unknown> | null {
  const n = (k: string, d: number) => (fixed && typeof fixed[k] === 'number' ? (fixed[k] as number) : d);
  const created = Math.floor(Date.now() / 1000);
  const model = returnedModel(body.model);
  const u: MockUsage = {
    prompt_tokens: n('prompt_tokens', Math.max(1, Math.ceil((textOf(body.messages) + textOf(body.input)).length / 4))),
    completion_tokens: n('completion_tokens', Math.max(1, Math.ceil(DEFAULT_REPLY.length / 4))),
    cached_tokens: n('cached_tokens', 0),
    cache_write_tokens: 0,
    reasoning_tokens: n('reasoning_tokens', 0),
  };
  if (url.endsWith('/chat/completions')) {
    return {
      id: id('chatcmpl-'),
      object: 'chat.completion',
      created,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: DEFAULT_REPLY, refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' }],
      usage: chatUsage(u),
      service_tier: 'default',
      system_fingerprint: 'fp_mock0001',
    };
  }
  if (url.endsWith('/embeddings')) {
    const inputs = Array.isArray(body.input) ? body.input : [body.input];
    return {
      object: 'list',
      data: inputs.map((_, index) => ({ object: 'embedding', index, embedding: [0.1, 0.2, 0.3] })),
      model: typeof body.model === 'string' ? body.model : 'text-embedding-3-small',
      usage: { prompt_tokens: u.prompt_tokens, total_tokens: u.prompt_tokens },
    };
  }
  if (url.endsWith('/responses')) {
    return {
      id: id('resp_'),
      object: 'response',
      created_at: created,
      status: 'completed',
      model,
      output: [{ id: id('msg_'), type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', annotations: [], text: DEFAULT_REPLY }] }],
      usage: responsesUsage(u),
    };
  }
  return null;
}

export async function startMockOpenAI(options: MockOpenAIOptions = {}): Promise<MockOpenAI> {
  const host = options.host ?? '127.0.0.1';
  const record = options.record ?? true;
  const defaultDelay = options.chunkDelayMs ?? 0;
  const defaultDims = options.embeddingDimensions ?? 8;
  const requests: RecordedRequest[] = [];
  const failures = new Map<string, number>();
  const holds = new Map<string, { released: boolean; wake: (() => void) | null; sent: number }>();
  const batchApi = new OpenAIBatches(batchResultBody);

  const holdState = (key: string) => {
    let h = holds.get(key);
    if (!h) {
      h = { released: false, wake: null, sent: 0 };
      holds.set(key, h);
    }
    return h;
  };

  function sendJson(res: http.ServerResponse, status: number, body: unknown, s: Scenario, extra: Record<string, string> = {}) {
    let payload: Buffer = Buffer.from(JSON.stringify(body));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-request-id': id('req_'),
      'openai-processing-ms': '1',
      ...extra,
    };
    if (s.gzip) {
      payload = zlib.gzipSync(payload);
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = String(payload.length);
    res.writeHead(status, headers);
    res.end(payload);
  }

  function sendError(res: http.ServerResponse, s: Scenario, status: number) {
    const type = status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error';
    const extra: Record<string, string> = {};
    if (s.retryAfter !== null) extra['retry-after'] = s.retryAfter;
    sendJson(
      res,
      status,
      { error: { message: `Mock error ${status}`, type, param: null, code: status === 429 ? 'rate_limit_exceeded' : null } },
      s,
      extra,
    );
  }

  /** Writes SSE events with the scenario's delays, holds and failures. */
  async function stream(res: http.ServerResponse, s: Scenario, events: string[], contentEvents: number) {
    const headers: Record<string, string> = {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-request-id': id('req_'),
    };
    let gz: zlib.Gzip | null = null;
    if (s.gzip) headers['content-encoding'] = 'gzip';
    res.writeHead(200, headers);
    if (s.gzip) {
      gz = zlib.createGzip({ flush: zlib.constants.Z_SYNC_FLUSH });
      gz.pipe(res);
    }
    const out: NodeJS.WritableStream = gz ?? res;
    const hold = s.hold !== null ? holdState(s.hold) : null;
    let lastWrite: Promise<void> = Promise.resolve();
    for (let i = 0; i < events.length; i++) {
      if (res.destroyed) return;
      if (s.failAfter !== null && i >= s.failAfter && i < contentEvents) {
        // let what was written reach the client first, then cut the connection
        await lastWrite;
        await sleep(20);
        res.socket?.destroy();
        return;
      }
      lastWrite = new Promise<void>((r) => out.write(events[i]!, () => r()));
      if (hold) {
        hold.sent++;
        if (i === s.holdAfter - 1 && !hold.released) {
          await new Promise<void>((r) => (hold.wake = r));
        }
      }
      if (s.delayMs > 0 && i < events.length - 1) await sleep(s.delayMs);
    }
    out.end();
  }

  const sse = (data: unknown, event?: string) =>
    (event ? `event: ${event}\n` : '') + `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, raw: Buffer) {
    const url = new URL(req.url ?? '/', 'http://mock');
    // `/v1/...`, Groq's `/openai/v1/...`, Fireworks' `/inference/v1/...`, Azure's `/openai/deployments/<name>/...`
    const path = url.pathname.replace(/^\/openai\/deployments\/[^/]+(?=\/)/, '').replace(/^\/(openai\/|inference\/)?v1(?=\/)/, '');
    let body: Record<string, unknown> = {};
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      } catch {
        body = {};
      }
    }
    if (record) requests.push({ method: req.method ?? 'GET', path: url.pathname, headers: req.headers, body });
    const s = scenarioOf(req, defaultDelay);
    if (s.waitMs > 0) await sleep(s.waitMs);
    if (res.destroyed || req.socket.destroyed) return;

    if (req.method === 'GET' && path === '/models') {
      return sendJson(res, 200, {
        object: 'list',
        data: Object.keys(MODEL_SNAPSHOTS).map((m) => ({ id: m, object: 'model', created: 1700000000, owned_by: 'system' })),
      }, s);
    }
    if (s.status === null && batchApi.handle(req, res, path, body, raw, (st, b) => sendJson(res, st, b, { ...s, gzip: false }))) return;
    if (req.method !== 'POST' || !POST_PATHS.includes(path)) {
      return sendJson(res, 404, { error: { message: `Unknown path ${url.pathname}`, type: 'invalid_request_error', param: null, code: 'unknown_url' } }, s);
    }
    const failFirst = /^(\d+):(.+)$/.exec(header(req, 'x-mock-fail-first') ?? '');
    if (failFirst) {
      const seen = failures.get(failFirst[2]!) ?? 0;
      failures.set(failFirst[2]!, seen + 1);
      if (seen < Number(failFirst[1])) return sendError(res, { ...s, retryAfter: s.retryAfter ?? '0' }, s.status ?? 429);
    } else if (s.status !== null) return sendError(res, s, s.status);
    if (s.malformed) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id": "chatcmpl-broken", "object": "chat.completion", "choices": [{"index": 0, "mess');
      return;
    }
    if (path === '/chat/completions') return chat(res, body, s);
    if (path === '/embeddings') return embeddings(res, body, s);
    if (path === '/responses') return responses(res, body, s);
    return other(req, res, path, body, raw, s);
  }

  /** Images, audio, moderations. */
  function other(req: http.IncomingMessage, res: http.ServerResponse, path: string, body: Record<string, unknown>, raw: Buffer, s: Scenario) {
    const created = Math.floor(Date.now() / 1000);
    if (path === '/images/generations' || path === '/images/edits') {
      // edits are multipart uploads: their fields come from the form
      const edit = path === '/images/edits';
      const field = (k: string): unknown => (edit ? (multipartField(raw, k) ?? undefined) : body[k]);
      const n = Number(field('n') ?? 1) || 1;
      const model = String(field('model') ?? 'dall-e-2'); // the API's default
      const prompt = String(field('prompt') ?? '');
      const data = Array.from({ length: n }, (_, i) =>
        model.startsWith('gpt-image') ? { b64_json: Buffer.from(`image ${i}`).toString('base64') } : { url: `https://mock.openai.local/images/${i}.png`, revised_prompt: prompt },
      );
      if (!model.startsWith('gpt-image')) return sendJson(res, 200, { created, data }, s); // DALL·E: no usage
      // gpt-image-*: token usage, text and image input tokens apart
      const images = edit ? raw.toString('latin1').split(/name="image(?:\[\])?"; filename=/).length - 1 : 0;
      const text = Math.max(1, Math.ceil(prompt.length / 4));
      const image = s.usage?.image_input_tokens ?? images * MOCK_EDIT_IMAGE_TOKENS;
      const output = s.usage?.completion_tokens ?? n * (IMAGE_OUTPUT_TOKENS[String(field('quality') ?? 'auto')] ?? 1056);
      const usage = {
        total_tokens: text + image + output,
        input_tokens: text + image,
        output_tokens: output,
        input_tokens_details: { text_tokens: text, image_tokens: image },
      };
      return sendJson(res, 200, { created, data, usage }, s);
    }
    if (path === '/audio/transcriptions' || path === '/audio/translations') {
      const seconds = Number(header(req, 'x-mock-audio-seconds') ?? MOCK_AUDIO_SECONDS);
      const format = multipartField(raw, 'response_format') ?? 'json';
      const text = s.reply ?? 'Hello from the mock transcription.';
      if (format === 'text') {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'x-request-id': id('req_') });
        return void res.end(text + '\n');
      }
      if (format === 'verbose_json') {
        const task = path === '/audio/translations' ? 'translate' : 'transcribe';
        return sendJson(res, 200, { task, language: 'english', duration: seconds, text, segments: [] }, s);
      }
      return sendJson(res, 200, { text, usage: { type: 'duration', seconds: Math.ceil(seconds) } }, s);
    }
    if (path === '/audio/speech') {
      const audio = Buffer.alloc(2048, 0xff);
      res.writeHead(200, { 'content-type': 'audio/mpeg', 'content-length': String(audio.length), 'x-request-id': id('req_') });
      return void res.end(audio);
    }
    if (path === '/moderations') {
      const model = typeof body.model === 'string' ? body.model : 'omni-moderation-latest';
      return sendJson(res, 200, { id: id('modr-'), model: model === 'omni-moderation-latest' ? 'omni-moderation-2024-09-26' : model, results: [{ flagged: false, categories: {}, category_scores: {} }] }, s);
    }
    return sendJson(res, 404, { error: { message: `Unknown path ${path}`, type: 'invalid_request_error', param: null, code: 'unknown_url' } }, s);
  }

  async function chat(res: http.ServerResponse, body: Record<string, unknown>, s: Scenario) {
    const model = returnedModel(body.model);
    const reply = s.reply ?? DEFAULT_REPLY;
    const usage = usageFor(textOf(body.messages), reply, s);
    const cid = id('chatcmpl-');
    const created = Math.floor(Date.now() / 1000);
    const fingerprint = 'fp_mock0001';
    if (body.stream !== true) {
      return sendJson(res, 200, {
        id: cid,
        object: 'chat.completion',
        created,
        model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: reply, refusal: null, annotations: [] },
            logprobs: null,
            finish_reason: 'stop',
          },
        ],
        usage: { ...chatUsage(usage), ...s.usageExtra },
        service_tier: 'default',
        system_fingerprint: fingerprint,
      }, s);
    }
    const includeUsage =
      typeof body.stream_options === 'object' && body.stream_options !== null &&
      (body.stream_options as Record<string, unknown>).include_usage === true;
    const base = { id: cid, object: 'chat.completion.chunk', created, model, service_tier: 'default', system_fingerprint: fingerprint };
    const u = includeUsage ? { usage: null } : {};
    const parts = splitReply(reply);
    const events: string[] = [
      sse({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }], ...u }),
    ];
    for (const p of parts) {
      events.push(sse({ ...base, choices: [{ index: 0, delta: { content: p }, logprobs: null, finish_reason: null }], ...u }));
    }
    const contentEvents = events.length;
    events.push(sse({ ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }], ...u }));
    if (includeUsage && !s.noUsage) events.push(sse({ ...base, choices: [], usage: { ...chatUsage(usage), ...s.usageExtra } }));
    events.push(sse('[DONE]'));
    await stream(res, s, events, contentEvents);
  }

  function embeddings(res: http.ServerResponse, body: Record<string, unknown>, s: Scenario) {
    const input = body.input;
    const inputs: unknown[] = Array.isArray(input) && input.length > 0 && typeof input[0] !== 'number' ? input : [input];
    const dims = typeof body.dimensions === 'number' && body.dimensions > 0 ? Math.min(4096, body.dimensions) : defaultDims;
    const base64 = body.encoding_format === 'base64';
    let prompt = 0;
    for (const x of inputs) {
      prompt += Array.isArray(x) ? x.length : Math.max(1, Math.ceil(textOf(x).length / 4));
    }
    const promptTokens = s.usage?.prompt_tokens ?? prompt;
    const data = inputs.map((_, index) => {
      const vec = new Float32Array(dims);
      for (let i = 0; i < dims; i++) vec[i] = Math.sin(index + i) / 10;
      return {
        object: 'embedding',
        index,
        embedding: base64 ? Buffer.from(vec.buffer).toString('base64') : Array.from(vec),
      };
    });
    sendJson(res, 200, {
      object: 'list',
      data,
      model: typeof body.model === 'string' ? body.model : 'text-embedding-3-small',
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
    }, s);
  }

  async function responses(res: http.ServerResponse, body: Record<string, unknown>, s: Scenario) {
    const model = returnedModel(body.model);
    const reply = s.reply ?? DEFAULT_REPLY;
    const usage = usageFor(textOf(body.input) + textOf(body.instructions), reply, s);
    const rid = id('resp_');
    const mid = id('msg_');
    const created = Math.floor(Date.now() / 1000);
    const responseObj = (status: 'in_progress' | 'completed', withOutput: boolean) => ({
      id: rid,
      object: 'response',
      created_at: created,
      status,
      background: false,
      error: null,
      incomplete_details: null,
      instructions: body.instructions ?? null,
      max_output_tokens: body.max_output_tokens ?? null,
      model,
      output: withOutput
        ? [
            {
              id: mid,
              type: 'message',
              status: 'completed',
              role: 'assistant',
              content: [{ type: 'output_text', annotations: [], logprobs: [], text: reply }],
            },
          ]
        : [],
      parallel_tool_calls: true,
      previous_response_id: null,
      reasoning: { effort: null, summary: null },
      store: true,
      temperature: 1,
      text: { format: { type: 'text' } },
      tool_choice: 'auto',
      tools: [],
      top_p: 1,
      truncation: 'disabled',
      usage: status === 'completed' ? responsesUsage(usage) : null,
      user: null,
      metadata: {},
    });
    if (body.stream !== true) return sendJson(res, 200, responseObj('completed', true), s);

    let seq = 0;
    const ev = (type: string, payload: Record<string, unknown>) => sse({ type, sequence_number: seq++, ...payload }, type);
    const parts = splitReply(reply);
    const events: string[] = [
      ev('response.created', { response: responseObj('in_progress', false) }),
      ev('response.in_progress', { response: responseObj('in_progress', false) }),
      ev('response.output_item.added', {
        output_index: 0,
        item: { id: mid, type: 'message', status: 'in_progress', role: 'assistant', content: [] },
      }),
      ev('response.content_part.added', {
        item_id: mid,
        output_index: 0,
        content_index: 0,
        part: { type: 'output_text', annotations: [], logprobs: [], text: '' },
      }),
    ];
    for (const p of parts) {
      events.push(ev('response.output_text.delta', { item_id: mid, output_index: 0, content_index: 0, delta: p, logprobs: [] }));
    }
    const contentEvents = events.length;
    events.push(
      ev('response.output_text.done', { item_id: mid, output_index: 0, content_index: 0, text: reply, logprobs: [] }),
      ev('response.content_part.done', {
        item_id: mid,
        output_index: 0,
        content_index: 0,
        part: { type: 'output_text', annotations: [], logprobs: [], text: reply },
      }),
      ev('response.output_item.done', {
        output_index: 0,
        item: {
          id: mid,
          type: 'message',
          status: 'completed',
          role: 'assistant',
          content: [{ type: 'output_text', annotations: [], logprobs: [], text: reply }],
        },
      }),
    );
    if (!s.noUsage) events.push(ev('response.completed', { response: responseObj('completed', true) }));
    await stream(res, s, events, contentEvents);
  }

  const server = await startHttpServer((req, res, raw) => {
    handle(req, res, raw).catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: String(err), type: 'server_error', param: null, code: null } }));
      } else {
        res.destroy();
      }
    });
  }, { host, port: options.port });
  return {
    url: server.url,
    baseURL: server.url + '/v1',
    port: server.port,
    requests,
    release(key: string) {
      const h = holdState(key);
      h.released = true;
      const wake = h.wake;
      h.wake = null;
      wake?.();
    },
    eventsSent(key: string) {
      return holds.get(key)?.sent ?? 0;
    },
    close() {
      for (const h of holds.values()) {
        h.released = true;
        h.wake?.();
      }
      return server.close();
    },
  };
}
