// @storage sqlite,postgres
/**
 * Property-based fuzzing of the collector (fast-check): >= 10,000 requests in-process through the real Fastify app
 * (app.inject: the same routing, hooks, parsers, validation, pricing and SQLite writer thread as over the wire) and
 * a few hundred over real HTTP to a real collector process. The seed is printed; replay with FUZZ_SEED=<seed>.
 * The longer run: npm run bench:fuzz. Properties: see helpers/fuzz.ts (no 5xx, errors in the documented shape,
 * valid events of a mixed batch stored), plus the process survives and its RSS stays bounded.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { freshDb, request, startCollector, STORAGE, tempDir, type RunningCollector } from './helpers/collector.js';
import { checkAnswer, fuzzRequest, fuzzSeed, type FuzzRequest } from './helpers/fuzz.js';
// The built modules (npm run build): the SQLite writer thread runs dist/…/writer-worker.js.
import { buildApp } from '../dist/server/app.js';
import { SqliteStorage } from '../dist/storage/sqlite/sqlite-storage.js';
import { PostgresStorage } from '../dist/storage/postgres/postgres-storage.js';
import type { Storage } from '../dist/storage/types.js';

// In the PostgreSQL pass the in-process app runs on PostgreSQL storage (as the app role, under row-level security).
const IN_PROCESS_RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const HTTP_RUNS = Number(process.env.FUZZ_HTTP_RUNS ?? 300);
const RSS_BOUND = 1024 * 1024 * 1024;
const seed = fuzzSeed();


const PRICES = ['fz_a', 'fz_b', 'fz_c'].map((tenant_id) => ({ tenant_id, provider: 'acme-ai', model: 'm1', input_per_mtok: 1, unit_prices: { images: 0.5, characters: 0.000_01 } }));

describe(`fuzz: in-process through the real Fastify app (${STORAGE})`, () => {
  let app: FastifyInstance;
  let storage: Storage;
  before(async () => {
    storage = STORAGE === 'postgres' ? await PostgresStorage.open(await freshDb('fuzz')) : new SqliteStorage(join(tempDir('llmo-fuzz-'), 'fuzz.sqlite'));
    app = await buildApp({ storage });
    for (const p of PRICES) assert.equal((await app.inject({ method: 'PUT', url: '/prices', payload: p })).statusCode, 200);
  });
  after(async () => {
    await app.close();
    await storage.close();
  });

  it(`${IN_PROCESS_RUNS} requests: no 5xx, documented error shape, valid events stored, RSS bounded`, async () => {
    await fc.assert(
      fc.asyncProperty(fuzzRequest, async (req) => {
        const res = await app.inject({ method: req.method, url: req.url, headers: req.headers, payload: req.body });
        let body: unknown = res.body;
        try {
          body = JSON.parse(res.body);
        } catch {
          /* not JSON: the oracle reports it if it is an error */
        }
        checkAnswer(req, { status: res.statusCode, body });
      }),
      { numRuns: IN_PROCESS_RUNS, seed, endOnFailure: true },
    );
    assert.ok(process.memoryUsage().rss < RSS_BOUND, `RSS ${process.memoryUsage().rss} bytes`);
    // Every cost in storage is a finite number after the run.
    for (const t of ['fz_a', 'fz_b', 'fz_c']) {
      const totals = (await app.inject({ url: `/insights?tenant_id=${t}` })).json().totals;
      assert.equal(typeof totals.cost_usd, 'number', t);
      assert.ok(Number.isFinite(totals.cost_usd), t);
    }
  });
});

describe('fuzz: over real HTTP to a real collector process', () => {
  let c: RunningCollector;
  before(async () => {
    c = await startCollector();
    for (const p of PRICES) assert.equal((await request(c.url, '/prices', { method: 'PUT', json: p })).status, 200);
  });
  after(async () => {
    assert.equal(await c.stop(), 0, 'the collector survived and exits cleanly');
  });

  it(`${HTTP_RUNS} requests: the same properties, and the process stays up`, async () => {
    await fc.assert(
      fc.asyncProperty(fuzzRequest, async (req) => {
        const res = await request(c.url, req.url, { method: req.method, headers: req.headers, body: req.body, signal: AbortSignal.timeout(10_000) });
        checkAnswer(req, { status: res.status, body: res.body });
      }),
      { numRuns: HTTP_RUNS, seed, endOnFailure: true },
    );
    assert.equal(c.proc.exitCode, null);
    const health = await request(c.url, '/health');
    assert.equal(health.status, 200);
  });
});
