/**
 * Re-pricing, explicit and audited: the stored call events of [from, to) outside closed periods get the cost the
 * current prices give (custom prices set since, a genai-prices upgrade) through the same pricing as ingest, with
 * their cost source and split; the rollups follow in the same transaction, chunk by chunk. The answer is the diff
 * per customer and model; a dry run changes nothing (but is recorded in the audit too).
 */
import { randomBytes } from 'node:crypto';
import { nanosToUsd, usdToNanos } from '@llmobserve/shared';
import type { StoredEvent } from '../domain/event.js';
import { priceEvent } from '../pricing/price-event.js';
import { costParts } from '../pricing/cost-parts.js';
import type { TokenPricer } from '../pricing/token-prices.js';
import type { PriceBook } from '../pricing/custom-prices.js';
import type { BillingStore } from '../storage/billing/store.js';
import type { ClosedPeriod, RepriceCursor } from '../storage/billing/types.js';

const CHUNK = 5000;

/** [from, to) without the closed periods. */
export function openRanges(from: number, to: number, closed: readonly ClosedPeriod[]): [number, number][] {
  let ranges: [number, number][] = [[from, to]];
  for (const p of closed) {
    ranges = ranges.flatMap(([a, b]): [number, number][] => {
      if (p.to_ms <= a || p.from_ms >= b) return [[a, b]];
      return ([[a, Math.min(b, p.from_ms)], [Math.max(a, p.to_ms), b]] as [number, number][]).filter(([x, y]) => y > x);
    });
  }
  return ranges;
}

const sameParts = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The event as the current prices would store it, or null when nothing changes. */
export function repriced(e: StoredEvent, tokens: TokenPricer, book: PriceBook): StoredEvent | null {
  // the stored event does not keep who reported a cost; its cost source says it when the report priced it
  const reportedSource: StoredEvent['reported_cost_source'] = e.cost_status === 'reported' && (e.cost_source === 'provider' || e.cost_source === 'sdk' || e.cost_source === 'manual')
    ? e.cost_source : e.reported_cost_usd !== null ? 'sdk' : null;
  const input = { ...e, reported_cost_source: reportedSource };
  const custom = book.find(e.provider, e.model, e.started_at);
  const cost = priceEvent(input, tokens, custom);
  const parts = costParts(input, cost, tokens, custom);
  const oldNanos = e.cost_usd === null ? null : usdToNanos(e.cost_usd);
  const newNanos = cost.cost_usd === null ? null : usdToNanos(cost.cost_usd);
  if (oldNanos === newNanos && e.cost_status === cost.cost_status && e.cost_source === cost.cost_source && sameParts(e.cost_parts, parts)) return null;
  return { ...e, ...cost, cost_parts: parts };
}

export interface RepriceOutcome {
  id: string;
  from: number;
  to: number;
  dry_run: boolean;
  events_scanned: number;
  events_changed: number;
  skipped_closed_periods: string[];
  old_nanos: number;
  new_nanos: number;
  diff: { customer_id: string | null; provider: string | null; model: string | null; events: number; old_nanos: number; new_nanos: number }[];
}

export async function reprice(store: BillingStore, tokens: TokenPricer, book: PriceBook, from: number, to: number, dryRun: boolean, now = Date.now()): Promise<RepriceOutcome> {
  const closed = await store.listPeriods();
  const skipped = closed.filter((p) => p.to_ms > from && p.from_ms < to).map((p) => p.period);
  const diff = new Map<string, RepriceOutcome['diff'][number]>();
  let scanned = 0;
  let changed = 0;
  for (const [a, b] of openRanges(from, to, closed)) {
    let cursor: RepriceCursor | null = null;
    do {
      const chunk = await store.repriceChunk(a, b, cursor, CHUNK, dryRun, (e) => repriced(e, tokens, book));
      scanned += chunk.scanned;
      changed += chunk.changes.length;
      for (const c of chunk.changes) {
        const k = `${c.old.customer_id}\u001f${c.old.provider}\u001f${c.old.model}`;
        let d = diff.get(k);
        if (!d) diff.set(k, (d = { customer_id: c.old.customer_id, provider: c.old.provider, model: c.old.model, events: 0, old_nanos: 0, new_nanos: 0 }));
        d.events += 1;
        d.old_nanos += c.old.cost_usd === null ? 0 : usdToNanos(c.old.cost_usd);
        d.new_nanos += c.new.cost_usd === null ? 0 : usdToNanos(c.new.cost_usd);
      }
      cursor = chunk.next;
    } while (cursor);
  }
  const rows = [...diff.values()].sort((x, y) => Math.abs(y.new_nanos - y.old_nanos) - Math.abs(x.new_nanos - x.old_nanos));
  const outcome: RepriceOutcome = {
    id: `reprice_${randomBytes(6).toString('hex')}`, from, to, dry_run: dryRun, events_scanned: scanned, events_changed: changed,
    skipped_closed_periods: skipped, old_nanos: rows.reduce((s, r) => s + r.old_nanos, 0), new_nanos: rows.reduce((s, r) => s + r.new_nanos, 0), diff: rows,
  };
  await store.recordReprice({
    id: outcome.id, at: now, from_ms: from, to_ms: to, dry_run: dryRun, events: scanned, changed,
    diff: JSON.stringify(rows.slice(0, 1000).map((r) => ({ ...r, old_usd: nanosToUsd(r.old_nanos), new_usd: nanosToUsd(r.new_nanos) }))),
  });
  return outcome;
}
