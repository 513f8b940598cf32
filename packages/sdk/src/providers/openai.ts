/**
 * The OpenAI adapter (its wire format is also spoken by OpenAI-compatible servers, see compatible.ts): usage in
 * openai-usage.ts, endpoints (requests and JSON answers) in openai-endpoints.ts, SSE streams in openai-stream.ts,
 * Batch API output files in openai-batch.ts.
 */
import { OPENAI_BATCH_RESULTS } from './openai-batch.js';
import { matchOpenAIEndpoint, openAIErrorMessage, summarizeOpenAIJson, summarizeOpenAIRequest } from './openai-endpoints.js';
import { summarizeOpenAIStream } from './openai-stream.js';
import type { ProviderAdapter } from './types.js';

export { matchOpenAIBatchOutput, summarizeOpenAIBatchLine, summarizeOpenAIBatchLongLine } from './openai-batch.js';
export { matchOpenAIEndpoint, openAIErrorMessage, summarizeOpenAIJson, summarizeOpenAIRequest } from './openai-endpoints.js';
export { summarizeOpenAIStream } from './openai-stream.js';
export { clampUsage, normalizeChatUsage, normalizeResponsesUsage } from './openai-usage.js';

export const openai: ProviderAdapter = {
  name: 'openai',
  origins: ['https://api.openai.com'],
  matchEndpoint: matchOpenAIEndpoint,
  summarizeRequest: summarizeOpenAIRequest,
  summarizeJson: summarizeOpenAIJson,
  summarizeStream: summarizeOpenAIStream,
  errorMessage: openAIErrorMessage,
  batchResults: OPENAI_BATCH_RESULTS,
};
