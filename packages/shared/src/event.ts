/**
 * The event: the wire contract between the SDK and the collector (docs/event.md).
 *
 * This one TypeBox definition is the source of the runtime validator (collector), the TypeScript types
 * (SDK and collector) and the JSON Schema in the API docs. Unknown fields are allowed on the wire and
 * ignored by the collector; limits are enforced here.
 */
import { Type, type Static } from '@sinclair/typebox';
import { LIMITS, TENANT_ID_PATTERN } from './limits.js';
import { TOKEN_DETAIL_KEYS } from './usage.js';

export const SPAN_TYPES = ['llm', 'embedding', 'vector', 'api', 'section', 'agent', 'tool'] as const;
export type SpanType = (typeof SPAN_TYPES)[number];

/** Span types that only structure a run (no cost of their own); they are not counted as calls. */
export const STRUCTURAL_SPAN_TYPES: ReadonlySet<SpanType> = new Set(['section', 'agent', 'tool']);

export const STATUSES = ['ok', 'error', 'cancelled', 'rate_limited', 'timeout'] as const;
export type EventStatus = (typeof STATUSES)[number];

/** Where a reported `cost_usd` came from. `provider` costs (e.g. OpenRouter's) are kept by the collector. */
export const COST_SOURCES = ['provider', 'sdk', 'manual'] as const;

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);
const Id = (description: string) => Type.String({ minLength: 1, maxLength: LIMITS.idLength, description });
const Tokens = (description: string) =>
  Type.Integer({ minimum: 0, maximum: LIMITS.maxTokens, description });

export const EventSchema = Type.Object(
  {
    span_id: Id('Unique within its tenant; the idempotency key: a replayed span is stored once.'),
    run_id: Type.Optional(Id('Groups everything done for one request/job; defaults to span_id.')),
    parent_span_id: Type.Optional(Type.Union([Id('The enclosing section/agent/tool span.'), Type.Null()])),
    span_type: Type.Optional(
      Type.Union(
        SPAN_TYPES.map((t) => Type.Literal(t)),
        { description: 'Defaults to llm.' },
      ),
    ),
    section: Type.Optional(
      Nullable(Type.String({ minLength: 1, maxLength: LIMITS.labelLength, description: 'Innermost user label, e.g. agent:research.' })),
    ),
    section_path: Type.Optional(
      Nullable(
        Type.String({
          minLength: 1,
          maxLength: LIMITS.sectionPathLength,
          description: 'Labels from the outermost, joined by "/": agent:research/tool:search.',
        }),
      ),
    ),
    tenant_id: Type.Optional(
      Type.String({
        pattern: TENANT_ID_PATTERN,
        description: 'Defaults to default_tenant; with auth it must match the credentials.',
      }),
    ),
    customer_id: Type.Optional(
      Nullable(Type.String({ minLength: 1, maxLength: LIMITS.customerIdLength, description: "The tenant's end-customer." })),
    ),
    provider: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64, description: 'openai, anthropic, pinecone, ...' }))),
    endpoint: Type.Optional(
      Nullable(Type.String({ minLength: 1, maxLength: 128, description: 'chat.completions, messages, embeddings, query, ...' })),
    ),
    model: Type.Optional(
      Nullable(Type.String({ minLength: 1, maxLength: LIMITS.nameLength, description: 'As the provider returned it (else as requested).' })),
    ),
    input_tokens: Type.Optional(Tokens('ALL input tokens, cached ones included.')),
    output_tokens: Type.Optional(Tokens('ALL output tokens, reasoning ones included.')),
    cache_read_tokens: Type.Optional(Tokens('Part of input_tokens.')),
    cache_write_tokens: Type.Optional(Tokens('Part of input_tokens.')),
    cache_write_1h_tokens: Type.Optional(
      Tokens('Part of cache_write_tokens: tokens written to a 1-hour cache (Anthropic), priced at their own rate.'),
    ),
    reasoning_tokens: Type.Optional(Tokens('Part of output_tokens.')),
    token_details: Type.Optional(
      Type.Object(
        Object.fromEntries(TOKEN_DETAIL_KEYS.map((k) => [k, Type.Optional(Tokens(k.startsWith('output') ? 'Part of output_tokens.' : k.startsWith('cache') ? 'Part of cache_read_tokens and input_audio_tokens.' : 'Part of input_tokens.'))])),
        {
          additionalProperties: false,
          description: 'Tokens of other modalities than text, priced at their own rates; what is not named is text.',
        },
      ),
    ),
    units: Type.Optional(
      Type.Record(Type.String({ minLength: 1, maxLength: 64 }), Type.Number({ minimum: 0, maximum: 1e15 }), {
        maxProperties: LIMITS.unitKeys,
        description: 'Non-token usage: read_units, write_units, characters, audio_seconds, images, requests, ...',
      }),
    ),
    cost_usd: Type.Optional(
      Type.Union([Type.Number({ minimum: 0, maximum: LIMITS.maxCostUsd }), Type.Null()], {
        description: 'Cost the SDK or the provider reported; the collector decides the stored cost.',
      }),
    ),
    cost_source: Type.Optional(
      Type.Union(
        COST_SOURCES.map((s) => Type.Literal(s)),
        { description: 'Who reported cost_usd. A provider-reported cost is kept as the stored cost.' },
      ),
    ),
    started_at: Type.Optional(
      Type.String({ format: 'date-time', maxLength: 40, description: 'ISO 8601; when the call started. Default: time received.' }),
    ),
    latency_ms: Type.Optional(Type.Number({ minimum: 0, maximum: LIMITS.maxLatencyMs })),
    status: Type.Optional(
      Type.Union(
        STATUSES.map((s) => Type.Literal(s)),
        { description: 'Defaults to ok.' },
      ),
    ),
    error: Type.Optional(
      Type.Union([Type.String({ description: `Short message; truncated to ${LIMITS.errorLength} characters.` }), Type.Null()]),
    ),
    is_streaming: Type.Optional(Type.Boolean()),
    usage_estimated: Type.Optional(
      Type.Boolean({ description: 'Tokens counted locally because the provider sent none.' }),
    ),
    metadata: Type.Optional(
      Type.Record(Type.String({ maxLength: 128 }), Type.Unknown(), {
        description: `Small user-supplied tags (at most ${LIMITS.metadataBytes} bytes as JSON).`,
      }),
    ),
    sdk: Type.Optional(Type.String({ maxLength: 64, description: 'e.g. llmobserve-js/0.1.0' })),
  },
  { additionalProperties: true, $id: 'Event', description: 'One tracked call or span.' },
);

/** An event as sent on the wire (what the SDK produces). */
export type TraceEvent = Static<typeof EventSchema>;

/** The body of POST /events (the collector's OpenAPI document); Event by reference, registered once. */
export const EventsEnvelopeSchema = Type.Union(
  [Type.Array(Type.Ref(EventSchema)), Type.Object({ events: Type.Array(Type.Ref(EventSchema)) })],
  { description: 'An array of Event objects, or {"events": [Event, ...]}' },
);

export const IngestResponseSchema = Type.Object(
  {
    accepted: Type.Integer({ description: 'Events stored by this request.' }),
    duplicates: Type.Integer({ description: 'Events already stored earlier (same tenant and span_id); not counted twice.' }),
    rejected: Type.Array(
      Type.Object({
        index: Type.Integer(),
        span_id: Type.Union([Type.String(), Type.Null()]),
        message: Type.String(),
      }),
    ),
  },
  { $id: 'IngestResponse' },
);
export type IngestResponse = Static<typeof IngestResponseSchema>;

export const ErrorResponseSchema = Type.Object(
  {
    error: Type.Object({ code: Type.String(), message: Type.String() }),
  },
  { $id: 'ErrorResponse' },
);
export type ErrorResponse = Static<typeof ErrorResponseSchema>;
