/**
 * npm run bench:insights — one full insights evaluation over BENCH_EVENTS stored events (default 10,000,000) of
 * BENCH_CUSTOMERS customers (default 10,000), from the rollups and the insight signals, never a scan of raw events.
 *
 * The events are bulk-loaded with SQL (10M through the ingest path take far longer than a benchmark should on a
 * shared 2-core machine), then the rollups and the insight signals are rebuilt from them with the same SQL that
 * test/columns.test.ts and test/insights-signals.test.ts check against what ingest maintains.
 * The data: 28 days of traffic, skewed
 * customers (a few heavy, a long tail), 5 models over 3 providers, 21 section paths, plus a 6× hour for the heaviest
 * customer and a retry loop, so that the evaluation has something to find. Then times, in the same run:
 *   - the first evaluation of the tenant (the last 24 hours for spikes, 28 days of daily signals, 24 hours of minutes),
 *   - a second, incremental one (nothing new to evaluate for spikes),
 * and prints the row counts of the tables the evaluation reads next to the event count.
 */
import { join } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { SqliteStorage } from '../packages/collector/dist/storage/sqlite/sqlite-storage.js';
import { TokenPricer } from '../packages/collector/dist/pricing/token-prices.js';
import { Insights } from '../packages/collector/dist/insights/service.js';
import { storedCall, seeded } from '../packages/collector/test/helpers/histories.js';
import { tempDir } from '../packages/collector/test/helpers/collector.js';
import Database from 'better-sqlite3';
import { REBUILD_AGGREGATES } from '../packages/collector/dist/storage/sqlite/migrations.js';
import { rebuildInsightSignalsSql } from '../packages/collector/dist/storage/insights/rebuild.js';

const TOTAL = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 10_000);
const DAY = 86_400_000;
const HOUR = 3_600_000;
const NOW = Date.now();
const HOUR_NOW = Math.floor(NOW / HOUR) * HOUR;
const TENANT = 'bench';
const SECTIONS = Array.from({ length: 21 }, (_, i) => `agent:${i % 3}/feature:${i % 7}`);
const rand = seeded(7);

/** The heaviest customer's last complete hour at 6×, and a loop of 8 identical calls. */
function extras(): ReturnType<typeof storedCall>[] {
  const out = [];
  for (let k = 0; k < 2000; k++) {
    out.push(storedCall({ tenant_id: TENANT, span_id: `spike-${k}`, customer_id: 'customer_0', provider: 'openai', model: 'gpt-4o', section_path: SECTIONS[1]!, input_tokens: 500 + Math.floor(rand() * 1500), output_tokens: 50 + Math.floor(rand() * 300),
      cost_usd: 0.005, started_at: HOUR_NOW - HOUR + Math.floor(rand() * (HOUR - 1)) }));
  }
  for (let k = 0; k < 8; k++) {
    out.push(storedCall({ tenant_id: TENANT, span_id: `loop-${k}`, customer_id: 'customer_42', provider: 'openai', model: 'gpt-4o', section_path: 'agent:loop',
      input_tokens: 3333, cost_usd: 0.02, started_at: HOUR_NOW - 3 * HOUR + k * 4000 }));
  }
  return out;
}

// BENCH_DB=FILE: keep the database (a later run with the same file skips the load and the rebuild, unless BENCH_REBUILD=1).
const file = process.env.BENCH_DB ?? join(tempDir('llmo-bench-insights-'), 'bench.sqlite');
const reuse = existsSync(file) && !process.env.BENCH_REBUILD;
await new SqliteStorage(file, { writerThread: false }).close(); // the schema, migrated

// A uniform number in [0, 1), independent per use (SQLite's random(): the same distribution on every run, not the same rows).
const r = (_use: number) => `((abs(random()) % 1000000) / 1000000.0)`;
const t0 = performance.now();
const raw = new Database(file);
raw.pragma('journal_mode = DELETE');
raw.pragma('synchronous = OFF');
raw.pragma('cache_size = -2000000');
raw.pragma('temp_store = MEMORY');
const CHUNK = 1_000_000;
const stored = (raw.prepare('SELECT count(*) AS n FROM trace_events').get() as { n: number }).n;
for (let first = stored; first < TOTAL; first += CHUNK) {
  const n = Math.min(CHUNK, TOTAL - first);
  raw.exec(`WITH RECURSIVE seq(i) AS (SELECT ${first} UNION ALL SELECT i + 1 FROM seq WHERE i < ${first + n - 1})
INSERT INTO trace_events (tenant_id, span_id, run_id, span_type, section, section_path, customer_id, provider, endpoint, model, input_tokens,
  output_tokens, cost_nanos, cost_status, cost_source, started_at, status, is_streaming, usage_estimated, created_at)
SELECT '${TENANT}', 'b-' || i, 'b-run-' || (i / 5), 'llm', 'feature:' || (i % 7), 'agent:' || (i % 21 % 3) || '/feature:' || (i % 21 % 7),
  'customer_' || CAST(${CUSTOMERS} * power3 AS INTEGER),
  CASE i % 5 WHEN 2 THEN 'anthropic' WHEN 3 THEN 'google' ELSE 'openai' END, 'chat.completions',
  CASE i % 5 WHEN 0 THEN 'gpt-4o-mini' WHEN 1 THEN 'gpt-4o' WHEN 2 THEN 'claude-sonnet-4-20250514' WHEN 3 THEN 'gemini-2.0-flash' ELSE 'text-embedding-3-small' END,
  500 + CAST(1500 * ${r(3)} AS INTEGER), 50 + CAST(300 * ${r(4)} AS INTEGER), CAST(ROUND(2000 + 8000 * ${r(5)}) AS INTEGER) * 1000, 'priced', 'bench',
  ${NOW - 2 * HOUR} - CAST(${28 * DAY} * ${r(2)} AS INTEGER), 'ok', 0, 0, ${NOW}
FROM (SELECT i, ${r(1)} * ${r(1)} * ${r(1)} AS power3 FROM seq)`);
  process.stdout.write(`  stored ${(first + n).toLocaleString('en-US')} events, ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
}
const loadS = (performance.now() - t0) / 1000;
const t1 = performance.now();
// What the evaluation reads: the hourly rollup, insight_daily, and insight_minute of the last 48 hours (its retention).
// (The daily rollups and the run summaries are left out: the evaluation does not read them.)
const rebuild = `${REBUILD_AGGREGATES}\n${rebuildInsightSignalsSql('INTEGER', NOW - 35 * DAY)}`.split(/;\n/).map((x) => x.trim())
  // BENCH_REBUILD=signals: the insight signals only (the hourly rollup of a kept database is already built)
  // (and the fold's watermark: the loaded events are counted, the collector must not fold them again)
  .filter((x) => (process.env.BENCH_REBUILD === 'signals' ? /^\S+ \S+ insight_/ : /^\S+ \S+ (rollup_hourly|insight_)/).test(x) || x.startsWith('UPDATE rollup_fold'))
  .map((x) => (x.includes('INSERT INTO insight_minute') ? x.replace(/started_at >= \d+/, `started_at >= ${NOW - 2 * DAY}`) : x));
for (const sql of reuse ? [] : rebuild) {
  const t = performance.now();
  raw.exec(sql);
  if (process.env.BENCH_VERBOSE) console.log(`  ${((performance.now() - t) / 1000).toFixed(1)} s  ${sql.trim().split('\n')[0]!.slice(0, 80)}`);
}
raw.pragma('journal_mode = WAL');
raw.close();
console.log(`bulk-loaded ${TOTAL.toLocaleString('en-US')} events of ${CUSTOMERS.toLocaleString('en-US')} customers in ${loadS.toFixed(0)} s; rollups and insight signals rebuilt from them in ${((performance.now() - t1) / 1000).toFixed(0)} s`);

// The spike and the loop through the storage's own write path (events, then their rollups and signals folded).
const storage = new SqliteStorage(file);
await storage.writeEvents(extras());
console.log(`file ${(statSync(file).size / 1e9).toFixed(2)} GB`);

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
