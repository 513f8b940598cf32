/**
 * Cohere wire format (what `cohere-ai`'s `CohereClientV2` speaks to api.cohere.com; api.cohere.ai is the older
 * host). Pure functions.
 *
 *  - POST /v2/chat    -> `{ id, finish_reason, message: { role, content: [{ type: "text", text }] }, usage }` with
 *    `usage = { billed_units: { input_tokens, output_tokens }, tokens: { input_tokens, output_tokens },
 *    cached_tokens }`; with `stream: true` SSE events (`event:` + `data:`, each data a JSON object with the same
 *    `type`): `message-start`, `content-start`, `content-delta` (`delta.message.content.text`), `content-end`,
 *    `tool-plan-delta`, `tool-call-*`, `citation-*`, `message-end` (`delta.finish_reason`, `delta.usage`,
 *    `delta.error`).
 *  - POST /v1/chat    -> `{ text, generation_id, meta: { billed_units, tokens } }`; with `stream: true` (`chatStream`
 *    of the v1 `CohereClient`) newline-delimited JSON (`application/stream+json`), one object a line with an
 *    `event_type`: `stream-start` (`generation_id`), `text-generation` (`text`), `tool-calls-chunk`,
 *    `tool-calls-generation`, `citation-generation`, ..., `stream-end` (`finish_reason`, and `response`: the whole
 *    non-streamed response with its `meta.billed_units`).
 *  - POST /v2/embed, /v1/embed   -> `meta.billed_units.input_tokens`
 *  - POST /v2/rerank, /v1/rerank -> `meta.billed_units.search_units` (a query with up to 100 documents)
 *
 * Canonical usage: `billed_units` are what Cohere charges (`tokens` also counts the prompt template and system
 * tokens), so cost uses `billed_units` when present, else `tokens`. input = input_tokens, output = output_tokens.
 * Rerank has no tokens: it is sent as units `{ search_units }`, priced by the collector's overlay.
 * Responses name no model; the requested model is recorded.
 */
import type { CanonicalUsage } from '@llmobserve/shared';
import { estimateTokens, textLength } from '../estimate/tokens.js';
import { emptySummary, type EndpointMatch, type ProviderAdapter, type RequestSummary, type ResponseSummary, type SseEvent } from './types.js';
import { amount, count, hasNumber, isObj, parseJson, positiveUnits, postPathMatcher, str, type Obj } from './util.js';

const ENDPOINTS: Readonly<Record<string, EndpointMatch>> = {
  '/v2/chat': { endpoint: 'chat', spanType: 'llm' },
  '/v1/chat': { endpoint: 'chat', spanType: 'llm' },
  '/v2/embed': { endpoint: 'embed', spanType: 'embedding' },
  '/v1/embed': { endpoint: 'embed', spanType: 'embedding' },
  '/v2/rerank': { endpoint: 'rerank', spanType: 'api' },
  '/v1/rerank': { endpoint: 'rerank', spanType: 'api' },
};

export const matchCohereEndpoint = postPathMatcher(ENDPOINTS);

function tokenCounts(o: unknown): Obj | null {
  return isObj(o) && (hasNumber(o, 'input_tokens') || hasNumber(o, 'output_tokens')) ? o : null;
}

/**
 * A v2 `usage` or a v1/embed `meta` (both hold `billed_units` and `tokens`). Billed units win (what is charged).
 * Null when neither has token counts.
 */
export function normalizeCohereUsage(u: unknown): CanonicalUsage | null {
  if (!isObj(u)) return null;
  const src = tokenCounts(u.billed_units) ?? tokenCounts(u.tokens);
  if (!src) return null;
  return {
    input_tokens: count(src.input_tokens),
    output_tokens: count(src.output_tokens),
    cache_read_tokens: 0,
    cache_write_tokens: 0,
    reasoning_tokens: 0,
  };
}

export function summarizeCohereRequest(endpoint: string, body: unknown): RequestSummary {
  if (!isObj(body)) return { model: null, stream: false, estimatedInputTokens: 0 };
  let chars = 0;
  if (endpoint === 'chat') chars = textLength(body.messages) + textLength(body.message) + textLength(body.chat_history) + textLength(body.preamble);
  else if (endpoint === 'embed') chars = textLength(body.texts) + textLength(body.inputs);
  else if (endpoint === 'rerank') chars = textLength(body.query) + textLength(body.documents);
  return { model: str(body.model), stream: body.stream === true, estimatedInputTokens: estimateTokens(chars) };
}

export function cohereErrorMessage(body: unknown): string | null {
  if (!isObj(body)) return null;
  return str(body.message) ?? (isObj(body.error) ? str(body.error.message) : str(body.error));
}

/** Characters of generated text in a v2 `message` (text and tool calls) or a v1 `text`. */
function messageChars(body: Obj): number {
  let n = typeof body.text === 'string' ? body.text.length : 0;
  const m = body.message;
  if (isObj(m)) n += textLength(m.content) + textLength(m.tool_plan) + (Array.isArray(m.tool_calls) ? JSON.stringify(m.tool_calls).length : 0);
  return n;
}

export function summarizeCohereJson(endpoint: string, body: unknown): ResponseSummary {
  const s = emptySummary();
  if (!isObj(body)) return s;
  s.responseId = str(body.id) ?? str(body.generation_id) ?? str(body.response_id);
  if (endpoint === 'rerank') {
    const billed = isObj(body.meta) && isObj(body.meta.billed_units) ? body.meta.billed_units : {};
    s.units = positiveUnits({ search_units: amount(billed.search_units) });
    return s;
  }
  s.usage = normalizeCohereUsage(body.usage) ?? normalizeCohereUsage(body.meta);
  if (endpoint === 'chat') s.outputChars = messageChars(body);
  return s;
}

/** A v1 stream line (`event_type`): folded into `s`. */
function foldV1StreamEvent(s: ResponseSummary, type: string, d: Obj): void {
  if (type === 'stream-start') {
    s.responseId = str(d.generation_id) ?? s.responseId;
  } else if (type === 'text-generation') {
    if (typeof d.text === 'string') s.outputChars += d.text.length;
  } else if (type === 'tool-calls-chunk' || type === 'tool-calls-generation') {
    s.outputChars += textLength(d.text) + (d.tool_call_delta !== undefined ? JSON.stringify(d.tool_call_delta).length : 0);
  } else if (type === 'stream-end') {
    const r = isObj(d.response) ? d.response : null;
    const u = r ? normalizeCohereUsage(r.meta) : null;
    if (u) s.usage = u;
    if (r) s.responseId = str(r.generation_id) ?? str(r.response_id) ?? s.responseId;
    if (d.finish_reason === 'ERROR' || d.finish_reason === 'ERROR_TOXIC' || d.finish_reason === 'ERROR_LIMIT') {
      s.error = `stream ended with ${String(d.finish_reason)}`;
    }
  }
}

/**
 * Folds chat stream events: v2 SSE events (`message-end` carries the usage (billed units) and any error), or v1
 * stream lines (`stream-end` carries the whole response with its `meta`).
 */
export function summarizeCohereStream(_endpoint: string, events: readonly SseEvent[], prev: ResponseSummary | null): ResponseSummary {
  const s: ResponseSummary = prev ? { ...prev } : emptySummary();
  for (const e of events) {
    if (e.data === '[DONE]') continue;
    const d = parseJson(e.data);
    if (!isObj(d)) continue;
    const v1 = str(d.event_type);
    if (v1 !== null) {
      foldV1StreamEvent(s, v1, d);
      continue;
    }
    const type = str(d.type) ?? e.event;
    const delta = isObj(d.delta) ? d.delta : null;
    if (type === 'message-start') {
      s.responseId = str(d.id) ?? s.responseId;
    } else if (type === 'content-delta' || type === 'tool-plan-delta' || type === 'tool-call-delta' || type === 'tool-call-start') {
      const msg = delta && isObj(delta.message) ? delta.message : null;
      if (msg) s.outputChars += textLength(msg.content) + textLength(msg.tool_plan) + (isObj(msg.tool_calls) ? JSON.stringify(msg.tool_calls).length : 0);
    } else if (type === 'message-end') {
      s.responseId = str(d.id) ?? s.responseId;
      const u = delta ? normalizeCohereUsage(delta.usage) : null;
      if (u) s.usage = u;
      if (delta && str(delta.error)) s.error = str(delta.error);
      else if (delta && delta.finish_reason === 'ERROR') s.error = 'stream error';
    } else if (isObj(d.error) || (type === 'error' && str(d.message))) {
      s.error = cohereErrorMessage(d) ?? 'stream error';
    }
  }
  return s;
}

export const cohere: ProviderAdapter = {
  name: 'cohere',
  origins: ['https://api.cohere.com', 'https://api.cohere.ai'],
  matchEndpoint: matchCohereEndpoint,
  summarizeRequest: summarizeCohereRequest,
  summarizeJson: summarizeCohereJson,
  summarizeStream: summarizeCohereStream,
  errorMessage: cohereErrorMessage,
};
