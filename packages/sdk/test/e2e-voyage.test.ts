// @storage sqlite
/**
 * End to end: the official `voyageai` client (native fetch on Node >= 18) -> mock Voyage server (documented JSON
 * format), observed by the SDK, into a real collector.
 *
 * Prices (genai-prices): voyage-3.5 $0.06/M input tokens. genai-prices has no Voyage rerank model: a rerank is
 * stored with its tokens and `cost_usd: null` (unpriced), never a silent $0.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VoyageAIClient } from 'voyageai';
import { startMockVoyage } from '@llmobserve/mock-providers';
import { close, M, mockUsage, providerE2E } from './helpers/provider-e2e.js';

const e2e = providerE2E(startMockVoyage, 'voyage');
const { runEvents } = e2e;
const client = () => new VoyageAIClient({ apiKey: 'test-key', baseUrl: `${e2e.mock.url}/v1`, maxRetries: 0 });
const usage = (u: object) => ({ headers: mockUsage(u) });

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
