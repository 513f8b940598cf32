/**
 * A local mock of the Voyage AI API (api.voyageai.com) reproducing its documented wire formats:
 *
 *  - POST /v1/embeddings -> `{ object: "list", data: [{ object: "embedding", embedding, index }], model,
 *    usage: { total_tokens } }`
 *  - POST /v1/rerank     -> `{ object: "list", data: [{ index, relevance_score }], model, usage: { total_tokens } }`
 *  - errors: `{ detail }`
 *
 * Request headers: `x-mock-usage` (JSON `{total_tokens}`), `x-mock-status`, `x-mock-no-usage` (`1`).
 */
import { mockHeader, mockHeaderJson, mockHeaderNumber, sendJson, startJsonServer, type MockServer } from './anthropic.js';

const chars = (v: unknown): number =>
  typeof v === 'string' ? v.length : Array.isArray(v) ? v.reduce((n: number, x) => n + chars(x), 0) : 0;

export async function startMockVoyage(): Promise<MockServer> {
  return startJsonServer(async (req, res, body, path) => {
    const status = mockHeaderNumber(req, 'x-mock-status');
    if (status !== null) return sendJson(res, status, { detail: `Mock error ${status}` });
    const u = mockHeaderJson(req, 'x-mock-usage') ?? {};
    const noUsage = mockHeader(req, 'x-mock-no-usage') === '1';
    const model = typeof body.model === 'string' ? body.model : 'voyage-3.5';
    if (req.method === 'POST' && path === '/v1/embeddings') {
      const inputs = Array.isArray(body.input) ? (body.input as unknown[]) : [body.input];
      const total = typeof u.total_tokens === 'number' ? u.total_tokens : Math.max(1, Math.ceil(chars(inputs) / 4));
      return sendJson(res, 200, {
        object: 'list',
        data: inputs.map((_, index) => ({ object: 'embedding', embedding: [0.1, 0.2, 0.3], index })),
        model,
        ...(noUsage ? {} : { usage: { total_tokens: total } }),
      });
    }
    if (req.method === 'POST' && path === '/v1/rerank') {
      const docs = Array.isArray(body.documents) ? (body.documents as unknown[]) : [];
      const total = typeof u.total_tokens === 'number' ? u.total_tokens : Math.max(1, Math.ceil((chars(body.query) * docs.length + chars(docs)) / 4));
      return sendJson(res, 200, {
        object: 'list',
        data: docs.map((_, index) => ({ index, relevance_score: 1 - index / (docs.length + 1) })),
        model,
        ...(noUsage ? {} : { usage: { total_tokens: total } }),
      });
    }
    return sendJson(res, 404, { detail: 'Not found' });
  });
}
