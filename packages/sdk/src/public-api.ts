/**
 * The SDK's functions, named once: index.ts exports each of them by name and all of them together as the default
 * object (`import llmobserve from '@llmobserve/sdk'; llmobserve.observe()`).
 */
export { agent, getCustomerId, getRunId, getTenantId, section, setCustomerId, tool, withCustomer, withRun, withTenant } from './context/api.js';
export { LLMObserveConfigError } from './config.js';
export { SDK_VERSION } from './constants.js';
export { flush, isObserving, observe, shutdown, stats } from './runtime.js';
export { track } from './track.js';
export { BudgetExceededError } from './budgets/guard.js';
