/**
 * OpenAI wire format (also spoken by OpenAI-compatible servers): Chat Completions, Embeddings and Responses,
 * plain JSON and SSE streams. Pure functions only.
 *
 * Usage normalisation to the canonical convention (shared/PRODUCT.md):
 *  - Chat Completions / Embeddings: `prompt_tokens` already include `prompt_tokens_details.cached_tokens` (and
 *    `cache_write_tokens` where reported); `completion_tokens` already include
 *    `completion_tokens_details.reasoning_tokens`. So input = prompt_tokens, output = completion_tokens, and the
 *    details are parts of them.
 *  - Responses: `input_tokens` include `input_tokens_details.cached_tokens`; `output_tokens` include
 *    `output_tokens_details.reasoning_tokens`.
 *
 * Batch API: `POST /v1/batches` is free; its requests run later and are billed at the batch discount. Their results
 * are read when the output file is downloaded (`GET /v1/files/{id}/content`, `client.files.content(id)`): one line
 * a request, `{ id: "batch_req_…", custom_id, response: { status_code, request_id, body }, error }`, where `body`
 * is what the synchronous endpoint would have answered (a `chat.completion`, an embeddings `list`, a `response`).
 */
import type { CanonicalUsage, TokenDetails } from '@llmobserve/shared';
import { estimateTokens, textLength } from '../estimate/tokens.js';
import { firstStringField, lastObjectField, lastStringField } from './json-fields.js';
import { clampDetails, positiveTokenDetails } from './util.js';
import {
  emptySummary,
  newBatchItem,
  type BatchResultItem,
  type BatchResultsReader,
  type EndpointMatch,
  type ProviderAdapter,
  type RequestSummary,
  type ResponseSummary,
  type SseEvent,
} from './types.js';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A token count as a non-negative integer; anything else is 0. */
function count(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.round(v) : 0;
}

function hasCount(o: Obj, key: string): boolean {
  return typeof o[key] === 'number' && Number.isFinite(o[key] as number);
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/** Keeps the convention even when a server reports inconsistent details: parts never exceed their totals. */
export function clampUsage(u: CanonicalUsage): CanonicalUsage {
  const cacheRead = Math.min(u.cache_read_tokens, u.input_tokens);
  const cacheWrite = Math.min(u.cache_write_tokens, u.input_tokens - cacheRead);
  return {
    input_tokens: u.input_tokens,
    output_tokens: u.output_tokens,
    cache_read_tokens: cacheRead,
    cache_write_tokens: cacheWrite,
    reasoning_tokens: Math.min(u.reasoning_tokens, u.output_tokens),
  };
}

/** Sets the modality details (audio, image tokens) on a usage, within the convention; only when there are some. */
function withDetails(u: CanonicalUsage, d: TokenDetails): CanonicalUsage {
  const details = positiveTokenDetails(d);
  if (details) {
    const clamped = clampDetails(u, details);
    if (clamped) u.token_details = clamped;
  }
  return u;
}

/** `usage` of a chat.completion / chat.completion.chunk / embeddings list. Null when it has no token counts. */
export function normalizeChatUsage(usage: unknown): CanonicalUsage | null {
  if (!isObj(usage) || (!hasCount(usage, 'prompt_tokens') && !hasCount(usage, 'completion_tokens'))) return null;
  const pd = isObj(usage.prompt_tokens_details) ? usage.prompt_tokens_details : {};
  const cd = isObj(usage.completion_tokens_details) ? usage.completion_tokens_details : {};
  const u = clampUsage({
    input_tokens: count(usage.prompt_tokens),
    output_tokens: count(usage.completion_tokens),
    // DeepSeek reports cache hits beside the details: prompt_tokens = prompt_cache_hit_tokens + prompt_cache_miss_tokens
    cache_read_tokens: Math.max(count(pd.cached_tokens), count(usage.prompt_cache_hit_tokens)),
    cache_write_tokens: count(pd.cache_write_tokens),
    reasoning_tokens: count(cd.reasoning_tokens),
  });
  // gpt-audio & co: audio tokens in and out, priced at their own rates
  return withDetails(u, { input_audio_tokens: count(pd.audio_tokens), output_audio_tokens: count(cd.audio_tokens) });
}

/**
 * `usage` of a Responses API `response`, also the shape of the images API's usage (`input_tokens_details:
 * { text_tokens, image_tokens }`) and of gpt-4o-transcribe's (`input_token_details: { text_tokens, audio_tokens }`).
 * Null when it has no token counts.
 */
export function normalizeResponsesUsage(usage: unknown): CanonicalUsage | null {
  if (!isObj(usage) || (!hasCount(usage, 'input_tokens') && !hasCount(usage, 'output_tokens'))) return null;
  const id = isObj(usage.input_tokens_details) ? usage.input_tokens_details : isObj(usage.input_token_details) ? usage.input_token_details : {};
  const od = isObj(usage.output_tokens_details) ? usage.output_tokens_details : {};
  const u = clampUsage({
    input_tokens: count(usage.input_tokens),
    output_tokens: count(usage.output_tokens),
    cache_read_tokens: count(id.cached_tokens),
    cache_write_tokens: count(id.cache_write_tokens),
    reasoning_tokens: count(od.reasoning_tokens),
  });
  return withDetails(u, {
    input_audio_tokens: count(id.audio_tokens),
    input_image_tokens: count(id.image_tokens),
    output_audio_tokens: count(od.audio_tokens),
    output_image_tokens: count(od.image_tokens),
  });
}

const ENDPOINTS: ReadonlyArray<{ suffix: string; match: EndpointMatch }> = [
  { suffix: '/chat/completions', match: { endpoint: 'chat.completions', spanType: 'llm' } },
  { suffix: '/responses', match: { endpoint: 'responses', spanType: 'llm' } },
  { suffix: '/embeddings', match: { endpoint: 'embeddings', spanType: 'embedding' } },
  { suffix: '/images/generations', match: { endpoint: 'images.generations', spanType: 'api' } },
  { suffix: '/images/edits', match: { endpoint: 'images.edits', spanType: 'api' } },
  { suffix: '/audio/transcriptions', match: { endpoint: 'audio.transcriptions', spanType: 'api' } },
  { suffix: '/audio/translations', match: { endpoint: 'audio.translations', spanType: 'api' } },
  { suffix: '/audio/speech', match: { endpoint: 'audio.speech', spanType: 'api' } },
  { suffix: '/moderations', match: { endpoint: 'moderations', spanType: 'api' } },
  { suffix: '/batches', match: { endpoint: 'batches.create', spanType: 'api' } },
];

/** Bytes per second of the typical upload (MP3 at 128 kbit/s), to estimate audio seconds from a file's size. */
export const AUDIO_BYTES_PER_SECOND = 16_000;

/**
 * The overlay's image unit: `images_<size>_<quality>` (unit-prices.ts). DALL·E 2 has one quality (`standard`);
 * DALL·E 3's are `standard` (also for `auto`) and `hd`; other models keep the quality as requested.
 */
export function imageUnit(model: string, size: unknown, quality: unknown): string {
  const sz = typeof size === 'string' && size !== 'auto' ? size : '1024x1024';
  let q = typeof quality === 'string' ? quality : 'standard';
  if (model.startsWith('dall-e-')) q = q === 'hd' && model === 'dall-e-3' ? 'hd' : 'standard';
  return `images_${sz}_${q}`;
}

/** A multipart/form-data body (as latin1): its text fields and the size in bytes of its `file` part. */
export function readMultipart(raw: string): { fields: Record<string, string>; fileBytes: number } {
  const fields: Record<string, string> = {};
  let fileBytes = 0;
  const nl = raw.indexOf('\r\n');
  if (!raw.startsWith('--') || nl < 0) return { fields, fileBytes };
  const boundary = raw.slice(0, nl);
  for (const part of raw.split(boundary)) {
    const headEnd = part.indexOf('\r\n\r\n');
    if (headEnd < 0) continue;
    const name = /name="([^"]*)"/.exec(part.slice(0, headEnd));
    if (!name) continue;
    let value = part.slice(headEnd + 4);
    if (value.endsWith('\r\n')) value = value.slice(0, -2);
    if (/filename="/.test(part.slice(0, headEnd))) fileBytes += value.length;
    else if (value.length <= 256) fields[name[1]!] = value;
  }
  return { fields, fileBytes };
}

/** Matches by path suffix, so `/v1/chat/completions`, `/chat/completions` and proxies' prefixes all match. */
export function matchOpenAIEndpoint(method: string, path: string): EndpointMatch | null {
  if (method !== 'POST') return null;
  const q = path.indexOf('?');
  let p = q === -1 ? path : path.slice(0, q);
  if (p.endsWith('/')) p = p.slice(0, -1);
  for (const e of ENDPOINTS) {
    if (p.endsWith(e.suffix)) return e.match;
  }
  return null;
}

export function summarizeOpenAIRequest(endpoint: string, body: unknown): RequestSummary {
  if ((endpoint === 'audio.transcriptions' || endpoint === 'audio.translations') && typeof body === 'string') {
    // multipart upload: the audio's length is estimated from the file's size (used when the response reports none)
    const { fields, fileBytes } = readMultipart(body);
    const seconds = Math.round((fileBytes / AUDIO_BYTES_PER_SECOND) * 10) / 10;
    const units = seconds > 0 ? { audio_seconds: seconds } : null;
    return { model: str(fields.model), stream: fields.stream === 'true', estimatedInputTokens: 0, units, unitsEstimated: true };
  }
  if (endpoint === 'images.edits' && typeof body === 'string') {
    // multipart upload: model, n, size and quality are form fields
    const { fields } = readMultipart(body);
    const model = str(fields.model) ?? 'dall-e-2'; // the API's default
    const n = Math.max(1, Math.round(Number(fields.n ?? 1)) || 1);
    return { model, stream: fields.stream === 'true', estimatedInputTokens: 0, units: { [imageUnit(model, fields.size, fields.quality)]: n } };
  }
  if (!isObj(body)) return { model: null, stream: false, estimatedInputTokens: 0 };
  if (endpoint === 'images.generations') {
    const model = str(body.model) ?? 'dall-e-2'; // the API's default
    const n = typeof body.n === 'number' && body.n > 0 ? Math.round(body.n) : 1;
    return { model, stream: body.stream === true, estimatedInputTokens: 0, units: { [imageUnit(model, body.size, body.quality)]: n } };
  }
  if (endpoint === 'audio.speech') {
    const chars = typeof body.input === 'string' ? body.input.length : 0;
    return { model: str(body.model), stream: false, estimatedInputTokens: 0, units: chars > 0 ? { characters: chars } : null };
  }
  const model = str(body.model);
  const stream = body.stream === true;
  let estimatedInputTokens = 0;
  if (endpoint === 'chat.completions') {
    estimatedInputTokens = estimateTokens(textLength(body.messages));
  } else if (endpoint === 'responses') {
    estimatedInputTokens = estimateTokens(textLength(body.input) + textLength(body.instructions));
  } else if (endpoint === 'embeddings') {
    estimatedInputTokens = embeddingInputTokens(body.input);
  }
  return { model, stream, estimatedInputTokens };
}

/** Embeddings input: text (estimated), or token-id arrays (counted exactly). */
function embeddingInputTokens(input: unknown): number {
  if (typeof input === 'string') return estimateTokens(input.length);
  if (!Array.isArray(input)) return 0;
  if (input.length > 0 && typeof input[0] === 'number') return input.length;
  let n = 0;
  for (const x of input) {
    if (typeof x === 'string') n += estimateTokens(x.length);
    else if (Array.isArray(x)) n += x.length;
  }
  return n;
}

export function openAIErrorMessage(body: unknown): string | null {
  if (!isObj(body)) return null;
  const e = body.error;
  if (isObj(e)) return str(e.message) ?? str(e.code) ?? str(e.type) ?? 'error';
  if (typeof e === 'string') return e;
  return str(body.message);
}

/** A complete `chat.completion`, embeddings `list` or Responses `response`. */
export function summarizeOpenAIJson(endpoint: string, body: unknown): ResponseSummary {
  const s = emptySummary();
  if (!isObj(body)) return s;
  s.model = str(body.model);
  s.responseId = str(body.id);
  if (endpoint === 'audio.transcriptions' || endpoint === 'audio.translations') {
    // verbose_json: `duration`; json: `usage` of type `duration` (seconds) or `tokens` (gpt-4o-transcribe)
    const u = isObj(body.usage) ? body.usage : null;
    const seconds = typeof body.duration === 'number' ? body.duration : u && u.type === 'duration' && typeof u.seconds === 'number' ? u.seconds : 0;
    if (seconds > 0) s.units = { audio_seconds: seconds };
    else if (u && u.type === 'tokens') s.usage = normalizeResponsesUsage(u);
    return s;
  }
  if (endpoint === 'images.generations' || endpoint === 'images.edits') {
    // gpt-image-*: tokens, image input tokens apart; DALL·E: none (units from the request)
    s.usage = normalizeResponsesUsage(body.usage);
    return s;
  }
  if (endpoint === 'moderations') {
    s.units = { requests: 1 }; // free: priced $0 by the overlay
    return s;
  }
  if (endpoint === 'batches.create') {
    // creating a batch is free; its requests are billed (at the batch discount) when they run
    s.usage = { input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0 };
    return s;
  }
  if (endpoint === 'responses') {
    s.usage = normalizeResponsesUsage(body.usage);
    s.outputChars = textLength(body.output);
    if (body.status === 'failed' || isObj(body.error)) s.error = openAIErrorMessage(body) ?? 'response failed';
  } else {
    s.usage = normalizeChatUsage(body.usage);
    if (endpoint === 'chat.completions' && Array.isArray(body.choices)) {
      for (const c of body.choices) if (isObj(c)) s.outputChars += textLength(c.message);
    }
    if (isObj(body.error)) s.error = openAIErrorMessage(body);
  }
  return s;
}

function parseJson(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}

const USAGE_RE = /"usage"\s*:\s*\{/;
const RESPONSE_TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed']);

function responsesEventType(e: SseEvent): string | null {
  if (e.event) return e.event;
  const m = /"type"\s*:\s*"([^"]+)"/.exec(e.data);
  return m ? m[1]! : null;
}

/**
 * Stream summary. Fast path: the usage is in the last events (`include_usage` chunk, `response.completed`), so the
 * events are scanned from the end and only those are parsed; every event is parsed only when no usage came (to
 * count output characters for the estimate), or when folding a part of a long stream (`prev`).
 */
export function summarizeOpenAIStream(
  endpoint: string,
  events: readonly SseEvent[],
  prev: ResponseSummary | null,
): ResponseSummary {
  const s = prev ? { ...prev } : emptySummary();
  if (endpoint === 'responses') {
    for (let i = events.length - 1; i >= 0; i--) {
      const e = events[i]!;
      const type = responsesEventType(e);
      if (type === null || !RESPONSE_TERMINAL.has(type)) continue;
      const d = parseJson(e.data);
      if (!isObj(d) || !isObj(d.response)) continue;
      const r = summarizeOpenAIJson('responses', d.response);
      if (r.usage) {
        if (type === 'response.failed' && !r.error) r.error = 'response failed';
        return { ...r, model: r.model ?? s.model, responseId: r.responseId ?? s.responseId };
      }
    }
    for (const e of events) {
      const type = responsesEventType(e);
      if (type === null) continue;
      if (type.endsWith('.delta')) {
        const d = parseJson(e.data);
        if (isObj(d) && typeof d.delta === 'string') s.outputChars += d.delta.length;
        continue;
      }
      if (type === 'response.created' || type === 'response.in_progress' || RESPONSE_TERMINAL.has(type)) {
        const d = parseJson(e.data);
        if (isObj(d) && isObj(d.response)) {
          s.model = str(d.response.model) ?? s.model;
          s.responseId = str(d.response.id) ?? s.responseId;
          if (type === 'response.failed') s.error = openAIErrorMessage(d.response) ?? 'response failed';
        }
        continue;
      }
      if (type === 'error') {
        const d = parseJson(e.data);
        s.error = openAIErrorMessage(d) ?? (isObj(d) ? str(d.message) : null) ?? 'stream error';
      }
    }
    return s;
  }

  // chat.completions (and any other chunked JSON stream)
  if (!prev) {
    for (let i = events.length - 1; i >= 0; i--) {
      const data = events[i]!.data;
      if (!USAGE_RE.test(data)) continue;
      const d = parseJson(data);
      if (!isObj(d)) continue;
      const usage = normalizeChatUsage(d.usage);
      if (!usage) continue;
      s.usage = usage;
      s.model = str(d.model);
      s.responseId = str(d.id);
      if (s.model === null || s.responseId === null) {
        const first = events.length > 0 ? parseJson(events[0]!.data) : undefined;
        if (isObj(first)) {
          s.model ??= str(first.model);
          s.responseId ??= str(first.id);
        }
      }
      return s;
    }
  }
  for (const e of events) {
    if (e.data === '[DONE]') continue;
    const d = parseJson(e.data);
    if (!isObj(d)) continue;
    if (isObj(d.error)) {
      s.error = openAIErrorMessage(d);
      continue;
    }
    s.model ??= str(d.model);
    s.responseId ??= str(d.id);
    const usage = normalizeChatUsage(d.usage);
    if (usage) s.usage = usage;
    if (Array.isArray(d.choices)) {
      for (const c of d.choices) if (isObj(c)) s.outputChars += textLength(c.delta);
    }
  }
  return s;
}

const FILE_CONTENT_RE = /\/files\/([^/?]+)\/content$/;

/** `GET …/files/{id}/content` -> the file id. */
export function matchOpenAIBatchOutput(method: string, path: string): string | null {
  if (method !== 'GET') return null;
  const q = path.indexOf('?');
  const m = FILE_CONTENT_RE.exec(q === -1 ? path : path.slice(0, q));
  return m ? decodeURIComponent(m[1]!) : null;
}

/** Usage of a batch result body: Responses usage (`input_tokens`) or Chat/Embeddings usage (`prompt_tokens`). */
function batchBodyUsage(usage: unknown): CanonicalUsage | null {
  if (isObj(usage) && !hasCount(usage, 'prompt_tokens') && hasCount(usage, 'input_tokens')) return normalizeResponsesUsage(usage);
  return normalizeChatUsage(usage);
}

/** A result's key: its `batch_req_…` id, else the file and custom id. */
const batchItem = (ref: string, id: string | null, customId: string | null): BatchResultItem =>
  newBatchItem(id ?? `${ref}/${customId ?? ''}`, customId);

/** One line of a Batch output (or error) file; null when the line is not one (an input file's line has no `response`). */
export function summarizeOpenAIBatchLine(ref: string, line: unknown): BatchResultItem | null {
  if (!isObj(line) || typeof line.custom_id !== 'string' || !('response' in line)) return null;
  const item = batchItem(ref, str(line.id), line.custom_id);
  const resp = isObj(line.response) ? line.response : null;
  const body = resp && isObj(resp.body) ? resp.body : null;
  const statusCode = resp && typeof resp.status_code === 'number' ? resp.status_code : 0;
  item.requestId = resp ? str(resp.request_id) : null;
  if (body) {
    item.model = str(body.model);
    item.responseId = str(body.id);
    if (body.object === 'list') item.spanType = 'embedding';
    const created = typeof body.created === 'number' ? body.created : typeof body.created_at === 'number' ? body.created_at : null;
    if (created !== null && created > 0) item.createdAtMs = created * 1000;
  }
  if (isObj(line.error) || statusCode >= 400 || body === null) {
    // not billed: a request the batch could not run, or that failed
    item.status = 'error';
    item.error = (isObj(line.error) ? (str(line.error.message) ?? str(line.error.code)) : null) ?? openAIErrorMessage(body) ?? `HTTP ${statusCode}`;
    return item;
  }
  item.usage = batchBodyUsage(body.usage);
  if (body.object === 'response' && body.status === 'failed') {
    item.status = 'error';
    item.error = openAIErrorMessage(body) ?? 'response failed';
  }
  return item;
}

/**
 * A line too long to keep whole (an embeddings result of many vectors, a very long completion): ids from its head,
 * usage from its tail; the model from the tail (embeddings put it after the vectors), else from the response body
 * at the head (chat completions and responses put it before their output).
 */
export function summarizeOpenAIBatchLongLine(ref: string, head: string, tail: string): BatchResultItem | null {
  const customId = firstStringField(head, 'custom_id');
  if (customId === null || !/"response"\s*:/.test(head)) return null; // an input file's line has no response
  const item = batchItem(ref, firstStringField(head, 'id'), customId);
  const status = /"status_code"\s*:\s*(\d+)/.exec(head);
  item.requestId = firstStringField(head, 'request_id');
  if (head.includes('"object": "list"') || head.includes('"object":"list"')) item.spanType = 'embedding';
  const body = head.indexOf('"body"');
  item.model = lastStringField(tail, 'model') ?? (body === -1 ? null : firstStringField(head.slice(body), 'model'));
  if (status && Number(status[1]) >= 400) {
    item.status = 'error';
    item.error = `HTTP ${status[1]}`;
    return item;
  }
  item.usage = batchBodyUsage(lastObjectField(tail, 'usage'));
  return item;
}

const OPENAI_BATCH_RESULTS: BatchResultsReader = {
  endpoint: 'batch',
  match: matchOpenAIBatchOutput,
  summarizeLine: summarizeOpenAIBatchLine,
  summarizeLongLine: summarizeOpenAIBatchLongLine,
};

export const openai: ProviderAdapter = {
  name: 'openai',
  origins: ['https://api.openai.com'],
  docs: [
    { operation: 'chat.completions.create', endpoint: 'chat.completions', streaming: true, priced: 'tokens (genai-prices): input, cached input, output (reasoning included); audio tokens in and out (gpt-audio) at their own rates' },
    { operation: 'responses.create', endpoint: 'responses', streaming: true, priced: 'tokens (genai-prices): input, cached input, output (reasoning included)' },
    { operation: 'embeddings.create', endpoint: 'embeddings', streaming: false, priced: 'input tokens (genai-prices)' },
    { operation: 'images.generate', endpoint: 'images.generations', streaming: false, priced: 'gpt-image-*: tokens (genai-prices), image input and output at their own rates; DALL·E: per image by model, size and quality (unit images_<size>_<quality> = n), overlay' },
    { operation: 'images.edit', endpoint: 'images.edits', streaming: false, priced: 'gpt-image-*: tokens (genai-prices), input images at the image input rate (token_details.input_image_tokens); DALL·E 2: unit images_<size>_<quality> (no overlay price: the model is removed)' },
    { operation: 'audio.transcriptions.create', endpoint: 'audio.transcriptions', streaming: false, priced: 'audio_seconds (response duration / usage.seconds; else estimated from the file size), overlay' },
    { operation: 'audio.translations.create', endpoint: 'audio.translations', streaming: false, priced: 'audio_seconds (response duration / usage.seconds; else estimated from the file size), overlay' },
    { operation: 'audio.speech.create', endpoint: 'audio.speech', streaming: false, priced: 'characters of the input, overlay' },
    { operation: 'moderations.create', endpoint: 'moderations', streaming: false, priced: 'free (requests at $0, overlay)' },
    { operation: 'batches.create', endpoint: 'batches.create', streaming: false, priced: 'free ($0, no usage)' },
    { operation: 'files.content (a batch output or error file)', endpoint: 'batch', streaming: false, priced: 'one event per request of the batch, with the usage of its result, tokens (genai-prices) at the 50 % batch discount (overlay); failed requests $0; stored once however often the file is read' },
  ],
  matchEndpoint: matchOpenAIEndpoint,
  summarizeRequest: summarizeOpenAIRequest,
  summarizeJson: summarizeOpenAIJson,
  summarizeStream: summarizeOpenAIStream,
  errorMessage: openAIErrorMessage,
  batchResults: OPENAI_BATCH_RESULTS,
};
