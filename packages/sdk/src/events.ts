/** Building wire events (shared/PRODUCT.md "The event"): attribution from the context, limits enforced. */
import { randomUUID } from 'node:crypto';
import type { TraceEvent } from '@llmobserve/shared';
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

export function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

export function roundMs(ms: number): number {
  return ms > 0 ? Math.round(ms * 1000) / 1000 : 0;
}

export const SDK_FIELD = SDK_ID;
