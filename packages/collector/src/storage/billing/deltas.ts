/**
 * Billing deltas (pure): what a set of stored events adds to the billing rollups, and the one place that reads a
 * stored event's cost for billing (`storedCostParts`: adapt it when stored costs change representation).
 */
import { isCall } from '../rollup.js';
import type { CostParts, StoredEventInput } from '../../domain/event.js';
import { usdToNanos } from '@llmobserve/shared';
import { own } from '../../util/own.js';
import { BILLING_MEASURES, type BillingKey, type BillingMeasure } from './tables.js';

export type BillingMeasures = Record<BillingMeasure, number>;
export type BillingKeys = Record<BillingKey, string>;
export interface BillingRow extends BillingKeys, BillingMeasures {}
export interface BillingDelta extends BillingRow {
  tenant_id: string;
  /** hour or month start, epoch seconds */
  hour: number;
  month: number;
}

const ZERO: Readonly<BillingMeasures> = Object.freeze(Object.fromEntries(BILLING_MEASURES.map((m) => [m, 0])) as BillingMeasures);
/**
 * A billing row of one literal shape from its keys and its measures at v[o..o+14] in BILLING_MEASURES' order (a
 * database row read as an array, or a packed Float64Array; PostgreSQL's bigints arrive as strings).
 */
export function billingRow(customer_id: string, provider: string, model: string, feature: string, unit: string, v: ArrayLike<unknown>, o: number): BillingRow {
  const n = (i: number) => Number(v[o + i]);
  return {
    customer_id, provider, model, feature, unit,
    calls: n(0), unpriced_calls: n(1), input_tokens: n(2), cached_input_tokens: n(3), cache_write_tokens: n(4), output_tokens: n(5),
    reasoning_tokens: n(6), unit_quantity: n(7), input_nanos: n(8), cached_input_nanos: n(9), cache_write_nanos: n(10), output_nanos: n(11),
    reasoning_nanos: n(12), unit_nanos: n(13), other_nanos: n(14),
  };
}
if (BILLING_MEASURES.join() !== 'calls,unpriced_calls,input_tokens,cached_input_tokens,cache_write_tokens,output_tokens,reasoning_tokens,unit_quantity,input_nanos,cached_input_nanos,cache_write_nanos,output_nanos,reasoning_nanos,unit_nanos,other_nanos') {
  throw new Error('BILLING_MEASURES changed: update billingRow');
}

/** A fresh accumulator, all measures zero (adjustments and tests; the ingest path builds its rows with `delta`). */
export const zeroMeasures = (): BillingMeasures => ({ ...ZERO });

/** The event's cost in nanos by kind; events stored before the split have their whole cost as `other`. */
export function storedCostParts(e: Pick<StoredEventInput, 'cost_usd' | 'cost_parts'> & { cost_nanos?: number | null }): CostParts | null {
  if (e.cost_usd === null) return null;
  if (e.cost_parts) return e.cost_parts;
  // read back from storage: the stored integer itself (migration 9), no round trip through a float
  if (typeof e.cost_nanos === 'number') return e.cost_nanos === 0 ? {} : { other: e.cost_nanos };
  // a stored cost beyond exact money (ingest refuses those now) is billed as unpriced, never a wrong amount
  if (!Number.isSafeInteger(Math.round(e.cost_usd * 1e9))) return null;
  const total = usdToNanos(e.cost_usd);
  return total === 0 ? {} : { other: total };
}

export function featureOf(sectionPath: string | null): string {
  if (sectionPath === null) return '';
  const i = sectionPath.indexOf('/');
  return i < 0 ? sectionPath : sectionPath.slice(0, i);
}

const HOUR_MS = 3_600_000;
/** Start of the UTC month containing ms, epoch seconds. */
export function monthOf(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000;
}

type Event = Pick<StoredEventInput, 'tenant_id' | 'span_type' | 'started_at' | 'customer_id' | 'provider' | 'model' | 'section_path' |
  'input_tokens' | 'output_tokens' | 'cache_read_tokens' | 'cache_write_tokens' | 'reasoning_tokens' | 'units' | 'cost_usd' | 'cost_parts'> & { cost_nanos?: number | null };

type Parts = CostParts | null;
const hasUnits = (e: Event, parts: Parts) => e.units != null || parts?.units != null;

/** Adds an event's call count, token quantities and token cost parts (all integers) to its token row. */
function addTokens(t: BillingMeasures, e: Event, parts: Parts, sign: number): void {
  t.calls += sign;
  if (parts === null) t.unpriced_calls += sign;
  const uncached = Math.max(0, e.input_tokens - e.cache_read_tokens - e.cache_write_tokens);
  const reasoning = Math.min(e.reasoning_tokens, e.output_tokens);
  t.input_tokens += sign * uncached;
  t.cached_input_tokens += sign * e.cache_read_tokens;
  t.cache_write_tokens += sign * e.cache_write_tokens;
  t.output_tokens += sign * (e.output_tokens - reasoning);
  t.reasoning_tokens += sign * reasoning;
  if (parts) {
    t.input_nanos += sign * (parts.input ?? 0);
    t.cached_input_nanos += sign * (parts.cached_input ?? 0);
    t.cache_write_nanos += sign * (parts.cache_write ?? 0);
    t.output_nanos += sign * (parts.output ?? 0);
    t.reasoning_nanos += sign * (parts.reasoning ?? 0);
    t.other_nanos += sign * (parts.other ?? 0);
  }
}

/** The integer measures addTokens writes (every measure but the units' REAL quantity and their cost). */
const TOKEN_MEASURES = BILLING_MEASURES.filter((m) => m !== 'unit_quantity' && m !== 'unit_nanos');

/** A token row of a month is the exact sum of its hours' token rows (integers). */
function addTokenRow(to: BillingMeasures, from: BillingMeasures): void {
  for (const m of TOKEN_MEASURES) to[m] += from[m];
}

/** Each unit the event used (quantity or cost), with its quantity and cost. */
function forEachUnit(e: Event, parts: Parts, f: (unit: string, quantity: number, nanos: number) => void): void {
  const units = new Set([...Object.keys(e.units ?? {}), ...Object.keys(parts?.units ?? {})]);
  for (const u of units) {
    // user-supplied unit names: own properties only (never `constructor`, `__proto__` of the prototype)
    const q = own(e.units, u) ?? 0;
    const c = own(parts?.units, u) ?? 0;
    if (q === 0 && c === 0) continue;
    f(u, q, c);
  }
}

/** Adds one event to `acc` (created through `row(unit)`): its token row ('' unit) and one row per unit it used. */
export function addEvent(e: Event, row: (unit: string) => BillingMeasures, sign = 1): void {
  const parts = storedCostParts(e);
  addTokens(row(''), e, parts, sign);
  // most calls use no unit: no key set built for them
  if (!hasUnits(e, parts)) return;
  forEachUnit(e, parts, (u, q, c) => {
    const r = row(u);
    r.unit_quantity += sign * q;
    r.unit_nanos += sign * c;
  });
}

/** A delta row of one literal shape (one hidden class on the ingest path), all measures zero. */
const delta = (tenant_id: string, hour: number, month: number, customer_id: string, provider: string, model: string, feature: string, unit: string): BillingDelta => ({
  tenant_id, hour, month, customer_id, provider, model, feature, unit,
  calls: 0, unpriced_calls: 0, input_tokens: 0, cached_input_tokens: 0, cache_write_tokens: 0, output_tokens: 0, reasoning_tokens: 0,
  unit_quantity: 0, input_nanos: 0, cached_input_nanos: 0, cache_write_nanos: 0, output_nanos: 0, reasoning_nanos: 0, unit_nanos: 0, other_nanos: 0,
});

const NOT_A_PATH = Symbol('no section path seen');

export interface BillingDeltaPair {
  hourly: BillingDelta[];
  monthly: BillingDelta[];
}

/**
 * The hourly and monthly deltas of newly stored call events in one pass (sign -1 takes them out again), in the
 * order each group first appears. The events are folded into the hourly groups; a month's token rows are then the
 * sums of its hours' token rows (integer counts, tokens and nanos: exact in any order). Unit rows carry a REAL
 * quantity, so they are added per event to both grains, in event order, as a float sum always was. `withMonths`
 * false leaves `monthly` empty (a read of hours only).
 */
export function billingDeltaPair(events: Iterable<Event>, sign = 1, withMonths = true): BillingDeltaPair {
  const hours = new Map<string, BillingDelta>();
  const months = new Map<string, BillingDelta>();
  const hourly: BillingDelta[] = [];
  const monthly: BillingDelta[] = [];
  // each hour row's month row (hourly[i] adds to hourMonths[i]), linked when the hour row is created
  const hourMonths: BillingDelta[] = [];
  const linkMonth = (key: string, h: BillingDelta, month: number) => {
    let m = months.get(key);
    if (!m) {
      months.set(key, (m = delta(h.tenant_id, 0, month, h.customer_id, h.provider, h.model, h.feature, h.unit)));
      monthly.push(m);
    }
    hourMonths.push(m);
    return m;
  };
  // a UTC month starts on an hour: the month of the last hour seen is the month of every event in that hour
  let lastHour = NaN;
  let month = 0;
  let hourKey = '';
  let monthKey = '';
  let lastPath: unknown = NOT_A_PATH;
  let feature = '';
  for (const e of events) {
    if (!isCall(e as StoredEventInput)) continue;
    const hour = Math.floor(e.started_at / HOUR_MS) * 3600;
    if (hour !== lastHour) {
      lastHour = hour;
      month = monthOf(e.started_at);
      hourKey = `\u001f${hour}\u001f`;
      monthKey = `\u001f${month}\u001f`;
    }
    if (e.section_path !== lastPath) {
      lastPath = e.section_path;
      feature = featureOf(e.section_path);
    }
    const tenant = e.tenant_id;
    const customer = e.customer_id ?? '';
    const provider = e.provider ?? '';
    const model = e.model ?? '';
    const rest = `${customer}\u001f${provider}\u001f${model}\u001f${feature}\u001f`;
    const hk = tenant + hourKey + rest;
    let t = hours.get(hk);
    if (!t) {
      hours.set(hk, (t = delta(tenant, hour, 0, customer, provider, model, feature, '')));
      hourly.push(t);
      // the month's key string is built only for a new hour row
      if (withMonths) linkMonth(tenant + monthKey + rest, t, month);
    }
    const parts = storedCostParts(e);
    addTokens(t, e, parts, sign);
    if (!hasUnits(e, parts)) continue;
    forEachUnit(e, parts, (u, q, c) => {
      const mk = tenant + monthKey + rest + u;
      let h = hours.get(hk + u);
      if (!h) {
        hours.set(hk + u, (h = delta(tenant, hour, 0, customer, provider, model, feature, u)));
        hourly.push(h);
        if (withMonths) linkMonth(mk, h, month);
      }
      h.unit_quantity += sign * q;
      h.unit_nanos += sign * c;
      if (!withMonths) return;
      const m = months.get(mk)!;
      m.unit_quantity += sign * q;
      m.unit_nanos += sign * c;
    });
  }
  for (let i = 0; i < hourMonths.length; i++) addTokenRow(hourMonths[i]!, hourly[i]!);
  return { hourly, monthly };
}

/** The hourly (grain 'hour') or monthly deltas of newly stored call events; sign -1 takes them out again. */
export function billingDeltas(events: Iterable<Event>, grain: 'hour' | 'month', sign = 1): BillingDelta[] {
  return grain === 'hour' ? billingDeltaPair(events, sign, false).hourly : billingDeltaPair(events, sign).monthly;
}

/** Sums deltas with the same keys (old taken out, new put in: what a re-pricing changes), dropping zero rows. */
export function netDeltas(deltas: BillingDelta[], grain: 'hour' | 'month'): BillingDelta[] {
  const out = new Map<string, BillingDelta>();
  for (const d of deltas) {
    const key = `${d.tenant_id}\u001f${grain === 'hour' ? d.hour : d.month}\u001f${d.customer_id}\u001f${d.provider}\u001f${d.model}\u001f${d.feature}\u001f${d.unit}`;
    const g = out.get(key);
    if (!g) out.set(key, { ...d });
    else for (const m of BILLING_MEASURES) g[m] += d[m];
  }
  return [...out.values()].filter((d) => BILLING_MEASURES.some((m) => d[m] !== 0));
}
