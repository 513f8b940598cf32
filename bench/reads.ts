/**
 * npm run bench:reads — every read the dashboard makes, timed over HTTP against a real collector (built CLI), at two
 * sizes of the same data in one run, with the growth ratio of each read; and bytes per stored event.
 *
 *   npm run bench:reads                                   SQLite: 1M and 10M events (BENCH_SIZES=1000000,10000000)
 *   BENCH_STORAGE=postgres npm run bench:reads            PostgreSQL: 1M and 2M (a fresh database on
 *                                                         LLMOBSERVE_TEST_PG_URL: run it under scripts/pg-throwaway.sh run;
 *                                                         BENCH_PG_DB=<app-role URL> reuses one an earlier run filled)
 *
 * The data is the overview bench's (packages/dashboard/bench/overview-events.ts: one tenant, 90 days, 615 customers,
 * 5 models, 21 section paths, runs of 5 spans), ingested in-process through the collector's own ingest path
 * (validation, pricing, the storage adapter: rollups in the same transaction) in batches of 5,000. SQLite databases
 * are kept for another run: BENCH_DB=FILE (default /tmp/llmo-bench-reads.sqlite) holds the largest size, FILE.<n> the
 * smaller ones; a file that already holds its events is reused (the generator's clock is kept beside it in FILE.json).
 * Each read: median of BENCH_REPEAT (default 5) after one warm-up call; ranges of 30 and 90 days as the dashboard asks
 * them (from = midnight UTC of the first day by the real clock, no `to`; a reused database is read as of today).
 * While the reads run, /health is polled: its p50 and max are printed (a heavy read must not stall the event loop).
 *
 *   BENCH_AB=<tree>,<tree> …   side by side: one collector of each tree (its built CLI, packages/collector/dist) on the
 *                              same database, each read's calls alternating between them; prints both medians and
 *                              their ratio (the largest size only; no stall phase). A tree is a checkout or a
 *                              `git archive` of one with this one's node_modules linked, built (npx tsc -b packages/shared
 *                              packages/collector). The database is built and its windows with this tree's code.
 */
import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { startCollector } from '../packages/collector/test/helpers/collector.js';
import { freshPostgresDb, pgUrl } from '../packages/collector/test/helpers/postgres.js';
import { overviewEvent } from '../packages/dashboard/bench/overview-events.js';
import { SqliteStorage } from '../packages/collector/dist/storage/sqlite/sqlite-storage.js';
import { PostgresStorage } from '../packages/collector/dist/storage/postgres/postgres-storage.js';
import { ingestBatch } from '../packages/collector/dist/ingest/ingest-batch.js';
import { TokenPricer } from '../packages/collector/dist/pricing/token-prices.js';
import { PriceBooks } from '../packages/collector/dist/pricing/custom-prices.js';
import type { Storage } from '../packages/collector/dist/storage/types.js';
import { scopeKey } from '../packages/collector/dist/storage/customer-windows.js';

const STORAGE = process.env.BENCH_STORAGE === 'postgres' ? 'postgres' : 'sqlite';
const SIZES = (process.env.BENCH_SIZES ?? (STORAGE === 'postgres' ? '1000000,2000000' : '1000000,10000000')).split(',').map(Number);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);
const CUSTOMERS = 1000;
/**
 * BENCH_CUSTOMERS=N: the high-cardinality case — each run's customer one of N (uniform: run × 7919 mod N), so that a
 * database of ≥ 5N events holds N distinct customers (the generator's own 615 otherwise). Use its own BENCH_DB.
 */
const SPREAD_CUSTOMERS = process.env.BENCH_CUSTOMERS ? Number(process.env.BENCH_CUSTOMERS) : null;
const BATCH = 5000;
const DAY = 86_400_000;
const BASE = process.env.BENCH_DB ?? '/tmp/llmo-bench-reads.sqlite';
const AB = process.env.BENCH_AB ? process.env.BENCH_AB.split(',').map((t) => resolve(t, 'packages/collector/dist/cli/main.js')) : null;

const fileFor = (size: number) => (size === Math.max(...SIZES) ? BASE : `${BASE}.${size}`);

/** The generator's clock: kept beside the largest database so that a reused or extended database stays one data set. */
function clock(): number {
  const meta = `${BASE}.json`;
  if (STORAGE === 'sqlite' && existsSync(meta) && existsSync(BASE)) return (JSON.parse(readFileSync(meta, 'utf8')) as { now: number }).now;
  const now = Date.now();
  if (STORAGE === 'sqlite') writeFileSync(meta, JSON.stringify({ now }));
  return now;
}
const NOW = clock();

/** Ingests events [from, to) through the collector's ingest path into the storage. */
async function ingest(storage: Storage, from: number, to: number): Promise<void> {
  const deps = { storage, tokens: new TokenPricer(), prices: new PriceBooks(storage) };
  const policy = { defaultTenant: 'default_tenant', refusal: () => null };
  const t0 = performance.now();
  let next = from;
  const worker = async () => {
    while (next < to) {
      const start = next;
      next = Math.min(to, next + BATCH);
      const body = Array.from({ length: next - start }, (_, k) => {
        const e = overviewEvent(start + k, { customers: CUSTOMERS, now: NOW });
        return SPREAD_CUSTOMERS === null ? e : { ...e, customer_id: `customer_${(Math.floor((start + k) / 5) * 7919) % SPREAD_CUSTOMERS}` };
      });
      const out = await ingestBatch(body, deps, policy);
      if (out.status !== 200) throw new Error(`ingest answered ${out.status}: ${JSON.stringify(out.body).slice(0, 300)}`);
      if ((start / BATCH) % 200 === 0) process.stderr.write(`  ${start.toLocaleString('en-US')} events…\n`);
    }
  };
  // three batches in flight: pricing of the next overlaps the writer thread's commit of the previous
  await Promise.all([worker(), worker(), worker()]);
  const s = (performance.now() - t0) / 1000;
  console.log(`ingested ${(to - from).toLocaleString('en-US')} events in ${s.toFixed(0)} s (${Math.round((to - from) / s).toLocaleString('en-US')} events/s in-process)`);
}

function sqliteEvents(file: string): number {
  if (!existsSync(file)) return 0;
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`SELECT COALESCE(SUM(calls), 0) AS n FROM rollup_daily WHERE family = 'total' AND tenant_id = 'default_tenant'`).get() as { n: number }).n;
  } catch {
    return 0;
  } finally {
    db.close();
  }
}

/** The SQLite database of each size, built (the larger extended from a copy of the smaller) or reused. */
async function sqliteDatabases(): Promise<string[]> {
  const sizes = [...SIZES].sort((a, b) => a - b);
  let prev: { size: number; file: string } | null = null;
  for (const size of sizes) {
    const file = fileFor(size);
    let have = sqliteEvents(file);
    if (have !== size) {
      if (prev && have < prev.size) {
        copyFileSync(prev.file, file);
        have = prev.size;
      } else if (have > size || (have > 0 && !prev)) throw new Error(`${file} holds ${have} events, not ${size}: delete it`);
      console.log(`building ${file}: events ${have.toLocaleString('en-US')} to ${size.toLocaleString('en-US')}`);
      const storage = new SqliteStorage(file);
      await ingest(storage, have, size);
      await storage.close();
    } else console.log(`reusing ${file} (${size.toLocaleString('en-US')} events)`);
    prev = { size, file };
  }
  return sizes.map(fileFor);
}

async function get(base: string, path: string): Promise<{ ms: number; body: any }> {
  const t = performance.now();
  const res = await fetch(`${base}${path}`).catch((err) => {
    throw new Error(`GET ${path}: ${(err as Error).message} (${String((err as { cause?: unknown }).cause)})`, { cause: err });
  });
  const body = await res.json();
  const ms = performance.now() - t;
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
  return { ms, body };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The reads of the dashboard (and a few more), named the same at every size. */
async function reads(base: string): Promise<[string, string][]> {
  const customers = (await get(base, '/customers?limit=1')).body;
  const top = customers.customers[0].customer_id as string;
  const rare = (await get(base, `/customers?limit=1&sort=calls&offset=${customers.total_customers - 1}`)).body.customers[0].customer_id as string;
  const runs = (await get(base, '/runs?limit=50')).body;
  const newest = runs.runs[0].run_id as string;
  const out: [string, string][] = [];
  const enc = encodeURIComponent;
  for (const days of [30, 90]) {
    // (from the collector's clock, as the dashboard asks: a database reused on a later day is read as of today, so
    // the customer windows of today's presets answer as they do for a user; the data's own clock is NOW)
    const from = Math.floor(Date.now() / DAY) * DAY - (days - 1) * DAY;
    const r = `from=${from}`;
    const insights: [string, string][] = [
      ['', ''], ['customer (top)', `customer_id=${top}`], ['customer (rare)', `customer_id=${rare}`], ['provider', 'provider=openai'],
      ['model', 'model=gpt-4o'], ['section', `section=${enc('feature:3')}`], ['customer+provider', `customer_id=${top}&provider=openai`],
      ['customer+section', `customer_id=${top}&section=${enc('feature:3')}`], ['provider+section', `provider=openai&section=${enc('feature:3')}`],
      ['model+section', `model=gpt-4o&section=${enc('feature:3')}`], ['customer+model', `customer_id=${top}&model=gpt-4o`],
    ];
    for (const [name, q] of insights) out.push([`/insights ${days}d ${name}`.trim(), `/insights?${r}&limit=8${q ? `&${q}` : ''}`]);
    out.push([`/customers ${days}d by cost`, `/customers?${r}`], [`/customers ${days}d by calls`, `/customers?${r}&sort=calls`]);
    out.push([`/customers ${days}d page 4`, `/customers?${r}&offset=300`]);
    out.push([`/customers/:id ${days}d top`, `/customers/${enc(top)}?${r}&limit=8`], [`/customers/:id ${days}d rare`, `/customers/${enc(rare)}?${r}&limit=8`]);
  }
  out.push(['/runs', '/runs?limit=50'], ['/runs page 2', `/runs?limit=50&cursor=${runs.next_cursor}`]);
  out.push(['/runs customer (rare)', `/runs?limit=50&customer_id=${enc(rare)}`], ['/runs provider', '/runs?limit=50&provider=anthropic']);
  out.push(['/runs section', `/runs?limit=50&section=${enc('feature:3')}`], ['/runs/:id newest', `/runs/${enc(newest)}`]);
  return out;
}

/** Each read's median per collector (several: side by side, their calls alternating, the first one's order reversed every round). */
async function time(bases: string[]): Promise<{ tables: Map<string, number>[]; health: number[] }> {
  const tables = bases.map(() => new Map<string, number>());
  const health: number[] = [];
  let done = false;
  const poll = (async () => {
    while (!done) {
      health.push((await get(bases[0]!, '/health')).ms);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  for (const [name, path] of await reads(bases[0]!)) {
    for (const base of bases) await get(base, path);
    const xs = bases.map((): number[] => []);
    for (let i = 0; i < REPEAT; i++) {
      const order = bases.map((_, k) => k);
      if (i % 2 === 1) order.reverse();
      for (const k of order) xs[k]!.push((await get(bases[k]!, path)).ms);
    }
    xs.forEach((x, k) => tables[k]!.set(name, median(x)));
  }
  done = true;
  await poll;
  return { tables, health };
}

/** BENCH_AB: the trees' collectors on one database, every read timed on each (time()), the table printed. */
async function sideBySide(db: string, size: number): Promise<void> {
  const collectors = [];
  try {
    for (const cli of AB!) collectors.push(await startCollector({ db, args: ['--body-limit', '20mb'], cli }));
    console.log(`timing reads at ${size.toLocaleString('en-US')} events (${STORAGE}), side by side: ${AB!.join(', ')}…`);
    const { tables, health } = await time(collectors.map((c) => c.url));
    const names = AB!.map((_, k) => String.fromCharCode(65 + k));
    console.log(`\n${STORAGE}, ${size.toLocaleString('en-US')} events: median of ${REPEAT} over HTTP, ms — ${AB!.map((t, k) => `${names[k]} = ${t}`).join(', ')}\n`);
    console.log(`| read | ${names.join(' | ')} | ${names.slice(1).map((n) => `${n} / A`).join(' | ')} |`);
    console.log(`|---|${names.map(() => '---:').join('|')}|${names.slice(1).map(() => '---:').join('|')}|`);
    for (const name of tables[0]!.keys()) {
      const v = tables.map((t) => t.get(name)!);
      console.log(`| ${name} | ${v.map((x) => x.toFixed(1)).join(' | ')} | ${v.slice(1).map((x) => `${(x / v[0]!).toFixed(2)}×`).join(' | ')} |`);
    }
    for (const [k, t] of tables.entries()) console.log(`${names[k]}: slowest ${Math.max(...t.values()).toFixed(1)} ms, reads over 100 ms: ${[...t.values()].filter((x) => x > 100).length}`);
    console.log(`/health of A while reading p50 ${median(health).toFixed(1)} ms, max ${Math.max(...health).toFixed(1)} ms`);
  } finally {
    for (const c of collectors) await c.stop();
  }
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

/**
 * Heavy reads must not stall ingest or /health: /health and POST /events (batches of 100 events into another tenant,
 * so the data set does not change) are timed for BENCH_STALL_S seconds (default 8) alone, then as long again while one
 * client loops the heaviest read (/customers over 90 days, page 4).
 */
async function stall(base: string, size: number): Promise<string> {
  const seconds = Number(process.env.BENCH_STALL_S ?? 8);
  const from = Math.floor(Date.now() / DAY) * DAY - 89 * DAY;
  let seq = 0;
  const phase = async (withReads: boolean) => {
    const health: number[] = [];
    const post: number[] = [];
    let reads = 0;
    const until = performance.now() + seconds * 1000;
    const loop = async (fn: () => Promise<void>) => { while (performance.now() < until) await fn(); };
    await Promise.all([
      loop(async () => { health.push((await get(base, '/health')).ms); await new Promise((r) => setTimeout(r, 20)); }),
      loop(async () => {
        const body = Array.from({ length: 100 }, () => ({ ...overviewEvent(seq, { customers: CUSTOMERS, now: NOW }), span_id: `stall-${size}-${seq++}`, tenant_id: 'bench_stall' }));
        const t = performance.now();
        const res = await fetch(`${base}/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`POST /events answered ${res.status}`);
        post.push(performance.now() - t);
      }),
      withReads ? loop(async () => { await get(base, `/customers?from=${from}&offset=300`); reads++; }) : Promise.resolve(),
    ]);
    return `/health p50 ${median(health).toFixed(1)} ms p95 ${pct(health, 0.95).toFixed(1)} ms; POST /events (100 events) p50 ${median(post).toFixed(1)} ms p95 ${pct(post, 0.95).toFixed(1)} ms${withReads ? ` (${reads} /customers reads)` : ''}`;
  };
  const alone = await phase(false);
  const loaded = await phase(true);
  // the first reads of filters the timed reads do not ask: each starts the build of its scoped windows (in steps, in
  // the background: storage/customer-windows.ts), which runs while ingest and /health are timed — on a database whose
  // windows of these filters were not built today yet (else there is nothing to build: this phase is then like `alone`)
  const enc = encodeURIComponent;
  for (const q of ['gpt-4o-mini', 'claude-sonnet-4-20250514', 'gemini-2.0-flash', 'text-embedding-3-small'].map((m) => `model=${enc(m)}`)) {
    await get(base, `/insights?from=${from}&limit=8&${q}`);
    await get(base, `/insights?limit=8&${q}`);
  }
  const building = await phase(false);
  return `alone: ${alone}\n   while one client loops /customers 90d: ${loaded}\n   while 8 scoped windows (90d and all) are built: ${building}`;
}

async function bytesPerEvent(db: string, events: number): Promise<number> {
  if (STORAGE === 'sqlite') {
    const wal = existsSync(`${db}-wal`) ? statSync(`${db}-wal`).size : 0;
    return (statSync(db).size + wal) / events;
  }
  const c = new pg.Client({ connectionString: pgUrl({ database: new URL(db).pathname.slice(1) }) });
  await c.connect();
  try {
    const r = await c.query(`SELECT pg_database_size(current_database())::bigint AS n`);
    return Number(r.rows[0].n) / events;
  } finally {
    await c.end();
  }
}

/** The scopes of the timed /insights reads with a filter that is not a customer (reads() below): their windows. */
const SCOPES = [{ provider: 'openai' }, { model: 'gpt-4o' }, { section: 'feature:3' }, { provider: 'openai', section: 'feature:3' }, { model: 'gpt-4o', section: 'feature:3' }];

/**
 * The customer windows (storage/customer-windows.ts) built before the reads are timed, as a collector that already
 * served the day has them (a collector builds them on the first read of a window, in the background): the unscoped
 * ones, and the scoped 30- and 90-day windows of the timed filtered reads; each build's time is printed (what the
 * first read of that filter on a day starts). A collector without them (before migration 14) skips this.
 */
type WindowAdvance = (tenant: string, key?: { w: string; scope: string }) => Promise<Record<string, string>>;
async function buildWindows(open: () => Promise<Storage>): Promise<void> {
  const storage = (await open()) as Storage & { advanceCustomerWindows?: WindowAdvance };
  try {
    if (!storage.advanceCustomerWindows) return;
    const t0 = performance.now();
    const kinds = await storage.advanceCustomerWindows('default_tenant');
    console.log(`customer windows of default_tenant: ${JSON.stringify(kinds)} in ${(performance.now() - t0).toFixed(0)} ms`);
    for (const scope of SCOPES) {
      for (const w of ['30d', '90d']) {
        const t1 = performance.now();
        const k = await storage.advanceCustomerWindows('default_tenant', { w, scope: scopeKey(scope) });
        console.log(`  scoped window ${w} ${JSON.stringify(scope)}: ${Object.values(k).join(', ')} in ${(performance.now() - t1).toFixed(0)} ms`);
      }
    }
  } finally {
    await storage.close();
  }
}

async function main() {
  const sizes = [...SIZES].sort((a, b) => a - b);
  const results: { size: number; table: Map<string, number>; health: number[]; bytes: number; stall: string }[] = [];
  let pgDb: string | null = null;
  const dbs = STORAGE === 'sqlite' ? await sqliteDatabases() : [];
  for (const [i, size] of sizes.entries()) {
    let db: string;
    if (STORAGE === 'postgres') {
      // BENCH_PG_DB: an app-role URL of a database an earlier run filled (its events counted, the missing ones added)
      pgDb ??= process.env.BENCH_PG_DB ?? await freshPostgresDb('bench_reads');
      const storage = await PostgresStorage.open(pgDb);
      const have = process.env.BENCH_PG_DB ? (await storage.forTenant('default_tenant').aggregate({}, [])).reduce((n, r) => n + r.calls, 0) : 0;
      if (have > size) throw new Error(`${pgDb} holds ${have} events, more than ${size}`);
      if (have < size) await ingest(storage, Math.max(have, i === 0 ? 0 : sizes[i - 1]!), size);
      else console.log(`reusing the PostgreSQL database (${size.toLocaleString('en-US')} events)`);
      await storage.close();
      // planner statistics as autovacuum would have them after such a load
      const c = new pg.Client({ connectionString: pgUrl({ database: new URL(pgDb).pathname.slice(1) }) });
      await c.connect();
      await c.query('VACUUM ANALYZE');
      await c.end();
      db = pgDb;
    } else db = dbs[i]!;
    await buildWindows(() => (STORAGE === 'postgres' ? PostgresStorage.open(db) : Promise.resolve(new SqliteStorage(db))));
    if (AB) {
      if (size === sizes[sizes.length - 1]) await sideBySide(db, size);
      continue;
    }
    const collector = await startCollector({ db, args: ['--body-limit', '20mb'] });
    try {
      const stored = (await get(collector.url, '/insights?limit=1')).body.totals.calls;
      if (stored !== size) throw new Error(`stored ${stored}, expected ${size}`);
      console.log(`timing reads at ${size.toLocaleString('en-US')} events (${STORAGE})…`);
      const { tables: [table], health } = await time([collector.url]).catch((err) => {
        throw new Error(`${(err as Error).message}\ncollector stderr:\n${collector.stderr().slice(-4000)}`, { cause: err });
      });
      const bytes = await bytesPerEvent(db, size);
      results.push({ size, table: table!, health, bytes, stall: process.env.BENCH_STALL === '0' ? '' : await stall(collector.url, size) });
    } finally {
      await collector.stop();
    }
  }
  if (AB) return;
  const [small, large] = [results[0]!, results[results.length - 1]!];
  const label = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);
  console.log(`\n${STORAGE}: median of ${REPEAT} over HTTP, ms (growth = ${label(large.size)} / ${label(small.size)})\n`);
  console.log(`| read | ${results.map((r) => label(r.size)).join(' | ')} | growth |`);
  console.log(`| --- | ${results.map(() => '---:').join(' | ')} | ---: |`);
  let worst = 0;
  for (const name of small.table.keys()) {
    const a = small.table.get(name)!;
    const b = large.table.get(name)!;
    worst = Math.max(worst, b);
    console.log(`| ${name} | ${results.map((r) => r.table.get(name)!.toFixed(1)).join(' | ')} | ${(b / a).toFixed(2)}× |`);
  }
  for (const r of results) {
    console.log(`${label(r.size)}: /health while reading p50 ${median(r.health).toFixed(1)} ms, max ${Math.max(...r.health).toFixed(1)} ms; ${r.bytes.toFixed(0)} bytes per stored event (whole database)`);
  }
  for (const r of results) if (r.stall) console.log(`${label(r.size)} ingest and /health, ${r.stall}`);
  console.log(`slowest read at ${label(large.size)}: ${worst.toFixed(1)} ms`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
