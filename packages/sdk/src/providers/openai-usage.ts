/**
 * OpenAI usage (also that of OpenAI-compatible servers) in the canonical convention (packages/shared/src/usage.ts):
 *  - Chat Completions / Embeddings: `prompt_tokens` already include `prompt_tokens_details.cached_tokens` (and
 *    `cache_write_tokens` where reported); `completion_tokens` already include
 *    `completion_tokens_details.reasoning_tokens`. So input = prompt_tokens, output = completion_tokens, and the
 *    details are parts of them.
 *  - Responses: `input_tokens` include `input_tokens_details.cached_tokens`; `output_tokens` include
 *    `output_tokens_details.reasoning_tokens`.
 * Audio and image tokens go to `token_details`, priced at their own rates.
 */
import type { CanonicalUsage, TokenDetails } from '@llmobserve/shared';
import { clampDetails, count, hasNumber, isObj, positiveTokenDetails } from './util.js';

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
  if (!isObj(usage) || (!hasNumber(usage, 'prompt_tokens') && !hasNumber(usage, 'completion_tokens'))) return null;
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
  if (!isObj(usage) || (!hasNumber(usage, 'input_tokens') && !hasNumber(usage, 'output_tokens'))) return null;
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

/** Either shape: Responses usage (`input_tokens`) or Chat/Embeddings usage (`prompt_tokens`). */
export function normalizeAnyUsage(usage: unknown): CanonicalUsage | null {
  if (isObj(usage) && !hasNumber(usage, 'prompt_tokens') && hasNumber(usage, 'input_tokens')) return normalizeResponsesUsage(usage);
  return normalizeChatUsage(usage);
}
