/**
 * prompt_bloat: input tokens per call of a section growing over the window: the last `segmentDays` against the
 * first `segmentDays` of the window (each with at least `minCallsPerSegment` calls) at least `minRatio` ×, and the
 * days between (when they have enough calls) in between — growth, not a one-day jump back and forth. At stake: the
 * extra input tokens per call × the recent calls of each model, priced at that model's input rate (price table),
 * scaled to 30 days.
 */
import { nanosToUsd } from '@llmobserve/shared';
import type { FindingInput } from '../../storage/insights/types.js';
import type { DetectorConfig } from '../config.js';
import type { DayMix, PriceFn } from '../series.js';
import { groupBy, windowFinding } from './stats.js';

const DAY = 86_400_000;

const totals = (rows: readonly DayMix[]) => rows.reduce((t, r) => ({ calls: t.calls + r.calls, input: t.input + r.input_tokens }), { calls: 0, input: 0 });

export function detectPromptBloat(days: readonly DayMix[], now: number, price: PriceFn, cfg: DetectorConfig['bloat']): FindingInput[] {
  const from = now - cfg.windowDays * DAY;
  const findings: FindingInput[] = [];
  for (const [section, rows] of groupBy(days.filter((d) => d.day >= from), (d) => d.section_path)) {
    const start = Math.min(...rows.map((r) => r.day));
    const firstEnd = start + cfg.segmentDays * DAY;
    const lastStart = now - cfg.segmentDays * DAY;
    if (firstEnd > lastStart) continue;
    const first = totals(rows.filter((r) => r.day < firstEnd));
    const lastRows = rows.filter((r) => r.day >= lastStart);
    const last = totals(lastRows);
    const mid = totals(rows.filter((r) => r.day >= firstEnd && r.day < lastStart));
    if (first.calls < cfg.minCallsPerSegment || last.calls < cfg.minCallsPerSegment) continue;
    const [a, z] = [first.input / first.calls, last.input / last.calls];
    if (z < cfg.minRatio * a) continue;
    if (mid.calls >= cfg.minCallsPerSegment) {
      const m = mid.input / mid.calls;
      if (m <= a || m >= z) continue;
    }
    const extraPerCall = z - a;
    let extra = 0;
    let priced = true;
    for (const mm of groupBy(lastRows, (r) => `${r.provider}\u001f${r.model}`).values()) {
      const calls = mm.reduce((t, r) => t + r.calls, 0);
      const cost = price(mm[0]!.provider, mm[0]!.model, { input_tokens: Math.round(extraPerCall * calls), output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0 });
      if (cost === null) priced = false;
      else extra += cost;
    }
    if (!priced && extra === 0) continue;
    // the extra cost was measured over the last segment
    const w = { windowDays: cfg.segmentDays, floorNanos: cfg.floorNanos, from: start, now };
    const finding = windowFinding('prompt_bloat', { section_path: section }, extra, w, () => ({
      title: `Input per call of ${section || 'unsectioned calls'} grew ${Math.round((z / a - 1) * 100)} % (${Math.round(a)} → ${Math.round(z)} tokens)`,
      evidence: {
        first: { from: new Date(start).toISOString(), calls: first.calls, input_tokens_per_call: Math.round(a) },
        middle: mid.calls > 0 ? { calls: mid.calls, input_tokens_per_call: Math.round(mid.input / mid.calls) } : null,
        last: { from: new Date(lastStart).toISOString(), calls: last.calls, input_tokens_per_call: Math.round(z) },
        ratio: Math.round((z / a) * 1000) / 1000,
        extra_input_cost_in_segment_usd: nanosToUsd(extra),
        partly_unpriced: !priced,
      },
    }));
    if (finding) findings.push(finding);
  }
  return findings;
}
