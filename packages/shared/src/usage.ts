/**
 * The canonical usage convention (shared/PRODUCT.md): every provider's usage is normalised to it by the SDK and
 * checked by the collector, so that a cached token is never billed twice and never dropped.
 *
 *  - input_tokens  = ALL input tokens; cache_read_tokens and cache_write_tokens are parts of it.
 *  - output_tokens = ALL output tokens; reasoning_tokens is a part of it.
 *  - cache_write_1h_tokens (optional) is the part of cache_write_tokens written to a 1-hour cache (Anthropic's
 *    `cache_creation.ephemeral_1h_input_tokens`), billed at a higher rate than 5-minute writes.
 */
export interface CanonicalUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
  cache_write_1h_tokens?: number;
}

export const ZERO_USAGE: Readonly<CanonicalUsage> = Object.freeze({
  input_tokens: 0,
  output_tokens: 0,
  cache_read_tokens: 0,
  cache_write_tokens: 0,
  reasoning_tokens: 0,
});

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
  if (u.reasoning_tokens > u.output_tokens) {
    return (
      `reasoning_tokens (${u.reasoning_tokens}) exceed output_tokens (${u.output_tokens}); ` +
      `output_tokens must include reasoning tokens`
    );
  }
  return null;
}
