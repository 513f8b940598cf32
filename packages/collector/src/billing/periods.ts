/**
 * Billing periods (pure): calendar months in the tenant's IANA time zone, as UTC epoch-ms ranges [from, to), correct
 * across DST changes and for offsets that are not whole hours. Uses the runtime's Intl time-zone data.
 */
const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz.length > 0 && tz.length <= 64;
  } catch {
    return false;
  }
}

const formats = new Map<string, Intl.DateTimeFormat>();
function format(tz: string): Intl.DateTimeFormat {
  let f = formats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formats.set(tz, f);
  }
  return f;
}

/** The wall-clock fields of instant ms in tz. */
export function wallClock(ms: number, tz: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts: Record<string, number> = {};
  for (const p of format(tz).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute!, second: parts.second! };
}

/** tz's offset from UTC at instant ms (local − UTC), ms. */
function offsetAt(ms: number, tz: string): number {
  const w = wallClock(ms, tz);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
}

/** The instant local midnight starts the given day in tz (month may overflow: 13 = January next year). */
export function localMidnight(year: number, month: number, day: number, tz: string): number {
  const wall = Date.UTC(year, month - 1, day);
  let t = wall - offsetAt(wall, tz);
  t = wall - offsetAt(t, tz);
  return t;
}

export function parsePeriod(period: string): { year: number; month: number } | null {
  const m = PERIOD.exec(period);
  return m ? { year: Number(m[1]), month: Number(m[2]) } : null;
}

export function periodRange(period: string, tz: string): { from: number; to: number } {
  const p = parsePeriod(period);
  if (!p) throw new RangeError(`not a period (YYYY-MM): ${period}`);
  return { from: localMidnight(p.year, p.month, 1, tz), to: localMidnight(p.year, p.month + 1, 1, tz) };
}

export function periodOf(ms: number, tz: string): string {
  const w = wallClock(ms, tz);
  return `${w.year}-${String(w.month).padStart(2, '0')}`;
}

export function nextPeriod(period: string): string {
  const p = parsePeriod(period)!;
  return p.month === 12 ? `${p.year + 1}-01` : `${p.year}-${String(p.month + 1).padStart(2, '0')}`;
}

export function localDate(ms: number, tz: string): string {
  const w = wallClock(ms, tz);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}
