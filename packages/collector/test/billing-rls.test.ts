// @storage sqlite,postgres
/**
 * Row-level security of every billing table (migration 11), straight against PostgreSQL as the app role: enabled and
 * forced, rows of the transaction's tenant only, no row without a tenant, no insert into another tenant. PG pass only.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { only } from './helpers/collector.js';
import { createDatabase, pgUrl, runMigrate, TEST_APP_PASSWORD, TEST_APP_ROLE, TEST_OWNER_ROLE } from './helpers/postgres.js';
import { BILLING_TABLES } from '../src/storage/billing/ddl.js';

const SKIP = only('postgres');

/** One row per table, for a tenant (values in column order). */
const ROWS: Record<(typeof BILLING_TABLES)[number], string> = {
  billing_hourly: `($1, 0, 'c', 'p', 'm', 'f', '', 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0)`,
  billing_monthly: `($1, 0, 'c', 'p', 'm', 'f', '', 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0)`,
  billing_settings: `($1, 'UTC', 'USD', '0', '0', '0', 'llm_usage', 1)`,
  billing_rules: `($1, 'r1', 'tenant', '', NULL, 'percent', '10', 1)`,
  billing_periods: `($1, '2026-10', 0, 1, 'UTC', 1, 'v', 1, 'h')`,
  billing_statements: `($1, '2026-10', 'c', 1, 1, 'h', '{}')`,
  billing_late: `($1, 's1', 'c', '2026-10', 1)`,
  billing_outbox: `($1, 'id1', '2026-10', 'c', 'k', 'e', 'c', '1', 1, 1, 'pending', 0, NULL, 1, NULL)`,
  billing_reprices: `($1, 'rp1', 1, 0, 1, 0, 1, 1, '[]')`,
};

describe('billing tables: row-level security as the app role', { skip: SKIP }, () => {
  let su: pg.Client;
  let app: pg.Client;
  const inTenant = async <T>(tenant: string | null, fn: () => Promise<T>, commit = false): Promise<T> => {
    await app.query('BEGIN');
    try {
      if (tenant !== null) await app.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant]);
      const r = await fn();
      await app.query(commit ? 'COMMIT' : 'ROLLBACK');
      return r;
    } catch (err) {
      await app.query('ROLLBACK');
      throw err;
    }
  };
  const count = async (c: pg.Client, table: string) => Number((await c.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);

  before(async () => {
    const db = await createDatabase('billing_rls');
    const m = await runMigrate(pgUrl({ database: db }), ['--app-role', TEST_APP_ROLE, '--app-password', TEST_APP_PASSWORD, '--owner-role', TEST_OWNER_ROLE]);
    assert.equal(m.status, 0, m.stderr);
    su = new pg.Client({ connectionString: pgUrl({ database: db }) });
    await su.connect();
    app = new pg.Client({ connectionString: pgUrl({ user: TEST_APP_ROLE, password: TEST_APP_PASSWORD, database: db }) });
    await app.connect();
    for (const t of ['tenant_a', 'tenant_b']) {
      await inTenant(t, async () => {
        for (const [table, values] of Object.entries(ROWS)) await app.query(`INSERT INTO ${table} VALUES ${values}`, [t]);
      }, true);
    }
  });
  after(async () => {
    await app?.end();
    await su?.end();
  });

  it('every billing table has RLS enabled and forced, owned by the owner role', async () => {
    const rows = (await su.query(`SELECT relname, relrowsecurity, relforcerowsecurity, pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relname = ANY($1) AND relkind = 'r'`, [[...BILLING_TABLES]])).rows;
    assert.equal(rows.length, BILLING_TABLES.length);
    for (const r of rows) assert.deepEqual([r.relname, r.relrowsecurity, r.relforcerowsecurity, r.owner], [r.relname, true, true, TEST_OWNER_ROLE]);
  });

  it('sees its own tenant only, none without a tenant, and cannot write into another tenant', async () => {
    for (const table of BILLING_TABLES) {
      assert.equal(await count(su, table), 2, `${table}: both tenants' rows exist`);
      assert.equal(await inTenant(null, () => count(app, table)), 0, `${table} without a tenant`);
      assert.equal(await inTenant('tenant_a', () => count(app, table)), 1, `${table} as tenant_a`);
      await assert.rejects(inTenant('tenant_a', () => app.query(`INSERT INTO ${table} VALUES ${ROWS[table].replace(/'(c|r1|2026-10|s1|id1|rp1)'/, "'x$1'")}`, ['tenant_b'])), { code: '42501' }, table);
    }
    // re-pricing may update events, under the same policy
    const updated = await inTenant('tenant_a', async () => (await app.query(`UPDATE billing_outbox SET status = 'sent' WHERE tenant_id = 'tenant_b'`)).rowCount);
    assert.equal(updated, 0);
  });
});
