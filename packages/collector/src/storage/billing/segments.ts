/**
 * How a billing range [from, to) is read (pure): the UTC months nearest its ends from billing_monthly, corrected by
 * signed ranges of whole UTC hours from billing_hourly (added where the range reaches beyond those months, taken
 * out where it stops short of them), and the partial hours at the ends from raw events. A month in the tenant's
 * time zone is then one month's rows plus at most a day of hours at each end, whatever the offset (also :30/:45).
 */
const HOUR = 3_600_000;

export interface Segment {
  source: 'monthly' | 'hourly' | 'raw';
  from: number;
  to: number;
  sign: 1 | -1;
}

const floorHour = (t: number) => Math.floor(t / HOUR) * HOUR;
const ceilHour = (t: number) => Math.ceil(t / HOUR) * HOUR;

/** The UTC month boundary nearest to t (epoch ms). */
export function nearestMonthStart(t: number): number {
  const d = new Date(t);
  const a = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const b = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  return t - a <= b - t ? a : b;
}

/** [a, b) as whole hours and raw partial-hour edges, with a sign. */
function hours(a: number, b: number, sign: 1 | -1): Segment[] {
  if (a >= b) return [];
  const h1 = ceilHour(a);
  const h2 = floorHour(b);
  if (h1 >= h2) return [{ source: 'raw', from: a, to: b, sign }];
  const out: Segment[] = [];
  if (a < h1) out.push({ source: 'raw', from: a, to: h1, sign });
  out.push({ source: 'hourly', from: h1, to: h2, sign });
  if (h2 < b) out.push({ source: 'raw', from: h2, to: b, sign });
  return out;
}

export function billingSegments(from: number, to: number): Segment[] {
  if (to <= from) return [];
  const m1 = nearestMonthStart(from);
  const m2 = nearestMonthStart(to);
  if (m2 <= m1) return hours(from, to, 1);
  return [
    { source: 'monthly', from: m1, to: m2, sign: 1 },
    ...(from < m1 ? hours(from, m1, 1) : hours(m1, from, -1)),
    ...(to > m2 ? hours(m2, to, 1) : hours(to, m2, -1)),
  ];
}

/** The UTC month starts in [from, to) (epoch ms; `from` a month start, as billingSegments' monthly segments are). */
export function monthStarts(from: number, to: number): number[] {
  const out: number[] = [];
  for (let d = new Date(from); d.getTime() < to; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) out.push(d.getTime());
  return out;
}
