/** Building wire events (the contract: packages/shared/src/event.ts): attribution from the context, limits enforced. */
import { randomUUID } from 'node:crypto';
import type { CanonicalUsage, EventStatus, SpanType, TraceEvent } from '@llmobserve/shared';
import type { ResolvedConfig } from './config.js';
import { LIMITS, SDK_ID } from './constants.js';
import type { Context } from './context/store.js';

export type { TraceEvent };

export function newId(): string {
  return randomUUID();
}

export function truncate(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max);
}

export function truncateOrNull(s: string | null | undefined, max: number): string | null {
  if (s === null || s === undefined || s === '') return null;
  return truncate(s, max);
}

export interface Attribution {
  tenant_id: string;
  customer_id: string | null;
  run_id: string;
  parent_span_id: string | null;
  section: string | null;
  section_path: string | null;
}

/**
 * Tenant, customer, run and section of an event with id `spanId` made in context `ctx`; null when the event must
 * be dropped (a `withTenant()` scope with an invalid tenant id: better lost than attributed to another tenant).
 */
export function attribution(ctx: Context, cfg: ResolvedConfig, spanId: string): Attribution | null {
  if (ctx.tenantInvalid) return null;
  const span = ctx.span;
  return {
    tenant_id: ctx.tenantId ?? cfg.tenantId,
    customer_id: ctx.customerId !== undefined ? ctx.customerId : cfg.customerId,
    run_id: ctx.runId ?? spanId,
    parent_span_id: span ? span.spanId : null,
    section: span ? span.label : null,
    section_path: span ? truncate(span.path, LIMITS.sectionPathLength) : null,
  };
}

/** What a provider call's event says beyond its attribution. */
export interface CallFields {
  spanType: SpanType;
  provider: string;
  endpoint: string;
  model: string | null;
  usage: CanonicalUsage | null;
  startedAt: number;
  latencyMs: number;
  status: EventStatus;
  error: string | null;
  isStreaming: boolean;
  usageEstimated: boolean;
}

/** The wire event of one provider call (an HTTP call, or one request of a batch), limits enforced. */
export function callEvent(spanId: string, a: Attribution, f: CallFields): TraceEvent {
  const u = f.usage;
  const event: TraceEvent = {
    span_id: spanId,
    run_id: a.run_id,
    parent_span_id: a.parent_span_id,
    span_type: f.spanType,
    section: a.section,
    section_path: a.section_path,
    tenant_id: a.tenant_id,
    customer_id: a.customer_id,
    provider: f.provider,
    endpoint: f.endpoint,
    model: truncateOrNull(f.model, LIMITS.nameLength),
    input_tokens: u?.input_tokens ?? 0,
    output_tokens: u?.output_tokens ?? 0,
    cache_read_tokens: u?.cache_read_tokens ?? 0,
    cache_write_tokens: u?.cache_write_tokens ?? 0,
    reasoning_tokens: u?.reasoning_tokens ?? 0,
    started_at: isoTime(f.startedAt),
    latency_ms: roundMs(f.latencyMs),
    status: f.status,
    error: f.error === null ? null : truncate(f.error, LIMITS.errorLength),
    is_streaming: f.isStreaming,
    usage_estimated: f.usageEstimated,
    sdk: SDK_FIELD,
  };
  if (u && (u.cache_write_1h_tokens ?? 0) > 0) event.cache_write_1h_tokens = u.cache_write_1h_tokens;
  if (u?.token_details) event.token_details = { ...u.token_details };
  return event;
}

/** Last second formatted by isoTime(): calls of the same second reuse its `YYYY-MM-DDTHH:MM:SS.` prefix. */
let isoSecond = NaN;
let isoPrefix = '';

/** `new Date(epochMs).toISOString()`, without formatting a Date per call (one per second of calls). */
export function isoTime(epochMs: number): string {
  const ms = Math.floor(epochMs);
  const second = Math.floor(ms / 1000);
  if (!Number.isFinite(second) || ms < 0 || ms > 253402300799999) return new Date(epochMs).toISOString();
  if (second !== isoSecond) {
    isoPrefix = new Date(second * 1000).toISOString().slice(0, 20);
    isoSecond = second;
  }
  const frac = ms - second * 1000;
  return `${isoPrefix}${frac < 10 ? '00' : frac < 100 ? '0' : ''}${frac}Z`;
}

export function roundMs(ms: number): number {
  return ms > 0 ? Math.round(ms * 1000) / 1000 : 0;
}

export const SDK_FIELD = SDK_ID;
