/** POST /v1/traces (OTLP/HTTP, JSON encoding) request and response shapes, for validation-free docs and /openapi.json. */
import { Type } from '@sinclair/typebox';
import { Closed } from './common.js';

export const OtlpTraceResponseSchema = Closed(
  {
    partialSuccess: Type.Optional(Closed({
      rejectedSpans: Type.Integer({ minimum: 0, description: 'Spans not stored (malformed ids, or events the collector refused)' }),
      errorMessage: Type.String({ description: 'Why the first rejected span was refused' }),
    })),
  },
  {
    $id: 'OtlpTraceResponse',
    description: 'ExportTraceServiceResponse (OTLP/HTTP). JSON for a JSON request; a protobuf request gets the protobuf message (application/x-protobuf). Empty when every span was stored or already stored.',
  },
);

export const OtlpTraceRequestSchema = Type.Unknown({
  description: 'ExportTraceServiceRequest: application/x-protobuf, or application/json (OTLP JSON encoding: lowerCamelCase fields, hex trace and span ids); gzip allowed',
});
