/**
 * LLMObserve SDK: know what every LLM call costs, per tenant, customer and feature.
 *
 *   import { observe, setCustomerId, section } from '@llmobserve/sdk';
 *   observe();                       // once, at startup
 *   setCustomerId(req.user.id);      // in a request handler
 *   await section('summarize', () => openai.chat.completions.create({...}));
 */
import * as api from './public-api.js';

export * from './public-api.js';
export { estimateTokens, CHARS_PER_TOKEN } from './estimate/tokens.js';
export type { ObserveOptions } from './config.js';
export type { FlushOptions, TransportStats } from './runtime.js';
export type { TrackOptions } from './track.js';
export type { Logger } from './log.js';
// context across processes, framework middleware, serverless (see README "Frameworks", "Across processes")
export {
  exportContext,
  importContext,
  propagationHeaders,
  contextFromHeaders,
  traceparent,
  baggage,
  type ExportedContext,
} from './context/propagation.js';
export * from './middleware/index.js';

const llmobserve = { ...api };

export default llmobserve;
