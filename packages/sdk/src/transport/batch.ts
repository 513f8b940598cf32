/**
 * Batches: the events of one POST /events, all sent with one API key. With `tenantApiKeys`, a take of the queue (or
 * a chunk of a spool segment) becomes one batch per key, each tenant's events under its own key.
 */
import type { TraceEvent } from '@llmobserve/shared';
import type { ClaimedSegment } from '../spool/spool.js';

export interface Batch {
  events: TraceEvent[];
  apiKey: string | null;
  attempts: number;
  /** sequence number of the oldest event of the take this batch came from (flush watermark) */
  minSeq: number;
  /** a batch replayed from a spool segment */
  segment?: SegmentRef;
}

export interface SegmentRef {
  seg: ClaimedSegment;
  /** batches of the segment not settled yet */
  open: number;
}

/** The keys of the settings: a tenant's own (`tenantApiKeys`), else the default `apiKey`. */
export interface BatchKeys {
  apiKey: string | null;
  tenantApiKeys: ReadonlyMap<string, string>;
}

function keyFor(keys: BatchKeys, e: TraceEvent): string | null {
  return (e.tenant_id !== undefined ? keys.tenantApiKeys.get(e.tenant_id) : undefined) ?? keys.apiKey;
}

/** Events as batches: one without per-tenant keys, else one per key, in the order of their first event. */
export function batchesOf(events: TraceEvent[], keys: BatchKeys, minSeq: number, segment?: SegmentRef): Batch[] {
  const batch = (evs: TraceEvent[], apiKey: string | null): Batch =>
    segment ? { events: evs, apiKey, attempts: 0, minSeq, segment } : { events: evs, apiKey, attempts: 0, minSeq };
  if (keys.tenantApiKeys.size === 0) return [batch(events, keys.apiKey)];
  const groups = new Map<string | null, TraceEvent[]>();
  for (const e of events) {
    const k = keyFor(keys, e);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(e);
  }
  const out: Batch[] = [];
  for (const [apiKey, evs] of groups) out.push(batch(evs, apiKey));
  return out;
}

/** A batch the collector refused as too large (413), as two halves (a replayed one's segment waits for both). */
export function halves(batch: Batch): [Batch, Batch] {
  const half = Math.ceil(batch.events.length / 2);
  if (batch.segment) batch.segment.open++;
  return [
    { events: batch.events.slice(0, half), apiKey: batch.apiKey, attempts: 0, minSeq: batch.minSeq, segment: batch.segment },
    { events: batch.events.slice(half), apiKey: batch.apiKey, attempts: 0, minSeq: batch.minSeq, segment: batch.segment },
  ];
}

/** The tenants of a batch, sorted (`?` for an event without one). */
export function tenantsOf(batch: Batch): string[] {
  return [...new Set(batch.events.map((e) => e.tenant_id ?? '?'))].sort();
}
