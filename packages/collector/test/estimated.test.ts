// @storage sqlite,postgres
/**
 * Estimated usage is visible: /insights, /customers, /customers/:id and runs report how much of the cost and how
 * many calls rest on usage the SDK estimated (`estimated_cost_usd`, `estimated_calls`), from the rollups (whole
 * hours) and the raw events (partial hours) alike; migration 7 backfills them for events stored before it.
 * Runs on SQLite and (in the PostgreSQL pass) on PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { close, ev, gpt4oMiniCost, post, request, startCollector, STORAGE, type RunningCollector } from './helpers/collector.js';

const T = 'est_tenant';
// whole past hours (rollup) and an event in the current hour (raw)
const now = new Date();
const thisHour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000 + 1000).toISOString();
const events = [
  ev({ tenant_id: T, customer_id: 'alice', run_id: 'r1', input_tokens: 1000, output_tokens: 100, usage_estimated: true, started_at: '2026-01-15T10:00:00Z' }),
  ev({ tenant_id: T, customer_id: 'alice', run_id: 'r1', input_tokens: 2000, output_tokens: 200, started_at: '2026-01-15T10:00:01Z' }),
  ev({ tenant_id: T, customer_id: 'bob', run_id: 'r2', input_tokens: 4000, output_tokens: 0, started_at: '2026-01-16T10:00:00Z' }),
  ev({ tenant_id: T, customer_id: 'bob', run_id: 'r3', input_tokens: 500, output_tokens: 50, usage_estimated: true, started_at: thisHour }),
  // estimated but unpriced: counted as an estimated call, adds no cost
  ev({ tenant_id: T, customer_id: 'bob', run_id: 'r3', provider: 'ollama', model: 'llama-local', usage_estimated: true, started_at: thisHour }),
  // a section span is not a call
  ev({ tenant_id: T, customer_id: 'alice', run_id: 'r1', span_type: 'section', provider: null, model: null, input_tokens: 0, output_tokens: 0, usage_estimated: true, started_at: '2026-01-15T10:00:00Z' }),
];
const aliceEst = gpt4oMiniCost(1000, 100);
const bobEst = gpt4oMiniCost(500, 50);

let c: RunningCollector;
before(async () => {
  c = await startCollector();
  const r = await post(c.url, events);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.accepted, events.length);
});
after(async () => {
  await c?.stop();
});

async function check(base: string) {
  const q = `tenant_id=${T}&from=2026-01-01T00:00:00Z`;
  const ins = (await request(base, `/insights?${q}`)).body;
  assert.equal(ins.totals.estimated_calls, 3);
  assert.ok(close(ins.totals.estimated_cost_usd, aliceEst + bobEst), `${ins.totals.estimated_cost_usd}`);
  const byCustomer = Object.fromEntries(ins.by_customer.map((r: any) => [r.customer_id, r]));
  assert.equal(byCustomer.alice.estimated_calls, 1);
  assert.ok(close(byCustomer.alice.estimated_cost_usd, aliceEst));
  const customers = (await request(base, `/customers?${q}`)).body;
  const bob = customers.customers.find((r: any) => r.customer_id === 'bob');
  assert.equal(bob.estimated_calls, 2);
  assert.ok(close(bob.estimated_cost_usd, bobEst));
  assert.ok(close(customers.total_estimated_cost_usd, aliceEst + bobEst));
  const one = (await request(base, `/customers/alice?${q}`)).body;
  assert.equal(one.totals.estimated_calls, 1);
  assert.ok(close(one.totals.estimated_cost_usd, aliceEst));
  const runs = (await request(base, `/runs?tenant_id=${T}`)).body;
  const r1 = runs.runs.find((r: any) => r.run_id === 'r1');
  const r2 = runs.runs.find((r: any) => r.run_id === 'r2');
  assert.equal(r1.estimated_calls, 1);
  assert.ok(close(r1.estimated_cost_usd, aliceEst));
  assert.equal(r2.estimated_calls, 0);
  assert.equal(r2.estimated_cost_usd, 0);
  const detail = (await request(base, `/runs/r3?tenant_id=${T}`)).body;
  assert.equal(detail.run.estimated_calls, 2);
  assert.ok(close(detail.run.estimated_cost_usd, bobEst));
}

describe('estimated cost and calls', () => {
  it('reported by /insights, /customers, /customers/:id, /runs and /runs/:id', async () => {
    await check(c.url);
  });

  it(`migrations 7 and 9 backfill them from the stored events, costs then as exact nano-dollars (${STORAGE})`, async () => {
    await c.stop();
    // back to schema 6: float costs again, the estimated columns gone, migrations 7 and 9 not recorded
    const real = STORAGE === 'sqlite' ? 'REAL' : 'double precision';
    const drop = [
      `ALTER TABLE trace_events ADD COLUMN cost_usd ${real}`,
      `UPDATE trace_events SET cost_usd = cost_nanos / 1e9`,
      `ALTER TABLE trace_events DROP COLUMN cost_nanos`,
      ...['rollup_hourly', 'rollup_daily', 'runs'].flatMap((t) => [
        `ALTER TABLE ${t} ADD COLUMN cost_usd ${real} NOT NULL DEFAULT 0`,
        `UPDATE ${t} SET cost_usd = cost_nanos / 1e9`,
        `ALTER TABLE ${t} DROP COLUMN cost_nanos`,
        `ALTER TABLE ${t} DROP COLUMN estimated_calls`,
        `ALTER TABLE ${t} DROP COLUMN estimated_cost_nanos`,
      ]),
      // the week rows of migration 17 (filled again after 9 re-makes rollup_daily)
      `DELETE FROM rollup_daily_wide WHERE family LIKE '%@week'`,
      // and the rest of migration 9: retention (PostgreSQL: its policy and functions too)
      `ALTER TABLE tenants DROP COLUMN retention_days`,
      ...(STORAGE === 'postgres' ? ['DROP POLICY admin_tenants_update ON tenants', 'DROP FUNCTION llmo_set_tenant_retention(text, integer, bigint)', 'DROP FUNCTION llmo_purge_expired(bigint, integer)'] : []),
    ];
    if (STORAGE === 'sqlite') {
      const db = new Database(c.db);
      for (const s of drop) db.exec(s);
      // (and 16 and 17, which fill a daily family and the week rows into the rollup_daily that 9 re-makes)
      db.prepare('DELETE FROM schema_migrations WHERE version IN (7, 9, 16, 17)').run();
      db.close();
    } else {
      // as the superuser (the app role may not alter tables)
      const { pgUrl } = await import('./helpers/postgres.js');
      const u = new URL(c.db);
      const client = new pg.Client({ connectionString: pgUrl({ database: u.pathname.slice(1) }) });
      await client.connect();
      try {
        for (const s of drop) await client.query(s);
        await client.query('DELETE FROM schema_migrations WHERE version IN (7, 9, 16, 17)');
      } finally {
        await client.end();
      }
    }
    if (STORAGE === 'postgres') {
      const { pgUrl, runMigrate, TEST_APP_ROLE, TEST_APP_PASSWORD, TEST_OWNER_ROLE } = await import('./helpers/postgres.js');
      const u = new URL(c.db);
      const m = await runMigrate(pgUrl({ database: u.pathname.slice(1) }), ['--app-role', TEST_APP_ROLE, '--app-password', TEST_APP_PASSWORD, '--owner-role', TEST_OWNER_ROLE]);
      assert.equal(m.status, 0, m.stderr);
      assert.match(m.stdout, /applied migration 7/);
      assert.match(m.stdout, /applied migration 9/);
    }
    c = await startCollector({ db: c.db });
    await check(c.url);
  });
});
