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
 *
 * BENCH_DB=FILE (default /tmp/llmo-bench-billing-<events>-<customers>.sqlite): the seeded database is kept, and a
 * later run whose file already holds BILLING_EVENTS events reuses it (seeding 10M events takes ~20 min on this
 * machine). A run leaves it consistent: re-pricing updates every rollup with the events, and alternates between
 * two price books (each run's book differs from the stored one, so every re-priced event changes); nothing closes.
 * While the statements of every customer are computed, GET /health of the same process is polled every 10 ms: its
 * latency shows whether billing blocks the event loop.
 */
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
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

const FILE = process.env.BENCH_DB ?? `/tmp/llmo-bench-billing-${EVENTS}-${CUSTOMERS}.sqlite`;

/** Events already in FILE (0 when it is new or not a bench database). */
function storedEvents(): number {
  if (!existsSync(FILE)) return 0;
  const db = new Database(FILE, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM trace_events WHERE tenant_id = ?').get(TENANT) as { n: number }).n;
  } catch {
    return 0;
  } finally {
    db.close();
  }
}

/** The cost source the first event of the range has now (which of the two re-pricing books priced it last). */
function storedSource(): string | null {
  const db = new Database(FILE, { readonly: true });
  try {
    return (db.prepare('SELECT cost_source FROM trace_events WHERE tenant_id = ? ORDER BY started_at, id LIMIT 1').get(TENANT) as { cost_source: string | null }).cost_source;
  } finally {
    db.close();
  }
}

/** Percentiles of /health polled every 10 ms while `work` runs (same process: a blocked event loop shows here). */
async function withHealth<T>(base: string, work: () => Promise<T>): Promise<{ out: T; p50: number; p99: number; max: number; n: number }> {
  const lat: number[] = [];
  let done = false;
  const poll = (async () => {
    while (!done) {
      const t0 = performance.now();
      const res = await fetch(`${base}/health`);
      await res.arrayBuffer();
      lat.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const out = await work();
  done = true;
  await poll;
  const s = [...lat].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  return { out, p50: at(0.5), p99: at(0.99), max: s[s.length - 1] ?? 0, n: s.length };
}

async function main() {
  const have = storedEvents();
  // a seeding that was stopped left a prefix of the events (batches commit in order): it is continued
  if (have > EVENTS || have % BATCH !== 0) throw new Error(`${FILE} holds ${have} events, not ${EVENTS}: delete it or set BENCH_DB`);
  const storage = new SqliteStorage(FILE);
  console.log(`bench:billing — ${EVENTS.toLocaleString('en')} events, ${CUSTOMERS.toLocaleString('en')} customers, SQLite (${FILE})`);
  let t = performance.now();
  if (have === EVENTS) console.log(`reusing ${FILE} (seeded before)`);
  else {
    // two batches in flight: the next one is generated while the writer thread commits the previous
    if (have > 0) console.log(`continuing the seeding of ${FILE} from event ${have.toLocaleString('en')}`);
    let next = have;
    const worker = async () => {
      while (next < EVENTS) {
        const i = next;
        next = Math.min(EVENTS, i + BATCH);
        const batch: StoredEventInput[] = [];
        for (let j = i; j < next; j++) batch.push(event(j));
        await storage.writeEvents(batch);
      }
    };
    await Promise.all([worker(), worker()]);
    const seed = (performance.now() - t) / 1000;
    console.log(`seeded through the ingest write path: ${seed.toFixed(1)} s (${Math.round((EVENTS - have) / seed).toLocaleString('en')} events/s)`);
  }
  const app = await buildApp({ storage, stripe: null });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });

  const billing = new BillingService(storage);
  await billing.store(TENANT).putSettings({ ...DEFAULT_BILLING_SETTINGS, timezone: 'Europe/Paris', default_markup_percent: '20' });
  // warm the connection and statement cache once
  await billing.statement(TENANT, 'cust_1', { period: '2026-11' });

  // three runs (the first also starts what it needs, e.g. a reader thread): wall and CPU time of the process
  const runs: number[] = [];
  for (let k = 1; k <= 3; k++) {
    t = performance.now();
    const c0 = process.cpuUsage();
    const { out: all, ...health } = await withHealth(base, () => billing.statements(TENANT, '2026-11'));
    const allMs = performance.now() - t;
    const cpu = process.cpuUsage(c0);
    runs.push(allMs);
    const lines = all.statements.reduce((s, v) => s + v.statement.lines.length, 0);
    console.log(`statements of every customer, 2026-11 (Europe/Paris), run ${k}: ${all.statements.length.toLocaleString('en')} statements, ${lines.toLocaleString('en')} lines in ${(allMs / 1000).toFixed(2)} s (target ≤ 5 s), CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (all threads, incl. the /health polls)`);
    console.log(`  /health meanwhile: ${health.n} polls, p50 ${health.p50.toFixed(1)} ms, p99 ${health.p99.toFixed(1)} ms, max ${health.max.toFixed(1)} ms`);
  }
  console.log(`statements of every customer: median of 3 runs ${(median(runs) / 1000).toFixed(2)} s`);

  // the same over HTTP, as CSV (every line, streamed): what GET /statements?format=csv costs end to end
  t = performance.now();
  const { out: csvBytes, ...csvHealth } = await withHealth(base, async () => {
    const res = await fetch(`${base}/statements?tenant_id=${TENANT}&period=2026-11&format=csv`);
    if (res.status !== 200) throw new Error(`GET /statements csv: ${res.status}`);
    let n = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) n += chunk.length;
    return n;
  });
  console.log(`GET /statements?period=2026-11&format=csv: ${(csvBytes / 1e6).toFixed(1)} MB in ${((performance.now() - t) / 1000).toFixed(2)} s; /health meanwhile p50 ${csvHealth.p50.toFixed(1)} ms, max ${csvHealth.max.toFixed(1)} ms`);

  const times: number[] = [];
  for (let k = 0; k < 50; k++) {
    t = performance.now();
    await billing.statement(TENANT, `cust_${(k * 197) % CUSTOMERS}`, { period: '2026-11' });
    times.push(performance.now() - t);
  }
  console.log(`one customer's statement: median ${median(times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms over 50 customers (target ≤ 100 ms)`);

  // re-price the first REPRICE events: a custom price that doubles the input rate (book a), or triples it (book b)
  // when book a priced them last (a reused database): every event re-priced changes
  const b = storedSource()?.startsWith('custom:bench_a') ?? false;
  const input = b ? 3 : 2;
  const book = new PriceBook(MODELS.map((model) => ({
    id: `bench_${b ? 'b' : 'a'}_${model}`, provider: 'acme', model, input_per_mtok: input, output_per_mtok: 4, cache_read_per_mtok: 0.1,
    cache_write_per_mtok: null, unit_prices: null, effective_from: 0, created_at: 1,
  })));
  const repriceTo = REPRICE >= EVENTS ? FROM + SPAN : event(REPRICE).started_at;
  t = performance.now();
  const r = await reprice(billing.store(TENANT), new TokenPricer(), book, FROM, repriceTo, false);
  const rs = (performance.now() - t) / 1000;
  console.log(`re-priced ${r.events_scanned.toLocaleString('en')} events (${r.events_changed.toLocaleString('en')} changed, every rollup updated) in ${rs.toFixed(1)} s: ${Math.round(r.events_scanned / rs).toLocaleString('en')} events/s`);

  if (EXPORT === 0) {
    await app.close();
    await storage.close();
    return;
  }
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
