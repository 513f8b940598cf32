// @storage sqlite
/**
 * Retry awareness: the official openai client retries a 429 by itself; every attempt is stored as its own call and
 * the attempts of one client call share metadata.operation_id, while separate calls get separate operations.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startMockOpenAI, type MockOpenAI } from '@llmobserve/mock-providers';
import { flush, observe, shutdown, withRun } from '../src/index.js';
import { startCollectorProcess, type CollectorProcess } from './helpers/collector-process.js';

let collector: CollectorProcess;
let mock: MockOpenAI;
let client: OpenAI;

before(async () => {
  [collector, mock] = await Promise.all([startCollectorProcess(), startMockOpenAI()]);
  client = new OpenAI({ apiKey: 'sk-test', baseURL: mock.baseURL, maxRetries: 3 });
  observe({ collectorUrl: collector.url, tenantId: 'retries', providers: { [mock.url]: 'openai' }, flushIntervalMs: 50 });
});

after(async () => {
  await shutdown({ timeoutMs: 5000 });
  await mock.close();
  await collector.stop();
});

describe('provider retries', () => {
  it('each attempt is its own call, sharing one operation id; another call gets its own', async () => {
    let runId = '';
    const reply = await withRun(async (id) => {
      runId = id;
      const r = await client.chat.completions.create(
        { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] },
        { headers: { 'x-mock-fail-first': '2:retry-test-1' } },
      );
      await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'again' }] });
      return r;
    });
    assert.ok(reply.choices[0]?.message.content, 'the caller got the successful answer');
    assert.equal(await flush(), true);
    const { body } = await collector.get(`/runs/${runId}?tenant_id=retries`);
    const events = (body.events as Array<Record<string, any>>).sort((a, b) => a.started_at.localeCompare(b.started_at) || a.metadata.attempt - b.metadata.attempt);
    assert.equal(events.length, 4, 'two failed attempts, the retry that succeeded, and the second call');
    const [a0, a1, a2, other] = events;
    assert.deepEqual([a0!.status, a1!.status, a2!.status, other!.status], ['rate_limited', 'rate_limited', 'ok', 'ok']);
    assert.deepEqual([a0!.metadata.attempt, a1!.metadata.attempt, a2!.metadata.attempt, other!.metadata.attempt], [0, 1, 2, 0]);
    assert.equal(a1!.metadata.operation_id, a0!.metadata.operation_id);
    assert.equal(a2!.metadata.operation_id, a0!.metadata.operation_id);
    assert.notEqual(other!.metadata.operation_id, a0!.metadata.operation_id);
    assert.equal(a0!.input_tokens, 0, 'a refused attempt consumed nothing');
    assert.equal(a0!.cost_usd, 0);
    assert.ok(a2!.cost_usd > 0, 'the attempt that succeeded is costed');
    const insights = (await collector.get(`/insights?tenant_id=retries`)).body;
    assert.equal(insights.totals.calls, 4);
    assert.equal(insights.totals.error_calls, 2, 'the retry loop is visible in the totals');
  });
});
