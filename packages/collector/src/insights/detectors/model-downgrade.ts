/**
 * model_downgrade: calls of a (section, provider, model) over the last `windowDays` whose pattern a cheaper model of
 * the same provider serves — embeddings on a large embedding model, or short outputs (at most `maxAvgOutputTokens`
 * per call on average: classification, extraction, routing) on a large chat model — with at least `minCalls` calls.
 * Savings: the price-table cost of the observed token mix (input, output, cache reads and writes) on the model,
 * minus the same mix on the cheaper one — never guessed — scaled from the window to 30 days.
 */
import { nanosToUsd } from '@llmobserve/shared';
import { addDailyMeasures, noDailyMeasures, type DailyMeasures } from '../../storage/insights/signals.js';
import type { FindingInput } from '../../storage/insights/types.js';
import { cheaperModel, isEmbeddingModel } from '../cheaper-models.js';
import type { DetectorConfig } from '../config.js';
import type { DayMix, PriceFn, Usage } from '../series.js';
import { groupBy, windowFinding } from './stats.js';

const DAY = 86_400_000;

export interface ScopeMix extends DailyMeasures {
  provider: string;
  model: string;
  section_path: string;
  days: number;
}

/** The days of each (provider, model, section) since `from`, summed. */
export function scopeMixes(days: readonly DayMix[], from: number): ScopeMix[] {
  return [...groupBy(days.filter((d) => d.day >= from), (d) => `${d.provider}\u001f${d.model}\u001f${d.section_path}`).values()].map((rows) => {
    const m: ScopeMix = { provider: rows[0]!.provider, model: rows[0]!.model, section_path: rows[0]!.section_path, ...noDailyMeasures(), days: rows.length };
    for (const r of rows) addDailyMeasures(m, r);
    return m;
  });
}

export const usageOf = (m: Usage): Usage => ({
  input_tokens: m.input_tokens, output_tokens: m.output_tokens, cache_read_tokens: m.cache_read_tokens, cache_write_tokens: m.cache_write_tokens,
});

export function detectModelDowngrades(days: readonly DayMix[], now: number, price: PriceFn, cfg: DetectorConfig['downgrade']): FindingInput[] {
  const from = now - cfg.windowDays * DAY;
  const findings: FindingInput[] = [];
  for (const m of scopeMixes(days, from)) {
    if (m.calls < cfg.minCalls) continue;
    const target = cheaperModel(m.provider, m.model);
    if (target === null) continue;
    const embedding = isEmbeddingModel(m.model);
    const avgOutput = m.output_tokens / m.calls;
    if (!embedding && avgOutput > cfg.maxAvgOutputTokens) continue;
    const usage = usageOf(m);
    const current = price(m.provider, m.model, usage);
    const cheaper = price(m.provider, target, usage);
    if (current === null || cheaper === null || cheaper >= current) continue;
    const saved = current - cheaper;
    const finding = windowFinding('model_downgrade', m, saved, { ...cfg, from, now }, () => ({
      title: `${m.model} → ${target} would save ${Math.round((saved / current) * 100)} % on ${m.section_path || 'unsectioned calls'}`,
      evidence: {
        pattern: embedding ? 'embeddings_on_large_model' : 'short_outputs',
        cheaper_model: target,
        window_days: cfg.windowDays,
        calls: m.calls,
        input_tokens: m.input_tokens,
        output_tokens: m.output_tokens,
        cache_read_tokens: m.cache_read_tokens,
        cache_write_tokens: m.cache_write_tokens,
        avg_output_tokens: Math.round(avgOutput * 10) / 10,
        cost_on_model_usd: nanosToUsd(current),
        cost_on_cheaper_usd: nanosToUsd(cheaper),
        saved_in_window_usd: nanosToUsd(saved),
      },
    }));
    if (finding) findings.push(finding);
  }
  return findings;
}
