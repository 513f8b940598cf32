// @storage sqlite
/**
 * How a refused call fails through the official clients, with their default retries (maxRetries 2): the `openai`
 * and `@anthropic-ai/sdk` clients get the SDK's local 402 answer with `x-should-retry: false`, so they throw their
 * APIError at once — one fetch, no retry, nothing reaching the mock — and BudgetExceededError.find(err) gives the
 * refusal back; plain fetch still rejects with the BudgetExceededError as the cause of its TypeError.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { startMockAnthropic, startMockOpenAI, type MockOpenAI, type MockServer } from '@llmobserve/mock-providers';
import { BudgetExceededError, flush, observe, shutdown, withCustomer } from '../src/index.js';
import { startCollectorProcess, type CollectorProcess } from './helpers/collector-process.js';

let collector: CollectorProcess;
let openaiMock: MockOpenAI;
let anthropicMock: MockServer;
const usage = { headers: { 'x-mock-usage': JSON.stringify({ prompt_tokens: 1_000_000, completion_tokens: 0 }) } }; // $0.15 (gpt-4o-mini)

/** A client's fetch that counts its calls (each retry is one more). */
function countingFetch() {
  const counter = { calls: 0, fetch: (url: string | URL | Request, init?: RequestInit) => {
    counter.calls += 1;
    return globalThis.fetch(url, init);
  } };
  return counter;
}

before(async () => {
  [collector, openaiMock, anthropicMock] = await Promise.all([startCollectorProcess({ env: { LLMOBSERVE_BUDGET_EVAL_INTERVAL_MS: '20' } }), startMockOpenAI(), startMockAnthropic()]);
  const r = await fetch(`${collector.url}/budgets?tenant_id=acme`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'per customer', scope: { customer_id: '*' }, amount_usd: '0.1', action: 'block', thresholds: [1] }),
  });
  assert.equal(r.status, 201);
  observe({
    collectorUrl: collector.url, tenantId: 'acme', providers: { [openaiMock.url]: 'openai', [anthropicMock.url]: 'anthropic' },
    flushIntervalMs: 20, enforceBudgets: true, budgetRefreshMs: 100,
  });
  // one $0.15 call blocks the customer
  const client = new OpenAI({ apiKey: 'sk-test', baseURL: openaiMock.baseURL, maxRetries: 0 });
  await withCustomer('heavy', () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }, usage));
  assert.equal(await flush(), true);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const b = await collector.get('/budgets/blocked?tenant_id=acme');
    if ((b.body.blocked as { customer_id: string }[]).some((x) => x.customer_id === 'heavy')) break;
    if (Date.now() > deadline) throw new Error('heavy not blocked within 15 s');
    await new Promise((res) => setTimeout(res, 50));
  }
  await new Promise((res) => setTimeout(res, 400)); // the SDK's refresh (100 ms) learns it
});

after(async () => {
  await shutdown({ timeoutMs: 5000 });
  await Promise.all([openaiMock.close(), anthropicMock.close()]);
  await collector.stop();
});

function assertRefusal(err: unknown): void {
  const refused = BudgetExceededError.find(err);
  assert.ok(refused, `a BudgetExceededError from ${String(err)}`);
  assert.equal(refused.customerId, 'heavy');
  assert.equal(refused.amountUsd, 0.1);
  assert.ok(refused.spentUsd >= 0.15);
  assert.match(refused.budgetId, /^bud_/);
  assert.ok(refused.periodEnd && Date.parse(refused.periodEnd) > Date.now());
}

describe('a refused call through the official clients (default retries)', () => {
  it('openai: APIError 402 at once, one fetch, no retry, nothing sent; find() gives the refusal', async () => {
    const counter = countingFetch();
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: openaiMock.baseURL, fetch: counter.fetch });
    const before = openaiMock.requests.length;
    const err = await withCustomer('heavy', () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }).then(() => null, (e: unknown) => e));
    assert.ok(err instanceof OpenAI.APIError, String(err));
    assert.equal(err.status, 402);
    assert.ok(!(err instanceof OpenAI.APIConnectionError));
    assert.match(err.message, /budget .* is exhausted/);
    assert.equal(counter.calls, 1, 'not retried');
    assert.equal(openaiMock.requests.length, before, 'nothing reached the provider');
    assertRefusal(err);
    await withCustomer('light', () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }));
    assert.equal(openaiMock.requests.length, before + 1, 'another customer is not refused');
  });

  it('@anthropic-ai/sdk: APIError 402 at once, one fetch, no retry, nothing sent; find() gives the refusal', async () => {
    const counter = countingFetch();
    const client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: anthropicMock.url, fetch: counter.fetch });
    const before = anthropicMock.requests.length;
    const err = await withCustomer('heavy', () => client.messages.create({ model: 'claude-3-5-haiku-latest', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }).then(() => null, (e: unknown) => e));
    assert.ok(err instanceof Anthropic.APIError, String(err));
    assert.equal(err.status, 402);
    assert.equal(counter.calls, 1, 'not retried');
    assert.equal(anthropicMock.requests.length, before, 'nothing reached the provider');
    assertRefusal(err);
  });

  it('plain fetch rejects with the BudgetExceededError as the cause of its TypeError', async () => {
    const before = openaiMock.requests.length;
    const err = await withCustomer('heavy', () => fetch(`${openaiMock.baseURL}/chat/completions`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
    }).then(() => null, (e: unknown) => e));
    assert.ok(err instanceof TypeError, String(err));
    assert.ok((err as { cause?: unknown }).cause instanceof BudgetExceededError);
    assertRefusal(err);
    assert.equal(openaiMock.requests.length, before);
  });
});
