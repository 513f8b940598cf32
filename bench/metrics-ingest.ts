/**
 * npm run bench:metrics (first half) — what the ingest metrics add per event, in process: IngestMetrics.recordBatch on batches of
 * 500 events shaped like bench/ingest.ts's (4 tenants, 5 models, ~1,000 skewed customers), with and without the
 * customer label, and the time a scrape takes to render them. Side by side with bench:ingest's per-event budget
 * (50,000 events/s = 20 µs per event).
 */
import { createCollectorMetrics, type UsageFacts } from '../packages/collector/src/metrics/index.js';

const MODELS = [['openai', 'gpt-4o-mini'], ['openai', 'gpt-4o'], ['anthropic', 'claude-sonnet-4-20250514'], ['google', 'gemini-2.0-flash'], ['openai', 'text-embedding-3-small']] as const;
const BATCH = 500;
const BATCHES = Number(process.env.BENCH_BATCHES ?? 2000);

function batch(b: number): UsageFacts[] {
  return Array.from({ length: BATCH }, (_, j) => {
    const i = b * BATCH + j;
    const run = Math.floor(i / 5);
    return {
      tenant_id: `tenant_${run % 4}`, provider: MODELS[i % 5]![0], model: MODELS[i % 5]![1],
      customer_id: `customer_${Math.floor(1000 * Math.pow(((run * 7919) % 1000) / 1000, 3))}`, status: 'ok', span_type: 'llm',
      input_tokens: 1000 + (i % 900), output_tokens: 100 + (i % 90), cache_read_tokens: i % 200, cache_write_tokens: 0, reasoning_tokens: 0,
      cost_usd: 0.000_123_4 * (1 + (i % 7)),
    };
  });
}

const batches = Array.from({ length: 64 }, (_, b) => batch(b));
for (const [name, config] of [['without customer label (default)', {}], ['with customer label', { customerLabel: true }]] as const) {
  const m = createCollectorMetrics(config, { processMetrics: false });
  for (let b = 0; b < 200; b++) m.ingest.recordBatch(batches[b % 64]!, 0, 0); // warm-up
  const t0 = process.hrtime.bigint();
  for (let b = 0; b < BATCHES; b++) m.ingest.recordBatch(batches[b % 64]!, 0, 0);
  const ns = Number(process.hrtime.bigint() - t0) / (BATCHES * BATCH);
  const t1 = process.hrtime.bigint();
  const text = await m.registry.render();
  const scrapeMs = Number(process.hrtime.bigint() - t1) / 1e6;
  const series = text.split('\n').filter((l) => l.startsWith('llmobserve_')).length;
  console.log(`recordBatch ${name}: ${ns.toFixed(0)} ns per event (${((ns / 20_000) * 100).toFixed(2)} % of a 20 µs event budget); scrape: ${series} samples in ${scrapeMs.toFixed(1)} ms`);
}
