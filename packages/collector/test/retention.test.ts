// @storage sqlite,postgres
/**
 * Raw-event retention per tenant: set by the platform admin (PUT /tenants/:tenant_id/retention, or the CLI), applied
 * by the collector's sweeper in bounded batches; only the tenant's expired raw events go — its rollups and runs, and
 * every other tenant's events, stay. Runs on SQLite and in the PostgreSQL pass.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CLI, ev, freshDb, request, startCollector, tempDir, type RunningCollector } from './helpers/collector.js';
import { SqliteStorage } from '../src/storage/sqlite/sqlite-storage.js';
import type { StoredEventInput } from '../src/storage/types.js';

const DAY = 86_400_000;
const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000 });

function cliKey(db: string, tenant: string, scope: string): string {
  const r = cli('keys', 'create', '--db', db, '--tenant', tenant, '--scope', scope, '--create-tenant', '--json');
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout).key as string;
}

async function until(what: string, ok: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('raw-event retention per tenant', () => {
  let c: RunningCollector;
  let db: string;
  const keys: Record<string, string> = {};
  const as = (key: string, path: string, init: RequestInit & { json?: unknown } = {}) =>
    request(c.url, path, { ...init, headers: { authorization: `Bearer ${key}` } });
  const old = new Date(Date.now() - 10 * DAY).toISOString();
  const recent = new Date(Date.now() - DAY).toISOString();

  before(async () => {
    db = await freshDb('retention.sqlite');
    keys.acme = cliKey(db, 'acme', 'ingest,read');
    keys.acmeAdmin = cliKey(db, 'acme', 'admin');
    keys.globex = cliKey(db, 'globex', 'ingest,read');
    keys.platform = cliKey(db, 'platform', 'admin');
    // the CLI sets it too (and refuses nonsense)
    assert.equal(cli('tenants', 'retention', 'globex', '0', '--db', db).status, 2);
    const set = cli('tenants', 'retention', 'globex', '5', '--db', db);
    assert.equal(set.status, 0, set.stderr);
    assert.match(set.stdout, /globex keeps its raw events 5 days/);
    assert.match(cli('tenants', 'list', '--db', db).stdout, /globex\tretention 5 days/);
    const off = cli('tenants', 'retention', 'globex', 'off', '--db', db);
    assert.equal(off.status, 0, off.stderr);
    assert.match(off.stdout, /globex keeps its raw events for ever/);
    c = await startCollector({ db, args: ['--auth', 'required'], env: { LLMOBSERVE_RETENTION_INTERVAL_MS: '200', LLMOBSERVE_RETENTION_BATCH: '7' } });
    for (const t of ['acme', 'globex']) {
      const events = [
        ...Array.from({ length: 30 }, (_, i) => ev({ span_id: `${t}-old-${i}`, run_id: `${t}-old-${i % 6}`, started_at: old, customer_id: 'alice' })),
        ...Array.from({ length: 5 }, (_, i) => ev({ span_id: `${t}-new-${i}`, run_id: `${t}-new`, started_at: recent, customer_id: 'alice' })),
      ];
      assert.equal((await as(keys[t]!, '/events', { method: 'POST', json: events })).status, 200);
    }
  });
  after(async () => {
    await c?.stop();
  });

  it('is set by the platform admin only, within bounds, and listed', async () => {
    assert.equal((await as(keys.acmeAdmin!, '/tenants/acme/retention', { method: 'PUT', json: { retention_days: 3 } })).status, 403);
    assert.equal((await as(keys.platform!, '/tenants/acme/retention', { method: 'PUT', json: { retention_days: -1 } })).status, 400);
    assert.equal((await as(keys.platform!, '/tenants/acme/retention', { method: 'PUT', json: { retention_days: 36_501 } })).status, 400);
    assert.equal((await as(keys.platform!, '/tenants/acme/retention', { method: 'PUT', json: { retention_days: 1.5 } })).status, 400);
    // 0 (or null) is "for ever"
    const cleared = await as(keys.platform!, '/tenants/globex/retention', { method: 'PUT', json: { retention_days: 0 } });
    assert.equal(cleared.status, 200, JSON.stringify(cleared.body));
    assert.equal(cleared.body.tenant.retention_days, null);
    const set = await as(keys.platform!, '/tenants/acme/retention', { method: 'PUT', json: { retention_days: 3 } });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.deepEqual({ id: set.body.tenant.tenant_id, days: set.body.tenant.retention_days }, { id: 'acme', days: 3 });
    const list = (await as(keys.platform!, '/tenants')).body.tenants as { tenant_id: string; retention_days: number | null }[];
    assert.deepEqual(list.filter((t) => t.tenant_id === 'acme' || t.tenant_id === 'globex').map((t) => [t.tenant_id, t.retention_days]), [['acme', 3], ['globex', null]]);
  });

  it("deletes only that tenant's expired raw events, in batches; rollups and runs are kept", async () => {
    const events = async (key: string, run: string) => ((await as(key, `/runs/${run}`)).body.events as unknown[]).length;
    await until("acme's old events are gone", async () => {
      let left = 0;
      for (let r = 0; r < 6; r++) left += await events(keys.acme!, `acme-old-${r}`);
      return left === 0;
    });
    assert.equal(await events(keys.acme!, 'acme-new'), 5, 'recent events stay');
    let globexOld = 0;
    for (let r = 0; r < 6; r++) globexOld += await events(keys.globex!, `globex-old-${r}`);
    assert.equal(globexOld, 30, "another tenant's events stay");
    // the summaries still count every call: rollups and run summaries are kept
    const insights = (await as(keys.acme!, '/insights')).body;
    assert.equal(insights.totals.calls, 35);
    const run = (await as(keys.acme!, '/runs/acme-old-0')).body.run;
    assert.equal(run.calls, 5);
  });
});

describe('purgeExpiredEvents (SQLite, in-process)', () => {
  it('deletes at most the batch, oldest expired first, and only tenants with a retention', async () => {
    // (the writer thread's purge runs in the collector above: the built CLI)
    const storage = new SqliteStorage(join(tempDir(), 'purge.db'), { writerThread: false });
    try {
      const now = Date.now();
      const e = (tenant: string, i: number, age: number): StoredEventInput => ({
        tenant_id: tenant, span_id: `${tenant}-${i}`, run_id: `${tenant}-${i}`, parent_span_id: null, span_type: 'llm', section: null,
        section_path: null, customer_id: null, provider: 'p', endpoint: null, model: 'm', input_tokens: 1, output_tokens: 1,
        cache_read_tokens: 0, cache_write_tokens: 0, cache_write_1h_tokens: 0, token_details: null, reasoning_tokens: 0, units: null,
        reported_cost_usd: null, reported_cost_source: null, started_at: now - age, latency_ms: 1, status: 'ok', error: null,
        is_streaming: false, usage_estimated: false, metadata: null, sdk: null, received_at: now, cost_usd: 0.001, cost_status: 'priced', cost_source: 't',
      });
      await storage.writeEvents([
        ...Array.from({ length: 12 }, (_, i) => e('a', i, 9 * DAY + i)), e('a', 99, DAY),
        ...Array.from({ length: 4 }, (_, i) => e('b', i, 9 * DAY)),
      ]);
      await storage.admin.setTenantRetention('a', 2, now);
      assert.equal(await storage.purgeExpiredEvents(now, 5), 5);
      assert.equal(await storage.purgeExpiredEvents(now, 5), 5);
      assert.equal(await storage.purgeExpiredEvents(now, 5), 2);
      assert.equal(await storage.purgeExpiredEvents(now, 5), 0);
      assert.equal((await storage.forTenant('a').getRun('a-99'))!.events.length, 1);
      assert.equal((await storage.forTenant('b').getRun('b-0'))!.events.length, 1);
      assert.equal((await storage.forTenant('a').getRun('a-0'))!.events.length, 0, 'the summary stays, its events go');
      assert.equal((await storage.forTenant('a').aggregate({}, []))[0]!.calls, 13);
    } finally {
      await storage.close();
    }
  });
});
