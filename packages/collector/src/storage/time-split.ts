/**
 * Splits a time range into whole weeks and whole days (the daily rollups' week and day rows, when a family can
 * answer), whole hours (the hourly rollup) and partial-hour edges (the raw events, at most two hours of them), so
 * summaries are exact for any `from`/`to` without scanning raw events.
 */
import { DAY_MS, HOUR_MS } from './rollup.js';
import { WEEK_MS } from './week-grain.js';

export interface Segment {
  /** weekly: a daily family's week rows (storage/week-grain.ts), whole weeks */
  source: 'weekly' | 'daily' | 'rollup' | 'raw';
  /** epoch ms, inclusive; undefined = unbounded */
  from?: number;
  /** epoch ms, exclusive; undefined = unbounded */
  to?: number;
}

const ceilHour = (ms: number) => Math.ceil(ms / HOUR_MS) * HOUR_MS;
const floorHour = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;
const ceilDay = (ms: number) => Math.ceil(ms / DAY_MS) * DAY_MS;
const floorDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

/** Whole hours [from, to) as hourly segments around a daily middle for the whole days inside. */
function splitHours(from: number | undefined, to: number | undefined): Segment[] {
  const start = from === undefined ? undefined : ceilDay(from);
  const end = to === undefined ? undefined : floorDay(to);
  if (start !== undefined && end !== undefined && start >= end) return [{ source: 'rollup', from, to }];
  const segments: Segment[] = [];
  if (from !== undefined && start! > from) segments.push({ source: 'rollup', from, to: start });
  segments.push({ source: 'daily', from: start, to: end });
  if (to !== undefined && end! < to) segments.push({ source: 'rollup', from: end, to });
  return segments;
}

/**
 * `dailyUntil` (epoch ms, an hour's start): the daily family holds only the hours before it (the wide families hold
 * the compacted hours: storage/wide-compaction.ts; the row of its day holds that day's hours before it). A daily
 * segment that reaches past it reads the days up to its day (that day's row included) and the hours from it from
 * the hourly rollup; one that ends before it is all compacted.
 * `weeksUntil` (epoch ms, the same boundary; undefined for a grouping by day): the whole weeks of a daily segment
 * that end by it are read from the week rows (storage/week-grain.ts), the days around them from the day rows.
 */
export function splitRange(from: number | undefined, to: number | undefined, daily = false, dailyUntil?: number, weeksUntil?: number): Segment[] {
  const segments = splitHourly(from, to);
  if (!daily) return segments;
  const split = segments.flatMap((s) => (s.source === 'rollup' ? splitHours(s.from, s.to) : [s]));
  const cut = dailyUntil === undefined ? split : split.flatMap((s) => (s.source === 'daily' ? cutDaily(s, dailyUntil) : [s]));
  return weeksUntil === undefined ? cut : cut.flatMap((s) => (s.source === 'daily' ? splitWeeks(s, weeksUntil) : [s]));
}

const ceilWeek = (ms: number) => Math.ceil(ms / WEEK_MS) * WEEK_MS;
const floorWeek = (ms: number) => Math.floor(ms / WEEK_MS) * WEEK_MS;

/** A daily segment (days' starts) as days, the whole weeks inside it that end by `until`, then days. */
function splitWeeks(s: Segment, until: number): Segment[] {
  const start = s.from === undefined ? undefined : ceilWeek(s.from);
  const end = floorWeek(s.to === undefined ? until : Math.min(s.to, until));
  if (start !== undefined && start >= end) return [s];
  const segments: Segment[] = [];
  if (s.from !== undefined && start! > s.from) segments.push({ source: 'daily', from: s.from, to: start });
  segments.push({ source: 'weekly', from: start, to: end });
  if (s.to === undefined || end < s.to) segments.push({ source: 'daily', from: end, to: s.to });
  return segments;
}

function cutDaily(s: Segment, until: number): Segment[] {
  // (s.from and s.to are days' starts) a day that starts at or after the boundary holds nothing compacted
  if (s.from !== undefined && s.from >= until) return [{ source: 'rollup', from: s.from, to: s.to }];
  if (s.to !== undefined && s.to <= until) return [s];
  // the boundary's day row holds its hours before the boundary: read it, and the hours from the boundary
  return [{ source: 'daily', from: s.from, to: ceilDay(until) }, { source: 'rollup', from: until, to: s.to }];
}

function splitHourly(from: number | undefined, to: number | undefined): Segment[] {
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
