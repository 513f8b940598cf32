/**
 * How a call refused by enforceBudgets fails, before any byte is sent.
 *
 * Plain `fetch` (and any other client): it rejects, `TypeError('fetch failed')` with the BudgetExceededError as its
 * cause. The official `openai` and `@anthropic-ai/sdk` clients (Stainless-generated; recognised by the
 * `x-stainless-retry-count` header they send) retry every rejected fetch (maxRetries, default 2, with 0.5–8 s
 * backoff) and then throw APIConnectionError: a refused call would fail seconds late, looking like a network fault.
 * For them the refusal is answered here instead, with a local response that never touched the network: status 402,
 * `x-should-retry: false` (both clients obey it and throw at once, no retry), an error body the client puts in its
 * APIError message, and the refusal's fields in the `x-llmobserve-budget-exceeded` header, from which
 * BudgetExceededError.find(err) gives the BudgetExceededError back.
 */
import type { LegacyHandler } from '../intercept/forwarding.js';
import { BUDGET_REFUSAL_HEADER, BudgetExceededError } from './guard.js';

const raw = (pairs: [string, string][]) => pairs.flatMap(([k, v]) => [Buffer.from(k, 'latin1'), Buffer.from(v, 'latin1')]);

/** Fails the request with the refusal: a local 402 answer for a Stainless client (`answer`), a rejection otherwise. */
export function refuse(h: LegacyHandler, refused: Error, answer: boolean): void {
  if (!answer || !(refused instanceof BudgetExceededError) || !h.onHeaders || !h.onData || !h.onComplete) {
    h.onError?.(refused);
    return;
  }
  const fields = { budget_id: refused.budgetId, customer_id: refused.customerId, amount_usd: refused.amountUsd, spent_usd: refused.spentUsd, period_end: refused.periodEnd };
  const body = Buffer.from(JSON.stringify({ error: { type: 'budget_exceeded', code: 'budget_exceeded', message: refused.message, ...fields } }));
  try {
    h.onConnect?.(() => {});
    h.onHeaders(402, raw([
      ['content-type', 'application/json'], ['content-length', String(body.length)], ['x-should-retry', 'false'],
      [BUDGET_REFUSAL_HEADER, encodeURIComponent(JSON.stringify(fields))],
    ]), () => {}, 'Payment Required');
    h.onData(body);
    h.onComplete([]);
  } catch {
    h.onError?.(refused);
  }
}
