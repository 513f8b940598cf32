/**
 * The OTLP/HTTP protobuf messages of POST /v1/traces, decoded and encoded by protobufjs (docs/otel.md says why).
 *
 * The descriptor declares only the messages and fields a trace receiver reads, with the field numbers of
 * opentelemetry-proto v1 (opentelemetry/proto/{collector/trace,trace,common,resource}/v1, google/rpc/status.proto).
 * Unknown fields (span events, links, newer additions) are skipped by the decoder, as protobuf requires. Field names
 * are the lowerCamelCase names of the OTLP JSON encoding, so a decoded request has the shape of a JSON one, except
 * that ids are bytes there and hex strings in JSON, and 64-bit integers Long objects. Enums (span kind, status code) are read as plain integers.
 */
import protobuf from 'protobufjs';

const repeated = (type: string, id: number) => ({ rule: 'repeated', type, id });
const one = (type: string, id: number) => ({ type, id });

const DESCRIPTOR = {
  nested: {
    otlp: {
      nested: {
        // opentelemetry.proto.collector.trace.v1
        ExportTraceServiceRequest: { fields: { resourceSpans: repeated('ResourceSpans', 1) } },
        ExportTraceServiceResponse: { fields: { partialSuccess: one('ExportTracePartialSuccess', 1) } },
        ExportTracePartialSuccess: { fields: { rejectedSpans: one('int64', 1), errorMessage: one('string', 2) } },
        // opentelemetry.proto.trace.v1
        ResourceSpans: { fields: { resource: one('Resource', 1), scopeSpans: repeated('ScopeSpans', 2), schemaUrl: one('string', 3) } },
        ScopeSpans: { fields: { scope: one('InstrumentationScope', 1), spans: repeated('Span', 2), schemaUrl: one('string', 3) } },
        Span: {
          fields: {
            traceId: one('bytes', 1), spanId: one('bytes', 2), traceState: one('string', 3), parentSpanId: one('bytes', 4),
            name: one('string', 5), kind: one('int32', 6), startTimeUnixNano: one('fixed64', 7), endTimeUnixNano: one('fixed64', 8),
            attributes: repeated('KeyValue', 9), droppedAttributesCount: one('uint32', 10), status: one('Status', 15), flags: one('fixed32', 16),
          },
        },
        Status: { fields: { message: one('string', 2), code: one('int32', 3) } },
        // opentelemetry.proto.resource.v1 and common.v1
        Resource: { fields: { attributes: repeated('KeyValue', 1), droppedAttributesCount: one('uint32', 2) } },
        InstrumentationScope: { fields: { name: one('string', 1), version: one('string', 2), attributes: repeated('KeyValue', 3) } },
        KeyValue: { fields: { key: one('string', 1), value: one('AnyValue', 2) } },
        AnyValue: {
          oneofs: { value: { oneof: ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'] } },
          fields: {
            stringValue: one('string', 1), boolValue: one('bool', 2), intValue: one('int64', 3), doubleValue: one('double', 4),
            arrayValue: one('ArrayValue', 5), kvlistValue: one('KeyValueList', 6), bytesValue: one('bytes', 7),
          },
        },
        ArrayValue: { fields: { values: repeated('AnyValue', 1) } },
        KeyValueList: { fields: { values: repeated('KeyValue', 1) } },
        // google.rpc.Status (the body of an OTLP error response; details omitted)
        RpcStatus: { fields: { code: one('int32', 1), message: one('string', 2) } },
      },
    },
  },
};

const root = protobuf.Root.fromJSON(DESCRIPTOR);
const Request = root.lookupType('otlp.ExportTraceServiceRequest');
const Response = root.lookupType('otlp.ExportTraceServiceResponse');
const RpcStatus = root.lookupType('otlp.RpcStatus');

/**
 * The decoded message itself (no toObject copy: it doubles the cost): fields present on the wire are own properties
 * (defaults come from the prototype), bytes are Uint8Array, int64/fixed64 are Long objects (flattenTraceRequest reads
 * them). Throws protobufjs's error on malformed input, and on nesting deeper than its limit.
 */
export function decodeTraceRequest(body: Uint8Array): unknown {
  return Request.decode(body);
}

export interface PartialSuccess {
  rejectedSpans: number;
  errorMessage: string;
}

/** ExportTraceServiceResponse; partial_success only when something was rejected (the spec's full success is empty). */
export function encodeTraceResponse(partial: PartialSuccess | null): Uint8Array {
  return Response.encode(Response.fromObject(partial === null ? {} : { partialSuccess: partial })).finish();
}

export function encodeRpcStatus(code: number, message: string): Uint8Array {
  return RpcStatus.encode(RpcStatus.fromObject({ code, message })).finish();
}

/** For tests: a protobuf ExportTraceServiceResponse back to { partialSuccess }. */
export function decodeTraceResponse(body: Uint8Array): { partialSuccess?: { rejectedSpans?: string; errorMessage?: string } } {
  return Response.toObject(Response.decode(body), { longs: String }) as never;
}
