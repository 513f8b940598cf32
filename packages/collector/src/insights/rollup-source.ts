/**
 * The one adapter between the stored aggregates and the detectors' series: the hourly rollup (cost per customer,
 * provider, model and section, as stored — today REAL dollars, turned into integer nano-dollars here) and the
 * insight signals (storage/insights/signals.ts). Reads only rollup rows: the evaluated hours' expensive rows, then
 * the same hours of day of the previous days for those candidates only; never a scan of raw events.
 */
import { usdToNanos } from '@llmobserve/shared';
import type { HourlyCostRow, InsightStore } from '../storage/insights/types.js';
import type { DetectorConfig } from './config.js';
import type { DayMix, MinuteRow, SpikePoint } from './series.js';

const HOUR_S = 3600;
const DAY_S = 86_400;
/** At most this many hours back are evaluated by one evaluation (after a long pause, or the first one). */
export const MAX_EVALUATED_HOURS = 24;

const keyOf = (r: { customer_id: string; provider: string; model: string; section_path: string }) =>
  `${r.customer_id}\u001f${r.provider}\u001f${r.model}\u001f${r.section_path}`;

/** The stored REAL dollars as nano-dollars, bounded to the exact range (a fuzzer's costs must not fail an evaluation). */
const costNanos = (r: HourlyCostRow) => Math.min(Math.max(r.cost_nanos, 0), 9e15);

/**
 * The spike detector's points: every hour after the last evaluated one up to the current (partial) hour, for the
 * scopes that cost at least the floor in it, each with its seasonal baseline. `lastHour`: the last complete hour
 * this evaluation covers (the next evaluation starts after it).
 */
export async function spikePoints(store: InsightStore, now: number, lastEvaluated: number | null, cfg: DetectorConfig['spike']): Promise<{ points: SpikePoint[]; lastHour: number }> {
  const current = Math.floor(now / 1000 / HOUR_S) * HOUR_S;
  const earliest = current - MAX_EVALUATED_HOURS * HOUR_S;
  const first = lastEvaluated === null ? earliest : Math.max(earliest, lastEvaluated + HOUR_S);
  const candidates = await store.hourlyCostRows(first, current + HOUR_S, cfg.floorNanos / 1e9, cfg.maxCandidates);
  const hours = new Set<number>();
  for (const c of candidates) for (let k = 1; k <= cfg.baselineDays; k++) hours.add(c.hour - k * DAY_S);
  const customers = [...new Set(candidates.map((c) => c.customer_id))];
  const base = new Map<string, number>();
  for (const r of await store.hourlyRowsAt([...hours].sort((a, b) => a - b), customers)) base.set(`${keyOf(r)}\u001f${r.hour}`, costNanos(r));
  const points = candidates.map((c): SpikePoint => {
    const key = keyOf(c);
    let firstSeen = 0;
    for (let k = cfg.baselineDays; k >= 1 && firstSeen === 0; k--) if (base.has(`${key}\u001f${c.hour - k * DAY_S}`)) firstSeen = k;
    const baseline: number[] = [];
    for (let k = firstSeen; k >= 1; k--) baseline.push(base.get(`${key}\u001f${c.hour - k * DAY_S}`) ?? 0);
    return {
      customer_id: c.customer_id, provider: c.provider, model: c.model, section_path: c.section_path,
      hour: c.hour * 1000, cost_nanos: costNanos(c), calls: c.calls, baseline,
    };
  });
  return { points, lastHour: current - HOUR_S };
}

/** insight_daily rows of the last `days` days. */
export async function dayMixes(store: InsightStore, now: number, days: number): Promise<DayMix[]> {
  const from = Math.floor(now / 1000 / DAY_S) * DAY_S - days * DAY_S;
  return (await store.dailyRows(from)).map((r) => ({
    day: Number(r.day) * 1000, provider: r.provider as string, model: r.model as string, section_path: r.section_path as string,
    calls: Number(r.calls), cost_nanos: Number(r.cost_nanos), input_tokens: Number(r.input_tokens), output_tokens: Number(r.output_tokens),
    cache_read_tokens: Number(r.cache_read_tokens), cache_write_tokens: Number(r.cache_write_tokens),
    long_uncached_calls: Number(r.long_uncached_calls), long_uncached_input_tokens: Number(r.long_uncached_input_tokens),
    long_uncached_min_input: Number(r.long_uncached_min_input),
  }));
}

/** insight_minute rows (those that can show a repeat) of the last `windowMs`. */
export async function minuteRows(store: InsightStore, now: number, windowMs: number): Promise<MinuteRow[]> {
  return (await store.minuteRows(Math.floor((now - windowMs) / 60_000) * 60)).map((r) => ({
    minute: Number(r.minute) * 1000, customer_id: r.customer_id as string, provider: r.provider as string, model: r.model as string,
    section_path: r.section_path as string, operation_id: r.operation_id as string, calls: Number(r.calls), error_calls: Number(r.error_calls),
    cost_nanos: Number(r.cost_nanos), min_input: Number(r.min_input), max_input: Number(r.max_input), first_at: Number(r.first_at),
    last_at: Number(r.last_at), max_attempt: Number(r.max_attempt),
  }));
}
