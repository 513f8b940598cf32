/**
 * Per-event validation and normalisation (pure): wire event → the record the collector prices and stores.
 * Messages name the field, so a developer can fix the SDK or their manual event from the response alone.
 */
import { FormatRegistry, type TSchema } from '@sinclair/typebox';
import { TypeCompiler, type ValueError } from '@sinclair/typebox/compiler';
import {
  DEFAULT_TENANT_ID,
  EventSchema,
  LIMITS,
  positiveTokenDetails,
  usageConventionError,
  type TokenDetails,
  type EventStatus,
  type SpanType,
  type TraceEvent,
} from '@llmobserve/shared';

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
if (!FormatRegistry.Has('date-time')) {
  FormatRegistry.Set('date-time', (v) => ISO_8601.test(v) && !Number.isNaN(Date.parse(v)));
}

const checker = TypeCompiler.Compile(EventSchema);

import type { NormalizedEvent } from '../domain/event.js';

export type { NormalizedEvent };

export type NormalizeResult = { ok: true; event: NormalizedEvent } | { ok: false; message: string };

const MAX_FUTURE_MS = 24 * 3600 * 1000;

function fieldOf(err: ValueError): string {
  const path = err.path.replace(/^\//, '').replace(/\//g, '.');
  return path === '' ? 'event' : path;
}

/** For union schemas: the allowed literals ("must be one of ...") or the member types. */
function describeUnion(schema: TSchema): { literals: boolean; text: string } | null {
  const options = (schema as { anyOf?: TSchema[] }).anyOf;
  if (!options) return null;
  const literals = options.map((o) => (o as { const?: unknown }).const).filter((c) => c !== undefined);
  if (literals.length === options.length) return { literals: true, text: `must be one of ${literals.join(', ')}` };
  return { literals: false, text: `must be ${options.map((o) => (o as { type?: string }).type ?? 'value').join(' or ')}` };
}

function describe(err: ValueError): string {
  const field = fieldOf(err);
  const union = describeUnion(err.schema);
  if (!union) return `${field}: ${err.message.toLowerCase()}`;
  // A nullable string that broke a constraint: name the constraint (e.g. the maximum length), not the union.
  const inner = union.literals || typeof err.value !== 'string' ? undefined : err.errors?.[0]?.First();
  return `${field}: ${inner ? inner.message.toLowerCase() : union.text}`;
}

function lastSegment(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

/**
 * @param defaultTenant the tenant an event without `tenant_id` belongs to (from credentials later; for now default).
 */
export function normalizeEvent(raw: unknown, receivedAt: number, defaultTenant: string = DEFAULT_TENANT_ID): NormalizeResult {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, message: 'event: must be a JSON object' };
  }
  if (!checker.Check(raw)) {
    const first = checker.Errors(raw).First();
    return { ok: false, message: first ? describe(first) : 'event: invalid' };
  }
  const e = raw as TraceEvent;

  let startedAt = receivedAt;
  if (e.started_at !== undefined) {
    startedAt = Date.parse(e.started_at);
    if (startedAt > receivedAt + MAX_FUTURE_MS) return { ok: false, message: 'started_at: is more than 24 hours in the future' };
    if (startedAt < Date.UTC(2000, 0, 1)) return { ok: false, message: 'started_at: is before the year 2000' };
  }

  const sectionPath = e.section_path ?? e.section ?? null;
  // One object literal, every field in place: no intermediate usage object, no spread (the ingest path builds
  // hundreds of thousands per second).
  const event: NormalizedEvent = {
    tenant_id: e.tenant_id ?? defaultTenant,
    span_id: e.span_id,
    run_id: e.run_id ?? e.span_id,
    parent_span_id: e.parent_span_id ?? null,
    span_type: e.span_type ?? 'llm',
    section: e.section ?? (sectionPath !== null ? lastSegment(sectionPath) : null),
    section_path: sectionPath,
    customer_id: e.customer_id ?? null,
    provider: e.provider ?? null,
    endpoint: e.endpoint ?? null,
    model: e.model ?? null,
    input_tokens: e.input_tokens ?? 0,
    output_tokens: e.output_tokens ?? 0,
    cache_read_tokens: e.cache_read_tokens ?? 0,
    cache_write_tokens: e.cache_write_tokens ?? 0,
    cache_write_1h_tokens: e.cache_write_1h_tokens ?? 0,
    reasoning_tokens: e.reasoning_tokens ?? 0,
    token_details: positiveTokenDetails(e.token_details as TokenDetails | undefined) ?? null,
    units: e.units && Object.keys(e.units).length > 0 ? e.units : null,
    reported_cost_usd: e.cost_usd ?? null,
    reported_cost_source: e.cost_source ?? null,
    started_at: startedAt,
    latency_ms: e.latency_ms ?? null,
    status: e.status ?? 'ok',
    error: e.error == null ? null : e.error.slice(0, LIMITS.errorLength),
    is_streaming: e.is_streaming ?? false,
    usage_estimated: e.usage_estimated ?? false,
    metadata: null,
    sdk: e.sdk ?? null,
    received_at: receivedAt,
  };
  const usageError = usageConventionError(event);
  if (usageError) return { ok: false, message: usageError };

  if (e.metadata !== undefined) {
    const metadata = JSON.stringify(e.metadata);
    if (Buffer.byteLength(metadata) > LIMITS.metadataBytes) {
      return { ok: false, message: `metadata: exceeds ${LIMITS.metadataBytes} bytes as JSON` };
    }
    event.metadata = metadata;
  }
  return { ok: true, event };
}
