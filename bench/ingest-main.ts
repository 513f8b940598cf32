/**
 * node --import tsx bench/ingest-main.ts — the collector's main thread alone: CPU µs per ingested event of the thread
 * that runs HTTP, Fastify, the JSON parse and shape check, validation, normalisation, pricing, the hand-over to the
 * SQLite writer thread, metrics, budgets and the response. The collector (buildApp on a real SQLite file, writer
 * thread and all) runs in this process; a client worker thread posts bench/ingest.ts's traffic over loopback HTTP
 * (batches of 500, 4 in flight). Each thread's CPU time is read from /proc (Linux), so the client's and the writer's
 * work are not counted, and other load on the machine moves the figure far less than it moves wall time.
 *
 * Run `npm run build` first: it measures the built collector (packages/collector/dist), as the CLI runs it.
 * Env: BENCH_EVENTS per round (default 50000), BENCH_ROUNDS (default 3; the median is the figure), BENCH_ROOT (a
 * built repository tree to measure, e.g. an export of an older commit with the same node_modules; default this one).
 * Profile the main thread with `node --cpu-prof --cpu-prof-dir=DIR --import tsx bench/ingest-main.ts`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { makeEvent, threadCpuNs, threadCpuSplit } from './traffic.js';

const ROOT = resolve(process.env.BENCH_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
// The built collector (npm run build first): its SQLite worker threads load built JavaScript.
const DIST = join(ROOT, 'packages/collector/dist');
const { SqliteStorage } = await import(join(DIST, 'storage/sqlite/sqlite-storage.js'));
const { buildApp } = await import(join(DIST, 'server/app.js'));

const TOTAL = Math.ceil(Number(process.env.BENCH_EVENTS ?? 50_000) / 500) * 500;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BATCH = 500;
const CONCURRENCY = 4;
const NOW = Date.now();

const storage = new SqliteStorage(join(mkdtempSync(join(tmpdir(), 'llmo-bench-main-')), 'main.sqlite'));
const app = await buildApp({ storage, logLevel: 'warn' });
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/events`;

const body = (from: number, tag: string) => JSON.stringify(Array.from({ length: BATCH }, (_, j) => makeEvent(from + j, tag, NOW)));
const warm = Array.from({ length: 4 }, (_, b) => body(b * BATCH, 'warm'));
// every round's bodies made before the first request, so that a profile of the main thread holds only the collector
const rounds = Array.from({ length: ROUNDS }, (_, r) => Array.from({ length: TOTAL / BATCH }, (_, b) => body(b * BATCH, `r${r + 1}`)));

// The client: plain JavaScript on its own thread, posting the bodies it is given, CONCURRENCY at a time.
const client = new Worker(`
const { parentPort } = require('node:worker_threads');
const { Agent, request } = require('node:http');
const agent = new Agent({ keepAlive: true, maxSockets: ${CONCURRENCY} });
const post = (url, body) => new Promise((resolve, reject) => {
  const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
    res.resume();
    res.on('end', () => resolve(res.statusCode));
  });
  req.on('error', reject);
  req.end(body);
});
let bodies = [];
parentPort.on('message', async (m) => {
  // the bodies first (their copy to this thread is not the collector's work), then the posting
  if (m.bodies) return void (bodies = m.bodies, parentPort.postMessage('loaded'));
  let next = 0;
  const statuses = [];
  await Promise.all(Array.from({ length: ${CONCURRENCY} }, async () => {
    while (next < bodies.length) statuses.push(await post(m.url, bodies[next++]));
  }));
  parentPort.postMessage(statuses.filter((s) => s !== 200).length);
});`, { eval: true });
const ask = <T>(message: unknown) => new Promise<T>((done) => {
  client.once('message', done);
  client.postMessage(message);
});
const load = (list: string[]) => ask<string>({ bodies: list });
const run = () => ask<number>({ url });

await load(warm);
if (await run() !== 0) throw new Error('the warm-up was not answered 200');
const events = TOTAL;
const us = (ns: number) => (ns / 1000 / events).toFixed(1);
const mains: number[] = [];
const writers: number[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  await load(rounds[round - 1]!);
  const before = threadCpuNs('self');
  const cpu = process.cpuUsage();
  const wall = process.hrtime.bigint();
  const failed = await run();
  const wallSeconds = Number(process.hrtime.bigint() - wall) / 1e9;
  const used = process.cpuUsage(cpu);
  const split = threadCpuSplit(process.pid, before, threadCpuNs('self'));
  if (failed !== 0) throw new Error(`${failed} batches were not answered 200`);
  mains.push(split.main);
  writers.push(split.busiest);
  const perEvent = split.main > 0
    ? `main thread ${us(split.main)} µs/event (writer thread ${us(split.busiest)}, other threads ${us(split.rest)})`
    : `whole process ${((used.user + used.system) / events).toFixed(1)} µs/event (no /proc: threads not told apart)`;
  console.log(`  round ${round}: ${perEvent}; wall ${wallSeconds.toFixed(2)} s`);
}
await client.terminate();
await app.close();
await storage.close();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`bench:ingest-main — ${ROOT}: main thread ${us(median(mains))} µs/event median, ${us(Math.min(...mains))} best; writer thread ${us(median(writers))} ` +
  `(${ROUNDS} rounds of ${TOTAL.toLocaleString('en-US')} events, batches of ${BATCH}, ${CONCURRENCY} in flight)`);
