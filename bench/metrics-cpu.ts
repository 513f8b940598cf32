/**
 * npm run bench:metrics (second half) — CPU time per ingested event with metrics on (default), off, and with the customer
 * label, in one process: three apps (buildApp, SQLite on its writer thread) fed the same kind of batches through
 * app.inject, alternated block by block; process CPU time (all threads) rather than wall time, which a busy
 * machine distorts less. Prints the median CPU µs per event of each and the ratios.
 */
import { join } from 'node:path';
import { tempDir } from '../packages/collector/test/helpers/collector.js';
import { buildApp } from '../packages/collector/dist/server/app.js';
import { SqliteStorage } from '../packages/collector/dist/storage/sqlite/sqlite-storage.js';
import { createCollectorMetrics } from '../packages/collector/dist/metrics/index.js';

const MODELS = [['openai', 'gpt-4o-mini'], ['openai', 'gpt-4o'], ['anthropic', 'claude-sonnet-4-20250514'], ['google', 'gemini-2.0-flash'], ['openai', 'text-embedding-3-small']];
const BATCH = 500;
const BLOCKS = Number(process.env.BENCH_BLOCKS ?? 15);
const PER_BLOCK = 20;
const NOW = Date.now();
let seq = 0;
function body(): string {
  return JSON.stringify(Array.from({ length: BATCH }, () => {
    const i = seq++;
    const run = Math.floor(i / 5);
    const [provider, model] = MODELS[i % 5]!;
    return {
      span_id: `s-${i}`, run_id: `r-${run}`, span_type: 'llm', section: `feature:${run % 7}`, tenant_id: `tenant_${run % 4}`,
      customer_id: `customer_${Math.floor(1000 * Math.pow(((run * 7919) % 1000) / 1000, 3))}`, provider, endpoint: 'chat.completions', model,
      input_tokens: 1000 + (i % 900), output_tokens: 100 + (i % 90), cache_read_tokens: i % 200,
      started_at: new Date(NOW - 3_600_000 + (i % 3_600_000)).toISOString(), latency_ms: 250, status: 'ok', sdk: 'bench/0',
    };
  }));
}

const variants = [
  ['metrics on (default)', createCollectorMetrics({})],
  ['metrics off', createCollectorMetrics({ enabled: false })],
  ['metrics with customer label', createCollectorMetrics({ customerLabel: true })],
] as const;
const apps = await Promise.all(variants.map(async ([, metrics]) => {
  const storage = new SqliteStorage(join(tempDir('llmo-bench-cpu-'), 'b.sqlite'));
  return { storage, app: await buildApp({ storage, metrics }) };
}));
const samples: number[][] = variants.map(() => []);
for (let block = -1; block < BLOCKS; block++) {
  for (const [v, { app }] of apps.entries()) {
    const bodies = Array.from({ length: PER_BLOCK }, body);
    const before = process.cpuUsage();
    for (const payload of bodies) {
      const r = await app.inject({ method: 'POST', url: '/events', payload, headers: { 'content-type': 'application/json' } });
      if (r.statusCode !== 200) throw new Error(`${r.statusCode} ${r.body.slice(0, 200)}`);
    }
    const cpu = process.cpuUsage(before);
    if (block >= 0) samples[v]!.push((cpu.user + cpu.system) / (PER_BLOCK * BATCH)); // block -1 warms up
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const base = median(samples[1]!);
console.log(`bench:metrics-cpu — ${BLOCKS} blocks of ${PER_BLOCK} batches of ${BATCH} events per variant, alternated, Node ${process.version}`);
for (const [v, [name]] of variants.entries()) {
  const m = median(samples[v]!);
  console.log(`  ${name}: ${m.toFixed(2)} CPU µs per event (median; ${Math.min(...samples[v]!).toFixed(2)} – ${Math.max(...samples[v]!).toFixed(2)}), ${(m / base).toFixed(3)} × metrics off`);
}
for (const { app, storage } of apps) {
  await app.close();
  await storage.close();
}
