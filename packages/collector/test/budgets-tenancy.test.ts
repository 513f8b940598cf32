// @storage sqlite,postgres
/**
 * Tenant isolation of budgets, alerts and webhooks through every route (required-auth mode, one API key per tenant),
 * and on PostgreSQL: row-level security on the new tables as the non-superuser app role, and two collectors on one
 * database raising one alert and one webhook.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { CLI, ev, freshDb, only, post, request, startCollector, type RunningCollector } from './helpers/collector.js';
import { Receiver, until } from './helpers/webhook-receiver.js';

const FAST = { LLMOBSERVE_WEBHOOK_BACKOFF_MS: '100', LLMOBSERVE_WEBHOOK_POLL_MS: '100', LLMOBSERVE_BUDGET_EVAL_INTERVAL_MS: '20', LLMOBSERVE_WEBHOOK_ALLOW_PRIVATE: '1' };

function cliKey(db: string, tenant: string, scope: string): string {
  const r = spawnSync(process.execPath, [CLI, 'keys', 'create', '--db', db, '--tenant', tenant, '--scope', scope, '--create-tenant', '--json'], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout).key as string;
}

describe('budgets, alerts and webhooks: tenant isolation through every route', () => {
  let c: RunningCollector;
  let rx: Receiver;
  const keys: Record<string, string> = {};
  const as = (tenant: string, path: string, init: RequestInit & { json?: unknown } = {}) => request(c.url, path, { ...init, headers: { authorization: `Bearer ${keys[tenant]}` } });
  before(async () => {
    rx = await new Receiver().start();
    const db = await freshDb();
    keys.acme = cliKey(db, 'acme', 'ingest,read,admin');
    keys.globex = cliKey(db, 'globex', 'ingest,read,admin');
    keys.acmeRead = cliKey(db, 'acme', 'read');
    keys.acmeIngest = cliKey(db, 'acme', 'ingest');
    c = await startCollector({ db, args: ['--auth', 'required'], env: FAST });
  });
  after(async () => {
    await c?.stop();
    await rx?.stop();
  });

  it("another tenant's budget, alerts and webhook are not found through any route; read scope cannot change them", async () => {
    const b = (await as('acme', '/budgets', { method: 'POST', json: { name: 'acme all', amount_usd: '0.000001', thresholds: [1] } })).body.budget;
    assert.ok(b?.id);
    const w = (await as('acme', '/webhooks', { method: 'POST', json: { url: rx.url } })).body.webhook;
    assert.ok(w?.id);
    await post(c.url, [ev({ started_at: new Date().toISOString() })], { headers: { authorization: `Bearer ${keys.acme}` } });
    await until(async () => (await as('acme', '/alerts')).body.alerts.length === 1, 10_000, 'acme alert');
    await rx.waitFor(1);

    assert.deepEqual((await as('globex', '/budgets')).body.budgets, []);
    assert.deepEqual((await as('globex', '/alerts')).body.alerts, []);
    assert.deepEqual((await as('globex', '/webhooks')).body.webhooks, []);
    assert.deepEqual((await as('globex', '/budgets/blocked')).body.blocked, []);
    for (const [method, path] of [['GET', `/budgets/${b.id}`], ['GET', `/budgets/${b.id}/status`], ['PATCH', `/budgets/${b.id}`], ['DELETE', `/budgets/${b.id}`], ['DELETE', `/webhooks/${w.id}`], ['POST', `/webhooks/${w.id}/test`]] as const) {
      const r = await as('globex', path, { method, ...(method === 'PATCH' ? { json: { name: 'stolen' } } : {}) });
      assert.equal(r.status, 404, `${method} ${path}`);
    }
    for (const path of ['/budgets?tenant_id=acme', '/alerts?tenant_id=acme', '/webhooks?tenant_id=acme']) assert.equal((await as('globex', path)).status, 403, path);
    assert.equal((await as('acmeRead', '/budgets', { method: 'POST', json: { name: 'x', amount_usd: '1' } })).status, 403, 'admin scope needed');
    assert.equal((await as('acmeRead', `/budgets/${b.id}`, { method: 'DELETE' })).status, 403);
    assert.equal((await as('acmeRead', `/budgets/${b.id}/status`)).status, 200);
    assert.equal((await as('acmeIngest', '/budgets/blocked')).status, 200, "the SDK's ingest key reads the blocked list");
    assert.equal((await as('acmeIngest', '/budgets')).status, 403, 'and nothing else of the budgets');
    assert.equal((await as('acme', `/budgets/${b.id}`)).body.budget.name, 'acme all', 'unchanged');
    assert.equal((await as('acme', '/webhooks')).body.webhooks.length, 1);
  });
});

describe('budgets on PostgreSQL', { skip: only('postgres') }, () => {
  it('row-level security on budgets, states, alerts, endpoints and deliveries, as the app role', async () => {
    const db = await freshDb('rls');
    const c = await startCollector({ db, env: FAST });
    const rx = await new Receiver().start();
    try {
      for (const t of ['tenant_a', 'tenant_b']) {
        await request(c.url, `/webhooks?tenant_id=${t}`, { method: 'POST', json: { url: rx.url } });
        await request(c.url, `/budgets?tenant_id=${t}`, { method: 'POST', json: { name: t, amount_usd: '0.000001', thresholds: [1] } });
        await post(c.url, [ev({ tenant_id: t, started_at: new Date().toISOString() })]);
      }
      await rx.waitFor(2);
      const app = new pg.Client({ connectionString: db });
      await app.connect();
      try {
        const role = (await app.query('SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user')).rows[0];
        assert.deepEqual(role, { rolsuper: false, rolbypassrls: false });
        for (const table of ['budgets', 'budget_states', 'budget_alerts', 'webhook_endpoints', 'webhook_deliveries']) {
          assert.equal(Number((await app.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n), 0, `${table} without a tenant`);
          await app.query('BEGIN');
          await app.query(`SELECT set_config('app.tenant_id', 'tenant_a', true)`);
          const rows = (await app.query(`SELECT DISTINCT tenant_id FROM ${table}`)).rows.map((r) => r.tenant_id);
          await app.query('COMMIT');
          assert.deepEqual(rows, ['tenant_a'], table);
        }
        await app.query('BEGIN');
        await app.query(`SELECT set_config('app.tenant_id', 'tenant_a', true)`);
        await assert.rejects(app.query(`INSERT INTO budgets (tenant_id, id, name, amount_nanos, period, timezone, thresholds, action, unpriced, created_at, updated_at)
          VALUES ('tenant_b', 'x', 'x', 1, 'day', 'UTC', '[]', 'alert', 'flag', 1, 1)`), /row-level security/);
        await app.query('ROLLBACK');
      } finally {
        await app.end();
      }
    } finally {
      await c.stop();
      await rx.stop();
    }
  });

  it('two collectors on one database: 20 concurrent batches split between them raise one alert and one webhook', async () => {
    const db = await freshDb('two');
    const rx = await new Receiver().start();
    const a = await startCollector({ db, env: FAST });
    const b = await startCollector({ db, env: FAST });
    try {
      await request(a.url, '/webhooks', { method: 'POST', json: { url: rx.url } });
      await request(a.url, '/budgets', { method: 'POST', json: { name: 'shared', amount_usd: '0.000001', thresholds: [1] } });
      await Promise.all(Array.from({ length: 20 }, (_, i) => post((i % 2 ? a : b).url, [ev({ started_at: new Date().toISOString() })])));
      await rx.waitFor(1);
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(rx.received.length, 1);
      assert.equal((await request(b.url, '/alerts')).body.alerts.length, 1);
    } finally {
      await a.stop();
      await b.stop();
      await rx.stop();
    }
  });
});
