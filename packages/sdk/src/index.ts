/**
 * LLMObserve SDK: know what every LLM call costs, per tenant, customer and feature.
 *
 *   import { observe, setCustomerId, section } from '@llmobserve/sdk';
 *   observe();                       // once, at startup
 *   setCustomerId(req.user.id);      // in a request handler
 *   await section('summarize', () => openai.chat.completions.create({...}));
 */
import {
  agent,
  getCustomerId,
  getRunId,
  getTenantId,
  section,
  setCustomerId,
  tool,
  withCustomer,
  withRun,
  withTenant,
} from './context/api.js';
import { LLMObserveConfigError, type ObserveOptions } from './config.js';
import { SDK_VERSION } from './constants.js';
import { estimateTokens, CHARS_PER_TOKEN } from './estimate/tokens.js';
import { flush, isObserving, observe, shutdown, stats, type FlushOptions, type TransportStats } from './runtime.js';
import { track, type TrackOptions } from './track.js';
import { BudgetExceededError } from './budgets/guard.js';

export {
  observe,
  flush,
  shutdown,
  stats,
  isObserving,
  setCustomerId,
  getCustomerId,
  withCustomer,
  withTenant,
  getTenantId,
  withRun,
  getRunId,
  section,
  agent,
  tool,
  track,
  estimateTokens,
  CHARS_PER_TOKEN,
  LLMObserveConfigError,
  BudgetExceededError,
  SDK_VERSION,
};
export type { ObserveOptions, FlushOptions, TransportStats, TrackOptions };
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

const llmobserve = {
  observe,
  flush,
  shutdown,
  stats,
  isObserving,
  setCustomerId,
  getCustomerId,
  withCustomer,
  withTenant,
  getTenantId,
  withRun,
  getRunId,
  section,
  agent,
  tool,
  track,
  LLMObserveConfigError,
  BudgetExceededError,
  SDK_VERSION,
};

export default llmobserve;
