/**
 * A local mock of Pinecone (what `@pinecone-database/pinecone` speaks), data plane and control plane on one server:
 *
 *  - Data plane: POST /query -> `{matches, namespace, usage: {readUnits}}`; POST /vectors/upsert ->
 *    `{upsertedCount}`; GET /vectors/fetch?ids=..&namespace= -> `{vectors, namespace, usage: {readUnits}}`;
 *    POST /vectors/update -> `{}`; POST /vectors/delete -> `{}`; GET /vectors/list -> `{vectors, pagination?,
 *    namespace, usage: {readUnits}}`; POST /describe_index_stats -> `{namespaces, dimension, indexFullness,
 *    totalVectorCount}`.
 *  - Control plane: GET /indexes/<name> -> an IndexModel whose `host` is this server; POST /embed ->
 *    `{model, vector_type, data, usage: {total_tokens}}`; POST /rerank -> `{model, data, usage: {rerank_units}}`.
 *
 * Deterministic usage: query `PINECONE_QUERY_READ_UNITS` (5) read units; fetch 1 read unit per 10 ids (at least 1);
 * list 1 read unit; embed 1 token per 4 characters of each input (rounded up); rerank 1 rerank unit per 100
 * documents (rounded up). `x-mock-status` (through the client's `additionalHeaders`) answers with an error body.
 */
import { mockHeaderNumber, sendJson, startJsonServer, type MockServer } from './anthropic.js';

export const PINECONE_QUERY_READ_UNITS = 5;
export const PINECONE_DIMENSION = 4;

export async function startMockPinecone(): Promise<MockServer> {
  const store = new Map<string, Map<string, { id: string; values: number[]; metadata?: unknown }>>();
  const ns = (name: unknown) => {
    const key = typeof name === 'string' ? name : '';
    let m = store.get(key);
    if (!m) store.set(key, (m = new Map()));
    return m;
  };
  let url = '';
  const server = await startJsonServer(async (req, res, body, path) => {
    const status = mockHeaderNumber(req, 'x-mock-status');
    if (status !== null) return sendJson(res, status, { error: { code: status === 429 ? 'RESOURCE_EXHAUSTED' : 'INVALID_ARGUMENT', message: `Mock error ${status}` }, status });
    const q = new URL(req.url ?? '/', 'http://mock').searchParams;
    const method = req.method ?? 'GET';
    if (method === 'GET' && path.startsWith('/indexes/')) {
      const name = decodeURIComponent(path.slice('/indexes/'.length));
      return sendJson(res, 200, {
        name,
        dimension: PINECONE_DIMENSION,
        metric: 'cosine',
        host: url,
        vector_type: 'dense',
        deletion_protection: 'disabled',
        spec: { serverless: { cloud: 'aws', region: 'us-east-1' } },
        status: { ready: true, state: 'Ready' },
      });
    }
    if (method === 'POST' && path === '/vectors/upsert') {
      const vectors = Array.isArray(body.vectors) ? (body.vectors as Array<{ id: string; values: number[] }>) : [];
      const m = ns(body.namespace);
      for (const v of vectors) m.set(v.id, v);
      return sendJson(res, 200, { upsertedCount: vectors.length });
    }
    if (method === 'POST' && path === '/query') {
      const m = ns(body.namespace);
      const topK = typeof body.topK === 'number' ? body.topK : 10;
      const matches = [...m.values()].slice(0, topK).map((v, i) => ({ id: v.id, score: 1 - i / 100, values: [] }));
      return sendJson(res, 200, { results: [], matches, namespace: body.namespace ?? '', usage: { readUnits: PINECONE_QUERY_READ_UNITS } });
    }
    if (method === 'GET' && path === '/vectors/fetch') {
      const ids = q.getAll('ids');
      const m = ns(q.get('namespace'));
      const vectors: Record<string, unknown> = {};
      for (const id of ids) {
        const v = m.get(id);
        if (v) vectors[id] = v;
      }
      return sendJson(res, 200, { vectors, namespace: q.get('namespace') ?? '', usage: { readUnits: Math.max(1, Math.ceil(ids.length / 10)) } });
    }
    if (method === 'GET' && path === '/vectors/list') {
      const prefix = q.get('prefix') ?? '';
      const ids = [...ns(q.get('namespace')).keys()].filter((id) => id.startsWith(prefix));
      return sendJson(res, 200, { vectors: ids.map((id) => ({ id })), namespace: q.get('namespace') ?? '', usage: { readUnits: 1 } });
    }
    if (method === 'POST' && path === '/vectors/update') return sendJson(res, 200, {});
    if (method === 'POST' && path === '/vectors/delete') {
      const m = ns(body.namespace);
      if (body.deleteAll === true) m.clear();
      for (const id of Array.isArray(body.ids) ? (body.ids as string[]) : []) m.delete(id);
      return sendJson(res, 200, {});
    }
    if (path === '/describe_index_stats') {
      const namespaces: Record<string, { vectorCount: number }> = {};
      let total = 0;
      for (const [k, m] of store) {
        namespaces[k] = { vectorCount: m.size };
        total += m.size;
      }
      return sendJson(res, 200, { namespaces, dimension: PINECONE_DIMENSION, indexFullness: 0, totalVectorCount: total });
    }
    if (method === 'POST' && path === '/embed') {
      const inputs = Array.isArray(body.inputs) ? (body.inputs as Array<{ text?: string }>) : [];
      const tokens = inputs.reduce((n, x) => n + Math.ceil((x.text ?? '').length / 4), 0);
      return sendJson(res, 200, {
        model: body.model,
        vector_type: 'dense',
        data: inputs.map(() => ({ values: Array.from({ length: PINECONE_DIMENSION }, (_, i) => i / 10), vector_type: 'dense' })),
        usage: { total_tokens: tokens },
      });
    }
    if (method === 'POST' && path === '/rerank') {
      const docs = Array.isArray(body.documents) ? body.documents : [];
      const topN = typeof body.top_n === 'number' ? body.top_n : docs.length;
      return sendJson(res, 200, {
        model: body.model,
        data: docs.slice(0, topN).map((d, index) => ({ index, score: 1 - index / 100, document: body.return_documents === false ? undefined : d })),
        usage: { rerank_units: Math.max(1, Math.ceil(docs.length / 100)) },
      });
    }
    return sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `Unknown path ${method} ${path}` }, status: 404 });
  });
  url = server.url;
  return server;
}
