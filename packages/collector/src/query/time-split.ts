/**
 * Splits a time range into whole hours (answered from the hourly rollup) and partial-hour edges (answered from the
 * raw events, at most two hours of them), so summaries are exact for any `from`/`to` without scanning raw events.
 */
import { HOUR_MS } from '../storage/rollup.js';

export interface Segment {
  source: 'rollup' | 'raw';
  /** epoch ms, inclusive; undefined = unbounded */
  from?: number;
  /** epoch ms, exclusive; undefined = unbounded */
  to?: number;
}

const ceilHour = (ms: number) => Math.ceil(ms / HOUR_MS) * HOUR_MS;
const floorHour = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;

export function splitRange(from: number | undefined, to: number | undefined): Segment[] {
  const start = from === undefined ? undefined : ceilHour(from);
  const end = to === undefined ? undefined : floorHour(to);
  if (start !== undefined && end !== undefined && start >= end) {
    return from! < to! ? [{ source: 'raw', from, to }] : [];
  }
  const segments: Segment[] = [];
  if (from !== undefined && start! > from) segments.push({ source: 'raw', from, to: start });
  segments.push({ source: 'rollup', from: start, to: end });
  if (to !== undefined && end! < to) segments.push({ source: 'raw', from: end, to });
  return segments;
}
