// @storage sqlite,postgres
/** CLI, migrations (incl. the seed's pre-tenant schema) and graceful shutdown, through the real built binary. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../src/storage/sqlite/migrations.js';
import { CLI, close, ev, gpt4oMiniCost, only, post, request, startCollector, tempDir } from './helpers/collector.js';

const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000 });

// SQLite files (PostgreSQL's migrate and serve checks are in postgres-rls.test.ts); shutdown runs on both storages.
describe('llmobserve CLI', { skip: only('sqlite') }, () => {
  it('has --help on every command', () => {
    for (const args of [['--help'], ['serve', '--help'], ['migrate', '--help'], ['help', 'serve']]) {
      const r = cli(...args);
      assert.equal(r.status, 0, args.join(' '));
      assert.match(r.stdout, /Usage: llmobserve/);
    }
    assert.match(cli('serve', '--help').stdout, /--db FILE\|URL/);
  });
  it('explains mistakes with exit code 2', () => {
    const unknown = cli('frobnicate');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown command "frobnicate"/);
    const badPort = cli('serve', '--port', 'eighty');
    assert.equal(badPort.status, 2);
    assert.match(badPort.stderr, /--port: "eighty" is not a port number/);
    const badFlag = cli('serve', '--bogus');
    assert.equal(badFlag.status, 2);
    assert.match(badFlag.stderr, /bogus/);
  });
  it('migrate applies the migrations once, then reports the database up to date', () => {
    const db = join(tempDir(), 'sub', 'dir', 'm.sqlite');
    const first = cli('migrate', '--db', db);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /applied migration 1: core schema/);
    const again = cli('migrate', '--db', db);
    assert.match(again.stdout, new RegExp(`up to date \\(schema version ${Math.max(...MIGRATIONS.map((m) => m.version))}\\)`));
    const tables = new Database(db, { readonly: true }).prepare(`SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all();
    assert.deepEqual(tables.map((t: any) => t.name), [
      'api_keys', 'billing_hourly', 'billing_late', 'billing_monthly', 'billing_outbox', 'billing_periods', 'billing_reprices', 'billing_rules',
      'billing_settings', 'billing_statements', 'budget_alerts', 'budget_states', 'budgets', 'custom_prices', 'customer_totals', 'customer_totals_state', 'insight_daily', 'insight_findings', 'insight_minute', 'insight_state', 'rollup_daily', 'rollup_daily_wide', 'rollup_fold', 'rollup_hourly', 'rollup_wide_state', 'runs', 'schema_migrations', 'sessions', 'tenants', 'trace_events', 'webhook_deliveries', 'webhook_endpoints',
    ]);
  });
  it('reads DATABASE_URL and refuses unknown URL schemes clearly', () => {
    const r = spawnSync(process.execPath, [CLI, 'migrate'], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, DATABASE_URL: 'mysql://x/y' } });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unsupported database URL scheme/);
  });
});

describe('upgrade of a database made by the seed (before tenant_id existed)', { skip: only('sqlite') }, () => {
  it('is upgraded at start; its rows read as default_tenant, with rollups and runs', async () => {
    const file = join(tempDir(), 'seed.sqlite');
    const seed = new Database(file);
    // The seed collector's trace_events (SQLModel) as it stood before its migration 003 added tenant_id.
    seed.exec(`
      CREATE TABLE trace_events (
        id VARCHAR NOT NULL PRIMARY KEY, created_at DATETIME NOT NULL, run_id VARCHAR NOT NULL, span_id VARCHAR NOT NULL,
        parent_span_id VARCHAR, section VARCHAR NOT NULL, section_path VARCHAR, span_type VARCHAR NOT NULL,
        provider VARCHAR NOT NULL, endpoint VARCHAR NOT NULL, model VARCHAR, input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL, cached_tokens INTEGER NOT NULL DEFAULT 0, cost_usd FLOAT NOT NULL,
        latency_ms FLOAT NOT NULL, status VARCHAR NOT NULL, is_streaming BOOLEAN NOT NULL DEFAULT 0,
        stream_cancelled BOOLEAN NOT NULL DEFAULT 0, customer_id VARCHAR, event_metadata JSON);
      CREATE INDEX ix_trace_events_run_id ON trace_events (run_id);
      CREATE INDEX ix_trace_events_customer_id ON trace_events (customer_id);`);
    const ins = seed.prepare(`INSERT INTO trace_events (id, created_at, run_id, span_id, parent_span_id, section, section_path, span_type,
      provider, endpoint, model, input_tokens, output_tokens, cached_tokens, cost_usd, latency_ms, status, customer_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    ins.run('u1', '2025-11-01 10:00:00.000000', 'run1', 'root', null, 'agent:planner', 'agent:planner', 'agent', 'internal', 'agent', null, 0, 0, 0, 0, 1500, 'ok', 'alice');
    ins.run('u2', '2025-11-01 10:00:00.250000', 'run1', 's1', 'root', 'agent:planner', 'agent:planner', 'llm', 'openai', 'chat.completions', 'gpt-4o-mini', 1000, 100, 200, 0.000195, 800, 'ok', 'alice');
    ins.run('u3', '2025-11-01 11:00:00.000000', 'run2', 's2', null, 'default', null, 'llm', 'openai', 'chat.completions', 'gpt-4o', 500, 50, 0, 0.00175, 400, 'error', 'bob');
    seed.close();

    const c = await startCollector({ db: file });
    try {
      assert.match(c.stdout(), /upgraded a pre-tenant database/);
      const ins = (await request(c.url, '/insights')).body;
      assert.equal(ins.tenant_id, 'default_tenant');
      assert.equal(ins.totals.calls, 2);
      assert.equal(ins.totals.error_calls, 1);
      assert.equal(ins.totals.cache_read_tokens, 200);
      assert.ok(close(ins.totals.cost_usd, 0.000195 + 0.00175));
      const run = (await request(c.url, '/runs/run1')).body;
      assert.deepEqual(run.events.map((e: any) => [e.span_id, e.tenant_id]), [['root', 'default_tenant'], ['s1', 'default_tenant']]);
      assert.equal(run.tree[0].children[0].span_id, 's1');
      assert.equal(run.run.customer_id, 'alice');
      assert.equal(run.events[0].started_at, '2025-11-01T10:00:00.000Z');
      assert.equal(run.events[1].cost_source, 'legacy');
      // New events go in beside the old ones; the old table is kept, nothing is lost.
      const r = await post(c.url, [ev({ span_id: 'new-1' })]);
      assert.equal(r.body.accepted, 1);
      assert.equal((await request(c.url, '/insights')).body.totals.calls, 3);
    } finally {
      await c.stop();
    }
    const kept = new Database(file, { readonly: true });
    assert.equal((kept.prepare('SELECT COUNT(*) AS n FROM legacy_trace_events').get() as any).n, 3);
    kept.close();
    // A second start does not import again.
    const again = await startCollector({ db: file });
    try {
      assert.doesNotMatch(again.stdout(), /upgraded/);
      assert.equal((await request(again.url, '/insights')).body.totals.calls, 3);
    } finally {
      await again.stop();
    }
  });
});

describe('shutdown', () => {
  it('SIGTERM finishes the in-flight batch: acknowledged events are on disk after restart', async () => {
    const c = await startCollector();
    const batch = Array.from({ length: 5000 }, (_, i) => ev({ tenant_id: 'sd', span_id: `sd${i}` }));
    const pending = post(c.url, batch);
    await new Promise((r) => setTimeout(r, 5));
    c.proc.kill('SIGTERM');
    const res = await pending.catch((e: Error) => ({ status: -1, body: String(e) }));
    const code = await c.stop();
    assert.equal(code, 0);
    const again = await startCollector({ db: c.db });
    try {
      const calls = (await request(again.url, '/insights?tenant_id=sd')).body.totals.calls;
      if (res.status === 200) assert.equal(calls, 5000, 'an acknowledged batch is stored whole');
      else assert.ok(calls === 0 || calls === 5000, 'a batch is all or nothing');
      assert.ok(close((await request(again.url, '/insights?tenant_id=sd')).body.totals.cost_usd, calls * gpt4oMiniCost(1000, 100), 1e-9));
    } finally {
      await again.stop();
    }
  });
  it('kill -9 right after an acknowledged batch loses nothing', async () => {
    const c = await startCollector();
    const r = await post(c.url, Array.from({ length: 2000 }, (_, i) => ev({ tenant_id: 'k9', span_id: `k${i}` })));
    assert.equal(r.status, 200);
    await c.stop('SIGKILL');
    const again = await startCollector({ db: c.db });
    try {
      assert.equal((await request(again.url, '/insights?tenant_id=k9')).body.totals.calls, 2000);
      assert.equal((await request(again.url, '/runs?tenant_id=k9&limit=1')).body.runs.length, 1);
    } finally {
      await again.stop();
    }
  });
});

