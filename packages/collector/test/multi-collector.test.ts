// @storage sqlite,postgres
/**
 * Several collectors, one database: two collector processes on one PostgreSQL database serve one SDK alternately,
 * replays of a batch included (to the other process, often while the first is still in flight). No loss, no
 * duplicates, and both read the same totals. Then a key revoked through one collector is refused by both.
 * PostgreSQL pass only (SQLite is one process's file).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { CLI, close, ev, freshDb, gpt4oMiniCost, only, post, request, startCollector, type RunningCollector } from './helpers/collector.js';

const SKIP = only('postgres');
const TENANTS = ['multi_a', 'multi_b', 'multi_c'];
const BATCHES = 30;
const PER_BATCH = 200;
const RUN_SPANS = 6;
const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-10T08:00:00Z');

interface Sent {
  tenant_id: string;
  span_id: string;
  run_id: string;
  customer_id: string;
  input_tokens: number;
  output_tokens: number;
  started_ms: number;
}

/** Event k of the SDK's stream: runs of 6 spans that straddle batch boundaries, 3 tenants, 7 customers, 3 hours. */
function event(k: number): { wire: Record<string, unknown>; sent: Sent } {
  const run = Math.floor(k / RUN_SPANS);
  const tenant = TENANTS[run % TENANTS.length]!;
  const started = T0 + ((k * 7919) % (3 * HOUR));
  const sent: Sent = {
    tenant_id: tenant, span_id: `m-${k}`, run_id: `m-run-${run}`, customer_id: `cust-${run % 7}`,
    input_tokens: 100 + (k % 50), output_tokens: 10 + (k % 7), started_ms: started,
  };
  const wire = ev({ ...sent, started_at: new Date(started).toISOString(), section_path: `feature:${run % 4}` });
  delete wire.started_ms;
  return { wire, sent };
}

const cost = (events: Sent[]) => events.reduce((s, e) => s + gpt4oMiniCost(e.input_tokens, e.output_tokens), 0);

async function allRuns(c: RunningCollector, tenant: string, headers: Record<string, string> = {}): Promise<any[]> {
  const runs: any[] = [];
  let cursor: string | null = null;
  do {
    const page: any = (await request(c.url, `/runs?tenant_id=${tenant}&limit=500${cursor ? `&cursor=${cursor}` : ''}`, { headers })).body;
    runs.push(...page.runs);
    cursor = page.next_cursor;
  } while (cursor);
  return runs;
}

describe('two collectors on one PostgreSQL database', { skip: SKIP }, () => {
  let a: RunningCollector;
  let b: RunningCollector;
  const sent: Sent[] = [];
  let posted = 0;
  let accepted = 0;
  let duplicates = 0;

  before(async () => {
    a = await startCollector();
    b = await startCollector({ db: a.db });
    const batches = Array.from({ length: BATCHES }, (_, i) =>
      Array.from({ length: PER_BATCH }, (_, j) => event(i * PER_BATCH + j)));
    for (const batch of batches) sent.push(...batch.map((e) => e.sent));
    // The SDK's sends: batch i to collector i % 2; every third batch replayed right away to the other collector;
    // every fifth batch re-sent later, half old and half of it again, to the first collector.
    const plan: { to: RunningCollector; events: Record<string, unknown>[] }[] = [];
    batches.forEach((batch, i) => {
      const [first, other] = i % 2 === 0 ? [a, b] : [b, a];
      plan.push({ to: first, events: batch.map((e) => e.wire) });
      if (i % 3 === 0) plan.push({ to: other, events: batch.map((e) => e.wire) });
      if (i % 5 === 4) plan.push({ to: first, events: [...batches[i - 2]!.slice(0, 100), ...batch.slice(100)].map((e) => e.wire) });
    });
    let next = 0;
    await Promise.all(Array.from({ length: 4 }, async () => {
      while (next < plan.length) {
        const p = plan[next++]!;
        const r = await post(p.to.url, p.events);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        posted += p.events.length;
        accepted += r.body.accepted;
        duplicates += r.body.duplicates;
      }
    }));
  });
  after(async () => {
    assert.equal(await a?.stop(), 0);
    assert.equal(await b?.stop(), 0);
  });

  it('stores every span exactly once, whichever collector got it first', () => {
    assert.equal(accepted, BATCHES * PER_BATCH, 'no loss');
    assert.equal(duplicates, posted - BATCHES * PER_BATCH, 'every replay answered as a duplicate');
  });

  it('both collectors read the same exact totals, runs and customers', async () => {
    for (const tenant of TENANTS) {
      const mine = sent.filter((e) => e.tenant_id === tenant);
      const runIds = new Set(mine.map((e) => e.run_id));
      const views = [];
      for (const c of [a, b]) {
        const ins = (await request(c.url, `/insights?tenant_id=${tenant}`)).body;
        assert.equal(ins.totals.calls, mine.length, `${tenant} calls`);
        assert.equal(ins.totals.input_tokens, mine.reduce((s, e) => s + e.input_tokens, 0));
        assert.equal(ins.totals.output_tokens, mine.reduce((s, e) => s + e.output_tokens, 0));
        assert.ok(close(ins.totals.cost_usd, cost(mine), 1e-9), `${ins.totals.cost_usd} vs ${cost(mine)}`);
        const runs = await allRuns(c, tenant);
        assert.equal(runs.length, runIds.size, `${tenant} runs`);
        assert.equal(new Set(runs.map((r) => r.run_id)).size, runIds.size, 'no run listed twice');
        assert.equal(runs.reduce((s, r) => s + r.spans, 0), mine.length, 'run summaries count every span once');
        for (const r of runs) {
          const spans = mine.filter((e) => e.run_id === r.run_id);
          assert.equal(r.spans, spans.length, r.run_id);
          assert.equal(r.calls, spans.length, r.run_id);
          assert.equal(r.started_at, new Date(Math.min(...spans.map((e) => e.started_ms))).toISOString(), r.run_id);
        }
        const customers = (await request(c.url, `/customers?tenant_id=${tenant}`)).body;
        assert.equal(customers.total_customers, new Set(mine.map((e) => e.customer_id)).size);
        // Partial hours at both ends come from the raw events, whole hours from the rollup: exact either way.
        const from = T0 + HOUR / 3;
        const to = T0 + 2 * HOUR + HOUR / 2;
        const inRange = mine.filter((e) => e.started_ms >= from && e.started_ms < to);
        const ranged = (await request(c.url, `/insights?tenant_id=${tenant}&from=${from}&to=${to}`)).body.totals;
        assert.equal(ranged.calls, inRange.length);
        assert.ok(close(ranged.cost_usd, cost(inRange), 1e-9));
        views.push({ ins, runs });
      }
      assert.deepEqual(views[0], views[1], `${tenant}: both collectors answer identically`);
    }
  });

  it('a run split over batches sent to both collectors is one run', async () => {
    // Run 33 spans events 198..203: batch 0 (to a) and batch 1 (to b).
    const r = (await request(b.url, `/runs/m-run-33?tenant_id=${TENANTS[0]}`)).body;
    assert.deepEqual(r.events.map((e: any) => e.span_id).sort(), ['m-198', 'm-199', 'm-200', 'm-201', 'm-202', 'm-203']);
    assert.equal(r.run.spans, 6);
  });
});

const hasKeysCli = spawnSync(process.execPath, [CLI, 'keys', '--help'], { encoding: 'utf8', timeout: 30_000 }).stdout.includes('keys create');

describe('two collectors on one PostgreSQL database, required mode', { skip: SKIP || (!hasKeysCli && 'needs "llmobserve keys create"') }, () => {
  it('a key revoked through one collector is refused by both', async () => {
    const db = await freshDb('revocation');
    const keyOf = (scope: string) => {
      const r = spawnSync(process.execPath, [CLI, 'keys', 'create', '--db', db, '--tenant', 'rev', '--scope', scope, '--create-tenant', '--json'], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout) as { key: string; api_key: { id: string } };
    };
    const admin = keyOf('ingest,read,admin');
    const doomed = keyOf('ingest,read');
    const a = await startCollector({ db, args: ['--auth', 'required'] });
    const b = await startCollector({ db, args: ['--auth', 'required'] });
    try {
      const as = (key: string) => ({ authorization: `Bearer ${key}` });
      for (const [i, c] of [a, b].entries()) {
        const r = await post(c.url, [ev({ span_id: `rev-${i}` })], { headers: as(doomed.key) });
        assert.equal(r.status, 200, JSON.stringify(r.body));
      }
      const revoked = await request(a.url, `/api-keys/${doomed.api_key.id}`, { method: 'DELETE', headers: as(admin.key) });
      assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
      // API keys are cached for at most a second per collector.
      const deadline = Date.now() + 5000;
      const refusedBy = new Set<RunningCollector>();
      while (refusedBy.size < 2 && Date.now() < deadline) {
        for (const c of [a, b]) {
          if ((await request(c.url, '/insights', { headers: as(doomed.key) })).status === 401) refusedBy.add(c);
        }
        if (refusedBy.size < 2) await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(refusedBy.size, 2, 'both collectors refuse the revoked key');
      for (const c of [a, b]) {
        const ins = await request(c.url, '/insights', { headers: as(admin.key) });
        assert.equal(ins.status, 200);
        assert.equal(ins.body.totals.calls, 2);
      }
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});
