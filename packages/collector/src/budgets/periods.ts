/**
 * Budget periods: calendar days, ISO weeks (Monday) and months in an IANA time zone, as UTC epoch-ms ranges
 * [start, end). Pure; the wall-clock math (shared with billing's months) is util/zoned-time.ts, with the zone rules
 * of the runtime's ICU (Intl), so DST changes and month ends are the zone's own.
 *
 * A period starts at local midnight. Where a zone skips midnight (a DST change at 00:00, e.g. America/Havana), it
 * starts at the first instant of that local day. Zones with 30/45-minute offsets (Asia/Kolkata, Asia/Kathmandu)
 * start periods off the UTC hour: the spend read (TenantStore.aggregate) takes whole UTC hours from the hourly rollup
 * and the partial hours at the edges from the raw events, so the boundary is exact whatever the offset.
 */
import { startOfLocalDay, wallClock } from '../util/zoned-time.js';

export type Period = 'day' | 'week' | 'month' | 'total';

export interface PeriodRange {
  start: number;
  /** null for `total` (never ends) */
  end: number | null;
}

export { isTimeZone, startOfLocalDay } from '../util/zoned-time.js';

/** The last range computed per (period, zone): an evaluation asks for the same few ranges for every budget. */
const lastRange = new Map<string, PeriodRange>();

/** The period of `at` in zone tz. */
export function periodAt(period: Period, tz: string, at: number): PeriodRange {
  if (period === 'total') return { start: 0, end: null };
  const key = `${period}\u0000${tz}`;
  const last = lastRange.get(key);
  if (last !== undefined && at >= last.start && at < last.end!) return { ...last };
  const range = computePeriod(period, tz, at);
  if (lastRange.size >= 1000) lastRange.clear();
  lastRange.set(key, range);
  return { ...range };
}

function computePeriod(period: Exclude<Period, 'total'>, tz: string, at: number): PeriodRange {
  const { year: y, month: m, day: d } = wallClock(tz, at);
  if (period === 'day') return { start: startOfLocalDay(tz, y, m, d), end: startOfLocalDay(tz, y, m, d + 1) };
  if (period === 'month') return { start: startOfLocalDay(tz, y, m, 1), end: startOfLocalDay(tz, y, m + 1, 1) };
  // ISO week: Monday to Monday
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // 0 = Monday
  return { start: startOfLocalDay(tz, y, m, d - weekday), end: startOfLocalDay(tz, y, m, d - weekday + 7) };
}
