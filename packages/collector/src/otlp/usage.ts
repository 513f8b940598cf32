/**
 * Token usage of a GenAI span → our usage convention (pure; docs/otel.md has the table).
 *
 * Emitters name the counts differently (GenAI semantic conventions, OpenLLMetry, OpenInference, the Vercel AI SDK
 * v4 to v7, the Anthropic SDK's own spans) and disagree on whether the input count includes cached tokens: the
 * semantic conventions, OpenInference, Python OpenLLMetry, the Anthropic SDK and the AI SDK from v6 on count ALL
 * input tokens; the AI SDK v4/v5 and OpenLLMetry's JS Anthropic instrumentation pass the provider's own number
 * through, which for Anthropic leaves cache reads and writes out (vercel/ai#8794). We add them back there, so that
 * a cached token is never billed twice and never dropped.
 */
import type { Attributes } from './spans.js';

export interface SpanUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
}

/** The first attribute that holds a non-negative integer count. */
function count(attrs: Attributes, names: readonly string[]): number | null {
  for (const name of names) {
    const v = attrs.get(name);
    const n = typeof v === 'string' && /^\d{1,15}$/.test(v) ? Number(v) : v;
    if (typeof n === 'number' && Number.isInteger(n) && n >= 0) return n;
  }
  return null;
}

export const INPUT = ['gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens', 'llm.token_count.prompt', 'ai.usage.inputTokens', 'ai.usage.promptTokens'];
export const OUTPUT = ['gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens', 'llm.token_count.completion', 'ai.usage.outputTokens', 'ai.usage.completionTokens'];
export const CACHE_READ = [
  'gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.cache_read_input_tokens', 'llm.token_count.prompt_details.cache_read',
  'ai.usage.inputTokenDetails.cacheReadTokens', 'ai.usage.cachedInputTokens',
];
export const CACHE_WRITE = [
  'gen_ai.usage.cache_creation.input_tokens', 'gen_ai.usage.cache_write.input_tokens', 'gen_ai.usage.cache_creation_input_tokens', 'llm.token_count.prompt_details.cache_write',
  'ai.usage.inputTokenDetails.cacheWriteTokens',
];
export const REASONING = [
  'gen_ai.usage.reasoning.output_tokens', 'gen_ai.usage.reasoning_tokens', 'llm.token_count.completion_details.reasoning',
  'ai.usage.outputTokenDetails.reasoningTokens', 'ai.usage.reasoningTokens',
];
const NO_CACHE = ['ai.usage.inputTokenDetails.noCacheTokens'];

/** Providers whose API reports cache reads and writes on top of the input tokens. */
const CACHE_ON_TOP = new Set(['anthropic', 'aws-bedrock']);

/** Instrumentations known to pass the provider's own input count through under the semantic-convention names. */
const RAW_INPUT_SCOPES = new Set(['@traceloop/instrumentation-anthropic', '@traceloop/instrumentation-bedrock']);

/** True when the span's input count is the provider's own number, which excludes cached tokens for CACHE_ON_TOP. */
function passesProviderInput(attrs: Attributes, scope: string): boolean {
  if (RAW_INPUT_SCOPES.has(scope)) return true;
  // AI SDK v6+ (input token details): its input count is the total.
  if (count(attrs, NO_CACHE) !== null) return false;
  // AI SDK v4 (promptTokens) and v5 (cachedInputTokens without details) pass the provider's number through.
  return attrs.has('ai.usage.promptTokens') || attrs.has('ai.usage.cachedInputTokens');
}

const MAX_METADATA_CHARS = 64 * 1024;

/**
 * Anthropic's own usage object, which the AI SDK copies into `ai.response.providerMetadata` (v4 to v7): the only
 * place where AI SDK v4/v5 spans carry Anthropic's cache writes. Exact, so it wins when present.
 */
function anthropicProviderUsage(attrs: Attributes): SpanUsage | null {
  const raw = attrs.get('ai.response.providerMetadata');
  if (typeof raw !== 'string' || raw.length > MAX_METADATA_CHARS || !raw.includes('cache_read_input_tokens')) return null;
  let usage: unknown;
  try {
    usage = (JSON.parse(raw) as { anthropic?: { usage?: unknown } })?.anthropic?.usage;
  } catch {
    return null;
  }
  if (usage === null || typeof usage !== 'object') return null;
  const u = usage as Record<string, unknown>;
  const n = (k: string) => (typeof u[k] === 'number' && Number.isInteger(u[k]) && (u[k] as number) >= 0 ? (u[k] as number) : null);
  const input = n('input_tokens');
  const output = n('output_tokens');
  if (input === null || output === null) return null;
  const read = n('cache_read_input_tokens') ?? 0;
  const write = n('cache_creation_input_tokens') ?? 0;
  return { input_tokens: input + read + write, output_tokens: output, cache_read_tokens: read, cache_write_tokens: write, reasoning_tokens: 0 };
}

/** Null when the span reports no token counts at all. `scope` is the instrumentation scope's name. */
export function spanUsage(attrs: Attributes, provider: string | null, scope = ''): SpanUsage | null {
  if (provider === 'anthropic') {
    const exact = anthropicProviderUsage(attrs);
    if (exact !== null) return exact;
  }
  const input = count(attrs, INPUT);
  const output = count(attrs, OUTPUT);
  const cacheRead = count(attrs, CACHE_READ) ?? 0;
  const cacheWrite = count(attrs, CACHE_WRITE) ?? 0;
  const reasoning = count(attrs, REASONING) ?? 0;
  const noCache = count(attrs, NO_CACHE);
  if (input === null && output === null && noCache === null) return null;
  let total = input ?? 0;
  if (noCache !== null) total = Math.max(total, noCache + cacheRead + cacheWrite);
  else if (provider !== null && CACHE_ON_TOP.has(provider) && passesProviderInput(attrs, scope)) total += cacheRead + cacheWrite;
  // Whatever the emitter meant, cached tokens are part of the input: an input smaller than its cached part left them out.
  if (total < cacheRead + cacheWrite) total += cacheRead + cacheWrite;
  const out = Math.max(output ?? 0, reasoning);
  return { input_tokens: total, output_tokens: out, cache_read_tokens: cacheRead, cache_write_tokens: cacheWrite, reasoning_tokens: reasoning };
}
