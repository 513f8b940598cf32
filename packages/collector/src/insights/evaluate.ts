/**
 * One evaluation of one tenant: the series from the rollups (rollup-source.ts), every detector, and the findings
 * stored in one transaction (deduplicated: one live finding per kind and scope, updated while it lasts; those not
 * seen again for `staleMs` resolved). Returns what changed; new findings go to the hook (`insight.found`).
 */
import { randomBytes } from 'node:crypto';
import type { FindingInput, InsightStore, StoredFinding } from '../storage/insights/types.js';
import { scopeKey } from '../storage/insights/types.js';
import type { DetectorConfig } from './config.js';
import { dayMixes, minuteRows, spikePoints } from './rollup-source.js';
import type { PriceFn } from './series.js';
import { detectCostSpikes } from './detectors/cost-spike.js';
import { detectCostRegressions } from './detectors/cost-regression.js';
import { detectRetryLoops } from './detectors/retry-loop.js';
import { detectModelDowngrades } from './detectors/model-downgrade.js';
import { detectCacheMisses } from './detectors/cache-miss.js';
import { detectPromptBloat } from './detectors/prompt-bloat.js';

const DAY = 86_400_000;
/** insight_daily is kept this long (the longest detector window, plus margin); insight_minute 48 hours. */
const DAILY_RETENTION_DAYS = 35;
const MINUTE_RETENTION_MS = 2 * DAY;

export interface EvaluationResult {
  tenant_id: string;
  evaluated_at: number;
  duration_ms: number;
  /** findings detected by this evaluation, as stored */
  findings: StoredFinding[];
  new_ids: Set<string>;
  resolved: number;
}

/** Keeps one finding per kind and scope (the one with the most at stake). */
function dedupe(findings: FindingInput[]): FindingInput[] {
  const best = new Map<string, FindingInput>();
  for (const f of findings) {
    const k = `${f.kind}\u0000${scopeKey(f.scope)}`;
    const had = best.get(k);
    if (!had || f.at_stake_nanos > had.at_stake_nanos) best.set(k, f);
  }
  return [...best.values()];
}

export async function evaluateTenant(store: InsightStore, price: PriceFn, cfg: DetectorConfig, now: number): Promise<EvaluationResult> {
  const started = performance.now();
  const windowDays = Math.max(cfg.regression.windowDays, cfg.bloat.windowDays, cfg.downgrade.windowDays, cfg.cache.windowDays);
  const [spikes, days, minutes] = await Promise.all([
    store.lastEvaluatedHour().then((last) => spikePoints(store, now, last, cfg.spike)),
    dayMixes(store, now, windowDays),
    minuteRows(store, now, cfg.retry.windowMs),
  ]);
  const found = dedupe([
    ...detectCostSpikes(spikes.points, cfg.spike),
    ...detectCostRegressions(days, now, cfg.regression),
    ...detectRetryLoops(minutes, cfg.retry),
    ...detectModelDowngrades(days, now, price, cfg.downgrade),
    ...detectCacheMisses(days, now, price, cfg.cache),
    ...detectPromptBloat(days, now, price, cfg.bloat),
  ]);
  const saved = await store.saveEvaluation({
    findings: found.map((f) => ({ ...f, id: `ins_${randomBytes(8).toString('hex')}` })),
    at: now,
    staleBefore: now - cfg.staleMs,
    lastHour: spikes.lastHour,
    pruneMinuteBefore: Math.floor((now - MINUTE_RETENTION_MS) / 60_000) * 60,
    pruneDayBefore: Math.floor((now - DAILY_RETENTION_DAYS * DAY) / DAY) * 86_400,
  });
  return {
    tenant_id: store.tenantId, evaluated_at: now, duration_ms: performance.now() - started,
    findings: saved.stored, new_ids: saved.newIds, resolved: saved.resolved,
  };
}
