// @storage sqlite
/**
 * enforceBudgets end to end: the real `openai` client -> mock OpenAI, observed by the SDK, events to a real collector
 * with a blocking budget. Once the collector reports the instance blocked, the next call of that customer throws
 * BudgetExceededError (in its cause chain) and never reaches the mock; another customer's calls go through; events
 * keep being stored; 50 concurrent callers overshoot by at most the calls in flight.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startMockOpenAI, type MockOpenAI } from '@llmobserve/mock-providers';
import { BudgetExceededError, flush, observe, shutdown, withCustomer } from '../src/index.js';
import { startCollectorProcess, type CollectorProcess } from './helpers/collector-process.js';

let collector: CollectorProcess;
let mock: MockOpenAI;
let client: OpenAI;
const usage = { headers: { 'x-mock-usage': JSON.stringify({ prompt_tokens: 1_000_000, completion_tokens: 0 }) } }; // $0.15 each (gpt-4o-mini)

async function untilBlocked(customer: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const r = await collector.get('/budgets/blocked?tenant_id=acme');
    if ((r.body.blocked as { customer_id: string }[]).some((b) => b.customer_id === customer)) return;
    if (Date.now() > deadline) throw new Error(`${customer} not blocked within ${ms} ms`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

before(async () => {
  [collector, mock] = await Promise.all([startCollectorProcess({ env: { LLMOBSERVE_BUDGET_EVAL_INTERVAL_MS: '20' } }), startMockOpenAI()]);
  client = new OpenAI({ apiKey: 'sk-test', baseURL: mock.baseURL, maxRetries: 0 });
  const r = await fetch(`${collector.url}/budgets?tenant_id=acme`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'per customer', scope: { customer_id: '*' }, amount_usd: '0.3', action: 'block', thresholds: [1] }),
  });
  assert.equal(r.status, 201);
  observe({ collectorUrl: collector.url, tenantId: 'acme', providers: { [mock.url]: 'openai' }, flushIntervalMs: 20, enforceBudgets: true, budgetRefreshMs: 100 });
});

after(async () => {
  await shutdown({ timeoutMs: 5000 });
  await mock.close();
  await collector.stop();
});

const call = () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }, usage);

describe('enforceBudgets', () => {
  it("a blocked customer's call throws BudgetExceededError and never reaches the provider; others go through", async () => {
    await withCustomer('heavy', async () => {
      await call();
      await call(); // $0.30: the amount reached
    });
    assert.equal(await flush(), true);
    await untilBlocked('heavy');
    await new Promise((r) => setTimeout(r, 400)); // the SDK's refresh (100 ms) learns it
    const before = mock.requests.length;
    const err = await withCustomer('heavy', () => call().then(() => null, (e: unknown) => e));
    const refused = BudgetExceededError.find(err);
    assert.ok(refused, `a BudgetExceededError in the cause chain of ${String(err)}`);
    assert.equal(refused.customerId, 'heavy');
    assert.equal(refused.amountUsd, 0.3);
    assert.ok(refused.spentUsd >= 0.3);
    assert.match(refused.budgetId, /^bud_/);
    assert.ok(refused.periodEnd && Date.parse(refused.periodEnd) > Date.now());
    assert.equal(mock.requests.length, before, 'no request reached the mock provider');
    await withCustomer('light', () => call());
    assert.equal(mock.requests.length, before + 1, 'another customer is not blocked');
  });

  it('50 concurrent callers: the overshoot is bounded by the calls in flight plus one refresh', async () => {
    const before = mock.requests.length;
    const results = await Promise.all(Array.from({ length: 50 }, () => withCustomer('burst', () => call().then(() => 'ok', (e: unknown) => (BudgetExceededError.find(e) ? 'refused' : String(e))))));
    assert.ok(results.every((r) => r === 'ok'), 'nothing is blocked yet: all 50 in flight go through');
    assert.equal(await flush(), true);
    await untilBlocked('burst');
    await new Promise((r) => setTimeout(r, 400));
    const after = await Promise.all(Array.from({ length: 50 }, () => withCustomer('burst', () => call().then(() => 'ok', (e: unknown) => (BudgetExceededError.find(e) ? 'refused' : String(e))))));
    assert.deepEqual(new Set(after), new Set(['refused']));
    assert.equal(mock.requests.length, before + 50, 'the 50 refused calls sent nothing');
    const status = await collector.get('/customers/burst?tenant_id=acme');
    assert.equal(status.status, 200, 'events stored while blocked');
  });
});
