/**
 * The insight detectors as pure functions over generated series (seeded, so every run sees the same history), and
 * the savings of model_downgrade and cache_miss against a hand computation from the price table.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NANOS_PER_USD, usdToNanos } from '@llmobserve/shared';
import { DEFAULT_DETECTOR_CONFIG as CFG } from '../src/insights/config.js';
import { detectCostSpikes, HOURS_PER_MONTH } from '../src/insights/detectors/cost-spike.js';
import { detectCostRegressions } from '../src/insights/detectors/cost-regression.js';
import { detectRetryLoops } from '../src/insights/detectors/retry-loop.js';
import { detectModelDowngrades } from '../src/insights/detectors/model-downgrade.js';
import { detectCacheMisses } from '../src/insights/detectors/cache-miss.js';
import { detectPromptBloat } from '../src/insights/detectors/prompt-bloat.js';
import { priceTable } from '../src/insights/service.js';
import type { DayMix, MinuteRow, SpikePoint } from '../src/insights/series.js';
import { minuteDeltas, NO_LONG_INPUT, signalNanos } from '../src/storage/insights/signals.js';
import { scale } from '../src/insights/detectors/stats.js';
import { TokenPricer } from '../src/pricing/token-prices.js';
import { DAY, HOUR, noisy, seeded, storedCall } from './helpers/histories.js';

const usd = (x: number) => Math.round(x * NANOS_PER_USD);
const NOW = Date.UTC(2026, 10, 20, 12, 30);
const HOUR_NOW = Math.floor(NOW / HOUR) * HOUR;
const price = priceTable(new TokenPricer(), () => NOW);

/** A scope's seasonal baseline: `days` earlier days at this hour, each $1 ± 20 %. */
function spikePoint(rand: () => number, days: number, cost: number): SpikePoint {
  return {
    customer_id: 'acme', provider: 'openai', model: 'gpt-4o', section_path: 'agent:research', hour: HOUR_NOW - HOUR, calls: 10,
    cost_nanos: usd(cost), baseline: Array.from({ length: days }, () => usd(noisy(rand, 1))),
  };
}

describe('cost_spike', () => {
  it('a 5× hour is found within one evaluation, with its baseline and the excess per month', () => {
    const p = spikePoint(seeded(1), 28, 5);
    const [f, ...rest] = detectCostSpikes([p], CFG.spike);
    assert.equal(rest.length, 0);
    assert.equal(f!.kind, 'cost_spike');
    assert.deepEqual(f!.scope, { customer_id: 'acme', section_path: 'agent:research', provider: 'openai', model: 'gpt-4o' });
    assert.equal(f!.evidence.baseline_days, 28);
    const med = [...p.baseline].sort((a, b) => a - b);
    const median = (med[13]! + med[14]!) / 2;
    assert.equal(f!.at_stake_nanos, Math.round(usd(5) - median) * HOURS_PER_MONTH);
    assert.equal(f!.window_from, HOUR_NOW - HOUR);
    assert.equal(f!.window_to, HOUR_NOW);
  });

  it('28 days of ±20 % noise give no finding, at any hour', () => {
    const rand = seeded(2);
    const points: SpikePoint[] = [];
    for (let h = 0; h < 24; h++) points.push({ ...spikePoint(rand, 28, noisy(rand, 1)), hour: HOUR_NOW - h * HOUR });
    assert.deepEqual(detectCostSpikes(points, CFG.spike), []);
  });

  it('a cold start (fewer than 14 days of baseline) gives none, even at 5×', () => {
    assert.deepEqual(detectCostSpikes([spikePoint(seeded(3), 13, 5)], CFG.spike), []);
    assert.deepEqual(detectCostSpikes([spikePoint(seeded(3), 0, 50)], CFG.spike), []);
  });

  it('a spike below the dollar floor gives none', () => {
    const p = { ...spikePoint(seeded(4), 28, 0), baseline: Array.from({ length: 28 }, () => usd(0.01)), cost_nanos: usd(0.4) };
    assert.deepEqual(detectCostSpikes([p], CFG.spike), []);
  });
});

/** Daily rows of one section: `calls` per day, cost per call `cpc(day)` ± 20 % per call, input `input(day)` ± 20 %. */
function sectionDays(rand: () => number, o: { days: number; calls: number; cpc: (d: number) => number; input?: (d: number) => number; model?: string; output?: number }): DayMix[] {
  const rows: DayMix[] = [];
  const today = Math.floor(NOW / DAY) * DAY;
  for (let d = o.days - 1; d >= 0; d--) {
    let cost = 0;
    let input = 0;
    for (let i = 0; i < o.calls; i++) {
      cost += usd(noisy(rand, o.cpc(d)));
      input += Math.round(noisy(rand, o.input?.(d) ?? 500));
    }
    rows.push({
      day: today - d * DAY, provider: 'openai', model: o.model ?? 'gpt-4o-mini', section_path: 'feature:summary', calls: o.calls, cost_nanos: cost,
      input_tokens: input, output_tokens: o.calls * (o.output ?? 200), cache_read_tokens: 0, cache_write_tokens: 0,
      long_uncached_calls: 0, long_uncached_input_tokens: 0, long_uncached_min_input: NO_LONG_INPUT,
    });
  }
  return rows;
}

describe('cost_regression', () => {
  it('+30 % cost per call over 200 calls after a change point is found, with both sides in the evidence', () => {
    // 20 calls a day: 200 calls before the change (10 days), 200 after (10 days, the last one today)
    const days = sectionDays(seeded(5), { days: 20, calls: 20, cpc: (d) => (d < 10 ? 0.013 : 0.01) });
    const [f, ...rest] = detectCostRegressions(days, NOW, CFG.regression);
    assert.equal(rest.length, 0);
    assert.equal(f!.kind, 'cost_regression');
    assert.equal(f!.scope.section_path, 'feature:summary');
    const ev = f!.evidence as { before: { calls: number }; after: { calls: number }; ratio: number; change_at: string };
    assert.equal(ev.before.calls, 200);
    assert.equal(ev.after.calls, 200);
    assert.ok(ev.ratio > 1.25 && ev.ratio < 1.35, String(ev.ratio));
    assert.equal(ev.change_at, new Date(Math.floor(NOW / DAY) * DAY - 9 * DAY).toISOString());
    assert.ok(f!.at_stake_nanos > 0);
  });

  it('28 days of ±20 % noise give none; too few calls on a side give none', () => {
    assert.deepEqual(detectCostRegressions(sectionDays(seeded(6), { days: 28, calls: 20, cpc: () => 0.01 }), NOW, CFG.regression), []);
    assert.deepEqual(detectCostRegressions(sectionDays(seeded(7), { days: 20, calls: 5, cpc: (d) => (d < 10 ? 0.02 : 0.01) }), NOW, CFG.regression), []);
  });
});

describe('prompt_bloat', () => {
  it('input per call growing over 28 days is found and priced at the model input rate', () => {
    const days = sectionDays(seeded(8), { days: 28, calls: 50, cpc: () => 0.001, input: (d) => 500 + (27 - d) * 30 });
    const [f] = detectPromptBloat(days, NOW, price, { ...CFG.bloat, floorNanos: 0 });
    assert.equal(f?.kind, 'prompt_bloat');
    const ev = f!.evidence as { first: { input_tokens_per_call: number }; last: { input_tokens_per_call: number } };
    assert.ok(ev.last.input_tokens_per_call > 1.5 * ev.first.input_tokens_per_call);
  });

  it('flat noisy input gives none', () => {
    assert.deepEqual(detectPromptBloat(sectionDays(seeded(9), { days: 28, calls: 50, cpc: () => 0.001 }), NOW, price, { ...CFG.bloat, floorNanos: 0 }), []);
  });
});

/** The minute rows the ingest transaction would keep for these calls. */
const minutesOf = (events: Parameters<typeof minuteDeltas>[0]): MinuteRow[] =>
  minuteDeltas(events).map((d) => ({ ...d, minute: d.minute * 1000 }));

describe('retry_loop', () => {
  const base = Math.floor(NOW / 60_000) * 60_000 - 30_000; // 30 s before a minute boundary: the calls straddle it
  const call = (i: number, over: Record<string, unknown> = {}) =>
    storedCall({ started_at: base + i * 12_000, customer_id: 'acme', section_path: 'agent:loop', input_tokens: 1234, cost_usd: 0.01, ...over });

  it('5 identical calls within 60 s give exactly one retry_loop, with the repeats costed', () => {
    const rows = minutesOf([0, 1, 2, 3, 4].map((i) => call(i)));
    assert.equal(new Set(rows.map((r) => r.minute)).size, 2);
    const found = detectRetryLoops(rows, CFG.retry);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.kind, 'retry_loop');
    assert.deepEqual(found[0]!.scope, { customer_id: 'acme', section_path: 'agent:loop', provider: 'openai', model: 'gpt-4o-mini' });
    assert.equal(found[0]!.evidence.repeated_calls, 4);
    assert.equal(found[0]!.evidence.wasted_usd, 0.04);
    assert.equal(found[0]!.at_stake_nanos, usd(0.04) * 30);
  });

  it('a loop split 1 + 4 across a minute boundary is still one loop', () => {
    const rows = minutesOf([-25_000, 1_000, 2_000, 3_000, 4_000].map((dt) => call(0, { started_at: base + 30_000 + dt })));
    assert.deepEqual(rows.map((r) => r.calls).sort(), [1, 4]);
    const found = detectRetryLoops(rows, CFG.retry);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.evidence.repeated_calls, 4);
  });

  it('4 identical calls, or 5 calls of different sizes, give none', () => {
    assert.deepEqual(detectRetryLoops(minutesOf([0, 1, 2, 3].map((i) => call(i))), CFG.retry), []);
    assert.deepEqual(detectRetryLoops(minutesOf([0, 1, 2, 3, 4].map((i) => call(i, { input_tokens: 1000 + i }))), CFG.retry), []);
  });

  it("the SDK's operation_id and attempt: an operation tried 3 times is a loop; error storms after 429s too", () => {
    const retries = [0, 1, 2].map((a) => call(a, { input_tokens: 10 + a, metadata: JSON.stringify({ operation_id: 'op-1', attempt: a }) }));
    const [sdk] = detectRetryLoops(minutesOf(retries), CFG.retry);
    assert.deepEqual(sdk!.evidence.patterns, ['sdk_retries']);
    assert.equal(sdk!.evidence.max_attempts, 3);
    assert.equal(sdk!.evidence.wasted_usd, 0.02);
    const storm = Array.from({ length: 30 }, (_, i) => storedCall({ started_at: base + 31_000 + i * 100, customer_id: 'acme', input_tokens: i, status: 'rate_limited', cost_usd: 0 }));
    const [s] = detectRetryLoops(minutesOf(storm), CFG.retry);
    assert.deepEqual(s!.evidence.patterns, ['error_storm']);
    assert.equal(s!.evidence.failed_calls, 30);
    assert.equal(s!.scope.section_path, null);
  });
});

describe('model_downgrade', () => {
  it('short outputs on gpt-4o: the savings equal the hand computation from the price table (gpt-4o vs gpt-4o-mini)', () => {
    // 7 days × 1000 calls of 800 input and 20 output tokens
    const days = sectionDays(seeded(10), { days: 7, calls: 1000, cpc: () => 0.002, model: 'gpt-4o', output: 20 })
      .map((d) => ({ ...d, input_tokens: 800_000 }));
    const [f, ...rest] = detectModelDowngrades(days, NOW, price, CFG.downgrade);
    assert.equal(rest.length, 0);
    assert.equal(f!.evidence.cheaper_model, 'gpt-4o-mini');
    // by hand: 5.6M input and 140k output tokens; gpt-4o $2.50 / $10 per MTok, gpt-4o-mini $0.15 / $0.60 per MTok
    const onModel = 5.6 * 2.5 + 0.14 * 10; // $15.40
    const onMini = 5.6 * 0.15 + 0.14 * 0.6; // $0.924
    assert.equal(f!.evidence.cost_on_model_usd, 15.4);
    assert.equal(f!.evidence.cost_on_cheaper_usd, 0.924);
    assert.equal(f!.evidence.saved_in_window_usd, Math.round((onModel - onMini) * 1e9) / 1e9);
    assert.equal(f!.at_stake_nanos, Math.round(usdToNanos(onModel - onMini) * 30 / 7));
  });

  it('long outputs on gpt-4o are not classification-like: none; embeddings on text-embedding-3-large are', () => {
    assert.deepEqual(detectModelDowngrades(sectionDays(seeded(11), { days: 7, calls: 1000, cpc: () => 0.01, model: 'gpt-4o', output: 400 }), NOW, price, CFG.downgrade), []);
    const emb = sectionDays(seeded(12), { days: 7, calls: 1000, cpc: () => 0.0001, model: 'text-embedding-3-large', output: 0 }).map((d) => ({ ...d, input_tokens: 1_000_000 }));
    const [f] = detectModelDowngrades(emb, NOW, price, CFG.downgrade);
    // by hand: 7M tokens at $0.13 vs $0.02 per MTok
    assert.equal(f!.evidence.saved_in_window_usd, 0.77);
    assert.equal(f!.at_stake_nanos, Math.round(usd(0.77) * 30 / 7));
  });
});

describe('cache_miss', () => {
  it('long repeated inputs without cached tokens on gpt-4o: the savings equal the hand computation', () => {
    // 7 days × 500 calls of ≥ 3000 input tokens, none cached; the smallest long input 3000 tokens
    const days: DayMix[] = sectionDays(seeded(13), { days: 7, calls: 500, cpc: () => 0.01, model: 'gpt-4o', output: 300 })
      .map((d) => ({ ...d, input_tokens: 500 * 3200, long_uncached_calls: 500, long_uncached_input_tokens: 500 * 3200, long_uncached_min_input: 3000 }));
    const [f, ...rest] = detectCacheMisses(days, NOW, price, CFG.cache);
    assert.equal(rest.length, 0);
    assert.equal(f!.evidence.cacheable_prefix_tokens, 3000);
    // by hand: 3500 calls; one cache write per active hour: 7 × 24 = 168 writes (OpenAI writes at the input rate),
    // 3332 reads of 3000 tokens at $2.50 − $1.25 per MTok saved
    const saved = (3332 * 3000 * (2.5 - 1.25)) / 1e6; // $12.495
    assert.equal(f!.evidence.assumed_cache_writes, 168);
    assert.equal(f!.evidence.saved_in_window_usd, 12.495);
    assert.equal(f!.at_stake_nanos, Math.round(usd(saved) * 30 / 7));
  });

  it('an Anthropic model pays the write premium: (reads × (input − read) − writes × (write − input)) × prefix', () => {
    const days: DayMix[] = sectionDays(seeded(14), { days: 7, calls: 500, cpc: () => 0.01, model: 'claude-sonnet-4-20250514', output: 300 })
      .map((d) => ({ ...d, provider: 'anthropic', long_uncached_calls: 500, long_uncached_input_tokens: 500 * 2000, long_uncached_min_input: 2000 }));
    const [f] = detectCacheMisses(days, NOW, price, CFG.cache);
    // by hand: $3 input, $0.30 cache read, $3.75 cache write per MTok
    const saved = (3332 * 2000 * (3 - 0.3) - 168 * 2000 * (3.75 - 3)) / 1e6;
    assert.equal(f!.evidence.saved_in_window_usd, Math.round(saved * 1e9) / 1e9);
  });

  it('calls that already read from cache, or short inputs, give none', () => {
    const days = sectionDays(seeded(15), { days: 7, calls: 500, cpc: () => 0.01, model: 'gpt-4o' });
    assert.deepEqual(detectCacheMisses(days, NOW, price, CFG.cache), []);
    const cached = days.map((d) => ({ ...d, cache_read_tokens: 1000, long_uncached_calls: 500, long_uncached_min_input: 3000 }));
    assert.deepEqual(detectCacheMisses(cached, NOW, price, CFG.cache), []);
  });
});

describe('absurd amounts', () => {
  it('a call reported at $1e12 counts $1,000 in the signals; dollars at stake saturate, never throw', () => {
    assert.equal(signalNanos(1e12), 1000 * NANOS_PER_USD);
    assert.equal(signalNanos(-5), 0);
    assert.equal(signalNanos(null), 0);
    assert.equal(scale(9e18, 730, 1), Number.MAX_SAFE_INTEGER);
    assert.equal(scale(7, 30, 7), 30);
    const p = { ...spikePoint(seeded(20), 28, 1), cost_nanos: Number.MAX_SAFE_INTEGER };
    assert.equal(detectCostSpikes([p], CFG.spike)[0]!.at_stake_nanos, Number.MAX_SAFE_INTEGER);
  });
});
