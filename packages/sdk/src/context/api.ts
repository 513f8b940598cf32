/**
 * Public context helpers: customer and tenant of the current request, runs, and sections/agents/tools.
 * None of them throws into the caller because of the SDK: bad arguments are logged once and made harmless; the
 * caller's function runs exactly once and its result (value, promise, thrown error) is passed through unchanged.
 */
import type { TraceEvent } from '@llmobserve/shared';
import { LIMITS, TENANT_ID_RE } from '../constants.js';
import { attribution, isoTime, newId, roundMs, SDK_FIELD, truncate } from '../events.js';
import { errorMessage, log } from '../log.js';
import { getActive } from '../state.js';
import { installHttpServerContext } from './http-server.js';
import { currentContext, storage, type Context, type SpanFrame, type StructuralSpanType } from './store.js';

function validCustomer(id: unknown, where: string): string | null {
  if (id === null || id === undefined) return null;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  if (typeof id !== 'string' || id === '') {
    log.warnOnce(`customer-invalid-${where}`, `${where}: customer id must be a non-empty string; events are sent without a customer`);
    return null;
  }
  if (id.length > LIMITS.customerIdLength) {
    log.warnOnce(
      `customer-long-${where}`,
      `${where}: customer id longer than ${LIMITS.customerIdLength} characters; events are sent without a customer`,
    );
    return null;
  }
  return id;
}

/**
 * Sets the end-customer for the rest of the current request (the current async context and everything it starts
 * from here on), like the seed's `set_customer_id`. Another request, even one running concurrently or a later one
 * on the same keep-alive connection, is not affected. `null` clears it.
 */
export function setCustomerId(customerId: string | null): void {
  try {
    installHttpServerContext();
    const id = validCustomer(customerId, 'setCustomerId');
    const cur = currentContext();
    if (cur.customerId === id) return;
    storage.enterWith({ ...cur, customerId: id });
  } catch (err) {
    log.debug(`setCustomerId failed: ${errorMessage(err)}`);
  }
}

/** The customer events are attributed to here: the one set for this context, else the configured default. */
export function getCustomerId(): string | null {
  const c = currentContext().customerId;
  if (c !== undefined) return c;
  return getActive()?.config.customerId ?? null;
}

/** Runs `fn` with `customerId` as the customer of every event made inside it. */
export function withCustomer<T>(customerId: string | null, fn: () => T): T {
  const id = validCustomer(customerId, 'withCustomer');
  return storage.run({ ...currentContext(), customerId: id }, fn);
}

/**
 * Runs `fn` with every event inside it attributed to tenant `tenantId` (platforms serving several tenants from one
 * process). An invalid tenant id is logged and the events of that scope are dropped, never sent to another tenant.
 */
export function withTenant<T>(tenantId: string, fn: () => T): T {
  const ok = typeof tenantId === 'string' && TENANT_ID_RE.test(tenantId);
  if (!ok) {
    log.warnOnce(
      'tenant-invalid',
      `withTenant: ${JSON.stringify(tenantId)} is not a valid tenant id; events of that scope are dropped`,
    );
  }
  const next: Context = ok
    ? { ...currentContext(), tenantId, tenantInvalid: false }
    : { ...currentContext(), tenantInvalid: true };
  return storage.run(next, fn);
}

/** The tenant events are attributed to here. */
export function getTenantId(): string {
  const t = currentContext().tenantId;
  return t ?? getActive()?.config.tenantId ?? 'default_tenant';
}

/**
 * Runs `fn` as one run: every call and span inside shares one `run_id` (passed to `fn`), starting a fresh tree.
 * Without `withRun`, each top-level call or section is its own run. `withRun(runId, fn)` uses your own id
 * (e.g. a request id; at most 128 characters).
 */
export function withRun<T>(fn: (runId: string) => T): T;
export function withRun<T>(runId: string, fn: (runId: string) => T): T;
export function withRun<T>(a: string | ((runId: string) => T), b?: (runId: string) => T): T {
  let fn: (runId: string) => T;
  let runId: string;
  if (typeof a === 'function') {
    fn = a;
    runId = newId();
  } else {
    fn = b as (runId: string) => T;
    if (typeof a === 'string' && a !== '' && a.length <= LIMITS.idLength) {
      runId = a;
    } else {
      log.warnOnce('run-id-invalid', `withRun: run id must be a string of 1 to ${LIMITS.idLength} characters; a new id is used`);
      runId = newId();
    }
  }
  const { span: _span, ...rest } = currentContext();
  return storage.run({ ...rest, runId }, () => fn(runId));
}

/** The run id of the current context, or null outside `withRun()`/sections. */
export function getRunId(): string | null {
  return currentContext().runId ?? null;
}

function cleanName(name: unknown, kind: string): string {
  if (typeof name === 'string') {
    const t = name.trim();
    if (t !== '') return truncate(t, LIMITS.labelLength - 6);
  }
  log.warnOnce(`name-invalid-${kind}`, `${kind}(): name must be a non-empty string; "unnamed" is used`);
  return 'unnamed';
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return (typeof v === 'object' || typeof v === 'function') && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

function emitSpan(
  outer: Context,
  inner: Context,
  frame: SpanFrame,
  startedAt: number,
  t0: number,
  error: unknown,
  failed: boolean,
): void {
  try {
    const active = getActive();
    if (!active || !active.config.enabled) return;
    const a = attribution(outer, active.config, frame.spanId);
    if (!a) return;
    const event: TraceEvent = {
      span_id: frame.spanId,
      run_id: inner.runId ?? frame.spanId,
      parent_span_id: a.parent_span_id,
      span_type: frame.type,
      section: frame.label,
      section_path: truncate(frame.path, LIMITS.sectionPathLength),
      tenant_id: a.tenant_id,
      customer_id: a.customer_id,
      started_at: isoTime(startedAt),
      latency_ms: roundMs(performance.now() - t0),
      status: failed ? 'error' : 'ok',
      error: failed ? truncate(errorMessage(error), LIMITS.errorLength) : null,
      sdk: SDK_FIELD,
    };
    active.emit(event);
  } catch (err) {
    log.debug(`span event failed: ${errorMessage(err)}`);
  }
}

/** Shared by section/agent/tool: a span around `fn`, the context for everything inside, one span event at the end. */
function span<T>(type: StructuralSpanType, label: string, fn: () => T): T {
  let outer: Context;
  let inner: Context;
  let frame: SpanFrame;
  let startedAt: number;
  let t0: number;
  try {
    outer = currentContext();
    const parent = outer.span;
    const spanId = newId();
    frame = { spanId, type, label, path: parent ? `${parent.path}/${label}` : label };
    // a top-level span (no run yet) starts its own run, whose id is the span's id
    inner = { ...outer, runId: outer.runId ?? spanId, span: frame };
    startedAt = Date.now();
    t0 = performance.now();
  } catch (err) {
    log.debug(`${type} setup failed: ${errorMessage(err)}`);
    return fn();
  }
  let result: T;
  try {
    result = storage.run(inner, fn);
  } catch (err) {
    emitSpan(outer, inner, frame, startedAt, t0, err, true);
    throw err;
  }
  if (isThenable(result)) {
    try {
      result.then(
        () => emitSpan(outer, inner, frame, startedAt, t0, null, false),
        (err: unknown) => emitSpan(outer, inner, frame, startedAt, t0, err, true),
      );
    } catch (err) {
      log.debug(`${type}: could not observe the result: ${errorMessage(err)}`);
    }
  } else {
    emitSpan(outer, inner, frame, startedAt, t0, null, false);
  }
  return result;
}

/**
 * Runs `fn` as a section (a feature or step, e.g. `section('summarize', ...)`). Nestable. Every event inside gets
 * `section` = the innermost label and `section_path` = labels from the outermost joined by `/`; the section itself
 * is sent as a `section` span with its duration and its parent. Returns what `fn` returns, unchanged.
 */
export function section<T>(name: string, fn: () => T): T {
  return span('section', cleanName(name, 'section'), fn);
}

/** Like `section`, for an agent: label `agent:<name>`, span type `agent`. */
export function agent<T>(name: string, fn: () => T): T {
  return span('agent', `agent:${cleanName(name, 'agent')}`, fn);
}

/** Like `section`, for a tool call: label `tool:<name>`, span type `tool`. */
export function tool<T>(name: string, fn: () => T): T {
  return span('tool', `tool:${cleanName(name, 'tool')}`, fn);
}
