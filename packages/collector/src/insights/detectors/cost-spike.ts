/**
 * cost_spike: the hourly cost of a (customer, provider, model, section) against its seasonal baseline — the same
 * hour of day on each of the previous days (up to 28) since the scope was first seen at that hour, missing days
 * counting $0. A spike is a cost at least `minRatio` × the baseline median, at least `minZ` robust deviations
 * (1.4826 × MAD, floored) above it, and an excess of at least the dollar floor. Fewer than `minSamples` baseline
 * days (a cold start) gives nothing. At stake: the excess per hour, if it lasted a month (730 hours).
 */
import { nanosToUsd } from '@llmobserve/shared';
import type { FindingInput } from '../../storage/insights/types.js';
import { severityOf, type DetectorConfig } from '../config.js';
import type { SpikePoint } from '../series.js';
import { groupBy, mad, median, scopeOf, scale } from './stats.js';

const HOUR = 3_600_000;
export const HOURS_PER_MONTH = 730;

export function detectCostSpikes(points: readonly SpikePoint[], cfg: DetectorConfig['spike']): FindingInput[] {
  const spikes: (SpikePoint & { med: number; z: number; excess: number })[] = [];
  for (const p of points) {
    if (p.baseline.length < cfg.minSamples) continue;
    const med = median(p.baseline);
    const sigma = Math.max(1.4826 * mad(p.baseline, med), 0.05 * med, cfg.floorNanos / 4);
    const excess = p.cost_nanos - med;
    const z = excess / sigma;
    if (p.cost_nanos < cfg.minRatio * med || excess < cfg.floorNanos || z < cfg.minZ) continue;
    spikes.push({ ...p, med, z, excess: Math.round(excess) });
  }
  const byScope = groupBy(spikes, (s) => [s.customer_id, s.provider, s.model, s.section_path].join('\u001f'));
  return [...byScope.values()].map((hours) => {
    hours.sort((a, b) => a.hour - b.hour);
    const worst = hours.reduce((a, b) => (b.excess > a.excess ? b : a));
    const monthly = scale(worst.excess, HOURS_PER_MONTH, 1);
    const who = [worst.customer_id && `customer ${worst.customer_id}`, worst.section_path && `section ${worst.section_path}`, worst.model].filter(Boolean).join(', ');
    const ratio = worst.med > 0 ? worst.cost_nanos / worst.med : null;
    return {
      kind: 'cost_spike' as const,
      scope: scopeOf(worst),
      severity: ratio !== null && ratio >= 10 ? 'high' : severityOf(monthly),
      title: `Hourly cost ${ratio === null ? 'appeared' : `${ratio.toFixed(1)}× its usual level`} for ${who || 'unattributed calls'}`,
      evidence: {
        hour: new Date(worst.hour).toISOString(),
        cost_usd: nanosToUsd(worst.cost_nanos),
        calls: worst.calls,
        baseline_median_usd: nanosToUsd(Math.round(worst.med)),
        baseline_mad_usd: nanosToUsd(Math.round(mad(worst.baseline))),
        baseline_days: worst.baseline.length,
        ratio: ratio === null ? null : Math.round(ratio * 100) / 100,
        robust_z: Math.round(worst.z * 10) / 10,
        excess_usd: nanosToUsd(worst.excess),
        spike_hours: hours.map((h) => new Date(h.hour).toISOString()),
      },
      window_from: hours[0]!.hour,
      window_to: hours[hours.length - 1]!.hour + HOUR,
      at_stake_nanos: monthly,
    };
  });
}
