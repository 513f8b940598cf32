// @storage sqlite
/**
 * End to end: the official `@pinecone-database/pinecone` client -> mock Pinecone server (data plane and control
 * plane/inference on one host), observed by the SDK, events delivered to a real collector process; assertions on
 * the stored units and the cost the collector computed from its price overlay.
 *
 * Overlay (packages/collector/src/pricing/unit-prices.ts, default plan `standard`): $16/M read units, $4/M write
 * units; multilingual-e5-large $0.08/M embed tokens; bge-reranker-v2-m3 $2/1000 rerank units.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Pinecone } from '@pinecone-database/pinecone';
import { startMockPinecone, PINECONE_QUERY_READ_UNITS, type MockServer } from '@llmobserve/mock-providers';
import { observe, shutdown } from '../src/index.js';
import { startCollectorProcess, type CollectorProcess } from './helpers/collector-process.js';
import { storedRunEvents } from './helpers/provider-e2e.js';

let collector: CollectorProcess;
let mock: MockServer;
let pc: Pinecone;

const RU = 16 / 1e6;
const WU = 4 / 1e6;
const close = (actual: unknown, expected: number, what: string) => {
  assert.equal(typeof actual, 'number', `${what} is a number`);
  assert.ok(Math.abs((actual as number) - expected) < 1e-12, `${what}: ${actual} != ${expected}`);
};

before(async () => {
  [collector, mock] = await Promise.all([startCollectorProcess(), startMockPinecone()]);
  pc = new Pinecone({ apiKey: 'pc-test', controllerHostUrl: mock.url, maxRetries: 0 } as ConstructorParameters<typeof Pinecone>[0]);
  observe({ collectorUrl: collector.url, tenantId: 'acme_corp', providers: { [mock.url]: 'pinecone' }, flushIntervalMs: 50 });
});

after(async () => {
  await shutdown({ timeoutMs: 5000 });
  await mock.close();
  await collector.stop();
});

const runEvents = (fn: () => Promise<void>) => storedRunEvents(collector, 'acme_corp', fn);

const byEndpoint = (events: Array<Record<string, any>>, endpoint: string) => {
  const e = events.find((x) => x.endpoint === endpoint);
  assert.ok(e, `an event for ${endpoint}`);
  return e;
};

describe('Pinecone through @pinecone-database/pinecone, stored and priced by the real collector', () => {
  it('data plane: read units as reported, write units estimated from the request size, priced by the overlay (standard plan)', async () => {
    const events = await runEvents(async () => {
      const index = pc.index({ host: mock.url, namespace: 'docs' } as never) as ReturnType<Pinecone['index']>;
      const vectors = Array.from({ length: 12 }, (_, i) => ({ id: `doc-${i}`, values: [i, 1, 0, 0], metadata: { text: 'x'.repeat(1000) } }));
      await index.upsert({ records: vectors } as never);
      const res = await index.query({ vector: [1, 0, 0, 0], topK: 3 });
      assert.equal(res.matches.length, 3);
      assert.equal(res.usage?.readUnits, PINECONE_QUERY_READ_UNITS);
      const fetched = await index.fetch({ ids: Array.from({ length: 12 }, (_, i) => `doc-${i}`) } as never);
      assert.equal(Object.keys(fetched.records).length, 12);
      const listed = await index.listPaginated({ prefix: 'doc-' });
      assert.equal(listed.vectors?.length, 12);
      await index.update({ id: 'doc-1', metadata: { genre: 'news' } } as never);
      await index.deleteOne({ id: 'doc-2' } as never);
      const stats = await index.describeIndexStats();
      assert.equal(stats.totalRecordCount, 11);
    });
    assert.deepEqual(events.map((e) => e.endpoint), ['upsert', 'query', 'fetch', 'list', 'update', 'delete', 'describe_index_stats']);
    for (const e of events) {
      assert.deepEqual([e.provider, e.span_type, e.status, e.input_tokens, e.output_tokens], ['pinecone', 'vector', 'ok', 0, 0], e.endpoint);
    }

    const upsert = byEndpoint(events, 'upsert');
    // 12 records of 16 bytes of values + 1,011 bytes of metadata JSON, ids of 62 bytes in all: 12,386 bytes = 13 WUs
    assert.deepEqual(upsert.units, { write_units: 13 });
    assert.equal(upsert.usage_estimated, true);
    close(upsert.cost_usd, 13 * WU, 'upsert cost');
    assert.equal(upsert.cost_status, 'priced');
    assert.match(upsert.cost_source, /^overlay@/);

    const query = byEndpoint(events, 'query');
    assert.deepEqual(query.units, { read_units: PINECONE_QUERY_READ_UNITS });
    assert.equal(query.usage_estimated, false);
    close(query.cost_usd, PINECONE_QUERY_READ_UNITS * RU, 'query cost');
    assert.match(query.cost_source, /^overlay@/);

    const fetch = byEndpoint(events, 'fetch');
    assert.deepEqual(fetch.units, { read_units: 2 }); // 12 ids: 1 RU per 10 records, rounded up
    close(fetch.cost_usd, 2 * RU, 'fetch cost');

    const list = byEndpoint(events, 'list');
    assert.deepEqual(list.units, { read_units: 1 });
    close(list.cost_usd, RU, 'list cost');

    for (const ep of ['update', 'delete']) {
      const e = byEndpoint(events, ep);
      assert.deepEqual(e.units, { write_units: 5 }, ep); // the per-request minimum
      assert.equal(e.usage_estimated, true, ep);
      close(e.cost_usd, 5 * WU, `${ep} cost`);
    }

    const stats = byEndpoint(events, 'describe_index_stats');
    assert.deepEqual([stats.cost_usd, stats.cost_status, stats.cost_source], [0, 'priced', 'no_usage']);
  });

  it('inference: embed tokens and rerank units by model', async () => {
    const events = await runEvents(async () => {
      const emb = await pc.inference.embed({ model: 'multilingual-e5-large', inputs: ['a'.repeat(40), 'b'.repeat(20)], parameters: { inputType: 'passage' } } as never);
      assert.equal(emb.data.length, 2);
      const rr = await pc.inference.rerank({ model: 'bge-reranker-v2-m3', query: 'q', documents: ['one', 'two', 'three'], topN: 2 } as never);
      assert.equal(rr.data.length, 2);
    });
    const embed = byEndpoint(events, 'inference.embed');
    assert.deepEqual([embed.provider, embed.span_type, embed.model, embed.status, embed.input_tokens], ['pinecone', 'embedding', 'multilingual-e5-large', 'ok', 0]);
    assert.deepEqual(embed.units, { embed_tokens: 15 });
    close(embed.cost_usd, (15 * 0.08) / 1e6, 'embed cost');
    assert.match(embed.cost_source, /^overlay@/);

    const rerank = byEndpoint(events, 'inference.rerank');
    assert.deepEqual([rerank.span_type, rerank.model], ['vector', 'bge-reranker-v2-m3']);
    assert.deepEqual(rerank.units, { rerank_units: 1 });
    close(rerank.cost_usd, 2 / 1000, 'rerank cost');
  });
});
