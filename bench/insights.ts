/**
 * npm run bench:insights — one full insights evaluation over BENCH_EVENTS stored events (default 10,000,000) of
 * BENCH_CUSTOMERS customers (default 10,000), from the rollups and the insight signals, never a scan of raw events.
 *
 * (The built collector from dist/, so that the SQLite writer thread runs as in production.)
 * Builds a fresh SQLite file through the storage's own write path (events, rollups and the insight signals in one
 * transaction per batch, as ingest does; costs given, so pricing is not what is measured): 28 days of traffic, skewed
 * customers (a few heavy, a long tail), 5 models over 3 providers, 21 section paths, plus a 6× hour for the heaviest
 * customer and a retry loop, so that the evaluation has something to find. Then times, in the same run:
 *   - the first evaluation of the tenant (the last 24 hours for spikes, 28 days of daily signals, 24 hours of minutes),
 *   - a second, incremental one (nothing new to evaluate for spikes),
 * and prints the row counts of the tables the evaluation reads next to the event count.
 */
import { join } from 'node:path';
import { statSync } from 'node:fs';
import { SqliteStorage } from '../packages/collector/dist/storage/sqlite/sqlite-storage.js';
import { TokenPricer } from '../packages/collector/dist/pricing/token-prices.js';
import { Insights } from '../packages/collector/dist/insights/service.js';
import { storedCall, seeded } from '../packages/collector/test/helpers/histories.js';
import { tempDir } from '../packages/collector/test/helpers/collector.js';
import Database from 'better-sqlite3';

const TOTAL = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 10_000);
const BATCH = 10_000;
const DAY = 86_400_000;
const HOUR = 3_600_000;
const NOW = Date.now();
const HOUR_NOW = Math.floor(NOW / HOUR) * HOUR;
const TENANT = 'bench';
const MODELS = [['openai', 'gpt-4o-mini'], ['openai', 'gpt-4o'], ['anthropic', 'claude-sonnet-4-20250514'], ['google', 'gemini-2.0-flash'], ['openai', 'text-embedding-3-small']] as const;
const SECTIONS = Array.from({ length: 21 }, (_, i) => `agent:${i % 3}/feature:${i % 7}`);
const rand = seeded(7);

function event(i: number) {
  const [provider, model] = MODELS[i % MODELS.length]!;
  const customer = Math.floor(CUSTOMERS * Math.pow(rand(), 3));
  const started = NOW - 2 * HOUR - Math.floor(rand() * 28 * DAY);
  return storedCall({
    tenant_id: TENANT, span_id: `b-${i}`, run_id: `b-run-${Math.floor(i / 5)}`, customer_id: `customer_${customer}`, provider, model,
    section: `feature:${i % 7}`, section_path: SECTIONS[i % SECTIONS.length]!, input_tokens: 500 + Math.floor(rand() * 1500),
    output_tokens: 50 + Math.floor(rand() * 300), cost_usd: Math.round(2000 + rand() * 8000) / 1e6, started_at: started, received_at: started,
  });
}

/** The heaviest customer's last complete hour at 6×, and a loop of 8 identical calls. */
function extras(): ReturnType<typeof storedCall>[] {
  const out = [];
  for (let k = 0; k < 2000; k++) {
    out.push(storedCall({ tenant_id: TENANT, span_id: `spike-${k}`, customer_id: 'customer_0', provider: 'openai', model: 'gpt-4o', section_path: SECTIONS[1]!,
      cost_usd: 0.005, started_at: HOUR_NOW - HOUR + Math.floor(rand() * (HOUR - 1)) }));
  }
  for (let k = 0; k < 8; k++) {
    out.push(storedCall({ tenant_id: TENANT, span_id: `loop-${k}`, customer_id: 'customer_42', provider: 'openai', model: 'gpt-4o', section_path: 'agent:loop',
      input_tokens: 3333, cost_usd: 0.02, started_at: HOUR_NOW - 3 * HOUR + k * 4000 }));
  }
  return out;
}

const file = join(tempDir('llmo-bench-insights-'), 'bench.sqlite');
const storage = new SqliteStorage(file);
const t0 = performance.now();
for (let i = 0; i < TOTAL; i += BATCH) {
  const n = Math.min(BATCH, TOTAL - i);
  await storage.writeEvents(Array.from({ length: n }, (_, k) => event(i + k)));
  if ((i / BATCH) % 100 === 99) process.stdout.write(`  stored ${(i + n).toLocaleString('en-US')} events, ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
}
await storage.writeEvents(extras());
const ingestS = (performance.now() - t0) / 1000;
console.log(`stored ${TOTAL.toLocaleString('en-US')} events (+2,008 extra) of ${CUSTOMERS.toLocaleString('en-US')} customers in ${ingestS.toFixed(0)} s (${Math.round(TOTAL / ingestS).toLocaleString('en-US')} events/s, storage write path); file ${(statSync(file).size / 1e9).toFixed(2)} GB`);

const db = new Database(file, { readonly: true });
const count = (t: string) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n.toLocaleString('en-US');
console.log(`rows: trace_events ${count('trace_events')}, rollup_hourly ${count('rollup_hourly')}, insight_daily ${count('insight_daily')}, insight_minute ${count('insight_minute')}`);
db.close();

const insights = new Insights(storage, new TokenPricer());
for (const label of ['first evaluation (24 h of spikes, 28 days of signals)', 'second evaluation (incremental)']) {
  const r = await insights.evaluate(TENANT);
  const kinds = r.findings.map((f) => f.kind).sort().join(', ');
  console.log(`${label}: ${r.duration_ms.toFixed(0)} ms, ${r.findings.length} finding(s) [${kinds}], ${r.new_ids.size} new`);
}
await storage.close();
