/**
 * cache_miss: a (section, provider, model) over the last `windowDays` whose calls are mostly long (≥ 1024 input
 * tokens, at least `minLongShare` of them and `minCalls` in all) and never read a cached token, on a model whose
 * price table has a cheaper cache-read rate (the provider caches). We never see prompts, so the repeated prefix is
 * bounded by what we know: at most the smallest such input (P tokens). With one cache write per active hour
 * (W = 24 per active day, at most the calls), the other R = calls − W read P tokens from cache:
 *   savings = [price(P·R input) − price(P·R input, all cache-read)] − [price(P·W input, all cache-written) − price(P·W input)]
 * from the price table, scaled from the window to 30 days.
 */
import { nanosToUsd } from '@llmobserve/shared';
import type { FindingInput } from '../../storage/insights/types.js';
import type { DetectorConfig } from '../config.js';
import type { DayMix, PriceFn } from '../series.js';
import { scopeMixes } from './model-downgrade.js';
import { windowFinding } from './stats.js';

const DAY = 86_400_000;
const input = (n: number, read = 0, write = 0) => ({ input_tokens: n, output_tokens: 0, cache_read_tokens: read, cache_write_tokens: write });

/** What prompt caching would save on `calls` calls sharing a P-token prefix, W of them writing it (price table). */
export function cacheSavings(price: PriceFn, provider: string, model: string, calls: number, prefix: number, writes: number): number | null {
  const reads = calls - writes;
  const plain = price(provider, model, input(prefix * reads));
  const cached = price(provider, model, input(prefix * reads, prefix * reads));
  const writePlain = price(provider, model, input(prefix * writes));
  const written = price(provider, model, input(prefix * writes, 0, prefix * writes));
  if (plain === null || cached === null || writePlain === null || written === null) return null;
  return plain - cached - (written - writePlain);
}

export function detectCacheMisses(days: readonly DayMix[], now: number, price: PriceFn, cfg: DetectorConfig['cache']): FindingInput[] {
  const from = now - cfg.windowDays * DAY;
  const findings: FindingInput[] = [];
  for (const m of scopeMixes(days, from)) {
    if (m.cache_read_tokens > 0 || m.long_uncached_calls < cfg.minCalls || m.long_uncached_calls < cfg.minLongShare * m.calls) continue;
    const probeIn = price(m.provider, m.model, input(1_000_000));
    const probeRead = price(m.provider, m.model, input(1_000_000, 1_000_000));
    if (probeIn === null || probeRead === null || probeRead >= probeIn) continue; // the provider does not cache this model
    const prefix = m.long_uncached_min_input;
    const writes = Math.min(m.long_uncached_calls, m.days * 24);
    const saved = cacheSavings(price, m.provider, m.model, m.long_uncached_calls, prefix, writes);
    if (saved === null || saved <= 0) continue;
    const finding = windowFinding('cache_miss', m, saved, { ...cfg, from, now }, (monthly) => ({
      title: `Prompt caching could save ${nanosToUsd(monthly).toFixed(2)} USD a month on ${m.section_path || 'unsectioned calls'} (${m.model})`,
      evidence: {
        window_days: cfg.windowDays,
        calls: m.calls,
        long_uncached_calls: m.long_uncached_calls,
        avg_long_input_tokens: Math.round(m.long_uncached_input_tokens / m.long_uncached_calls),
        cacheable_prefix_tokens: prefix,
        assumed_cache_writes: writes,
        cache_read_tokens: 0,
        saved_in_window_usd: nanosToUsd(saved),
      },
    }));
    if (finding) findings.push(finding);
  }
  return findings;
}
