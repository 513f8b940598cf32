/**
 * cost_regression: the cost per call of a section (feature), all its models together, before vs after a change
 * point. The change point is the day boundary (within the last `maxAfterDays`) that best separates the daily cost
 * per call into two levels (largest between-group sum of squares, weighted by calls), each side with at least
 * `minCalls` calls. A finding when after ≥ `minRatio` × before and the extra cost per month reaches the floor.
 * At stake: (after − before) per call × the calls per day after the change × 30.
 */
import { nanosToUsd } from '@llmobserve/shared';
import type { FindingInput } from '../../storage/insights/types.js';
import { severityOf, type DetectorConfig } from '../config.js';
import type { DayMix } from '../series.js';
import { groupBy, scopeOf, scale } from './stats.js';

const DAY = 86_400_000;

interface Day {
  day: number;
  calls: number;
  cost: number;
}

/** Per section, its days (all models summed), oldest first. */
export function sectionDays(days: readonly DayMix[]): Map<string, Day[]> {
  const out = new Map<string, Day[]>();
  for (const [section, rows] of groupBy(days, (d) => d.section_path)) {
    const byDay = new Map<number, Day>();
    for (const r of rows) {
      const d = byDay.get(r.day) ?? { day: r.day, calls: 0, cost: 0 };
      d.calls += r.calls;
      d.cost += r.cost_nanos;
      byDay.set(r.day, d);
    }
    out.set(section, [...byDay.values()].sort((a, b) => a.day - b.day));
  }
  return out;
}

export function detectCostRegressions(days: readonly DayMix[], now: number, cfg: DetectorConfig['regression']): FindingInput[] {
  const findings: FindingInput[] = [];
  for (const [section, series] of sectionDays(days.filter((d) => d.day >= now - cfg.windowDays * DAY))) {
    const total = series.reduce((t, d) => ({ calls: t.calls + d.calls, cost: t.cost + d.cost }), { calls: 0, cost: 0 });
    let best: { k: number; stat: number } | null = null;
    let before = { calls: 0, cost: 0 };
    for (let k = 1; k < series.length; k++) {
      before = { calls: before.calls + series[k - 1]!.calls, cost: before.cost + series[k - 1]!.cost };
      const after = { calls: total.calls - before.calls, cost: total.cost - before.cost };
      if (series[k]!.day < now - cfg.maxAfterDays * DAY || before.calls < cfg.minCalls || after.calls < cfg.minCalls) continue;
      const [b, a] = [before.cost / before.calls, after.cost / after.calls];
      if (a <= b) continue;
      const stat = (a - b) ** 2 * (before.calls * after.calls) / total.calls;
      if (!best || stat > best.stat) best = { k, stat };
    }
    if (!best) continue;
    const pre = series.slice(0, best.k).reduce((t, d) => ({ calls: t.calls + d.calls, cost: t.cost + d.cost }), { calls: 0, cost: 0 });
    const post = { calls: total.calls - pre.calls, cost: total.cost - pre.cost };
    const cpcBefore = pre.cost / pre.calls;
    const cpcAfter = post.cost / post.calls;
    if (cpcBefore <= 0 || cpcAfter < cfg.minRatio * cpcBefore) continue;
    const changeAt = series[best.k]!.day;
    const spanMs = Math.max(DAY, now - changeAt);
    // extra cost of the calls after the change: their cost minus what they would have cost at the old rate
    const excess = post.cost - scale(pre.cost, post.calls, pre.calls);
    const monthly = scale(excess, 30 * DAY, Math.round(spanMs));
    if (monthly < cfg.floorNanos) continue;
    const ratio = cpcAfter / cpcBefore;
    findings.push({
      kind: 'cost_regression',
      scope: scopeOf({ section_path: section }),
      severity: severityOf(monthly),
      title: `Cost per call of ${section || 'unsectioned calls'} up ${Math.round((ratio - 1) * 100)} % since ${new Date(changeAt).toISOString().slice(0, 10)}`,
      evidence: {
        change_at: new Date(changeAt).toISOString(),
        before: { from: new Date(series[0]!.day).toISOString(), calls: pre.calls, cost_usd: nanosToUsd(pre.cost), cost_per_call_usd: nanosToUsd(Math.round(cpcBefore)) },
        after: { to: new Date(now).toISOString(), calls: post.calls, cost_usd: nanosToUsd(post.cost), cost_per_call_usd: nanosToUsd(Math.round(cpcAfter)) },
        ratio: Math.round(ratio * 1000) / 1000,
        excess_usd: nanosToUsd(excess),
      },
      window_from: changeAt,
      window_to: now,
      at_stake_nanos: monthly,
    });
  }
  return findings;
}
