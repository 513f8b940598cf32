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
  docs: [
    { operation: 'chat.completions.create', endpoint: 'chat.completions', streaming: true, priced: 'tokens (genai-prices): input, cached input, output (reasoning included); audio tokens in and out (gpt-audio) at their own rates' },
    { operation: 'responses.create', endpoint: 'responses', streaming: true, priced: 'tokens (genai-prices): input, cached input, output (reasoning included)' },
    { operation: 'embeddings.create', endpoint: 'embeddings', streaming: false, priced: 'input tokens (genai-prices)' },
    { operation: 'images.generate', endpoint: 'images.generations', streaming: false, priced: 'gpt-image-*: tokens (genai-prices), image input and output at their own rates; DALL·E: per image by model, size and quality (unit images_<size>_<quality> = n), overlay' },
    { operation: 'images.edit', endpoint: 'images.edits', streaming: false, priced: 'gpt-image-*: tokens (genai-prices), input images at the image input rate (token_details.input_image_tokens); DALL·E 2: unit images_<size>_<quality> (no overlay price: the model is removed)' },
    { operation: 'audio.transcriptions.create', endpoint: 'audio.transcriptions', streaming: false, priced: 'audio_seconds (response duration / usage.seconds; else estimated from the file size), overlay' },
    { operation: 'audio.translations.create', endpoint: 'audio.translations', streaming: false, priced: 'audio_seconds (response duration / usage.seconds; else estimated from the file size), overlay' },
    { operation: 'audio.speech.create', endpoint: 'audio.speech', streaming: false, priced: 'characters of the input, overlay' },
    { operation: 'moderations.create', endpoint: 'moderations', streaming: false, priced: 'free (requests at $0, overlay)' },
    { operation: 'batches.create', endpoint: 'batches.create', streaming: false, priced: 'free ($0, no usage)' },
    { operation: 'files.content (a batch output or error file)', endpoint: 'batch', streaming: false, priced: 'one event per request of the batch, with the usage of its result, tokens (genai-prices) at the 50 % batch discount (overlay); failed requests $0; stored once however often the file is read' },
  ],
  matchEndpoint: matchOpenAIEndpoint,
  summarizeRequest: summarizeOpenAIRequest,
  summarizeJson: summarizeOpenAIJson,
  summarizeStream: summarizeOpenAIStream,
  errorMessage: openAIErrorMessage,
  batchResults: OPENAI_BATCH_RESULTS,
};
