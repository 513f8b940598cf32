/** POST /events: envelope → per-event validation → pricing → one atomic write. Valid events are stored even when others are rejected. */
import type { IngestResponse } from '@llmobserve/shared';
import { ApiError } from '../domain/errors.js';
import type { StoredEventInput } from '../domain/event.js';
import type { Storage } from '../storage/types.js';
import { priceEvent } from '../pricing/price-event.js';
import type { TokenPricer } from '../pricing/token-prices.js';
import type { PriceBooks } from '../pricing/custom-prices.js';
import { normalizeEvent, type NormalizedEvent } from './normalize.js';
import { unstorableReason } from '../storage/storable.js';

export const MAX_EVENTS_PER_BATCH = 10_000;

export interface IngestDeps {
  storage: Storage;
  tokens: TokenPricer;
  prices: PriceBooks;
}

export interface IngestPolicy {
  defaultTenant: string;
  refusal(tenantId: string): string | null;
}

export interface IngestOutcome {
  status: 200 | 207 | 400;
  body: IngestResponse & { error?: { code: string; message: string } };
  /** The events this batch really stored (not the duplicates): what budgets evaluate. */
  inserted: StoredEventInput[];
}

function envelopeEvents(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  if (body !== null && typeof body === 'object' && Array.isArray((body as { events?: unknown }).events)) {
    return (body as { events: unknown[] }).events;
  }
  throw new ApiError(400, 'invalid_envelope', 'the body must be a JSON array of events or {"events": [...]}');
}

export async function ingestBatch(body: unknown, deps: IngestDeps, policy: IngestPolicy, receivedAt = Date.now()): Promise<IngestOutcome> {
  const raw = envelopeEvents(body);
  if (raw.length > MAX_EVENTS_PER_BATCH) {
    throw new ApiError(413, 'too_many_events', `a batch holds at most ${MAX_EVENTS_PER_BATCH} events; this one has ${raw.length}`);
  }
  const rejected: IngestResponse['rejected'] = [];
  const normalized: NormalizedEvent[] = [];
  const indexes: number[] = [];
  raw.forEach((item, index) => {
    const spanId = item !== null && typeof item === 'object' && typeof (item as { span_id?: unknown }).span_id === 'string'
      ? ((item as { span_id: string }).span_id).slice(0, 128) : null;
    const result = normalizeEvent(item, receivedAt, policy.defaultTenant);
    if (!result.ok) {
      rejected.push({ index, span_id: spanId, message: result.message });
      return;
    }
    const refusal = policy.refusal(result.event.tenant_id);
    if (refusal !== null) {
      rejected.push({ index, span_id: spanId, message: refusal });
      return;
    }
    normalized.push(result.event);
    indexes.push(index);
  });
  const books = await deps.prices.forTenants(normalized.map((e) => e.tenant_id));
  const valid: StoredEventInput[] = [];
  normalized.forEach((e, k) => {
    const custom = books.get(e.tenant_id)?.find(e.provider, e.model, e.started_at) ?? null;
    const priced: StoredEventInput = Object.assign(e, priceEvent(e, deps.tokens, custom));
    // A cost that overflowed (e.g. a huge unit count times a custom unit price) is this event's problem only.
    const why = unstorableReason(priced);
    if (why !== null) rejected.push({ index: indexes[k]!, span_id: e.span_id, message: why });
    else valid.push(priced);
  });
  if (rejected.length > 1) rejected.sort((a, b) => a.index - b.index);
  const written = await deps.storage.writeEvents(valid);
  const duplicates = written.duplicateIndexes.length;
  const dup = new Set(written.duplicateIndexes);
  const inserted = dup.size === 0 ? valid : valid.filter((_, i) => !dup.has(i));
  const response: IngestOutcome['body'] = { accepted: written.accepted, duplicates, rejected };
  if (rejected.length === 0) return { status: 200, body: response, inserted };
  if (valid.length > 0) return { status: 207, body: response, inserted };
  return {
    status: 400,
    inserted,
    body: { error: { code: 'no_valid_events', message: `none of the ${raw.length} events is valid; first: ${rejected[0]!.message}` }, ...response },
  };
}
