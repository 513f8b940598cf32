/**
 * The canonical usage convention (docs/event.md): every provider's usage is normalised to it by the SDK and
 * checked by the collector, so that a cached token is never billed twice and never dropped.
 *
 *  - input_tokens  = ALL input tokens; cache_read_tokens and cache_write_tokens are parts of it.
 *  - output_tokens = ALL output tokens; reasoning_tokens is a part of it.
 *  - cache_write_1h_tokens (optional) is the part of cache_write_tokens written to a 1-hour cache (Anthropic's
 *    `cache_creation.ephemeral_1h_input_tokens`), billed at a higher rate than 5-minute writes.
 *  - token_details (optional): tokens of other modalities, billed at their own rates (audio input of Gemini and
 *    gpt-audio, image input of gpt-image edits, image output of Gemini image models...). input_* are parts of
 *    input_tokens (cache_audio_read_tokens of cache_read_tokens), output_* parts of output_tokens; what is not
 *    named is text.
 */
export const TOKEN_DETAIL_KEYS = [
  'input_audio_tokens',
  'input_image_tokens',
  'input_video_tokens',
  'cache_audio_read_tokens',
  'output_audio_tokens',
  'output_image_tokens',
] as const;
export type TokenDetailKey = (typeof TOKEN_DETAIL_KEYS)[number];
export type TokenDetails = Partial<Record<TokenDetailKey, number>>;

export interface CanonicalUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
  cache_write_1h_tokens?: number;
  token_details?: TokenDetails | null;
}

/** Details with positive counts only, or undefined when none. */
export function positiveTokenDetails(d: TokenDetails | null | undefined): TokenDetails | undefined {
  if (!d) return undefined;
  let out: TokenDetails | undefined;
  for (const k of TOKEN_DETAIL_KEYS) {
    const v = d[k];
    if (typeof v === 'number' && v > 0) (out ??= {})[k] = v;
  }
  return out;
}

/** Returns a message naming the offending field when the usage breaks the convention, else null. */
export function usageConventionError(u: CanonicalUsage): string | null {
  if (u.cache_read_tokens + u.cache_write_tokens > u.input_tokens) {
    return (
      `cache_read_tokens (${u.cache_read_tokens}) + cache_write_tokens (${u.cache_write_tokens}) exceed ` +
      `input_tokens (${u.input_tokens}); input_tokens must include cached tokens`
    );
  }
  if ((u.cache_write_1h_tokens ?? 0) > u.cache_write_tokens) {
    return (
      `cache_write_1h_tokens (${u.cache_write_1h_tokens}) exceed cache_write_tokens (${u.cache_write_tokens}); ` +
      `cache_write_tokens must include 1-hour cache writes`
    );
  }
  const d = u.token_details;
  if (d) {
    const input = (d.input_audio_tokens ?? 0) + (d.input_image_tokens ?? 0) + (d.input_video_tokens ?? 0);
    if (input > u.input_tokens) {
      return `token_details: input_audio/image/video tokens (${input}) exceed input_tokens (${u.input_tokens}); input_tokens must include them`;
    }
    const output = (d.output_audio_tokens ?? 0) + (d.output_image_tokens ?? 0);
    if (output > u.output_tokens) {
      return `token_details: output_audio/image tokens (${output}) exceed output_tokens (${u.output_tokens}); output_tokens must include them`;
    }
    const audioRead = d.cache_audio_read_tokens ?? 0;
    if (audioRead > u.cache_read_tokens || audioRead > (d.input_audio_tokens ?? 0)) {
      return `token_details: cache_audio_read_tokens (${audioRead}) exceed cache_read_tokens or input_audio_tokens; both must include them`;
    }
  }
  if (u.reasoning_tokens > u.output_tokens) {
    return (
      `reasoning_tokens (${u.reasoning_tokens}) exceed output_tokens (${u.output_tokens}); ` +
      `output_tokens must include reasoning tokens`
    );
  }
  return null;
}
