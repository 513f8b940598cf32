/**
 * The storage boundary's check of an event (pure): every number that reaches SQL is finite (integers safe), so a
 * NaN or infinite cost can never be stored nor poison a rollup, whatever pricing or a future code path computes.
 * Ingest rejects such an event by itself (valid events of the batch are stored); the adapters check again before
 * any transaction, so a bad batch fails alone and never takes other batches of a group commit with it.
 */
import type { StoredEventInput } from '../domain/event.js';
import { NANOS_PER_USD } from '@llmobserve/shared';
import { EVENTS } from './columns.js';

type Field = keyof StoredEventInput;
/** Counts and times (integers), then costs and latency (finite numbers), as the column catalogue declares them. */
const INTEGER_FIELDS = EVENTS.columns.filter((c) => c.kind === 'int' && !c.generated && !c.nanosOf && c.name !== 'cache_write_1h_tokens').map((c) => c.field as Field);
const NUMBER_FIELDS = EVENTS.columns.filter((c) => c.kind === 'real').map((c) => c.field as Field);
/** Float USD fields stored as integer nano-dollars: finite, and within the exact range once converted. */
const USD_FIELDS = EVENTS.columns.filter((c) => c.nanosOf !== undefined).map((c) => c.nanosOf as Field);

/**
 * The checks below as one generated expression over named fields (true: storable): on the ingest path every event
 * passes, and plain property reads cost a fraction of the loops' reads by computed key. The loops then find the
 * first failing check, for its message.
 */
const storable = new Function('e', 'NANOS', 'return ' + [
  ...INTEGER_FIELDS.map((f) => `Number.isSafeInteger(e[${JSON.stringify(f)}])`),
  `(e.cache_write_1h_tokens === undefined || Number.isSafeInteger(e.cache_write_1h_tokens))`,
  ...NUMBER_FIELDS.map((f) => `(e[${JSON.stringify(f)}] === null || Number.isFinite(e[${JSON.stringify(f)}]))`),
  ...USD_FIELDS.map((f) => `(e[${JSON.stringify(f)}] === null || (typeof e[${JSON.stringify(f)}] === 'number' && Number.isSafeInteger(Math.round(e[${JSON.stringify(f)}] * NANOS))))`),
  `!e.units`, `!e.token_details`,
].join(' && ') + ';') as (e: StoredEventInput, nanos: number) => boolean;

/** Why the event cannot be stored, or null. */
export function unstorableReason(e: StoredEventInput): string | null {
  if (storable(e, NANOS_PER_USD)) return null;
  for (const f of INTEGER_FIELDS) if (!Number.isSafeInteger(e[f])) return `${f}: ${String(e[f])} is not a storable integer`;
  if (e.cache_write_1h_tokens !== undefined && !Number.isSafeInteger(e.cache_write_1h_tokens)) return 'cache_write_1h_tokens: not a storable integer';
  for (const f of NUMBER_FIELDS) {
    const v = e[f];
    if (v !== null && !Number.isFinite(v)) return `${f}: ${String(v)} is not a finite number`;
  }
  for (const f of USD_FIELDS) {
    const v = e[f];
    if (v !== null && (typeof v !== 'number' || !Number.isSafeInteger(Math.round(v * NANOS_PER_USD)))) return `${f}: ${String(v)} is not a storable USD amount`;
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
