/**
 * Anthropic Messages API wire format (what `@anthropic-ai/sdk` speaks). Pure functions only.
 *
 *  - POST /v1/messages               -> a `message` object, or with `stream: true` the SSE events `message_start`
 *    (the message with its input usage), `content_block_start`, `content_block_delta` (`text_delta`,
 *    `input_json_delta`, `thinking_delta`), `content_block_stop`, `message_delta` (stop reason and cumulative
 *    usage), `message_stop`, `ping`, `error`. `messages.stream(...)` uses the same endpoint.
 *  - POST /v1/messages/count_tokens  -> `{ input_tokens }`: free, recorded with no usage (cost 0).
 *  - POST /v1/messages/batches       -> a `message_batch`: free to create; its requests run later at the batch
 *    discount. Their results are read when downloaded (`GET /v1/messages/batches/{id}/results`, what
 *    `client.messages.batches.results(id)` fetches through the batch's `results_url`): JSON lines
 *    `{ custom_id, result: { type: "succeeded", message } | { type: "errored", error } | { type: "canceled" } |
 *    { type: "expired" } }`, each succeeded `message` with its own `usage`.
 *
 * Usage normalisation to the canonical convention (packages/shared/src/usage.ts): Anthropic's `input_tokens` EXCLUDES cache
 * reads and writes, which come on top of it, so canonical input = input_tokens + cache_creation_input_tokens +
 * cache_read_input_tokens, with cache_read = cache_read_input_tokens and cache_write = cache_creation_input_tokens.
 * Output tokens (thinking included) are `output_tokens`. Server tool use (web search) is a unit. Cache writes with a
 * 1-hour TTL (`cache_creation.ephemeral_1h_input_tokens`, billed at 2x the input rate instead of 1.25x) are kept as
 * cache_write_1h_tokens, a part of cache_write.
 */
import type { CanonicalUsage } from '@llmobserve/shared';
import { estimateTokens, textLength } from '../estimate/tokens.js';
import { cleanPath, count, hasNumber, isObj, parseJson, positiveUnits, str, zeroUsage, type Obj } from './util.js';
import { firstStringField, lastObjectField } from './json-fields.js';
import { emptySummary, newBatchItem, type BatchResultItem, type BatchResultsReader, type EndpointMatch, type ProviderAdapter, type RequestSummary, type ResponseSummary, type SseEvent } from './types.js';

/** The 1-hour part of a usage's cache writes (`cache_creation.ephemeral_1h_input_tokens`), or null when not reported. */
function oneHourWrites(usage: Obj): number | null {
  const cc = usage.cache_creation;
  return isObj(cc) && hasNumber(cc, 'ephemeral_1h_input_tokens') ? count(cc.ephemeral_1h_input_tokens) : null;
}

/** Sets the 1-hour cache writes on `u` (only when there are some, never more than the cache writes). */
function withOneHour(u: CanonicalUsage, oneHour: number | null): CanonicalUsage {
  if (oneHour !== null && oneHour > 0) u.cache_write_1h_tokens = Math.min(oneHour, u.cache_write_tokens);
  return u;
}

/** Anthropic `usage` -> canonical usage; null when it has no token counts. */
export function normalizeAnthropicUsage(usage: unknown): CanonicalUsage | null {
  if (!isObj(usage) || (!hasNumber(usage, 'input_tokens') && !hasNumber(usage, 'output_tokens'))) return null;
  const write = count(usage.cache_creation_input_tokens);
  const read = count(usage.cache_read_input_tokens);
  const u: CanonicalUsage = {
    input_tokens: count(usage.input_tokens) + write + read,
    output_tokens: count(usage.output_tokens),
    cache_read_tokens: read,
    cache_write_tokens: write,
    reasoning_tokens: 0,
  };
  return withOneHour(u, oneHourWrites(usage));
}

function serverToolUnits(usage: unknown): Record<string, number> | null {
  if (!isObj(usage) || !isObj(usage.server_tool_use)) return null;
  return positiveUnits({ web_search_requests: count(usage.server_tool_use.web_search_requests) });
}

const MESSAGES: EndpointMatch = { endpoint: 'messages', spanType: 'llm' };
const COUNT_TOKENS: EndpointMatch = { endpoint: 'messages.count_tokens', spanType: 'api' };
const BATCHES_CREATE: EndpointMatch = { endpoint: 'messages.batches.create', spanType: 'api' };

export function matchAnthropicEndpoint(method: string, path: string): EndpointMatch | null {
  if (method !== 'POST') return null;
  const p = cleanPath(path);
  if (p.endsWith('/messages/count_tokens')) return COUNT_TOKENS;
  if (p.endsWith('/messages/batches')) return BATCHES_CREATE;
  if (p.endsWith('/messages')) return MESSAGES;
  return null;
}

export function summarizeAnthropicRequest(_endpoint: string, body: unknown): RequestSummary {
  if (!isObj(body)) return { model: null, stream: false, estimatedInputTokens: 0 };
  const chars = textLength(body.messages) + textLength(body.system) + textLength(body.tools);
  return { model: str(body.model), stream: body.stream === true, estimatedInputTokens: estimateTokens(chars) };
}

export function anthropicErrorMessage(body: unknown): string | null {
  if (!isObj(body)) return null;
  const e = body.error;
  if (isObj(e)) return str(e.message) ?? str(e.type) ?? 'error';
  return str(body.message);
}

function contentChars(content: unknown): number {
  if (!Array.isArray(content)) return 0;
  let n = 0;
  for (const b of content) {
    if (!isObj(b)) continue;
    if (typeof b.text === 'string') n += b.text.length;
    if (typeof b.thinking === 'string') n += b.thinking.length;
    if (b.type === 'tool_use' && b.input !== undefined) n += JSON.stringify(b.input).length;
  }
  return n;
}

export function summarizeAnthropicJson(endpoint: string, body: unknown): ResponseSummary {
  const s = emptySummary();
  if (!isObj(body)) return s;
  if (endpoint === 'messages.count_tokens' || endpoint === 'messages.batches.create') {
    // free: a count is information, not consumption; a batch's requests are billed when they run
    s.usage = zeroUsage();
    s.responseId = str(body.id);
    return s;
  }
  s.model = str(body.model);
  s.responseId = str(body.id);
  s.usage = normalizeAnthropicUsage(body.usage);
  s.units = serverToolUnits(body.usage);
  s.outputChars = contentChars(body.content);
  if (body.type === 'error') s.error = anthropicErrorMessage(body) ?? 'error';
  return s;
}

function deltaChars(delta: Obj): number {
  if (typeof delta.text === 'string') return delta.text.length;
  if (typeof delta.partial_json === 'string') return delta.partial_json.length;
  if (typeof delta.thinking === 'string') return delta.thinking.length;
  return 0;
}

/**
 * Folds Anthropic stream events. `message_start` gives the input usage (and a provisional output count);
 * `message_delta` gives the cumulative usage (output tokens; recent API versions repeat the input counts). A stream
 * cut before its `message_delta` keeps the input usage with `usagePartial` set, so the output is estimated.
 */
export function summarizeAnthropicStream(
  _endpoint: string,
  events: readonly SseEvent[],
  prev: ResponseSummary | null,
): ResponseSummary {
  const s: ResponseSummary = prev ? { ...prev } : emptySummary();
  for (const e of events) {
    const d = parseJson(e.data);
    if (!isObj(d)) continue;
    const type = e.event ?? str(d.type);
    if (type === 'content_block_delta') {
      if (isObj(d.delta)) s.outputChars += deltaChars(d.delta);
    } else if (type === 'message_start') {
      const m = d.message;
      if (!isObj(m)) continue;
      s.model = str(m.model) ?? s.model;
      s.responseId = str(m.id) ?? s.responseId;
      const u = normalizeAnthropicUsage(m.usage);
      if (u) {
        s.usage = u;
        s.usagePartial = true;
      }
      s.units = serverToolUnits(m.usage) ?? s.units ?? null;
    } else if (type === 'message_delta') {
      const du = d.usage;
      if (!isObj(du)) continue;
      const base = s.usage ?? zeroUsage();
      // cumulative counts: those present replace the message_start ones
      const write = hasNumber(du, 'cache_creation_input_tokens') ? count(du.cache_creation_input_tokens) : base.cache_write_tokens;
      const read = hasNumber(du, 'cache_read_input_tokens') ? count(du.cache_read_input_tokens) : base.cache_read_tokens;
      const plainInput = hasNumber(du, 'input_tokens')
        ? count(du.input_tokens)
        : base.input_tokens - base.cache_read_tokens - base.cache_write_tokens;
      s.usage = withOneHour(
        {
          input_tokens: plainInput + write + read,
          output_tokens: hasNumber(du, 'output_tokens') ? count(du.output_tokens) : base.output_tokens,
          cache_read_tokens: read,
          cache_write_tokens: write,
          reasoning_tokens: 0,
        },
        oneHourWrites(du) ?? base.cache_write_1h_tokens ?? null,
      );
      s.usagePartial = false;
      s.units = serverToolUnits(du) ?? s.units ?? null;
    } else if (type === 'error') {
      s.error = anthropicErrorMessage(d) ?? 'stream error';
    }
  }
  return s;
}

const RESULTS_RE = /\/messages\/batches\/([^/?]+)\/results$/;

/** `GET …/messages/batches/{id}/results` -> the batch id. */
export function matchAnthropicBatchResults(method: string, path: string): string | null {
  if (method !== 'GET') return null;
  const q = path.indexOf('?');
  const m = RESULTS_RE.exec(q === -1 ? path : path.slice(0, q));
  return m ? decodeURIComponent(m[1]!) : null;
}

const RESULT_STATUS: Readonly<Record<string, BatchResultItem['status']>> = {
  succeeded: 'ok',
  errored: 'error',
  canceled: 'cancelled',
  expired: 'timeout',
};

/** custom_id is unique within a batch: the batch id and it make a result's key. */
const resultItem = (batchId: string, customId: string): BatchResultItem => newBatchItem(`${batchId}/${customId}`, customId);

/** One line of a message batch's results; null when it is not one. */
export function summarizeAnthropicBatchLine(batchId: string, line: unknown): BatchResultItem | null {
  if (!isObj(line) || typeof line.custom_id !== 'string' || !isObj(line.result)) return null;
  const r = line.result;
  const item = resultItem(batchId, line.custom_id);
  const type = str(r.type) ?? 'unknown';
  item.status = RESULT_STATUS[type] ?? 'error';
  if (type === 'succeeded' && isObj(r.message)) {
    const m = r.message;
    item.model = str(m.model);
    item.responseId = str(m.id);
    item.usage = normalizeAnthropicUsage(m.usage);
    item.units = serverToolUnits(m.usage);
  } else if (type !== 'succeeded') {
    // not billed
    item.error = type === 'errored' ? (anthropicErrorMessage(r.error) ?? 'errored') : type;
  }
  return item;
}

/** A result line too long to keep whole: model and id from its head, usage from its tail. */
export function summarizeAnthropicBatchLongLine(batchId: string, head: string, tail: string): BatchResultItem | null {
  const customId = firstStringField(head, 'custom_id');
  if (customId === null || !/"type"\s*:\s*"succeeded"/.test(head)) return null;
  const item = resultItem(batchId, customId);
  item.model = firstStringField(head, 'model');
  const usage = lastObjectField(tail, 'usage');
  item.usage = normalizeAnthropicUsage(usage);
  item.units = serverToolUnits(usage);
  return item;
}

const ANTHROPIC_BATCH_RESULTS: BatchResultsReader = {
  endpoint: 'messages.batches',
  match: matchAnthropicBatchResults,
  summarizeLine: summarizeAnthropicBatchLine,
  summarizeLongLine: summarizeAnthropicBatchLongLine,
};

export const anthropic: ProviderAdapter = {
  name: 'anthropic',
  origins: ['https://api.anthropic.com'],
  matchEndpoint: matchAnthropicEndpoint,
  summarizeRequest: summarizeAnthropicRequest,
  summarizeJson: summarizeAnthropicJson,
  summarizeStream: summarizeAnthropicStream,
  errorMessage: anthropicErrorMessage,
  batchResults: ANTHROPIC_BATCH_RESULTS,
};
