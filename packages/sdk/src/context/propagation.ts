/**
 * Context across processes: a queue job or a downstream service continues the run of the request that started it.
 *
 *  - `exportContext()` returns a small JSON-serialisable object (run, parent span, section path, customer, tenant);
 *    `importContext(data, fn)` runs `fn` in it (or, without `fn`, enters it for the rest of the current async
 *    context, like `setCustomerId`).
 *  - `propagationHeaders()` returns W3C `traceparent` and `baggage` headers for an outgoing request;
 *    `contextFromHeaders(headers)` reads them back (Fetch `Headers`, Node's `IncomingHttpHeaders` or a plain object).
 *
 * Run and span ids of this SDK are UUIDs: `traceparent` carries the run id as its trace-id (the UUID's 32 hex
 * digits) and the first 16 hex digits of the parent span id; the exact ids and the attribution travel in `baggage`
 * (`llmo.run_id`, `llmo.parent_span_id`, `llmo.section_path`, `llmo.span_type`, `llmo.customer_id`,
 * `llmo.tenant_id`). A `traceparent` from another tracer (no llmo baggage) continues its trace as the run:
 * run id = the trace-id formatted as a UUID.
 *
 * Nothing here throws into the caller: unreadable input is ignored (logged once) and yields an empty context.
 */
import { randomBytes } from 'node:crypto';
import { LIMITS, TENANT_ID_RE } from '../constants.js';
import { errorMessage, log } from '../log.js';
import { currentContext, storage, type Context, type SpanFrame, type StructuralSpanType } from './store.js';

/** The serialisable form of a context (`exportContext()`); every field optional. Version 1. */
export interface ExportedContext {
  v: 1;
  run_id?: string;
  parent_span_id?: string;
  /** span type of the parent span (`section`, `agent`, `tool`) */
  span_type?: StructuralSpanType;
  section_path?: string;
  /** null: explicitly no customer; absent: the importing process's default */
  customer_id?: string | null;
  tenant_id?: string;
}

const SPAN_TYPES = new Set<string>(['section', 'agent', 'tool']);

/** The current context (run, enclosing span, section path, customer, tenant) as a plain JSON-serialisable object. */
export function exportContext(): ExportedContext {
  const out: ExportedContext = { v: 1 };
  try {
    const c = currentContext();
    if (c.runId !== undefined) out.run_id = c.runId;
    if (c.span) {
      out.parent_span_id = c.span.spanId;
      out.span_type = c.span.type;
      out.section_path = c.span.path;
    }
    if (c.customerId !== undefined) out.customer_id = c.customerId;
    if (c.tenantId !== undefined && !c.tenantInvalid) out.tenant_id = c.tenantId;
  } catch (err) {
    log.debug(`exportContext: ${errorMessage(err)}`);
  }
  return out;
}

function okId(v: unknown): v is string {
  return typeof v === 'string' && v !== '' && v.length <= LIMITS.idLength;
}

/** Validates an exported context (from JSON, a job payload, headers): unknown or invalid fields are left out. */
export function toContext(data: unknown): Context {
  if (typeof data !== 'object' || data === null) return {};
  const d = data as Record<string, unknown>;
  const ctx: { -readonly [K in keyof Context]: Context[K] } = {};
  if (okId(d.run_id)) ctx.runId = d.run_id;
  if (okId(d.parent_span_id)) {
    const path = typeof d.section_path === 'string' && d.section_path !== '' ? d.section_path.slice(0, LIMITS.sectionPathLength) : null;
    if (path !== null) {
      const type = typeof d.span_type === 'string' && SPAN_TYPES.has(d.span_type) ? (d.span_type as StructuralSpanType) : 'section';
      const label = path.slice(path.lastIndexOf('/') + 1) || path;
      const frame: SpanFrame = { spanId: d.parent_span_id, type, label, path };
      ctx.span = frame;
      ctx.runId ??= d.parent_span_id;
    }
  }
  if (d.customer_id === null) ctx.customerId = null;
  else if (typeof d.customer_id === 'string' && d.customer_id !== '' && d.customer_id.length <= LIMITS.customerIdLength) {
    ctx.customerId = d.customer_id;
  }
  if (typeof d.tenant_id === 'string') {
    if (TENANT_ID_RE.test(d.tenant_id)) ctx.tenantId = d.tenant_id;
    else {
      // never attribute to another tenant: the events of this scope are dropped
      log.warnOnce('import-tenant-invalid', `importContext: tenant ${JSON.stringify(d.tenant_id)} is invalid; events of that scope are dropped`);
      ctx.tenantInvalid = true;
    }
  }
  return ctx;
}

/**
 * Continues an exported context (`exportContext()`, e.g. from a job payload): with `fn`, runs `fn` in it and returns
 * what `fn` returns; without, enters it for the rest of the current async context. Fields absent from `data` keep
 * their current value. A string is parsed as JSON.
 */
export function importContext(data: unknown): void;
export function importContext<T>(data: unknown, fn: () => T): T;
export function importContext<T>(data: unknown, fn?: () => T): T | void {
  let next: Context;
  try {
    let d = data;
    if (typeof d === 'string') {
      try {
        d = JSON.parse(d) as unknown;
      } catch {
        log.warnOnce('import-json', 'importContext: the string is not JSON; ignored');
        d = null;
      }
    }
    next = { ...currentContext(), ...toContext(d) };
  } catch (err) {
    log.debug(`importContext: ${errorMessage(err)}`);
    if (fn) return fn();
    return;
  }
  if (fn) return storage.run(next, fn);
  try {
    storage.enterWith(next);
  } catch (err) {
    log.debug(`importContext: ${errorMessage(err)}`);
  }
}

// ---- W3C Trace Context / Baggage ----

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TRACEPARENT_RE = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const BAGGAGE_PREFIX = 'llmo.';
const BAGGAGE_MAX_BYTES = 8192;

function hex(n: number): string {
  return randomBytes(n).toString('hex');
}

function uuidHex(id: string | undefined): string | null {
  return id !== undefined && UUID_RE.test(id) ? id.replace(/-/g, '').toLowerCase() : null;
}

function hexToUuid(h: string): string {
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * `traceparent` for the current context (or `ctx`): version 00, trace-id = the run id's hex digits (random when the
 * run id is not a UUID or there is no run), parent-id = the first 16 hex digits of the enclosing span (random when
 * none), flags 01.
 */
export function traceparent(ctx: ExportedContext = exportContext()): string {
  let trace = uuidHex(ctx.run_id) ?? hex(16);
  if (/^0+$/.test(trace)) trace = hex(16);
  let parent = uuidHex(ctx.parent_span_id)?.slice(0, 16) ?? hex(8);
  if (/^0+$/.test(parent)) parent = hex(8);
  return `00-${trace}-${parent}-01`;
}

/** `baggage` members for the current context (or `ctx`), merged after the members of `existing` (other keys kept). */
export function baggage(ctx: ExportedContext = exportContext(), existing?: string | null): string {
  const members: string[] = [];
  const add = (k: string, v: string | null | undefined) => {
    if (v === undefined) return;
    members.push(`${BAGGAGE_PREFIX}${k}=${encodeURIComponent(v === null ? '' : v)}`);
  };
  add('run_id', ctx.run_id);
  add('parent_span_id', ctx.parent_span_id);
  add('span_type', ctx.span_type);
  add('section_path', ctx.section_path);
  add('customer_id', ctx.customer_id);
  add('tenant_id', ctx.tenant_id);
  const kept = (existing ?? '')
    .split(',')
    .map((m) => m.trim())
    .filter((m) => m !== '' && !m.toLowerCase().startsWith(BAGGAGE_PREFIX));
  let out = '';
  for (const m of [...kept, ...members]) {
    const next = out === '' ? m : `${out},${m}`;
    if (Buffer.byteLength(next) > BAGGAGE_MAX_BYTES) break;
    out = next;
  }
  return out;
}

/** `{ traceparent, baggage }` to add to an outgoing request so that the receiving service continues this run. */
export function propagationHeaders(existingBaggage?: string | null): { traceparent: string; baggage: string } {
  const ctx = exportContext();
  return { traceparent: traceparent(ctx), baggage: baggage(ctx, existingBaggage) };
}

export type HeaderSource =
  | { get(name: string): string | null | undefined }
  | Record<string, string | string[] | undefined | null>;

/** Reads one header from Fetch `Headers`, a `Map`-like, Node's `IncomingHttpHeaders` or a plain object. */
export function readHeader(headers: HeaderSource | null | undefined, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  try {
    const g = (headers as { get?: unknown }).get;
    if (typeof g === 'function') {
      const v = (g as (n: string) => unknown).call(headers, name);
      return typeof v === 'string' ? v : undefined;
    }
    const rec = headers as Record<string, unknown>;
    let v = rec[name] ?? rec[name.toLowerCase()];
    if (v === undefined) {
      const lower = name.toLowerCase();
      for (const k of Object.keys(rec)) if (k.toLowerCase() === lower) v = rec[k];
    }
    if (Array.isArray(v)) v = v.join(',');
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The context carried by incoming `traceparent` / `baggage` headers, or null when there is none. Pass it to
 * `importContext()`. `attribution: false` ignores customer and tenant (headers from outside your trust boundary).
 */
export function contextFromHeaders(headers: HeaderSource | null | undefined, options: { attribution?: boolean } = {}): ExportedContext | null {
  try {
    const out: ExportedContext = { v: 1 };
    let found = false;
    const tp = readHeader(headers, 'traceparent')?.trim().toLowerCase();
    const m = tp ? TRACEPARENT_RE.exec(tp) : null;
    if (m && m[1] !== 'ff' && !/^0+$/.test(m[2]!) && !/^0+$/.test(m[3]!)) {
      out.run_id = hexToUuid(m[2]!);
      found = true;
    }
    const bg = readHeader(headers, 'baggage');
    if (bg) {
      const b: Record<string, string> = {};
      for (const member of bg.split(',')) {
        const kv = member.split(';')[0]!;
        const i = kv.indexOf('=');
        if (i <= 0) continue;
        const key = kv.slice(0, i).trim().toLowerCase();
        if (!key.startsWith(BAGGAGE_PREFIX)) continue;
        try {
          b[key.slice(BAGGAGE_PREFIX.length)] = decodeURIComponent(kv.slice(i + 1).trim());
        } catch {
          /* bad escape: skip the member */
        }
      }
      // the exact run id wins over the traceparent's, but only if both name the same trace (or no traceparent)
      if (b.run_id && (out.run_id === undefined || uuidHex(b.run_id) === null || uuidHex(b.run_id) === uuidHex(out.run_id))) {
        out.run_id = b.run_id;
      }
      if (b.parent_span_id && b.section_path && out.run_id !== undefined) {
        out.parent_span_id = b.parent_span_id;
        out.section_path = b.section_path;
        if (b.span_type && SPAN_TYPES.has(b.span_type)) out.span_type = b.span_type as StructuralSpanType;
      }
      if (options.attribution !== false) {
        if (b.customer_id !== undefined) out.customer_id = b.customer_id === '' ? null : b.customer_id;
        if (b.tenant_id) out.tenant_id = b.tenant_id;
      }
      found ||= Object.keys(b).length > 0;
    }
    return found ? out : null;
  } catch (err) {
    log.debug(`contextFromHeaders: ${errorMessage(err)}`);
    return null;
  }
}
