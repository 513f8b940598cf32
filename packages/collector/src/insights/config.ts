/** The detectors' thresholds (docs/insights.md explains each). Money in integer nano-dollars. */
import { NANOS_PER_USD } from '@llmobserve/shared';
import { ConfigError } from '../config.js';

export interface DetectorConfig {
  spike: { baselineDays: number; minSamples: number; minRatio: number; minZ: number; floorNanos: number; maxCandidates: number };
  regression: { windowDays: number; maxAfterDays: number; minCalls: number; minRatio: number; floorNanos: number };
  retry: { windowMs: number; minRepeats: number; minAttempts: number; stormErrors: number; stormShare: number };
  downgrade: { windowDays: number; minCalls: number; maxAvgOutputTokens: number; floorNanos: number };
  cache: { windowDays: number; minCalls: number; minLongShare: number; floorNanos: number };
  bloat: { windowDays: number; segmentDays: number; minCallsPerSegment: number; minRatio: number; floorNanos: number };
  /** live findings not seen again for this long are resolved */
  staleMs: number;
}

const usd = (x: number) => Math.round(x * NANOS_PER_USD);
const DAY = 86_400_000;

export const DEFAULT_DETECTOR_CONFIG: DetectorConfig = {
  spike: { baselineDays: 28, minSamples: 14, minRatio: 3, minZ: 5, floorNanos: usd(0.5), maxCandidates: 2000 },
  regression: { windowDays: 28, maxAfterDays: 14, minCalls: 100, minRatio: 1.2, floorNanos: usd(1) },
  retry: { windowMs: 24 * 3_600_000, minRepeats: 5, minAttempts: 3, stormErrors: 20, stormShare: 0.5 },
  downgrade: { windowDays: 7, minCalls: 100, maxAvgOutputTokens: 64, floorNanos: usd(1) },
  cache: { windowDays: 7, minCalls: 100, minLongShare: 0.5, floorNanos: usd(1) },
  bloat: { windowDays: 28, segmentDays: 7, minCallsPerSegment: 50, minRatio: 1.25, floorNanos: usd(1) },
  staleMs: 2 * DAY,
};

/** Severity from the dollars at stake per month. */
export function severityOf(monthlyNanos: number): 'low' | 'medium' | 'high' {
  if (monthlyNanos >= usd(500)) return 'high';
  if (monthlyNanos >= usd(50)) return 'medium';
  return 'low';
}

/** The schedule from LLMOBSERVE_INSIGHTS_INTERVAL_MS: default hourly (the first run one interval after start); 0 turns it off. */
export function resolveInsightsInterval(env: NodeJS.ProcessEnv): number {
  const raw = env.LLMOBSERVE_INSIGHTS_INTERVAL_MS;
  if (raw === undefined || raw === '') return 3_600_000;
  if (!/^\d{1,10}$/.test(raw) || (Number(raw) > 0 && Number(raw) < 1000)) {
    throw new ConfigError(`LLMOBSERVE_INSIGHTS_INTERVAL_MS: "${raw}" must be 0 (off) or a number of milliseconds ≥ 1000`);
  }
  return Number(raw);
}
