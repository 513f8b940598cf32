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
 *  - upsert, update, delete: no response reports write units (API versions 2024-10 to 2026-07), so they are
 *    estimated from the request by Pinecone's published rule (docs.pinecone.io, "Understanding cost"): 1 WU per KB
 *    of the records written, with a minimum of 5 WUs per request (since 2025-07-01). A record's size is its id, 4
 *    bytes per dense value, 8 per sparse entry and its metadata as JSON. An update also counts the existing record,
 *    taken as the same size when the update replaces the values (its metadata is unknown here); a delete counts the
 *    deleted records, unknown here, so it is the minimum. These are lower bounds, marked `unitsEstimated`. When the
 *    request cannot be read, upsert falls back to `upsertedCount`, update to `matchedRecords`.
 *  - describe_index_stats: no units (free).
 *  - inference.embed: `usage.total_tokens` -> `embed_tokens`; inference.rerank: `usage.rerank_units` ->
 *    `rerank_units`; the model is the response's.
 */
import { amount, cleanPath, count, isObj, positiveUnits, str } from './util.js';
import { emptySummary, type EndpointMatch, type ProviderAdapter, type RequestSummary, type ResponseSummary, type SseEvent } from './types.js';

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

/** Pinecone's per-request minimum of write units (since 2025-07-01). */
export const PINECONE_MIN_WRITE_UNITS = 5;

/** A record's size as Pinecone counts it: id, 4 bytes per dense value, 8 per sparse entry, metadata as JSON. */
export function pineconeRecordBytes(r: unknown): number {
  if (!isObj(r)) return 0;
  let n = typeof r.id === 'string' ? Buffer.byteLength(r.id) : 0;
  if (Array.isArray(r.values)) n += r.values.length * 4;
  const sparse = isObj(r.sparseValues) ? r.sparseValues : isObj(r.sparse_values) ? r.sparse_values : null;
  if (sparse && Array.isArray(sparse.indices)) n += sparse.indices.length * 8;
  const meta = r.metadata ?? r.setMetadata ?? r.set_metadata;
  if (meta !== undefined && meta !== null) n += Buffer.byteLength(JSON.stringify(meta));
  return n;
}

/** Write units of an upsert/update/delete request by Pinecone's rule (1 per KB, minimum 5); null for other endpoints. */
export function pineconeWriteUnits(endpoint: string, body: unknown): number | null {
  let bytes = 0;
  if (endpoint === 'upsert') {
    const records = isObj(body) && Array.isArray(body.vectors) ? body.vectors : [];
    for (const r of records) bytes += pineconeRecordBytes(r);
  } else if (endpoint === 'update') {
    const written = pineconeRecordBytes(body);
    // the existing record counts too: the same size when the values are replaced (its metadata is unknown here)
    bytes = written + (isObj(body) && Array.isArray(body.values) ? written : 0);
  } else if (endpoint !== 'delete') {
    return null;
  }
  // KB = 1,000 bytes, as in Pinecone's examples (768 dims + 500 bytes of metadata = 3.57 KB)
  return Math.max(PINECONE_MIN_WRITE_UNITS, Math.ceil(bytes / 1000));
}

export function summarizePineconeRequest(endpoint: string, body: unknown): RequestSummary {
  const writeUnits = pineconeWriteUnits(endpoint, body);
  return {
    model: isObj(body) ? str(body.model) : null,
    stream: false,
    estimatedInputTokens: 0,
    ...(writeUnits !== null ? { units: { write_units: writeUnits }, unitsEstimated: true } : {}),
  };
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
      // a fallback: the request's size gives the estimate (see the header); this one is used when it cannot be read
      s.units = positiveUnits({ write_units: Math.max(PINECONE_MIN_WRITE_UNITS, count(body.upsertedCount ?? body.upserted_count)) });
      s.unitsEstimated = true;
      break;
    case 'update':
      s.units = { write_units: Math.max(PINECONE_MIN_WRITE_UNITS, count(body.matchedRecords ?? body.matched_records)) };
      s.unitsEstimated = true;
      break;
    case 'delete':
      s.units = { write_units: PINECONE_MIN_WRITE_UNITS };
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
  matchEndpoint: matchPineconeEndpoint,
  summarizeRequest: summarizePineconeRequest,
  summarizeJson: summarizePineconeJson,
  summarizeStream: summarizePineconeStream,
  errorMessage: pineconeErrorMessage,
};
