/**
 * Billing periods (pure): calendar months in the tenant's IANA time zone, as UTC epoch-ms ranges [from, to), correct
 * across DST changes and for offsets that are not whole hours. The wall-clock math is util/zoned-time.ts (shared with
 * the budgets' periods). A month starts at the first instant of its 1st day (startOfLocalDay: local midnight, or
 * the first instant after it where the zone skips midnight), so periodRange and periodOf always agree.
 */
import { startOfLocalDay, wallClock } from '../util/zoned-time.js';

export { isTimeZone } from '../util/zoned-time.js';

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function parsePeriod(period: string): { year: number; month: number } | null {
  const m = PERIOD.exec(period);
  return m ? { year: Number(m[1]), month: Number(m[2]) } : null;
}

export function periodRange(period: string, tz: string): { from: number; to: number } {
  const p = parsePeriod(period);
  if (!p) throw new RangeError(`not a period (YYYY-MM): ${period}`);
  return { from: startOfLocalDay(tz, p.year, p.month, 1), to: startOfLocalDay(tz, p.year, p.month + 1, 1) };
}

export function periodOf(ms: number, tz: string): string {
  const w = wallClock(tz, ms);
  return `${w.year}-${String(w.month).padStart(2, '0')}`;
}

export function nextPeriod(period: string): string {
  const p = parsePeriod(period)!;
  return p.month === 12 ? `${p.year + 1}-01` : `${p.year}-${String(p.month + 1).padStart(2, '0')}`;
}

export function localDate(ms: number, tz: string): string {
  const w = wallClock(tz, ms);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}
