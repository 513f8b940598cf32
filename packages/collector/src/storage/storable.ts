/**
 * The storage boundary's check of an event (pure): every number that reaches SQL is finite (integers safe), so a
 * NaN or infinite cost can never be stored nor poison a rollup, whatever pricing or a future code path computes.
 * Ingest rejects such an event by itself (valid events of the batch are stored); the adapters check again before
 * any transaction, so a bad batch fails alone and never takes other batches of a group commit with it.
 */
import type { StoredEventInput } from '../domain/event.js';

const INTEGER_FIELDS = [
  'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'reasoning_tokens', 'started_at', 'received_at',
] as const;
const NUMBER_FIELDS = ['cost_usd', 'reported_cost_usd', 'latency_ms'] as const;

/** Why the event cannot be stored, or null. */
export function unstorableReason(e: StoredEventInput): string | null {
  for (const f of INTEGER_FIELDS) if (!Number.isSafeInteger(e[f])) return `${f}: ${String(e[f])} is not a storable integer`;
  if (e.cache_write_1h_tokens !== undefined && !Number.isSafeInteger(e.cache_write_1h_tokens)) return 'cache_write_1h_tokens: not a storable integer';
  for (const f of NUMBER_FIELDS) {
    const v = e[f];
    if (v !== null && !Number.isFinite(v)) return `${f}: ${String(v)} is not a finite number`;
  }
  if (e.units) for (const [k, v] of Object.entries(e.units)) if (!Number.isFinite(v)) return `units.${k}: not a finite number`;
  if (e.token_details) for (const [k, v] of Object.entries(e.token_details)) if (v !== undefined && !Number.isSafeInteger(v)) return `token_details.${k}: not a storable integer`;
  return null;
}

/** A batch that must not reach SQL (a collector bug if it ever gets this far: ingest rejects such events). */
export class UnstorableEventError extends Error {}

export function assertStorable(events: readonly StoredEventInput[]): void {
  for (let i = 0; i < events.length; i++) {
    const why = unstorableReason(events[i]!);
    if (why !== null) throw new UnstorableEventError(`event ${i} (span ${events[i]!.span_id}) cannot be stored: ${why}`);
  }
}
