// @storage sqlite,postgres
/**
 * PostgreSQL isolation, straight against the database with `pg`: row-level security as the app role, the admin
 * functions, `llmobserve migrate` and the checks `serve` makes before it accepts a database. PostgreSQL pass only.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import pg from 'pg';
import { CLI, only } from './helpers/collector.js';
import {
  createDatabase, pgUrl, runMigrate, TEST_APP_PASSWORD, TEST_APP_ROLE, TEST_OWNER_ROLE,
} from './helpers/postgres.js';
import { MIGRATIONS } from '../src/storage/sqlite/migrations.js';
import { PostgresStorage } from '../src/storage/postgres/postgres-storage.js';
import type { StoredEventInput } from '../src/storage/types.js';

/** The newest schema version (the SQLite and PostgreSQL migrations carry the same versions: checked below). */
const NEWEST = Math.max(...MIGRATIONS.map((m) => m.version));

const SKIP = only('postgres');
const TENANT_TABLES = ['trace_events', 'rollup_hourly', 'rollup_daily', 'rollup_daily_wide', 'rollup_wide_state', 'runs', 'api_keys', 'tenants', 'custom_prices'];
const MIGRATE_ARGS = ['--app-role', TEST_APP_ROLE, '--app-password', TEST_APP_PASSWORD, '--owner-role', TEST_OWNER_ROLE];

async function connect(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
}

/** Runs `fn` in a transaction with app.tenant_id set (or not, for null); always rolls back unless commit. */
async function inTenant<T>(c: pg.Client, tenant: string | null, fn: () => Promise<T>, commit = false): Promise<T> {
  await c.query('BEGIN');
  try {
    if (tenant !== null) await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant]);
    const r = await fn();
    await c.query(commit ? 'COMMIT' : 'ROLLBACK');
    return r;
  } catch (err) {
    await c.query('ROLLBACK');
    throw err;
  }
}

const count = async (c: pg.Client, table: string, where = 'true', params: unknown[] = []) =>
  Number((await c.query(`SELECT count(*) AS n FROM ${table} WHERE ${where}`, params)).rows[0].n);

const EVENT_INSERT = `INSERT INTO trace_events (tenant_id, span_id, run_id, span_type, cost_status, started_at, created_at)
  VALUES ($1, $2, $2, 'llm', 'priced', 1, 1)`;

function serve(db: string): Promise<{ status: number | null; stderr: string }> {
  return new Promise((res) => {
    const proc = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
    proc.on('exit', (status) => {
      clearTimeout(timer);
      res({ status, stderr });
    });
  });
}

describe('row-level security as the app role', { skip: SKIP }, () => {
  let db: string;
  let su: pg.Client;
  let app: pg.Client;

  before(async () => {
    db = await createDatabase('rls');
    const m = await runMigrate(pgUrl({ database: db }), MIGRATE_ARGS);
    assert.equal(m.status, 0, m.stderr);
    su = await connect(pgUrl({ database: db }));
    app = await connect(pgUrl({ user: TEST_APP_ROLE, password: TEST_APP_PASSWORD, database: db }));
    // Two tenants' data, written through the app role itself (as the collector does), one transaction per tenant.
    for (const t of ['tenant_a', 'tenant_b']) {
      await inTenant(app, t, async () => {
        await app.query(EVENT_INSERT, [t, `${t}-span`]);
        await app.query(`INSERT INTO rollup_hourly (tenant_id, hour, customer_id, provider, model, section_path, calls, cost_nanos, unpriced_calls, error_calls, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, latency_ms)
          VALUES ($1, 0, '', '', '', '', 1, 500000000, 0, 0, 1, 1, 0, 0, 0, 1)`, [t]);
        await app.query(`INSERT INTO runs (tenant_id, run_id, started_at, ended_at, customer_id, top_section, top_section_at, calls, spans, cost_nanos, unpriced_calls, error_calls, input_tokens, output_tokens)
          VALUES ($1, $2, 1, 2, NULL, NULL, NULL, 1, 1, 500000000, 0, 0, 1, 1)`, [t, `${t}-span`]);
        await app.query(`INSERT INTO api_keys (id, tenant_id, key_hash, prefix, scopes, created_at) VALUES ($1, $2, $3, 'llmo_sk_x', '{ingest}', 1)`, [`key-${t}`, t, `hash-${t}`]);
        await app.query(`INSERT INTO rollup_daily (tenant_id, family, day, key1, key2, key3, calls, cost_nanos, unpriced_calls, error_calls, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, estimated_calls, estimated_cost_nanos)
          VALUES ($1, 'total', 0, '', '', '', 1, 500000000, 0, 0, 1, 1, 0, 0, 0, 0, 0)`, [t]);
        await app.query(`INSERT INTO rollup_daily_wide (tenant_id, family, day, key1, key2, key3, key4, calls, cost_nanos, unpriced_calls, error_calls, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, estimated_calls, estimated_cost_nanos)
          VALUES ($1, 'customer_detail', 0, 'c', 'p', 'm', 's', 1, 500000000, 0, 0, 1, 1, 0, 0, 0, 0, 0)`, [t]);
        await app.query(`INSERT INTO rollup_wide_state (tenant_id, through_day) VALUES ($1, 0)`, [t]);
        await app.query(`INSERT INTO custom_prices (tenant_id, id, provider, model, input_per_mtok, effective_from, created_at) VALUES ($1, $2, 'p', 'm', 1, 0, 1)`, [t, `price-${t}`]);
      }, true);
    }
    await app.query(`SELECT * FROM llmo_create_tenant('tenant_a', 'A', 1)`);
  });
  after(async () => {
    await app?.end();
    await su?.end();
  });

  it('the app role is neither superuser nor BYPASSRLS nor the owner; every tenant table has RLS enabled and forced', async () => {
    const role = (await app.query(`SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`)).rows[0];
    assert.deepEqual(role, { rolsuper: false, rolbypassrls: false });
    const tables = (await su.query(
      `SELECT relname, relrowsecurity, relforcerowsecurity, pg_get_userbyid(relowner) AS owner FROM pg_class
       WHERE relname = ANY($1) AND relkind = 'r' ORDER BY relname`, [TENANT_TABLES],
    )).rows;
    assert.equal(tables.length, TENANT_TABLES.length);
    for (const t of tables) {
      assert.equal(t.relrowsecurity, true, t.relname);
      assert.equal(t.relforcerowsecurity, true, t.relname);
      assert.equal(t.owner, TEST_OWNER_ROLE, t.relname);
    }
  });

  it('without a tenant setting the app role sees zero rows in every tenant table (the rows exist)', async () => {
    for (const table of TENANT_TABLES) {
      assert.ok((await count(su, table)) > 0, `${table} has rows`);
      assert.equal(await inTenant(app, null, () => count(app, table)), 0, table);
      assert.equal(await count(app, table), 0, `${table}, outside any transaction`);
      assert.equal(await inTenant(app, '', () => count(app, table)), 0, `${table}, tenant set to ''`);
    }
  });

  it('with a tenant set it sees that tenant only, whatever the query asks for', async () => {
    await inTenant(app, 'tenant_a', async () => {
      assert.equal(await count(app, 'trace_events'), 1);
      assert.equal(await count(app, 'trace_events', 'tenant_id = $1', ['tenant_b']), 0);
      assert.equal(await count(app, 'runs', `tenant_id <> 'tenant_a'`), 0);
      assert.equal(await count(app, 'rollup_hourly'), 1);
      assert.equal(await count(app, 'api_keys'), 1);
      assert.equal(await count(app, 'tenants'), 1);
    });
    await inTenant(app, 'tenant_b', async () => assert.equal(await count(app, 'tenants'), 0, 'tenant_b is not registered'));
    // The setting is transaction-local: the next transaction on the same connection has none.
    await inTenant(app, 'tenant_a', async () => undefined, true);
    assert.equal(await inTenant(app, null, () => count(app, 'trace_events')), 0);
  });

  it('cannot insert into another tenant, nor without a tenant, nor move a row to another tenant', async () => {
    const refused = { code: '42501', message: /row-level security/ };
    await assert.rejects(inTenant(app, 'tenant_a', () => app.query(EVENT_INSERT, ['tenant_b', 'intruder'])), refused);
    await assert.rejects(inTenant(app, null, () => app.query(EVENT_INSERT, ['tenant_b', 'intruder'])), refused);
    await assert.rejects(inTenant(app, null, () => app.query(EVENT_INSERT, ['tenant_a', 'intruder'])), refused);
    await assert.rejects(inTenant(app, 'tenant_a', () => app.query(`INSERT INTO rollup_hourly VALUES ('tenant_b', 0, 'x', '', '', '', 1, 0.5, 0, 0, 1, 1, 0, 0, 0, 1)`)), refused);
    await assert.rejects(inTenant(app, 'tenant_a', () => app.query(`INSERT INTO runs VALUES ('tenant_b', 'r', 1, 2, NULL, NULL, NULL, 1, 1, 0.5, 0, 0, 1, 1)`)), refused);
    await assert.rejects(inTenant(app, 'tenant_a', () => app.query(`INSERT INTO api_keys (id, tenant_id, key_hash, prefix, scopes, created_at) VALUES ('k', 'tenant_b', 'h', 'p', '{admin}', 1)`)), refused);
    await assert.rejects(inTenant(app, 'tenant_a', () => app.query(`UPDATE runs SET tenant_id = 'tenant_b'`)), refused);
    // Other tenants' rows are invisible to UPDATE too: nothing changes.
    const upd = await inTenant(app, 'tenant_a', () => app.query(`UPDATE runs SET calls = 999 WHERE tenant_id = 'tenant_b'`), true);
    assert.equal(upd.rowCount, 0);
    assert.equal(await count(su, 'trace_events', `span_id = 'intruder'`), 0);
    assert.equal(await count(su, 'runs', 'calls = 999'), 0);
  });

  it('cannot delete, truncate, change the policies or switch row security off', async () => {
    const denied = { code: '42501' };
    await assert.rejects(inTenant(app, 'tenant_a', () => app.query('DELETE FROM trace_events')), denied);
    await assert.rejects(inTenant(app, 'tenant_a', () => app.query('TRUNCATE runs')), denied);
    await assert.rejects(app.query('ALTER TABLE trace_events DISABLE ROW LEVEL SECURITY'), denied);
    await assert.rejects(app.query('DROP POLICY tenant_isolation ON trace_events'), denied);
    // row_security = off makes a query that RLS would filter an error, never a bypass.
    await assert.rejects(inTenant(app, null, async () => {
      await app.query('SET LOCAL row_security = off');
      return app.query('SELECT * FROM trace_events');
    }), { code: '42501', message: /row-level security/ });
  });

  it('the owner too sees no event without a tenant (FORCE): the SECURITY DEFINER path cannot read events', async () => {
    await su.query('BEGIN');
    try {
      await su.query(`SET LOCAL ROLE ${su.escapeIdentifier(TEST_OWNER_ROLE)}`);
      assert.equal(await count(su, 'trace_events'), 0);
      assert.equal(await count(su, 'runs'), 0);
    } finally {
      await su.query('ROLLBACK');
    }
  });

  it('admin reads across tenants go through SECURITY DEFINER functions with a fixed search_path, owned by the owner', async () => {
    const fns = (await su.query(
      `SELECT proname, prosecdef, proconfig, pg_get_userbyid(proowner) AS owner, has_function_privilege($1, oid, 'EXECUTE') AS app,
              has_function_privilege('public', oid, 'EXECUTE') AS public
       FROM pg_proc WHERE proname LIKE 'llmo\\_%' ORDER BY proname`, [TEST_APP_ROLE],
    )).rows;
    assert.deepEqual(fns.map((f) => f.proname), ['llmo_analyze_customer_windows', 'llmo_budget_tenants', 'llmo_create_session', 'llmo_create_tenant', 'llmo_delete_session', 'llmo_due_delivery_tenants', 'llmo_find_api_key', 'llmo_find_session', 'llmo_get_tenant', 'llmo_list_tenants', 'llmo_purge_expired', 'llmo_set_tenant_retention', 'llmo_touch_api_keys']);
    for (const f of fns) {
      assert.equal(f.prosecdef, true, f.proname);
      assert.deepEqual(f.proconfig, ['search_path=pg_catalog, pg_temp'], f.proname);
      assert.equal(f.owner, TEST_OWNER_ROLE, f.proname);
      assert.equal(f.app, true, f.proname);
      assert.equal(f.public, false, f.proname);
    }
    // Without any tenant setting: the key lookup (authentication) and the tenant list work...
    const key = (await app.query(`SELECT * FROM llmo_find_api_key('hash-tenant_b')`)).rows[0];
    assert.equal(key.tenant_id, 'tenant_b');
    assert.equal(key.key_hash, undefined, 'the hash is never returned');
    const tenants = (await app.query('SELECT * FROM llmo_list_tenants()')).rows;
    assert.deepEqual(tenants.map((t) => [t.tenant_id, t.name]), [['tenant_a', 'A'], ['tenant_b', null]]);
    await app.query(`SELECT llmo_touch_api_keys(ARRAY['key-tenant_b'], ARRAY[5::bigint])`);
    assert.equal(Number((await su.query(`SELECT last_used_at FROM api_keys WHERE id = 'key-tenant_b'`)).rows[0].last_used_at), 5);
    // ...while the tables themselves stay closed to the app role.
    assert.equal(await count(app, 'api_keys'), 0);
    assert.equal(await count(app, 'tenants'), 0);
  });

  it('a batch of several tenants is atomic: one failing group rolls back the others', async () => {
    const storage = await PostgresStorage.open(pgUrl({ user: TEST_APP_ROLE, password: TEST_APP_PASSWORD, database: db }));
    try {
      const event = (tenant: string, span: string): StoredEventInput => ({
        tenant_id: tenant, span_id: span, run_id: span, parent_span_id: null, span_type: 'llm', section: null, section_path: null,
        customer_id: null, provider: 'openai', endpoint: null, model: 'gpt-4o-mini', input_tokens: 1, output_tokens: 1,
        cache_read_tokens: 0, cache_write_tokens: 0, cache_write_1h_tokens: 0, token_details: null, reasoning_tokens: 0, units: null, reported_cost_usd: null,
        reported_cost_source: null, started_at: 1, latency_ms: 1, status: 'ok', error: null, is_streaming: false,
        usage_estimated: false, metadata: null, sdk: null, received_at: 1, cost_usd: 0.1, cost_status: 'priced', cost_source: 'test',
      });
      // Groups are written in tenant order: tenant_z's (a value the database refuses) fails after tenant_a's was written.
      await assert.rejects(storage.writeEvents([event('tenant_a', 'atomic-1'), { ...event('tenant_z', 'atomic-2'), started_at: Number.NaN }]));
      // '' is no tenant: refused too.
      await assert.rejects(storage.writeEvents([event('tenant_a', 'atomic-1'), event('', 'atomic-2')]));
      assert.equal(await count(su, 'trace_events', `span_id LIKE 'atomic-%'`), 0);
      const ok = await storage.writeEvents([event('tenant_b', 'atomic-3'), event('tenant_a', 'atomic-4'), event('tenant_b', 'atomic-3')]);
      assert.deepEqual(ok, { accepted: 2, duplicateIndexes: [2] });
      assert.deepEqual((await storage.admin.listTenants()).map((t) => t.tenant_id), ['tenant_a', 'tenant_b']);
    } finally {
      await storage.close();
    }
  });
});

describe('llmobserve migrate and serve on PostgreSQL', { skip: SKIP }, () => {
  it('migrate applies the same versions as SQLite once, then reports the database up to date', async () => {
    const db = await createDatabase('migrate');
    const first = await runMigrate(pgUrl({ database: db }), MIGRATE_ARGS);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /schema owner: llmobserve_test_owner; app role: llmobserve_test_app/);
    assert.match(first.stdout, /applied migration 1: core schema/);
    const again = await runMigrate(pgUrl({ database: db }), MIGRATE_ARGS.slice(0, 2));
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, new RegExp(`up to date \\(schema version ${NEWEST}\\)`));
    const su = await connect(pgUrl({ database: db }));
    try {
      const rows = (await su.query('SELECT version, name FROM schema_migrations ORDER BY version')).rows;
      assert.deepEqual(rows, MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    } finally {
      await su.end();
    }
  });

  it('migrate needs a password to create a missing app role, and says how to give it', async () => {
    const db = await createDatabase('nopw');
    const r = await runMigrate(pgUrl({ database: db }), ['--app-role', 'llmobserve_test_nopw', '--owner-role', TEST_OWNER_ROLE]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /app role "llmobserve_test_nopw" does not exist: give its password with --app-password \(or LLMOBSERVE_APP_PASSWORD\)/);
  });

  it('serve refuses a superuser, a BYPASSRLS role and the schema owner, saying why', async () => {
    const db = await createDatabase('refuse');
    assert.equal((await runMigrate(pgUrl({ database: db }), MIGRATE_ARGS)).status, 0);
    const su = await connect(pgUrl({ database: db }));
    try {
      for (const sql of [
        `CREATE ROLE llmobserve_test_bypass LOGIN BYPASSRLS PASSWORD 'bypass'`,
        `CREATE ROLE llmobserve_test_ownerlogin LOGIN PASSWORD 'ownerlogin' IN ROLE ${TEST_OWNER_ROLE}`,
      ]) {
        await su.query(sql).catch((err: { code?: string }) => {
          if (err.code !== '42710') throw err; // exists from an earlier run
        });
      }
    } finally {
      await su.end();
    }
    const asSuper = await serve(pgUrl({ database: db }));
    assert.equal(asSuper.status, 2);
    assert.match(asSuper.stderr, /refusing to serve as the PostgreSQL superuser "[^"]+": it bypasses row-level security/);
    const bypass = await serve(pgUrl({ user: 'llmobserve_test_bypass', password: 'bypass', database: db }));
    assert.equal(bypass.status, 2);
    assert.match(bypass.stderr, /BYPASSRLS role "llmobserve_test_bypass": it bypasses row-level security/);
    const owner = await serve(pgUrl({ user: 'llmobserve_test_ownerlogin', password: 'ownerlogin', database: db }));
    assert.equal(owner.status, 2);
    assert.match(owner.stderr, /schema owner "llmobserve_test_owner".*Serve with the app role/);
  });

  it('serve refuses a database without the schema, with pending migrations, or without forced RLS, and says to migrate', async () => {
    const appUrl = (db: string) => pgUrl({ user: TEST_APP_ROLE, password: TEST_APP_PASSWORD, database: db });
    const empty = await createDatabase('empty');
    const none = await serve(appUrl(empty));
    assert.equal(none.status, 2);
    assert.match(none.stderr, /no LLMObserve schema yet: run "llmobserve migrate --db <owner or superuser URL>/);

    const db = await createDatabase('pending');
    assert.equal((await runMigrate(pgUrl({ database: db }), MIGRATE_ARGS)).status, 0);
    const su = await connect(pgUrl({ database: db }));
    try {
      await su.query('DELETE FROM schema_migrations WHERE version >= 3');
      const pending = await serve(appUrl(db));
      assert.equal(pending.status, 2);
      assert.match(pending.stderr, new RegExp(`schema version 2, this collector needs ${NEWEST}: migrations are pending; run "llmobserve migrate`));
      // every migration from 3 on recorded again (whatever their number: the list is the collector's own)
      const later = MIGRATIONS.filter((m) => m.version >= 3);
      await su.query(`INSERT INTO schema_migrations (version, name) SELECT * FROM unnest($1::int[], $2::text[])`, [later.map((m) => m.version), later.map((m) => m.name)]);
      await su.query('ALTER TABLE runs NO FORCE ROW LEVEL SECURITY');
      const unforced = await serve(appUrl(db));
      assert.equal(unforced.status, 2);
      assert.match(unforced.stderr, /row-level security is not enabled and forced on table runs/);
    } finally {
      await su.end();
    }
  });
});
