/**
 * The per-request context: tenant, customer, run and the enclosing section span. It lives in AsyncLocalStorage, so
 * it follows a request through every await, timer and callback created inside it, and concurrent requests never
 * see each other's values. Stores are immutable: a change creates a new store for the scope that made it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export type StructuralSpanType = 'section' | 'agent' | 'tool';

export interface SpanFrame {
  readonly spanId: string;
  readonly type: StructuralSpanType;
  /** e.g. `agent:research` */
  readonly label: string;
  /** labels from the outermost, joined by `/` */
  readonly path: string;
}

export interface Context {
  /** undefined: the configured default tenant */
  readonly tenantId?: string;
  /** set by `withTenant()` with an invalid id: events of this scope are dropped rather than misattributed */
  readonly tenantInvalid?: boolean;
  /** undefined: the configured default customer; null: explicitly none */
  readonly customerId?: string | null;
  readonly runId?: string;
  readonly span?: SpanFrame;
}

export const storage = new AsyncLocalStorage<Context>();

export const EMPTY_CONTEXT: Context = Object.freeze({});

/**
 * Turns context tracking on for the whole process now (observe() does it first thing). On Node 20 an
 * AsyncLocalStorage tracks nothing before its first use: every async resource created until then shares the
 * context of whatever callback runs it, so the first `setCustomerId()` would set the customer for every request
 * already in flight (a cold start bills anonymous calls to paying customers). Enabled eagerly, each request has its
 * own context from the first one on. (Node 24's AsyncLocalStorage always tracks; there this costs nothing.)
 */
export function enableContext(): void {
  storage.run(EMPTY_CONTEXT, noop);
}

/** After shutdown(): stops tracking (Node 20 then stops paying for promise hooks); the next use turns it on again. */
export function disableContext(): void {
  storage.disable();
}

function noop(): void {}

export function currentContext(): Context {
  return storage.getStore() ?? EMPTY_CONTEXT;
}
