/**
 * Pinecone wire format (what `@pinecone-database/pinecone` speaks). Pure functions only.
 *
 *  - Index data plane, `https://<index>-<project>.svc.<env>.pinecone.io` (any `*.pinecone.io` host):
 *    POST /query, POST /vectors/upsert, GET /vectors/fetch, POST /vectors/update, POST /vectors/delete,
 *    GET /vectors/list, POST|GET /describe_index_stats.
 *  - Inference, `https://api.pinecone.io`: POST /embed, POST /rerank. Other control-plane calls (describeIndex,
 *    createIndex, ...) are not billable and not tracked.
 *
 * Units (the collector prices them with the overlay, by plan):
 *  - query, fetch, list: `usage.readUnits` of the response -> `read_units` (as reported).
 *  - upsert: `upsertedCount` -> `write_units` (one per record written; Pinecone bills 1 WU per KB of request with a
 *    minimum, so this is a lower bound: marked `unitsEstimated`).
 *  - update: `matchedRecords` (else 1) -> `write_units`; delete: 1 `write_units` (the per-request minimum). Both
 *    estimated: Pinecone does not report write units in these responses.
 *  - describe_index_stats: no units (free).
 *  - inference.embed: `usage.total_tokens` -> `embed_tokens`; inference.rerank: `usage.rerank_units` ->
 *    `rerank_units`; the model is the response's.
 */
import { amount, cleanPath, count, isObj, positiveUnits, str } from './util.js';
import {
  emptySummary,
  type EndpointMatch,
  type ProviderAdapter,
  type RequestSummary,
  type ResponseSummary,
  type SseEvent,
} from './types.js';

const m = (endpoint: string, spanType: EndpointMatch['spanType'] = 'vector'): EndpointMatch => ({ endpoint, spanType });

const POST: ReadonlyMap<string, EndpointMatch> = new Map([
  ['/query', m('query')],
  ['/vectors/upsert', m('upsert')],
  ['/vectors/update', m('update')],
  ['/vectors/delete', m('delete')],
  ['/describe_index_stats', m('describe_index_stats')],
  ['/embed', m('inference.embed', 'embedding')],
  ['/rerank', m('inference.rerank')],
]);

const GET: ReadonlyMap<string, EndpointMatch> = new Map([
  ['/vectors/fetch', m('fetch')],
  ['/vectors/list', m('list')],
  ['/describe_index_stats', m('describe_index_stats')],
]);

/** Matches by path suffix (a proxy may prefix paths). */
export function matchPineconeEndpoint(method: string, path: string): EndpointMatch | null {
  const table = method === 'POST' ? POST : method === 'GET' ? GET : null;
  if (!table) return null;
  const p = cleanPath(path);
  for (const [suffix, match] of table) if (p === suffix || p.endsWith(suffix)) return match;
  return null;
}

export function summarizePineconeRequest(_endpoint: string, body: unknown): RequestSummary {
  return { model: isObj(body) ? str(body.model) : null, stream: false, estimatedInputTokens: 0 };
}

export function pineconeErrorMessage(body: unknown): string | null {
  if (!isObj(body)) return null;
  const e = body.error;
  if (isObj(e)) return str(e.message) ?? str(e.code) ?? 'error';
  return str(body.message) ?? str(e);
}

export function summarizePineconeJson(endpoint: string, body: unknown): ResponseSummary {
  const s = emptySummary();
  if (!isObj(body)) return s;
  const usage = isObj(body.usage) ? body.usage : {};
  switch (endpoint) {
    case 'query':
    case 'fetch':
    case 'list':
      s.units = positiveUnits({ read_units: amount(usage.readUnits ?? usage.read_units) });
      break;
    case 'upsert':
      s.units = positiveUnits({ write_units: count(body.upsertedCount ?? body.upserted_count) });
      s.unitsEstimated = s.units !== null;
      break;
    case 'update':
      s.units = { write_units: Math.max(1, count(body.matchedRecords ?? body.matched_records)) };
      s.unitsEstimated = true;
      break;
    case 'delete':
      s.units = { write_units: 1 };
      s.unitsEstimated = true;
      break;
    case 'inference.embed':
      s.model = str(body.model);
      s.units = positiveUnits({ embed_tokens: count(usage.total_tokens ?? usage.totalTokens) });
      break;
    case 'inference.rerank':
      s.model = str(body.model);
      s.units = positiveUnits({ rerank_units: count(usage.rerank_units ?? usage.rerankUnits) });
      break;
    default:
      break;
  }
  return s;
}

/** Pinecone does not stream: whatever comes is summarised as no usage. */
export function summarizePineconeStream(_endpoint: string, _events: readonly SseEvent[], prev: ResponseSummary | null): ResponseSummary {
  return prev ?? emptySummary();
}

export const pinecone: ProviderAdapter = {
  name: 'pinecone',
  origins: ['https://api.pinecone.io'],
  hostSuffixes: ['.pinecone.io'],
  docs: [
    { operation: 'index.query', endpoint: 'query', streaming: false, priced: 'read_units as reported (usage.readUnits), overlay by plan' },
    { operation: 'index.upsert', endpoint: 'upsert', streaming: false, priced: 'write_units = upsertedCount (estimated), overlay by plan' },
    { operation: 'index.fetch', endpoint: 'fetch', streaming: false, priced: 'read_units as reported (usage.readUnits), overlay by plan' },
    { operation: 'index.update', endpoint: 'update', streaming: false, priced: 'write_units = matchedRecords, else 1 (estimated), overlay by plan' },
    { operation: 'index.deleteOne/deleteMany/deleteAll', endpoint: 'delete', streaming: false, priced: 'write_units = 1 (per-request minimum, estimated), overlay by plan' },
    { operation: 'index.listPaginated', endpoint: 'list', streaming: false, priced: 'read_units as reported (usage.readUnits), overlay by plan' },
    { operation: 'index.describeIndexStats', endpoint: 'describe_index_stats', streaming: false, priced: 'free ($0, no usage)' },
    { operation: 'inference.embed', endpoint: 'inference.embed', streaming: false, priced: 'embed_tokens (usage.total_tokens) by model, overlay' },
    { operation: 'inference.rerank', endpoint: 'inference.rerank', streaming: false, priced: 'rerank_units (usage.rerank_units) by model, overlay' },
  ],
  matchEndpoint: matchPineconeEndpoint,
  summarizeRequest: summarizePineconeRequest,
  summarizeJson: summarizePineconeJson,
  summarizeStream: summarizePineconeStream,
  errorMessage: pineconeErrorMessage,
};
