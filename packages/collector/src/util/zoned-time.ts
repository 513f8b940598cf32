/**
 * Wall-clock time in an IANA time zone (pure), for the calendar periods of budgets (budgets/periods.ts) and billing
 * (billing/periods.ts): instants are UTC epoch ms, the zone rules the runtime's ICU (Intl), so DST changes, month
 * ends and offsets that are not whole hours (Asia/Kolkata, Asia/Kathmandu) are the zone's own.
 */
export interface WallClock {
  year: number;
  /** 1-based */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
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

/** Whether the runtime knows this IANA zone (and its name is at most 64 characters). */
export function isTimeZone(tz: string): boolean {
  if (typeof tz !== 'string' || tz.length === 0 || tz.length > 64) return false;
  try {
    format(tz);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of instant `ms` in tz. */
export function wallClock(tz: string, ms: number): WallClock {
  const parts: Record<string, number> = {};
  for (const p of format(tz).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute!, second: parts.second! };
}

/** tz's offset from UTC at instant ms (local − UTC), ms (whole seconds). */
function offsetAt(tz: string, ms: number): number {
  const w = wallClock(tz, ms);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
}

/**
 * Local midnight of y-m-d (m 1-based; out-of-range days and months roll over like Date.UTC) from the zone's offset,
 * in two steps. Exact wherever midnight exists; where the zone skips it (a DST change at 00:00, e.g.
 * America/Asuncion) this is an hour before the day's first instant: startOfLocalDay corrects that.
 */
export function localMidnight(tz: string, y: number, m: number, d: number): number {
  const wall = Date.UTC(y, m - 1, d);
  const t = wall - offsetAt(tz, wall);
  return wall - offsetAt(tz, t);
}

/** The first instant of the local calendar day y-m-d (local midnight, or the first instant after a skipped one). */
export function startOfLocalDay(tz: string, y: number, m: number, d: number): number {
  const wall = Date.UTC(y, m - 1, d);
  const t = localMidnight(tz, y, m, d);
  const day = new Date(wall);
  const sameDay = (x: number) => {
    const l = wallClock(tz, x);
    return l.year === day.getUTCFullYear() && l.month === day.getUTCMonth() + 1 && l.day === day.getUTCDate();
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
