/**
 * End to end: the official `voyageai` client (native fetch on Node >= 18) -> mock Voyage server (documented JSON
 * format), observed by the SDK, into a real collector.
 *
 * Prices (genai-prices): voyage-3.5 $0.06/M input tokens. genai-prices has no Voyage rerank model: a rerank is
 * stored with its tokens and `cost_usd: null` (unpriced), never a silent $0.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { VoyageAIClient } from 'voyageai';
import { startMockVoyage, type MockServer } from '@llmobserve/mock-providers';
import { flush, observe, shutdown, withRun } from '../src/index.js';
import { startCollectorProcess, type CollectorProcess } from './helpers/collector-process.js';

let collector: CollectorProcess;
let mock: MockServer;

const M = 1e6;
const close = (actual: unknown, expected: number, what: string) => {
  assert.equal(typeof actual, 'number', `${what} is a number`);
  assert.ok(Math.abs((actual as number) - expected) < 1e-12, `${what}: ${actual} != ${expected}`);
};
const client = () => new VoyageAIClient({ apiKey: 'test-key', baseUrl: `${mock.url}/v1`, maxRetries: 0 });
const usage = (u: object) => ({ headers: { 'x-mock-usage': JSON.stringify(u) } });

before(async () => {
  [collector, mock] = await Promise.all([startCollectorProcess(), startMockVoyage()]);
  observe({ collectorUrl: collector.url, tenantId: 'acme_corp', providers: { [mock.url]: 'voyage' }, flushIntervalMs: 50 });
});

after(async () => {
  await shutdown({ timeoutMs: 5000 });
  await mock.close();
  await collector.stop();
});

async function runEvents(fn: () => Promise<void>): Promise<Array<Record<string, any>>> {
  let runId = '';
  await withRun(async (id) => {
    runId = id;
    await fn();
  });
  assert.equal(await flush(), true);
  const { status, body } = await collector.get(`/runs/${runId}?tenant_id=acme_corp`);
  assert.equal(status, 200);
  return body.events as Array<Record<string, any>>;
}

describe('Voyage through voyageai, stored by the real collector', () => {
  it('embed: usage.total_tokens as input tokens, priced by genai-prices', async () => {
    const events = await runEvents(async () => {
      const r = await client().embed({ input: ['a', 'b', 'c'], model: 'voyage-3.5' }, usage({ total_tokens: 40_000 }));
      assert.equal(r.data?.length, 3);
    });
    assert.equal(events.length, 1);
    const e = events[0]!;
    assert.deepEqual([e.provider, e.endpoint, e.span_type, e.model, e.is_streaming, e.usage_estimated, e.status],
      ['voyage', 'embeddings', 'embedding', 'voyage-3.5', false, false, 'ok']);
    assert.deepEqual([e.input_tokens, e.output_tokens], [40_000, 0]);
    close(e.cost_usd, (40_000 * 0.06) / M, 'cost');
    assert.match(String(e.cost_source), /genai-prices/);
  });

  it('embed without usage in the response: estimated from the input', async () => {
    const events = await runEvents(async () => {
      await client().embed({ input: 'z'.repeat(200), model: 'voyage-3.5' }, { headers: { 'x-mock-no-usage': '1' } });
    });
    const e = events[0]!;
    assert.deepEqual([e.usage_estimated, e.input_tokens], [true, 50]);
    close(e.cost_usd, (50 * 0.06) / M, 'cost');
  });

  it('rerank: tokens recorded; unpriced (genai-prices has no Voyage rerank model)', async () => {
    const events = await runEvents(async () => {
      const r = await client().rerank({ query: 'q', documents: ['d1', 'd2'], model: 'rerank-2.5' }, usage({ total_tokens: 1234 }));
      assert.equal(r.data?.length, 2);
    });
    const e = events[0]!;
    assert.deepEqual([e.provider, e.endpoint, e.span_type, e.model, e.input_tokens, e.cost_usd], ['voyage', 'rerank', 'api', 'rerank-2.5', 1234, null]);
  });

  it('an error response is recorded with its detail and status', async () => {
    const events = await runEvents(async () => {
      await assert.rejects(client().embed({ input: 'a', model: 'voyage-3.5' }, { headers: { 'x-mock-status': '401' } }));
    });
    const e = events[0]!;
    assert.deepEqual([e.status, e.error, e.input_tokens], ['error', 'Mock error 401', 0]);
  });
});
