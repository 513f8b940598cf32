/**
 * Late events (pure): an event stored after its period was closed belongs to the customer's next open statement —
 * the first period after its own that was not yet closed when the event arrived — as an adjustment line with its
 * original period and date. Once that period closes too, its frozen statement keeps the adjustment.
 */
import { addEvent, featureOf, zeroMeasures, type BillingRow } from '../storage/billing/deltas.js';
import type { StoredEvent } from '../domain/event.js';
import type { ClosedPeriod, LateEvent } from '../storage/billing/types.js';
import { localDate, nextPeriod } from './periods.js';
import type { AdjustmentRows } from './statement.js';

/** The period a late event is billed in. */
export function targetPeriod(late: LateEvent, closed: readonly ClosedPeriod[]): string {
  const closedAt = new Map(closed.map((p) => [p.period, p.closed_at]));
  let p = nextPeriod(late.period);
  for (let i = 0; i < 1200; i++, p = nextPeriod(p)) {
    const at = closedAt.get(p);
    if (at === undefined || at > late.arrived_at) return p;
  }
  return p;
}

/** Usage rows of events, summed per customer × provider × model × feature × unit. */
export function rowsOf(events: Iterable<StoredEvent>): BillingRow[] {
  const acc = new Map<string, BillingRow>();
  for (const e of events) {
    const keys = { customer_id: e.customer_id ?? '', provider: e.provider ?? '', model: e.model ?? '', feature: featureOf(e.section_path) };
    addEvent(e, (unit) => {
      const k = `${keys.customer_id}\u001f${keys.provider}\u001f${keys.model}\u001f${keys.feature}\u001f${unit}`;
      let g = acc.get(k);
      if (!g) acc.set(k, (g = { ...keys, unit, ...zeroMeasures() }));
      return g;
    });
  }
  return [...acc.values()];
}

/** The adjustments of `period`, per customer: late events grouped by original period and local date. */
export function adjustmentsFor(period: string, late: readonly LateEvent[], closed: readonly ClosedPeriod[], tz: string): Map<string, AdjustmentRows[]> {
  const groups = new Map<string, { customer: string; period: string; date: string; events: StoredEvent[] }>();
  for (const l of late) {
    if (targetPeriod(l, closed) !== period) continue;
    const customer = l.event.customer_id ?? '';
    const date = localDate(l.event.started_at, tz);
    const k = `${customer}\u001f${l.period}\u001f${date}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { customer, period: l.period, date, events: [] }));
    g.events.push(l.event);
  }
  const out = new Map<string, AdjustmentRows[]>();
  for (const g of [...groups.values()].sort((a, b) => (a.period + a.date < b.period + b.date ? -1 : 1))) {
    const list = out.get(g.customer) ?? [];
    list.push({ period: g.period, date: g.date, rows: rowsOf(g.events) });
    out.set(g.customer, list);
  }
  return out;
}
