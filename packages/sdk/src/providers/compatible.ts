/**
 * OpenAI-compatible hosts: the OpenAI wire format (openai.ts) under the host's own provider name, so the collector
 * prices with that host's prices. Each is recognised by its API host (and by `observe({ providers })` mappings):
 *
 *  - Groq, Together, Fireworks, Perplexity, xAI: usage as OpenAI's (`prompt_tokens` include cached tokens).
 *  - DeepSeek: `prompt_cache_hit_tokens` are the cached part of `prompt_tokens` (handled in normalizeChatUsage).
 *  - OpenRouter: `usage.cost` is the amount charged; it is sent as `cost_usd` with `cost_source: provider` and kept.
 *  - Azure OpenAI: per-resource hosts (`<resource>.openai.azure.com`), deployment URLs
 *    (`/openai/deployments/<deployment>/chat/completions?api-version=…`); the model comes from the response.
 */
import { openai } from './openai.js';
import type { ProviderAdapter, ResponseSummary, SseEvent } from './types.js';
import { isObj, parseJson } from './util.js';

function compatible(name: string, origins: string[], extra: Partial<ProviderAdapter> = {}): ProviderAdapter {
  return { ...openai, name, origins, ...extra };
}

/** OpenRouter's reported cost: `usage.cost` (USD) of a JSON body or of the stream's usage chunk. */
function reportedCost(usage: unknown): number | null {
  return isObj(usage) && typeof usage.cost === 'number' && Number.isFinite(usage.cost) && usage.cost >= 0 ? usage.cost : null;
}

function withCost(s: ResponseSummary, cost: number | null): ResponseSummary {
  return cost === null ? s : { ...s, costUsd: cost };
}

export const openrouter: ProviderAdapter = compatible('openrouter', ['https://openrouter.ai'], {
  summarizeJson(endpoint: string, body: unknown): ResponseSummary {
    return withCost(openai.summarizeJson(endpoint, body), isObj(body) ? reportedCost(body.usage) : null);
  },
  summarizeStream(endpoint: string, events: readonly SseEvent[], prev: ResponseSummary | null): ResponseSummary {
    const s = openai.summarizeStream(endpoint, events, prev);
    for (let i = events.length - 1; i >= 0; i--) {
      const data = events[i]!.data;
      if (!data.includes('"cost"')) continue;
      const d = parseJson(data);
      const cost = isObj(d) ? reportedCost(d.usage) : null;
      if (cost !== null) return withCost(s, cost);
    }
    return s;
  },
});

export const COMPATIBLE: readonly ProviderAdapter[] = [
  compatible('groq', ['https://api.groq.com']),
  compatible('together', ['https://api.together.xyz']),
  compatible('deepseek', ['https://api.deepseek.com']),
  compatible('fireworks', ['https://api.fireworks.ai']),
  compatible('perplexity', ['https://api.perplexity.ai']),
  compatible('xai', ['https://api.x.ai']),
  openrouter,
  compatible('azure', [], {
    hostSuffixes: ['.openai.azure.com', '.cognitiveservices.azure.com'],
  }),
];
