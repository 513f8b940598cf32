export {
  startMockOpenAI,
  returnedModel,
  splitReply,
  DEFAULT_REPLY,
  type MockOpenAI,
  type MockOpenAIOptions,
  type RecordedRequest,
} from './openai.js';
