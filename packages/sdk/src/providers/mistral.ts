/**
 * Mistral AI wire format (what `@mistralai/mistralai` speaks to api.mistral.ai). It is the OpenAI Chat Completions
 * format (openai.ts), so the parsing is shared:
 *
 *  - POST /v1/chat/completions  -> `chat.completion` with `usage { prompt_tokens, completion_tokens, total_tokens }`;
 *    with `stream: true` data-only SSE `chat.completion.chunk` events, the usage in the last chunk, then `[DONE]`
 *  - POST /v1/fim/completions   -> the same format (code completion)
 *  - POST /v1/embeddings        -> `list` with `usage { prompt_tokens, total_tokens }`
 *
 * Canonical usage: input = prompt_tokens (cached tokens, when reported in `prompt_tokens_details`, are part of it),
 * output = completion_tokens. A stream that ends without its usage chunk is estimated locally by the tracker.
 */
import { estimateTokens, textLength } from '../estimate/tokens.js';
import { summarizeOpenAIJson, summarizeOpenAIRequest, summarizeOpenAIStream, openAIErrorMessage } from './openai.js';
import type { EndpointMatch, ProviderAdapter, RequestSummary, ResponseSummary, SseEvent } from './types.js';
import { isObj, postPathMatcher } from './util.js';

const ENDPOINTS: Readonly<Record<string, EndpointMatch>> = {
  '/v1/chat/completions': { endpoint: 'chat.completions', spanType: 'llm' },
  '/v1/fim/completions': { endpoint: 'fim.completions', spanType: 'llm' },
  '/v1/embeddings': { endpoint: 'embeddings', spanType: 'embedding' },
};

export const matchMistralEndpoint = postPathMatcher(ENDPOINTS);

/** FIM completions are parsed as chat completions (same `choices`/`usage` shapes). */
const asChat = (endpoint: string) => (endpoint === 'fim.completions' ? 'chat.completions' : endpoint);

export function summarizeMistralRequest(endpoint: string, body: unknown): RequestSummary {
  if (endpoint === 'fim.completions') {
    const r = summarizeOpenAIRequest(endpoint, body);
    if (isObj(body)) r.estimatedInputTokens = estimateTokens(textLength(body.prompt) + textLength(body.suffix));
    return r;
  }
  return summarizeOpenAIRequest(endpoint, body);
}

export const mistral: ProviderAdapter = {
  name: 'mistral',
  origins: ['https://api.mistral.ai'],
  matchEndpoint: matchMistralEndpoint,
  summarizeRequest: summarizeMistralRequest,
  summarizeJson(endpoint: string, body: unknown): ResponseSummary {
    return summarizeOpenAIJson(asChat(endpoint), body);
  },
  summarizeStream(endpoint: string, events: readonly SseEvent[], prev: ResponseSummary | null): ResponseSummary {
    return summarizeOpenAIStream(asChat(endpoint), events, prev);
  },
  errorMessage(body: unknown): string | null {
    // Mistral errors: `{ "object": "error", "message": "...", "type": "...", "code": ... }` (also `{ "detail": ... }`)
    if (isObj(body) && typeof body.message === 'string' && body.message !== '') return body.message;
    if (isObj(body) && typeof body.detail === 'string' && body.detail !== '') return body.detail;
    return openAIErrorMessage(body);
  },
};
