/**
 * An OTLP ExportTraceServiceRequest (decoded protobuf or parsed JSON: same field names) → flat spans (pure).
 * Accepts the JSON encoding's lowerCamelCase names and the proto field names (snake_case), hex ids (JSON) or bytes
 * (protobuf), int64 as strings, numbers or protobufjs Longs. A span that cannot become an event (bad ids) is counted as rejected;
 * a request that is not an export request at all throws a 400.
 */
import { ApiError } from '../domain/errors.js';

export type AttrValue = string | number | boolean | null | AttrValue[] | { readonly [key: string]: AttrValue };
export type Attributes = ReadonlyMap<string, AttrValue>;

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: number;
  /** Unix milliseconds, or null when the span has no start time. */
  startMs: number | null;
  durationMs: number | null;
  attributes: Attributes;
  resource: Attributes;
  scope: { name: string; version: string };
  status: { code: number; message: string };
}

export interface FlatSpans {
  spans: OtlpSpan[];
  /** Spans that cannot be stored, with the first reason. */
  rejected: number;
  firstError: string | null;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array);

/** A field by its JSON name or its proto name. */
function field(o: Obj, camel: string, snake: string): unknown {
  return Object.hasOwn(o, camel) ? o[camel] : Object.hasOwn(o, snake) ? o[snake] : undefined;
}

function list(o: Obj, camel: string, snake: string): unknown[] {
  const v = field(o, camel, snake);
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new ApiError(400, 'invalid_otlp', `${camel} must be an array`);
  return v;
}

const MAX_VALUE_DEPTH = 8;

/** A protobufjs Long (64-bit integers of a decoded protobuf) as its decimal string; anything else unchanged. */
function unLong(v: unknown): unknown {
  return v !== null && typeof v === 'object' && typeof (v as { low?: unknown }).low === 'number' && typeof (v as { high?: unknown }).high === 'number' ? String(v) : v;
}

function toNumber(raw: unknown): number | null {
  const v = unLong(raw);
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && /^-?\d{1,20}(\.\d+)?([eE][+-]?\d+)?$/.test(v.trim())) {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

export function anyValue(v: unknown, depth = 0): AttrValue {
  if (!isObj(v) || depth > MAX_VALUE_DEPTH) return null;
  const s = field(v, 'stringValue', 'string_value');
  if (typeof s === 'string') return s;
  const b = field(v, 'boolValue', 'bool_value');
  if (typeof b === 'boolean') return b;
  const i = field(v, 'intValue', 'int_value');
  if (i !== undefined) return toNumber(i);
  const d = field(v, 'doubleValue', 'double_value');
  if (d !== undefined) return toNumber(d);
  const arr = field(v, 'arrayValue', 'array_value');
  if (isObj(arr)) return list(arr, 'values', 'values').map((x) => anyValue(x, depth + 1));
  const kv = field(v, 'kvlistValue', 'kvlist_value');
  if (isObj(kv)) return Object.fromEntries(attributes(list(kv, 'values', 'values'), depth + 1));
  return null;
}

function attributes(items: unknown[], depth = 0): Map<string, AttrValue> {
  const out = new Map<string, AttrValue>();
  for (const item of items) {
    if (!isObj(item) || typeof item.key !== 'string' || item.key === '' || item.key.length > 256) continue;
    out.set(item.key, anyValue(item.value, depth));
  }
  return out;
}

const HEX_ID: Record<number, RegExp> = { 8: /^[0-9a-fA-F]{16}$/, 16: /^[0-9a-fA-F]{32}$/ };
const ALL_ZERO = /^0+$/;

/** Hex of an id: bytes (protobuf) or a hex string (JSON); null when absent, empty or all zero. */
function idHex(v: unknown, bytes: 8 | 16): string | null | 'invalid' {
  let hex: string;
  if (v === undefined || v === null || v === '') return null;
  if (v instanceof Uint8Array) {
    if (v.length === 0) return null;
    if (v.length !== bytes) return 'invalid';
    hex = Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex');
  } else if (typeof v === 'string') {
    if (!HEX_ID[bytes]!.test(v)) return 'invalid';
    hex = v.toLowerCase();
  } else return 'invalid';
  return ALL_ZERO.test(hex) ? null : hex;
}

function nanosToMs(raw: unknown): number | null {
  const v = unLong(raw);
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v / 1e6;
  if (typeof v === 'string' && /^\d{1,20}$/.test(v)) {
    const ns = BigInt(v);
    return ns === 0n ? null : Number(ns / 1000n) / 1000;
  }
  return null;
}

/** 0 unset, 1 ok, 2 error; JSON senders that write the enum's name are understood too. */
function statusCode(v: unknown): number {
  if (typeof v === 'string' && /^STATUS_CODE_/.test(v)) return v === 'STATUS_CODE_ERROR' ? 2 : v === 'STATUS_CODE_OK' ? 1 : 0;
  return toNumber(v) ?? 0;
}

export function flattenTraceRequest(body: unknown): FlatSpans {
  if (!isObj(body)) throw new ApiError(400, 'invalid_otlp', 'the body must be an OTLP ExportTraceServiceRequest object ({"resourceSpans": [...]})');
  const spans: OtlpSpan[] = [];
  let rejected = 0;
  let firstError: string | null = null;
  const reject = (message: string) => {
    rejected++;
    firstError ??= message;
  };
  for (const rs of list(body, 'resourceSpans', 'resource_spans')) {
    if (!isObj(rs)) throw new ApiError(400, 'invalid_otlp', 'resourceSpans must hold objects');
    const resourceObj = field(rs, 'resource', 'resource');
    const resource = attributes(isObj(resourceObj) ? list(resourceObj, 'attributes', 'attributes') : []);
    for (const ss of list(rs, 'scopeSpans', 'scope_spans')) {
      if (!isObj(ss)) throw new ApiError(400, 'invalid_otlp', 'scopeSpans must hold objects');
      const scopeObj = field(ss, 'scope', 'scope');
      const scope = {
        name: isObj(scopeObj) && typeof scopeObj.name === 'string' ? scopeObj.name.slice(0, 128) : '',
        version: isObj(scopeObj) && typeof scopeObj.version === 'string' ? scopeObj.version.slice(0, 64) : '',
      };
      for (const s of list(ss, 'spans', 'spans')) {
        if (!isObj(s)) {
          reject('a span must be an object');
          continue;
        }
        const traceId = idHex(field(s, 'traceId', 'trace_id'), 16);
        const spanId = idHex(field(s, 'spanId', 'span_id'), 8);
        const parent = idHex(field(s, 'parentSpanId', 'parent_span_id'), 8);
        if (traceId === null || traceId === 'invalid') {
          reject('traceId must be 16 bytes (32 hex digits in JSON), not all zero');
          continue;
        }
        if (spanId === null || spanId === 'invalid') {
          reject('spanId must be 8 bytes (16 hex digits in JSON), not all zero');
          continue;
        }
        if (parent === 'invalid') {
          reject('parentSpanId must be empty or 8 bytes (16 hex digits in JSON)');
          continue;
        }
        const startMs = nanosToMs(field(s, 'startTimeUnixNano', 'start_time_unix_nano'));
        const endMs = nanosToMs(field(s, 'endTimeUnixNano', 'end_time_unix_nano'));
        const statusObj = field(s, 'status', 'status');
        spans.push({
          traceId,
          spanId,
          parentSpanId: parent,
          name: typeof s.name === 'string' ? s.name : '',
          kind: toNumber(s.kind) ?? 0,
          startMs,
          durationMs: startMs !== null && endMs !== null && endMs >= startMs ? endMs - startMs : null,
          attributes: attributes(list(s, 'attributes', 'attributes')),
          resource,
          scope,
          status: {
            code: isObj(statusObj) ? statusCode(statusObj.code) : 0,
            message: isObj(statusObj) && typeof statusObj.message === 'string' ? statusObj.message : '',
          },
        });
      }
    }
  }
  return { spans, rejected, firstError };
}
