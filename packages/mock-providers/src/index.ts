export {
  startMockOpenAI,
  returnedModel,
  splitReply,
  DEFAULT_REPLY,
  MOCK_AUDIO_SECONDS,
  MOCK_EDIT_IMAGE_TOKENS,
  type MockOpenAI,
  type MockOpenAIOptions,
  type RecordedRequest,
} from './openai.js';
export {
  startMockAnthropic,
  startJsonServer,
  sendJson,
  sendSse,
  sseFrame,
  mockHeader,
  mockHeaderJson,
  mockHeaderNumber,
  ANTHROPIC_DEFAULT_REPLY,
  type MockServer,
} from './anthropic.js';
export { startMockGemini, GEMINI_DEFAULT_REPLY } from './gemini.js';
export { startMockPinecone, PINECONE_QUERY_READ_UNITS, PINECONE_DIMENSION } from './pinecone.js';
export { startMockMistral, MISTRAL_DEFAULT_REPLY } from './mistral.js';
export { startMockCohere, COHERE_DEFAULT_REPLY, COHERE_TEMPLATE_TOKENS } from './cohere.js';
export { startMockVoyage } from './voyage.js';
export { within, exitOf } from './deadline.js';
export { startMockStripe, type MockStripe, type MeterEvent } from './stripe.js';
