/**
 * POST /v1/traces: the OTLP/HTTP trace receiver (docs/otel.md). Protobuf (application/x-protobuf) or JSON
 * (application/json), gzip allowed, the same body limit and authentication as POST /events. Spans are mapped to
 * events (otlp/map.ts) and stored by the same ingest path, so they are validated, priced and idempotent (span id)
 * like any event. The answer is in the request's encoding: an ExportTraceServiceResponse whose partial_success
 * counts the spans not stored; a body that cannot be decoded gets a 400 with a google.rpc.Status.
 */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { OtlpAttributeConfig } from '../config.js';
import { ApiError } from '../domain/errors.js';
import { ingestBatch, MAX_EVENTS_PER_BATCH, type IngestDeps } from '../ingest/ingest-batch.js';
import { spansToEvents } from '../otlp/map.js';
import { decodeTraceRequest, encodeRpcStatus, encodeTraceResponse, type PartialSuccess } from '../otlp/proto.js';
import { flattenTraceRequest } from '../otlp/spans.js';
import type { TenancyPolicy } from '../auth/tenancy.js';
import { OtlpTraceRequestSchema, OtlpTraceResponseSchema } from '../schemas/otlp.js';
import { errorResponses } from '../schemas/common.js';
import { ErrorResponseSchema } from '@llmobserve/shared';

const PROTOBUF_TYPES = ['application/x-protobuf', 'application/protobuf'];
/** gRPC code INVALID_ARGUMENT, which OTLP/HTTP puts in the Status of a 400. */
const INVALID_ARGUMENT = 3;

/** A protobuf body, decoded by the handler so that a decoding error is answered in protobuf too. */
class ProtobufBody {
  constructor(readonly bytes: Buffer) {}
}

/** Told about every batch ingestBatch stored from spans (metrics, budget evaluation: the same as after POST /events). */
export type OnIngested = (outcome: Awaited<ReturnType<typeof ingestBatch>>) => void;

export function registerOtlpRoutes(
  app: FastifyInstance, deps: IngestDeps, tenancy: TenancyPolicy, attributes: OtlpAttributeConfig, onIngested: OnIngested = () => {},
): void {
  void app.register(async (scope) => {
    // Only in this scope: POST /events keeps answering 415 to protobuf.
    scope.addContentTypeParser(PROTOBUF_TYPES, { parseAs: 'buffer' }, (_req, body, done) => done(null, new ProtobufBody(body as Buffer)));
    scope.addContentTypeParser('*', (req, _payload, done) => {
      done(new ApiError(415, 'unsupported_media_type', `Content-Type ${req.headers['content-type'] ?? '(none)'} is not supported here; send application/x-protobuf or application/json`));
    });
    const api = scope.withTypeProvider<TypeBoxTypeProvider>();
    api.post(
      '/v1/traces',
      {
        config: { requirement: 'ingest' },
        schema: {
          tags: ['ingest'],
          summary: 'OTLP/HTTP trace receiver: GenAI spans become priced events (protobuf or JSON, gzip allowed)',
          consumes: [...PROTOBUF_TYPES, 'application/json'],
          body: OtlpTraceRequestSchema,
          response: {
            200: Type.Ref(OtlpTraceResponseSchema, { description: 'Stored (or already stored); partialSuccess counts the spans that were not' }),
            ...errorResponses(400, 401, 403, 413, 429, 500, 503),
            415: Type.Ref(ErrorResponseSchema, { description: 'Content-Type must be application/x-protobuf or application/json' }),
          },
        },
        // The body is decoded and checked span by span below, whatever its documented schema.
        validatorCompiler: () => () => true,
      },
      async (req, reply) => {
        const protobuf = req.body instanceof ProtobufBody;
        try {
          const flat = flattenTraceRequest(protobuf ? decodeProtobuf((req.body as ProtobufBody).bytes) : req.body);
          if (flat.spans.length > MAX_EVENTS_PER_BATCH) {
            throw new ApiError(413, 'too_many_spans', `a request holds at most ${MAX_EVENTS_PER_BATCH} spans; this one has ${flat.spans.length}`);
          }
          let rejected = flat.rejected;
          let firstError = flat.firstError;
          if (flat.spans.length > 0) {
            const events = spansToEvents(flat.spans, attributes, Date.now());
            const outcome = await ingestBatch(events, deps, {
              defaultTenant: tenancy.ingestDefaultTenant(req),
              refusal: (tenantId) => tenancy.ingestRefusal(req, tenantId),
            });
            onIngested(outcome);
            const refused = outcome.body.rejected;
            rejected += refused.length;
            if (refused.length > 0) firstError ??= `span ${refused[0]!.span_id ?? '?'}: ${refused[0]!.message}`;
          }
          const partial: PartialSuccess | null = rejected > 0 ? { rejectedSpans: rejected, errorMessage: firstError ?? '' } : null;
          if (protobuf) return sendProtobuf(reply, 200, encodeTraceResponse(partial));
          return reply.status(200).send(partial === null ? {} : { partialSuccess: partial });
        } catch (err) {
          if (protobuf && err instanceof ApiError && err.statusCode === 400) return sendProtobuf(reply, 400, encodeRpcStatus(INVALID_ARGUMENT, err.message));
          throw err;
        }
      },
    );
  });
}

function decodeProtobuf(bytes: Buffer): unknown {
  try {
    return decodeTraceRequest(bytes);
  } catch (err) {
    throw new ApiError(400, 'invalid_protobuf', `the body is not an OTLP ExportTraceServiceRequest: ${(err as Error).message}`);
  }
}

function sendProtobuf(reply: FastifyReply, status: number, body: Uint8Array): FastifyReply {
  return reply.status(status).header('content-type', 'application/x-protobuf').send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
}
