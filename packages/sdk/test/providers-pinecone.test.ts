/** Pinecone adapter (pure functions): hosts, endpoints, units from the documented response bodies. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchPineconeEndpoint, pinecone } from '../src/providers/pinecone.js';
import { ProviderRegistry } from '../src/providers/registry.js';

describe('pinecone adapter', () => {
  const r = new ProviderRegistry();
  it('recognises the control plane and index data-plane hosts (https only)', () => {
    assert.equal(r.lookup('https://api.pinecone.io')?.name, 'pinecone');
    assert.equal(r.lookup('https://my-index-abc123.svc.aped-4627-b74a.pinecone.io')?.name, 'pinecone');
    assert.equal(r.lookup('http://my-index-abc123.svc.pinecone.io'), undefined);
    assert.equal(r.lookup('https://pinecone.io.evil.com'), undefined);
  });

  it('maps operations to endpoints; control-plane management calls are not tracked', () => {
    const cases: Array<[string, string, string | null, string | null]> = [
      ['POST', '/query', 'query', 'vector'],
      ['POST', '/vectors/upsert', 'upsert', 'vector'],
      ['GET', '/vectors/fetch?ids=a&ids=b&namespace=x', 'fetch', 'vector'],
      ['POST', '/vectors/update', 'update', 'vector'],
      ['POST', '/vectors/delete', 'delete', 'vector'],
      ['GET', '/vectors/list?prefix=doc', 'list', 'vector'],
      ['POST', '/describe_index_stats', 'describe_index_stats', 'vector'],
      ['POST', '/embed', 'inference.embed', 'embedding'],
      ['POST', '/rerank', 'inference.rerank', 'vector'],
      ['GET', '/indexes/my-index', null, null],
      ['POST', '/indexes', null, null],
    ];
    for (const [method, path, endpoint, spanType] of cases) {
      const m = matchPineconeEndpoint(method, path);
      assert.deepEqual(m ? [m.endpoint, m.spanType] : [null, null], [endpoint, spanType], `${method} ${path}`);
    }
  });

  it('reads units from the wire bodies', () => {
    assert.deepEqual(pinecone.summarizeJson('query', { matches: [], usage: { readUnits: 6 } }).units, { read_units: 6 });
    assert.deepEqual(pinecone.summarizeJson('fetch', { vectors: {}, usage: { readUnits: 1 } }).units, { read_units: 1 });
    assert.equal(pinecone.summarizeJson('query', { matches: [] }).units, null);
    const up = pinecone.summarizeJson('upsert', { upsertedCount: 100 });
    assert.deepEqual([up.units, up.unitsEstimated], [{ write_units: 100 }, true]);
    assert.deepEqual(pinecone.summarizeJson('update', { matchedRecords: 7 }).units, { write_units: 7 });
    assert.deepEqual(pinecone.summarizeJson('delete', {}).units, { write_units: 1 });
    assert.equal(pinecone.summarizeJson('describe_index_stats', { totalVectorCount: 3 }).units ?? null, null);
    const emb = pinecone.summarizeJson('inference.embed', { model: 'llama-text-embed-v2', data: [], usage: { total_tokens: 42 } });
    assert.deepEqual([emb.model, emb.units, emb.usage], ['llama-text-embed-v2', { embed_tokens: 42 }, null]);
    const rr = pinecone.summarizeJson('inference.rerank', { model: 'bge-reranker-v2-m3', data: [], usage: { rerank_units: 2 } });
    assert.deepEqual([rr.model, rr.units], ['bge-reranker-v2-m3', { rerank_units: 2 }]);
    assert.equal(pinecone.errorMessage({ error: { code: 'NOT_FOUND', message: 'Index not found' }, status: 404 }), 'Index not found');
  });
});
