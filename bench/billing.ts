/**
 * npm run bench:billing — billing over a month of stored events on SQLite, in one process:
 *  - the statements of every customer of the month (tenant time zone Europe/Paris: the month is one month of the
 *    monthly billing rollup, ± an hour of hourly rows and raw partial hours at the edges);
 *  - one customer's statement (median of 50 customers);
 *  - re-pricing BILLING_REPRICE events (a custom price set after them) with every rollup updated: events/s;
 *  - the NDJSON export of BILLING_EXPORT events over HTTP, with the process's peak RSS growth while it streams.
 *
 * Env: BILLING_EVENTS (default 1,000,000; the target is 10,000,000), BILLING_CUSTOMERS (10,000),
 * BILLING_REPRICE (1,000,000), BILLING_EXPORT (1,000,000). Events are written through storage.writeEvents (the
 * ingest write path: events, every rollup and the billing rollups in one transaction per batch).
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { tempDir } from '../packages/collector/test/helpers/collector.js';
import { SqliteStorage } from '../packages/collector/dist/storage/sqlite/sqlite-storage.js';
import { BillingService } from '../packages/collector/dist/billing/service.js';
import { reprice } from '../packages/collector/dist/billing/reprice.js';
import { TokenPricer } from '../packages/collector/dist/pricing/token-prices.js';
import { PriceBook } from '../packages/collector/dist/pricing/custom-prices.js';
import { DEFAULT_BILLING_SETTINGS } from '../packages/collector/dist/storage/billing/types.js';
import { buildApp } from '../packages/collector/dist/server/app.js';
import type { StoredEventInput } from '../packages/collector/dist/storage/types.js';

const EVENTS = Number(process.env.BILLING_EVENTS ?? 1_000_000);
const CUSTOMERS = Number(process.env.BILLING_CUSTOMERS ?? 10_000);
const REPRICE = Math.min(EVENTS, Number(process.env.BILLING_REPRICE ?? 1_000_000));
const EXPORT = Math.min(EVENTS, Number(process.env.BILLING_EXPORT ?? 1_000_000));
const TENANT = 'bench_tenant';
const BATCH = 10_000;
const MODELS = ['m1', 'm2', 'm3'];
const FEATURES = ['chat', 'search', 'summarize'];
// November 2026 in Paris: 31 Oct 23:00 UTC → 30 Nov 23:00 UTC; events from a day before to a day after
const FROM = Date.parse('2026-10-31T00:00:00Z');
const SPAN = Date.parse('2026-12-02T00:00:00Z') - FROM;

/**
 * Customers come in sessions: in each hour a rotating ~4 % of them are active (as end-customers of a SaaS are), each
 * active customer making a few dozen calls; over the month every customer is active in some 30 hours.
 */
const HOURS = Math.ceil(SPAN / 3_600_000);
const ACTIVE = Math.max(1, Math.round(CUSTOMERS * 0.042));
function customerOf(i: number): string {
  const hour = Math.floor((i / EVENTS) * HOURS);
  return `cust_${(hour * 2_399 + ((i * 7919) % ACTIVE)) % CUSTOMERS}`;
}

function event(i: number): StoredEventInput {
  const input = 500 + (i % 1500);
  const cached = i % 3 === 0 ? 200 : 0;
  const output = 50 + (i % 400);
  const reasoning = i % 5 === 0 ? 20 : 0;
  const parts = { input: (input - cached) * 1000, cached_input: cached * 100, output: (output - reasoning) * 4000, reasoning: reasoning * 4000 };
  const nanos = parts.input + parts.cached_input + parts.output + parts.reasoning;
  return {
    tenant_id: TENANT, span_id: `s${i}`, run_id: `r${Math.floor(i / 4)}`, parent_span_id: null, span_type: 'llm', section: null,
    section_path: `${FEATURES[i % 3]}/step`, customer_id: customerOf(i), provider: 'acme', endpoint: 'chat', model: MODELS[(i >> 2) % 3]!,
    input_tokens: input, output_tokens: output, cache_read_tokens: cached, cache_write_tokens: 0, cache_write_1h_tokens: 0, token_details: null,
    reasoning_tokens: reasoning, units: null, reported_cost_usd: null, reported_cost_source: null,
    // spread evenly over the span, in time order (as live traffic arrives)
    started_at: FROM + Math.floor((i / EVENTS) * SPAN), latency_ms: 200, status: 'ok', error: null, is_streaming: false, usage_estimated: false,
    metadata: null, sdk: 'bench', received_at: FROM, cost_usd: nanos / 1e9, cost_status: 'priced', cost_source: 'custom:bench', cost_parts: parts,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const dir = tempDir('llmo-bench-billing-');
  const storage = new SqliteStorage(join(dir, 'billing.sqlite'));
  console.log(`bench:billing — ${EVENTS.toLocaleString('en')} events, ${CUSTOMERS.toLocaleString('en')} customers, SQLite (${dir})`);
  let t = performance.now();
  for (let i = 0; i < EVENTS; i += BATCH) {
    const batch: StoredEventInput[] = [];
    for (let j = i; j < Math.min(EVENTS, i + BATCH); j++) batch.push(event(j));
    await storage.writeEvents(batch);
  }
  const seed = (performance.now() - t) / 1000;
  console.log(`seeded through the ingest write path: ${seed.toFixed(1)} s (${Math.round(EVENTS / seed).toLocaleString('en')} events/s)`);

  const billing = new BillingService(storage);
  await billing.store(TENANT).putSettings({ ...DEFAULT_BILLING_SETTINGS, timezone: 'Europe/Paris', default_markup_percent: '20' });
  // warm the connection and statement cache once
  await billing.statement(TENANT, 'cust_1', { period: '2026-11' });

  t = performance.now();
  const all = await billing.statements(TENANT, '2026-11');
  const allMs = performance.now() - t;
  const lines = all.statements.reduce((s, v) => s + v.statement.lines.length, 0);
  console.log(`statements of every customer, 2026-11 (Europe/Paris): ${all.statements.length.toLocaleString('en')} statements, ${lines.toLocaleString('en')} lines in ${(allMs / 1000).toFixed(2)} s (target ≤ 5 s)`);

  const times: number[] = [];
  for (let k = 0; k < 50; k++) {
    t = performance.now();
    await billing.statement(TENANT, `cust_${(k * 197) % CUSTOMERS}`, { period: '2026-11' });
    times.push(performance.now() - t);
  }
  console.log(`one customer's statement: median ${median(times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms over 50 customers (target ≤ 100 ms)`);

  // re-price the first REPRICE events (a custom price that doubles the input rate)
  const book = new PriceBook([{ id: 'bench2', provider: 'acme', model: 'm1', input_per_mtok: 2, output_per_mtok: 4, cache_read_per_mtok: 0.1, cache_write_per_mtok: null, unit_prices: null, effective_from: 0, created_at: 1 },
    { id: 'bench3', provider: 'acme', model: 'm2', input_per_mtok: 2, output_per_mtok: 4, cache_read_per_mtok: 0.1, cache_write_per_mtok: null, unit_prices: null, effective_from: 0, created_at: 1 },
    { id: 'bench4', provider: 'acme', model: 'm3', input_per_mtok: 2, output_per_mtok: 4, cache_read_per_mtok: 0.1, cache_write_per_mtok: null, unit_prices: null, effective_from: 0, created_at: 1 }]);
  const repriceTo = REPRICE >= EVENTS ? FROM + SPAN : event(REPRICE).started_at;
  t = performance.now();
  const r = await reprice(billing.store(TENANT), new TokenPricer(), book, FROM, repriceTo, false);
  const rs = (performance.now() - t) / 1000;
  console.log(`re-priced ${r.events_scanned.toLocaleString('en')} events (${r.events_changed.toLocaleString('en')} changed, every rollup updated) in ${rs.toFixed(1)} s: ${Math.round(r.events_scanned / rs).toLocaleString('en')} events/s`);

  const app = await buildApp({ storage, stripe: null });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const exportTo = EXPORT >= EVENTS ? FROM + SPAN : event(EXPORT).started_at;
  if (global.gc) global.gc();
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  t = performance.now();
  const res = await fetch(`${base}/events/export?tenant_id=${TENANT}&from=${FROM}&to=${exportTo}`);
  let bytes = 0;
  let nl = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) nl++;
  }
  const es = (performance.now() - t) / 1000;
  clearInterval(sampler);
  console.log(`NDJSON export: ${nl.toLocaleString('en')} events, ${(bytes / 1e6).toFixed(0)} MB in ${es.toFixed(1)} s (${Math.round(nl / es).toLocaleString('en')} events/s); RSS ${(rss0 / 1e6).toFixed(0)} MB before, peak ${(peak / 1e6).toFixed(0)} MB (+${((peak - rss0) / 1e6).toFixed(0)} MB)`);
  await app.close();
  await storage.close();
}

await main();
