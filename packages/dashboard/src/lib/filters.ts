/**
 * The global filters, kept in the URL's search params so any view can be shared and reloaded:
 * `range` (preset) or `from`/`to` (custom, UTC dates, `to` inclusive), `customer`, `provider`, `model`, `section`,
 * and `tenant` (platform administrators). Periods are UTC, like the collector's buckets.
 */
import type { Query } from '../api/client';

export const PRESETS = [
  { id: 'today', label: 'Today' },
  { id: '7d', label: 'Last 7 days' },
  { id: '30d', label: 'Last 30 days' },
  { id: '90d', label: 'Last 90 days' },
  { id: 'mtd', label: 'Month to date' },
  { id: 'all', label: 'All time' },
  { id: 'custom', label: 'Custom range' },
] as const;
export type Preset = (typeof PRESETS)[number]['id'];
export const DEFAULT_PRESET: Preset = '30d';

export interface Filters {
  range: Preset;
  /** YYYY-MM-DD, custom range only. */
  from?: string;
  /** YYYY-MM-DD inclusive, custom range only. */
  to?: string;
  customer?: string;
  provider?: string;
  model?: string;
  section?: string;
  tenant?: string;
}

/** The params that travel with every link (page-specific params do not). */
export const GLOBAL_PARAMS = ['range', 'from', 'to', 'customer', 'provider', 'model', 'section', 'tenant'] as const;

const DAY = 86_400_000;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function parseFilters(search: URLSearchParams): Filters {
  const raw = search.get('range');
  const range = (PRESETS.some((p) => p.id === raw) ? raw : search.get('from') ? 'custom' : DEFAULT_PRESET) as Preset;
  const f: Filters = { range };
  const from = search.get('from');
  const to = search.get('to');
  if (range === 'custom') {
    if (from && DATE_RE.test(from)) f.from = from;
    if (to && DATE_RE.test(to)) f.to = to;
  }
  for (const k of ['customer', 'provider', 'model', 'section', 'tenant'] as const) {
    const v = search.get(k);
    if (v) f[k] = v;
  }
  return f;
}

/** Writes filters into a copy of `search` (other params are kept). */
export function writeFilters(search: URLSearchParams, f: Filters): URLSearchParams {
  const next = new URLSearchParams(search);
  for (const k of GLOBAL_PARAMS) next.delete(k);
  if (f.range !== DEFAULT_PRESET) next.set('range', f.range);
  if (f.range === 'custom') {
    if (f.from) next.set('from', f.from);
    if (f.to) next.set('to', f.to);
  }
  for (const k of ['customer', 'provider', 'model', 'section', 'tenant'] as const) {
    const v = f[k];
    if (v) next.set(k, v);
  }
  return next;
}

export const startOfUtcDay = (ms: number) => Math.floor(ms / DAY) * DAY;
export function startOfUtcWeek(ms: number): number {
  const day = startOfUtcDay(ms);
  const dow = (new Date(day).getUTCDay() + 6) % 7; // Monday = 0
  return day - dow * DAY;
}
export function startOfUtcMonth(ms: number, monthsBack = 0): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - monthsBack, 1);
}
export const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A period in epoch ms; `to` null = open-ended ("until now"), `to` exclusive. */
export interface Period {
  from: number | null;
  to: number | null;
}

/** The period the filters select, at time `now`. */
export function selectedPeriod(f: Filters, now: number): Period {
  const today = startOfUtcDay(now);
  switch (f.range) {
    case 'today': return { from: today, to: null };
    case '7d': return { from: today - 6 * DAY, to: null };
    case '30d': return { from: today - 29 * DAY, to: null };
    case '90d': return { from: today - 89 * DAY, to: null };
    case 'mtd': return { from: startOfUtcMonth(now), to: null };
    case 'all': return { from: null, to: null };
    case 'custom': {
      const from = f.from ? Date.parse(`${f.from}T00:00:00Z`) : today - 29 * DAY;
      const to = f.to ? Date.parse(`${f.to}T00:00:00Z`) + DAY : null;
      return to !== null && to <= from ? { from, to: from + DAY } : { from, to };
    }
  }
}

/** The same-length period just before `p` (null for all time). */
export function previousPeriod(p: Period, now: number): Period | null {
  if (p.from === null) return null;
  const end = p.to ?? now;
  return { from: p.from - (end - p.from), to: p.from };
}

/** Today / this week / this month so far, each against the same point of the previous day / week / month. */
export function calendarPeriods(now: number): { id: string; label: string; vs: string; current: Period; previous: Period }[] {
  const today = startOfUtcDay(now);
  const week = startOfUtcWeek(now);
  const month = startOfUtcMonth(now);
  const prevMonth = startOfUtcMonth(now, 1);
  return [
    { id: 'today', label: 'Today', vs: 'vs same time yesterday', current: { from: today, to: null }, previous: { from: today - DAY, to: now - DAY } },
    { id: 'week', label: 'This week', vs: 'vs same point last week', current: { from: week, to: null }, previous: { from: week - 7 * DAY, to: now - 7 * DAY } },
    { id: 'month', label: 'This month', vs: 'vs same point last month', current: { from: month, to: null }, previous: { from: prevMonth, to: Math.min(month, prevMonth + (now - month)) } },
  ];
}

/** API query params for a period and the dimension filters. */
export function apiQuery(f: Filters, p: Period | null, extra: Query = {}): Query {
  return {
    tenant_id: f.tenant,
    customer_id: f.customer,
    provider: f.provider,
    model: f.model,
    section: f.section,
    from: p?.from ?? undefined,
    to: p?.to ?? undefined,
    ...extra,
  };
}

export function describePeriod(f: Filters, p: Period): string {
  const preset = PRESETS.find((x) => x.id === f.range);
  if (f.range !== 'custom') return preset?.label ?? '';
  const last = p.to !== null ? isoDate(p.to - DAY) : 'today';
  return `${p.from !== null ? isoDate(p.from) : '…'} – ${last}`;
}

/** True when any dimension filter is set (the data may be empty because of them). */
export const hasDimensionFilter = (f: Filters) => Boolean(f.customer || f.provider || f.model || f.section);
