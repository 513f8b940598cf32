export {
  startMockOpenAI,
  returnedModel,
  splitReply,
  DEFAULT_REPLY,
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
