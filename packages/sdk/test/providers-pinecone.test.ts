/** Pinecone adapter (pure functions): hosts, endpoints, units from the documented response bodies. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchPineconeEndpoint, pinecone, pineconeRecordBytes, pineconeWriteUnits } from '../src/providers/pinecone.js';
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
    // responses report no write units: these are fallbacks for an unreadable request (minimum 5 per request)
    const up = pinecone.summarizeJson('upsert', { upsertedCount: 100 });
    assert.deepEqual([up.units, up.unitsEstimated], [{ write_units: 100 }, true]);
    assert.deepEqual(pinecone.summarizeJson('upsert', { upsertedCount: 2 }).units, { write_units: 5 });
    assert.deepEqual(pinecone.summarizeJson('update', { matchedRecords: 7 }).units, { write_units: 7 });
    assert.deepEqual(pinecone.summarizeJson('delete', {}).units, { write_units: 5 });
    assert.equal(pinecone.summarizeJson('describe_index_stats', { totalVectorCount: 3 }).units ?? null, null);
    const emb = pinecone.summarizeJson('inference.embed', { model: 'llama-text-embed-v2', data: [], usage: { total_tokens: 42 } });
    assert.deepEqual([emb.model, emb.units, emb.usage], ['llama-text-embed-v2', { embed_tokens: 42 }, null]);
    const rr = pinecone.summarizeJson('inference.rerank', { model: 'bge-reranker-v2-m3', data: [], usage: { rerank_units: 2 } });
    assert.deepEqual([rr.model, rr.units], ['bge-reranker-v2-m3', { rerank_units: 2 }]);
    assert.equal(pinecone.errorMessage({ error: { code: 'NOT_FOUND', message: 'Index not found' }, status: 404 }), 'Index not found');
  });
});

describe('Pinecone write units from the request (docs.pinecone.io "Understanding cost": 1 WU per KB, minimum 5)', () => {
  // a record of `dims` dense values, a 4-byte id and metadata whose JSON takes `metaBytes` bytes
  const record = (i: number, dims: number, metaBytes: number) => ({
    id: `r${String(i).padStart(3, '0')}`,
    values: Array.from({ length: dims }, () => 0.5),
    metadata: { t: 'x'.repeat(metaBytes - 8) }, // {"t":"…"} = 8 bytes + the text
  });
  const upsert = (records: unknown[]) => pinecone.summarizeRequest('upsert', { vectors: records, namespace: 'ns' });

  it("the documented examples: 1 and 2 records of 3.2 KB, 100 records of 3.57 KB, 10 records of 19.10 KB", () => {
    assert.equal(pineconeRecordBytes(record(0, 768, 500 - 4)), 3572);
    assert.deepEqual([upsert([record(0, 768, 124)]).units, upsert([record(0, 768, 124)]).unitsEstimated], [{ write_units: 5 }, true]); // 3.2 KB
    assert.deepEqual(upsert([record(0, 768, 124), record(1, 768, 124)]).units, { write_units: 7 }); // 6.4 KB
    assert.deepEqual(upsert(Array.from({ length: 100 }, (_, i) => record(i, 768, 494))).units, { write_units: 357 }); // 100 x 3,570 bytes
    assert.deepEqual(upsert(Array.from({ length: 10 }, (_, i) => record(i, 1024, 15_000))).units, { write_units: 191 }); // 10 x 19,100 bytes
  });

  it('sparse values count 8 bytes an entry; update counts the replaced record twice; delete is the minimum', () => {
    assert.equal(pineconeRecordBytes({ id: 'ab', sparseValues: { indices: [1, 2, 3], values: [0.1, 0.2, 0.3] } }), 2 + 24);
    assert.equal(pineconeWriteUnits('update', { id: 'r000', values: Array.from({ length: 1536 }, () => 1), namespace: 'ns' }), Math.ceil((2 * (4 + 6144)) / 1000));
    assert.equal(pineconeWriteUnits('update', { id: 'r000', setMetadata: { genre: 'news' } }), 5);
    assert.equal(pineconeWriteUnits('delete', { ids: ['a', 'b'] }), 5);
    assert.equal(pineconeWriteUnits('query', { vector: [1] }), null);
    assert.equal(pinecone.summarizeRequest('query', { topK: 3 }).units, undefined);
  });
});
