/**
 * npm run bench:ingest — events/s over HTTP into a real collector process (batches of 500), and in the same run the
 * raw insert rate of the same schema straight through better-sqlite3, and their ratio.
 *
 * Env: BENCH_EVENTS (default 200000), BENCH_BATCH (events per request, default 500), BENCH_CONCURRENCY (default 4 requests in flight), BENCH_STORAGE=postgres (a fresh
 * database on LLMOBSERVE_TEST_PG_URL, or on a throwaway cluster; the raw comparison is then the same unnest insert
 * through `pg`, as the app role under row-level security). For durable figures on a throwaway cluster:
 * LLMOBSERVE_PG_DURABLE=1 BENCH_STORAGE=postgres bash scripts/pg-throwaway.sh run npm run bench:ingest
 * BENCH_AB=<tree>,<tree>,…: side by side instead — a collector of each built tree (its packages/collector/dist) in
 * turn, on a fresh database each (migrated by that tree: its own schema), the trees' order alternating from round to round.
 */
import { Agent, request } from 'node:http';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { startCollector, tempDir } from '../packages/collector/test/helpers/collector.js';
import { SqliteStorage } from '../packages/collector/src/storage/sqlite/sqlite-storage.js';
import { freshPostgresDb, pgServerUrl } from '../packages/collector/test/helpers/postgres.js';
import pg from 'pg';
import { makeEvent as traffic, threadCpuNs, threadCpuSplit } from './traffic.js';

const STORAGE = process.env.BENCH_STORAGE === 'postgres' ? 'postgres' : 'sqlite';

const TOTAL = Number(process.env.BENCH_EVENTS ?? 200_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const NOW = Date.now();
const makeEvent = (i: number, runTag: string) => traffic(i, runTag, NOW);

function postBody(url: URL, agent: Agent, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The collector's CPU per event in the timed part (Linux): its main thread, and its busiest other (the SQLite writer). */
type ThreadUs = { main: number; writer: number } | null;

async function benchHttp(env: Record<string, string> = {}, cli?: string): Promise<{ rate: number; seconds: number; us: ThreadUs }> {
  const pgDb = STORAGE === 'postgres' ? await freshPostgresDb('bench', cli) : undefined;
  const collector = await startCollector({ ...(pgDb ? { db: pgDb } : {}), env, ...(cli ? { cli } : {}) });
  const url = new URL('/events', collector.url);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const bodies: string[] = [];
  for (let b = 0; b < TOTAL / BATCH; b++) {
    bodies.push(JSON.stringify(Array.from({ length: BATCH }, (_, j) => makeEvent(b * BATCH + j, 'http'))));
  }
  // Warm-up (JIT, page cache) on other span ids.
  await postBody(url, agent, JSON.stringify(Array.from({ length: BATCH }, (_, j) => makeEvent(j, 'warm'))));
  let next = 0;
  const pid = collector.proc.pid!;
  const cpuBefore = threadCpuNs(pid);
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const status = await postBody(url, agent, body);
      if (status !== 200) throw new Error(`collector answered ${status}`);
    }
  }));
  // The clock stops once a read sees every event in the aggregates: on SQLite the writer thread folds them after the
  // acknowledgements (sqlite/fold.ts), and a read waits for the rest, so that work is timed too.
  const check = await fetch(`${collector.url}/insights?tenant_id=tenant_0`).then((r) => r.json() as Promise<{ totals: { calls: number } }>);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const split = threadCpuSplit(pid, cpuBefore, threadCpuNs(pid));
  const us = split.main > 0 ? { main: split.main / 1000 / TOTAL, writer: split.busiest / 1000 / TOTAL } : null;
  agent.destroy();
  await collector.stop();
  // a round's database goes with it: its autovacuum (the rollups' dead row versions) would otherwise run into the next
  if (pgDb) await dropPgDatabase(new URL(pgDb).pathname.slice(1));
  const expected = TOTAL / 4 + BATCH / 4;
  if (check.totals.calls !== expected) throw new Error(`stored ${check.totals.calls} calls for tenant_0, expected ${expected}`);
  return { rate: TOTAL / seconds, seconds, us };
}

async function dropPgDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: pgServerUrl() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

function benchRaw(): { rate: number; seconds: number } {
  const file = join(tempDir('llmo-bench-'), 'raw.sqlite');
  new SqliteStorage(file).close(); // same schema and pragmas, via the migrations
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const insert = db.prepare(`INSERT INTO trace_events (tenant_id, span_id, run_id, parent_span_id, span_type, section, section_path,
    customer_id, provider, endpoint, model, input_tokens, output_tokens, cache_read_tokens, cost_nanos, cost_status, started_at,
    latency_ms, status, is_streaming, sdk, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const rows = Array.from({ length: TOTAL }, (_, i) => {
    const e = makeEvent(i, 'raw');
    return [e.tenant_id, e.span_id, e.run_id, e.parent_span_id, e.span_type, e.section, e.section_path, e.customer_id, e.provider,
      e.endpoint, e.model, e.input_tokens, e.output_tokens, e.cache_read_tokens, 1_000_000, 'priced', Date.parse(e.started_at),
      e.latency_ms, e.status, e.is_streaming ? 1 : 0, e.sdk, Date.now()];
  });
  const tx = db.transaction((batch: unknown[][]) => {
    for (const r of batch) insert.run(r);
  });
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < rows.length; i += BATCH) tx.immediate(rows.slice(i, i + BATCH));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  db.close();
  return { rate: TOTAL / seconds, seconds };
}

/** PostgreSQL: the same rows through `pg` as the app role, one transaction per batch, one unnest INSERT per tenant. */
async function benchRawPostgres(): Promise<{ rate: number; seconds: number }> {
  const client = new pg.Client({ connectionString: await freshPostgresDb('bench_raw') });
  await client.connect();
  const cols: [string, string][] = [['span_id', 'text'], ['run_id', 'text'], ['parent_span_id', 'text'], ['span_type', 'text'],
    ['section', 'text'], ['section_path', 'text'], ['customer_id', 'text'], ['provider', 'text'], ['endpoint', 'text'], ['model', 'text'],
    ['input_tokens', 'bigint'], ['output_tokens', 'bigint'], ['cache_read_tokens', 'bigint'], ['cost_nanos', 'bigint'],
    ['cost_status', 'text'], ['started_at', 'bigint'], ['latency_ms', 'float8'], ['status', 'text'], ['is_streaming', 'boolean'],
    ['sdk', 'text'], ['created_at', 'bigint']];
  const insert = `INSERT INTO trace_events (tenant_id, ${cols.map(([c]) => c).join(', ')}) SELECT $1, * FROM unnest(${cols.map(([, t], i) => `$${i + 2}::${t}[]`).join(', ')}) ON CONFLICT DO NOTHING`;
  const rows = Array.from({ length: TOTAL }, (_, i) => {
    const e = makeEvent(i, 'raw');
    return [e.tenant_id, e.span_id, e.run_id, e.parent_span_id, e.span_type, e.section, e.section_path, e.customer_id, e.provider,
      e.endpoint, e.model, e.input_tokens, e.output_tokens, e.cache_read_tokens, 1_000_000, 'priced', Date.parse(e.started_at),
      e.latency_ms, e.status, e.is_streaming, e.sdk, Date.now()];
  });
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < rows.length; i += BATCH) {
    const byTenant = new Map<string, unknown[][]>();
    for (const r of rows.slice(i, i + BATCH)) {
      const group = byTenant.get(r[0] as string) ?? [];
      group.push(r.slice(1));
      byTenant.set(r[0] as string, group);
    }
    await client.query('BEGIN');
    for (const [tenant, group] of [...byTenant].sort()) {
      await client.query({ name: 'set', text: `SELECT set_config('app.tenant_id', $1, true)`, values: [tenant] });
      await client.query({ name: 'ins', text: insert, values: [tenant, ...cols.map((_, c) => group.map((r) => r[c]))] });
    }
    await client.query('COMMIT');
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  await client.end();
  return { rate: TOTAL / seconds, seconds };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`bench:ingest — ${STORAGE}, ${fmt(TOTAL)} events, batches of ${BATCH}, ${CONCURRENCY} requests in flight, Node ${process.version}`);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
// SQLite: the default writer thread and the single-threaded writer, alternated so that machine noise hits both.
// BENCH_COMPARE=metrics: metrics on (default), off, and with the customer label, side by side instead.
const AB = process.env.BENCH_AB?.split(',').map((t) => resolve(t, 'packages/collector/dist/cli/main.js')) ?? null;
const variants: [string, Record<string, string>, string?][] = AB ? AB.map((cli): [string, Record<string, string>, string] => [`HTTP ingest, ${cli}`, {}, cli])
  : process.env.BENCH_COMPARE === 'metrics'
  ? [['HTTP ingest, metrics on (default)', {}], ['HTTP ingest, metrics off', { LLMOBSERVE_METRICS: 'false' }], ['HTTP ingest, metrics with customer label', { LLMOBSERVE_METRICS_CUSTOMER_LABEL: 'true' }]]
  : STORAGE === 'postgres'
  ? [['HTTP ingest', {}]]
  : [['HTTP ingest, writer thread (default)', {}], ['HTTP ingest, writer on the main thread', { LLMOBSERVE_SQLITE_WRITER: 'main' }]];
const rates = new Map<string, number[]>(variants.map(([name]) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, env, cli] of AB && round % 2 === 1 ? [...variants].reverse() : variants) {
    const r = await benchHttp(env, cli);
    rates.get(name)!.push(r.rate);
    const cpu = r.us ? `; collector CPU per event: main thread ${r.us.main.toFixed(1)} µs, busiest other thread ${r.us.writer.toFixed(1)} µs` : '';
    console.log(`  round ${round + 1}: ${name}: ${fmt(r.rate)} events/s (${r.seconds.toFixed(2)} s${cpu})`);
  }
}
const raw = STORAGE === 'postgres' ? await benchRawPostgres() : benchRaw();
const best = median(rates.get(variants[0]![0])!);
for (const [name] of variants) console.log(`${name} (validate + price + insert + rollups + runs), median: ${fmt(median(rates.get(name)!))} events/s`);
console.log(`raw driver insert (trace_events only, same indexes): ${fmt(raw.rate)} events/s (${raw.seconds.toFixed(2)} s)`);
if (variants.length > 1) console.log(`ratio ${variants[0]![0]} / ${variants[1]![0]}: ${(best / median(rates.get(variants[1]![0])!)).toFixed(2)}`);
console.log(`ratio HTTP / raw: ${(best / raw.rate).toFixed(2)}   target ≥ 50,000 events/s over HTTP${STORAGE === 'postgres' ? " (SQLite's target)" : ''}: ${best >= 50_000 ? 'met' : 'NOT met'}`);
