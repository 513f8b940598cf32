/**
 * How a batch of events travels to the SQLite writer thread (pure): each event as an array of its values in one
 * fixed field order, rebuilt into an event object on the other side. postMessage's structured clone writes every
 * property name of every object and the receiving thread looks each one up again; an array of values carries no
 * names, and one generated object literal rebuilds the event with a fixed shape. Both threads spend about half as
 * long on a batch (docs/benchmarks.md, "Main thread"). The writer gets exactly the StoredEventInput it was given.
 */
import type { StoredEventInput } from '../../domain/event.js';

/** Every field of a stored event (domain/event.ts), in the order of the rows. */
const FIELDS = [
  'tenant_id', 'span_id', 'run_id', 'parent_span_id', 'span_type', 'section', 'section_path', 'customer_id', 'provider', 'endpoint',
  'model', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'cache_write_1h_tokens', 'token_details',
  'reasoning_tokens', 'units', 'reported_cost_usd', 'reported_cost_source', 'started_at', 'latency_ms', 'status', 'error',
  'is_streaming', 'usage_estimated', 'metadata', 'sdk', 'received_at', 'cost_usd', 'cost_status', 'cost_source', 'cost_parts',
] as const satisfies readonly (keyof StoredEventInput)[];

/** A field of StoredEventInput missing from FIELDS fails the build here. */
type Missing = Exclude<keyof StoredEventInput, (typeof FIELDS)[number]>;
const everyField: [Missing] extends [never] ? true : Missing = true;
void everyField;

export type EventRow = unknown[];

/* Generated once from FIELDS (plain identifiers): `e => [e.tenant_id, ...]` and `r => ({ tenant_id: r[0], ... })`. */
const toRow = new Function('e', `return [${FIELDS.map((f) => `e.${f}`).join(', ')}];`) as (e: StoredEventInput) => EventRow;
const fromRow = new Function('r', `return { ${FIELDS.map((f, i) => `${f}: r[${i}]`).join(', ')} };`) as (r: EventRow) => StoredEventInput;

/** The batch as rows, for postMessage. */
export function eventsToRows(events: readonly StoredEventInput[]): EventRow[] {
  const rows = new Array<EventRow>(events.length);
  for (let i = 0; i < events.length; i++) rows[i] = toRow(events[i]!);
  return rows;
}

/**
 * The events again. An event without a cost split (`cost_parts` absent) comes back with `cost_parts: undefined`,
 * which every reader treats alike (storage/billing/deltas.ts, the column encoders).
 */
export function rowsToEvents(rows: readonly EventRow[]): StoredEventInput[] {
  const events = new Array<StoredEventInput>(rows.length);
  for (let i = 0; i < rows.length; i++) events[i] = fromRow(rows[i]!);
  return events;
}
