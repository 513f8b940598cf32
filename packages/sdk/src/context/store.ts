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

export function currentContext(): Context {
  return storage.getStore() ?? EMPTY_CONTEXT;
}
