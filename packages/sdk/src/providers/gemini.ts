/**
 * Google Gemini API wire format (what `@google/genai` speaks to generativelanguage.googleapis.com). Pure functions.
 *
 *  - POST /v1beta/models/<model>:generateContent         -> a GenerateContentResponse with `usageMetadata`
 *  - POST /v1beta/models/<model>:streamGenerateContent   -> with `?alt=sse`, SSE `data:` events, each a
 *    GenerateContentResponse; `usageMetadata` is cumulative, the last one is final
 *  - POST /v1beta/models/<model>:embedContent / :batchEmbedContents -> embeddings (usage estimated from the input
 *    when the response reports none)
 *  - POST /v1beta/models/<model>:countTokens              -> free
 *
 * Canonical usage: `promptTokenCount` INCLUDES `cachedContentTokenCount`; `toolUsePromptTokenCount` comes on top;
 * `thoughtsTokenCount` is NOT inside `candidatesTokenCount`. So input = prompt + toolUsePrompt, cache_read = cached,
 * output = candidates + thoughts, reasoning = thoughts.
 */
import type { CanonicalUsage } from '@llmobserve/shared';
import { estimateTokens, textLength } from '../estimate/tokens.js';
import { clampDetails, cleanPath, count, hasNumber, isObj, parseJson, positiveTokenDetails, str, zeroUsage } from './util.js';
import { emptySummary, type EndpointMatch, type ProviderAdapter, type RequestSummary, type ResponseSummary, type SseEvent } from './types.js';

/** Tokens of one modality in a `[{ modality, tokenCount }]` list (promptTokensDetails, candidatesTokensDetails...). */
function modalityCount(list: unknown, modality: string): number {
  if (!Array.isArray(list)) return 0;
  let n = 0;
  for (const d of list) if (isObj(d) && d.modality === modality) n += count(d.tokenCount);
  return n;
}

export function normalizeGeminiUsage(u: unknown): CanonicalUsage | null {
  if (!isObj(u) || (!hasNumber(u, 'promptTokenCount') && !hasNumber(u, 'candidatesTokenCount'))) return null;
  const thoughts = count(u.thoughtsTokenCount);
  const input = count(u.promptTokenCount) + count(u.toolUsePromptTokenCount);
  const usage: CanonicalUsage = {
    input_tokens: input,
    output_tokens: count(u.candidatesTokenCount) + thoughts,
    cache_read_tokens: Math.min(count(u.cachedContentTokenCount), input),
    cache_write_tokens: 0,
    reasoning_tokens: thoughts,
  };
  // other modalities than text, priced at their own rates (audio input, image output of the image models...)
  const details = positiveTokenDetails({
    input_audio_tokens: modalityCount(u.promptTokensDetails, 'AUDIO'),
    input_image_tokens: modalityCount(u.promptTokensDetails, 'IMAGE'),
    input_video_tokens: modalityCount(u.promptTokensDetails, 'VIDEO'),
    cache_audio_read_tokens: modalityCount(u.cacheTokensDetails, 'AUDIO'),
    output_audio_tokens: modalityCount(u.candidatesTokensDetails, 'AUDIO'),
    output_image_tokens: modalityCount(u.candidatesTokensDetails, 'IMAGE'),
  });
  if (details) usage.token_details = clampDetails(usage, details);
  return usage;
}

const METHODS: Record<string, Omit<EndpointMatch, 'model'>> = {
  generateContent: { endpoint: 'generateContent', spanType: 'llm' },
  streamGenerateContent: { endpoint: 'streamGenerateContent', spanType: 'llm' },
  embedContent: { endpoint: 'embedContent', spanType: 'embedding' },
  batchEmbedContents: { endpoint: 'batchEmbedContents', spanType: 'embedding' },
  countTokens: { endpoint: 'countTokens', spanType: 'api' },
};

/** `/v1beta/models/gemini-2.5-flash:generateContent` (also tunedModels/…); the model comes from the path. */
export function matchGeminiEndpoint(method: string, path: string): EndpointMatch | null {
  if (method !== 'POST') return null;
  const p = cleanPath(path);
  const colon = p.lastIndexOf(':');
  if (colon === -1) return null;
  const m = METHODS[p.slice(colon + 1)];
  if (!m) return null;
  const slash = p.lastIndexOf('/', colon);
  const model = decodeURIComponent(p.slice(slash + 1, colon));
  return model ? { ...m, model } : { ...m };
}

/** Text of Gemini `Content` values (`{ role, parts: [{ text }] }`, arrays of them, or strings). */
function geminiTextLength(v: unknown, depth = 0): number {
  if (typeof v === 'string') return v.length;
  if (depth > 8 || v === null || typeof v !== 'object') return 0;
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + geminiTextLength(x, depth + 1), 0);
  const o = v as Record<string, unknown>;
  return (typeof o.text === 'string' ? o.text.length : 0) + geminiTextLength(o.parts, depth + 1) + geminiTextLength(o.content, depth + 1) +
    (isObj(o.functionCall) || isObj(o.functionResponse) ? textLength(JSON.stringify(o.functionCall ?? o.functionResponse)) : 0);
}

export function summarizeGeminiRequest(endpoint: string, body: unknown): RequestSummary {
  if (!isObj(body)) return { model: null, stream: endpoint === 'streamGenerateContent', estimatedInputTokens: 0 };
  let chars = geminiTextLength(body.contents) + geminiTextLength(body.content) + geminiTextLength(body.systemInstruction);
  if (Array.isArray(body.requests)) for (const r of body.requests) if (isObj(r)) chars += geminiTextLength(r.content);
  return { model: null, stream: endpoint === 'streamGenerateContent', estimatedInputTokens: estimateTokens(chars) };
}

export function geminiErrorMessage(body: unknown): string | null {
  if (Array.isArray(body)) body = body[0];
  if (!isObj(body)) return null;
  const e = body.error;
  if (isObj(e)) return str(e.message) ?? str(e.status) ?? 'error';
  return null;
}

function candidateChars(candidates: unknown): number {
  if (!Array.isArray(candidates)) return 0;
  let n = 0;
  for (const c of candidates) {
    if (!isObj(c) || !isObj(c.content) || !Array.isArray(c.content.parts)) continue;
    for (const p of c.content.parts) {
      if (!isObj(p)) continue;
      if (typeof p.text === 'string') n += p.text.length;
      if (isObj(p.functionCall)) n += JSON.stringify(p.functionCall).length;
    }
  }
  return n;
}

function finished(candidates: unknown): boolean {
  return Array.isArray(candidates) && candidates.some((c) => isObj(c) && typeof c.finishReason === 'string');
}

export function summarizeGeminiJson(endpoint: string, body: unknown): ResponseSummary {
  const s = emptySummary();
  if (endpoint === 'countTokens') {
    s.usage = zeroUsage();
    return s;
  }
  if (!isObj(body)) return s;
  s.model = str(body.modelVersion);
  s.responseId = str(body.responseId);
  s.usage = normalizeGeminiUsage(body.usageMetadata);
  s.outputChars = candidateChars(body.candidates);
  if (isObj(body.promptFeedback) && str(body.promptFeedback.blockReason) && !s.usage) s.error = `blocked: ${body.promptFeedback.blockReason as string}`;
  return s;
}

/**
 * Folds a Gemini SSE stream. Usage is cumulative: the last `usageMetadata` wins. A stream that ended before a
 * candidate's `finishReason` keeps its last (partial) usage with `usagePartial`, so the output is estimated.
 */
export function summarizeGeminiStream(_endpoint: string, events: readonly SseEvent[], prev: ResponseSummary | null): ResponseSummary {
  const s: ResponseSummary = prev ? { ...prev } : emptySummary();
  for (const e of events) {
    const d = parseJson(e.data);
    if (!isObj(d)) continue;
    if (isObj(d.error)) {
      s.error = geminiErrorMessage(d) ?? 'stream error';
      continue;
    }
    s.model = str(d.modelVersion) ?? s.model;
    s.responseId = str(d.responseId) ?? s.responseId;
    s.outputChars += candidateChars(d.candidates);
    const u = normalizeGeminiUsage(d.usageMetadata);
    if (u) s.usage = u;
    if (finished(d.candidates)) s.usagePartial = false;
    else if (u && s.usagePartial !== false) s.usagePartial = true;
  }
  if (s.usage === null) s.usagePartial = undefined;
  return s;
}

export const gemini: ProviderAdapter = {
  name: 'google',
  origins: ['https://generativelanguage.googleapis.com'],
  matchEndpoint: matchGeminiEndpoint,
  summarizeRequest: summarizeGeminiRequest,
  summarizeJson: summarizeGeminiJson,
  summarizeStream: summarizeGeminiStream,
  errorMessage: geminiErrorMessage,
};
