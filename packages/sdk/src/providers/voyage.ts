/**
 * Voyage AI wire format (what the `voyageai` client speaks to api.voyageai.com). Pure functions.
 *
 *  - POST /v1/embeddings -> `{ object: "list", data: [{ object: "embedding", embedding, index }], model,
 *    usage: { total_tokens } }`
 *  - POST /v1/rerank     -> `{ object: "list", data: [{ index, relevance_score }], model, usage: { total_tokens } }`
 *
 * Canonical usage: input = usage.total_tokens (embedding and rerank models are priced per input token).
 */
import type { CanonicalUsage } from '@llmobserve/shared';
import { estimateTokens, textLength } from '../estimate/tokens.js';
import { emptySummary, type EndpointMatch, type ProviderAdapter, type RequestSummary, type ResponseSummary } from './types.js';
import { count, hasNumber, isObj, postPathMatcher, str } from './util.js';

const ENDPOINTS: Readonly<Record<string, EndpointMatch>> = {
  '/v1/embeddings': { endpoint: 'embeddings', spanType: 'embedding' },
  '/v1/rerank': { endpoint: 'rerank', spanType: 'api' },
};

export const matchVoyageEndpoint = postPathMatcher(ENDPOINTS);

export function normalizeVoyageUsage(u: unknown): CanonicalUsage | null {
  if (!isObj(u) || !hasNumber(u, 'total_tokens')) return null;
  return { input_tokens: count(u.total_tokens), output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0 };
}

export function summarizeVoyageRequest(endpoint: string, body: unknown): RequestSummary {
  if (!isObj(body)) return { model: null, stream: false, estimatedInputTokens: 0 };
  const chars = endpoint === 'rerank' ? textLength(body.query) + textLength(body.documents) : textLength(body.input);
  return { model: str(body.model), stream: false, estimatedInputTokens: estimateTokens(chars) };
}

export function voyageErrorMessage(body: unknown): string | null {
  if (!isObj(body)) return null;
  return str(body.detail) ?? str(body.message) ?? (isObj(body.error) ? str(body.error.message) : null);
}

export function summarizeVoyageJson(_endpoint: string, body: unknown): ResponseSummary {
  const s = emptySummary();
  if (!isObj(body)) return s;
  s.model = str(body.model);
  s.usage = normalizeVoyageUsage(body.usage);
  return s;
}

export const voyage: ProviderAdapter = {
  name: 'voyage',
  origins: ['https://api.voyageai.com'],
  matchEndpoint: matchVoyageEndpoint,
  summarizeRequest: summarizeVoyageRequest,
  summarizeJson: summarizeVoyageJson,
  summarizeStream: (_endpoint, _events, prev) => prev ?? emptySummary(),
  errorMessage: voyageErrorMessage,
};
