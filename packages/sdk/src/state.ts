/**
 * The process-wide state shared by the public API, the interceptor and the context helpers: the resolved config
 * and where events go. Null until `observe()`; events made before that (or after `shutdown()`) are dropped.
 */
import type { TraceEvent } from '@llmobserve/shared';
import type { ResolvedConfig } from './config.js';

export interface ActiveState {
  config: ResolvedConfig;
  emit(event: TraceEvent): void;
  /**
   * Emits many events (a batch's results) without overflowing the queue: enqueues what fits, waits for the
   * transport to drain, and so on; resolves once all are enqueued.
   */
  emitMany(events: readonly TraceEvent[]): Promise<void>;
}

let active: ActiveState | null = null;

export function getActive(): ActiveState | null {
  return active;
}

export function setActive(state: ActiveState | null): void {
  active = state;
}
