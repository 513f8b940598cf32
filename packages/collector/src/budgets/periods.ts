/**
 * Budget periods: calendar days, ISO weeks (Monday) and months in an IANA time zone, as UTC epoch-ms ranges
 * [start, end). Pure; the zone rules come from the runtime's ICU (Intl), so DST changes and month ends are the
 * zone's own.
 *
 * A period starts at local midnight. Where a zone skips midnight (a DST change at 00:00, e.g. America/Havana), it
 * starts at the first instant of that local day. Zones with 30/45-minute offsets (Asia/Kolkata, Asia/Kathmandu)
 * start periods off the UTC hour: the spend read (TenantStore.aggregate) takes whole UTC hours from the hourly rollup
 * and the partial hours at the edges from the raw events, so the boundary is exact whatever the offset.
 */
export type Period = 'day' | 'week' | 'month' | 'total';

export interface PeriodRange {
  start: number;
  /** null for `total` (never ends) */
  end: number | null;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function format(tz: string): Intl.DateTimeFormat {
  let f = formats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formats.set(tz, f);
  }
  return f;
}

/** Whether the runtime knows this IANA zone. */
export function isTimeZone(tz: string): boolean {
  if (typeof tz !== 'string' || tz.length === 0 || tz.length > 64) return false;
  try {
    format(tz);
    return true;
  } catch {
    return false;
  }
}

interface Local {
  y: number;
  m: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

function local(tz: string, t: number): Local {
  const out: Record<string, number> = {};
  for (const p of format(tz).formatToParts(new Date(t))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return { y: out.year!, m: out.month!, d: out.day!, h: out.hour!, mi: out.minute!, s: out.second! };
}

/** The zone's offset from UTC at instant t, ms (whole seconds). */
function offsetAt(tz: string, t: number): number {
  const l = local(tz, t);
  return Date.UTC(l.y, l.m - 1, l.d, l.h, l.mi, l.s) - Math.floor(t / 1000) * 1000;
}

/** The first instant of the local calendar day y-m-d (m 1-based; out-of-range days roll over like Date.UTC). */
export function startOfLocalDay(tz: string, y: number, m: number, d: number): number {
  const wall = Date.UTC(y, m - 1, d);
  let t = wall - offsetAt(tz, wall);
  t = wall - offsetAt(tz, t);
  const day = new Date(wall);
  const sameDay = (x: number) => {
    const l = local(tz, x);
    return l.y === day.getUTCFullYear() && l.m === day.getUTCMonth() + 1 && l.d === day.getUTCDate();
  };
  if (sameDay(t) && !sameDay(t - 1000)) return t;
  // midnight does not exist (or the guess fell on the previous day): search the first instant of the day
  let lo = t - 3 * 3_600_000;
  let hi = t + 3 * 3_600_000;
  while (!sameDay(hi)) hi += 3_600_000;
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2000) * 1000;
    if (sameDay(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The period of `at` in zone tz. */
export function periodAt(period: Period, tz: string, at: number): PeriodRange {
  if (period === 'total') return { start: 0, end: null };
  const l = local(tz, at);
  if (period === 'day') return { start: startOfLocalDay(tz, l.y, l.m, l.d), end: startOfLocalDay(tz, l.y, l.m, l.d + 1) };
  if (period === 'month') return { start: startOfLocalDay(tz, l.y, l.m, 1), end: startOfLocalDay(tz, l.y, l.m + 1, 1) };
  // ISO week: Monday to Monday
  const weekday = (new Date(Date.UTC(l.y, l.m - 1, l.d)).getUTCDay() + 6) % 7; // 0 = Monday
  return { start: startOfLocalDay(tz, l.y, l.m, l.d - weekday), end: startOfLocalDay(tz, l.y, l.m, l.d - weekday + 7) };
}
