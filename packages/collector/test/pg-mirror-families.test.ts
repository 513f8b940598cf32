// @storage postgres
/**
 * Migration 20 (storage/mirror-families.ts): PostgreSQL stops storing model_customer, section_customer and customer,
 * and reads them from customer_model's, customer_section's and customer_days' rows. A database of the layout before
 * it is made from what SQLite stores for the same events (SQLite keeps every family: the layout PostgreSQL had up
 * to migration 19), then migrated: its rollup_daily must be exactly what PostgreSQL's ingest writes for those events
 * now (every family it stores, their week rows), with the three partial indexes in place, and the reads of the
 * mirrored families must answer the same through the collector's API as from SQLite.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { only, tempDir } from './helpers/collector.js';
import { freshPostgresDb, pgUrl, runMigrate, TEST_APP_PASSWORD, TEST_APP_ROLE, TEST_OWNER_ROLE } from './helpers/postgres.js';
import { storedCall, DAY, HOUR } from './helpers/histories.js';
import { SqliteStorage } from '../src/storage/sqlite/sqlite-storage.js';
import { PostgresStorage } from '../src/storage/postgres/postgres-storage.js';
import { MIRROR_INDEXES } from '../src/storage/mirror-families.js';
import { PG_MIRRORS } from '../src/storage/rollup.js';
import { ROLLUP_DAILY } from '../src/storage/columns.js';
import { compactionBoundary } from '../src/storage/wide-compaction.js';
import type { Storage, StoredEventInput } from '../src/storage/types.js';

const NOW = Date.now();
const TENANTS = ['tenant_a', 'tenant_b'];

/** 24 days of calls (so whole weeks before the boundary: week rows), two tenants, customers, models and sections. */
const EVENTS: StoredEventInput[] = Array.from({ length: 480 }, (_, i) => storedCall({
  span_id: `mirror-${i}`, run_id: `mirror-run-${i % 40}`, tenant_id: TENANTS[i % 2]!, customer_id: i % 7 === 0 ? null : `c${i % 5}`,
  provider: i % 3 ? 'openai' : 'anthropic', model: i % 3 ? (i % 2 ? 'gpt-4o' : 'gpt-4o-mini') : 'claude-sonnet-4',
  section_path: i % 4 === 0 ? null : i % 4 === 1 ? 'chat/answer' : 'search', cost_usd: 0.001 * (1 + (i % 9)),
  started_at: NOW - 24 * DAY + Math.floor(i / 20) * DAY + (i % 6) * HOUR + i * 1000,
}));

const COLUMNS = ROLLUP_DAILY.columns.map((c) => c.name);
/** A row as comparable text: every column, numbers as numbers (PostgreSQL's bigints come back as strings). */
const plain = (r: Record<string, unknown>) => JSON.stringify(COLUMNS.map((c) => (c.startsWith('key') || c === 'family' || c === 'tenant_id' ? r[c] : Number(r[c]))));

/** What the mirrored families' reads answer, for each tenant (through the storage's own reads). */
async function mirroredReads(storage: Storage): Promise<unknown[]> {
  const out: unknown[] = [];
  const range = { from: NOW - 30 * DAY };
  for (const tenant of TENANTS) {
    const t = storage.forTenant(tenant);
    for (const [filters, groupBy] of [
      [{}, ['customer_id']], [{ provider: 'openai' }, ['customer_id']], [{ model: 'gpt-4o' }, ['customer_id']],
      [{ section: 'chat' }, ['customer_id']], [{ section: 'search' }, ['customer_id', 'day']],
    ] as const) {
      const rows = await t.aggregate({ ...range, ...filters }, [...groupBy]);
      out.push(rows.map((r) => [r.keys, r.calls, r.cost_nanos]).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)));
    }
  }
  return out;
}

describe('migration 20: three daily families read from the rows they mirror (PostgreSQL)', { skip: only('postgres') }, () => {
  it('turns the layout before it into what ingest writes now, and the reads answer the same', async () => {
    // the compaction boundary must not move between the writes below (it is an hour's start)
    if (compactionBoundary(NOW) !== compactionBoundary(NOW + 60_000)) await new Promise((r) => setTimeout(r, 61_000));
    // SQLite: the same events, every family stored (PostgreSQL's layout up to migration 19)
    const file = join(tempDir(), 'mirrors.db');
    const sqlite = new SqliteStorage(file, { writerThread: false });
    await sqlite.writeEvents(EVENTS);
    const fromSqlite = await mirroredReads(sqlite);
    await sqlite.close();
    const raw = new Database(file, { readonly: true });
    const before = raw.prepare('SELECT * FROM rollup_daily').all() as Record<string, unknown>[];
    raw.close();
    assert.ok(before.some((r) => r.family === 'model_customer@week') && before.some((r) => r.family === 'customer'), 'the layout before holds the mirrored families and their weeks');

    // PostgreSQL now: what ingest writes
    const appUrl = await freshPostgresDb('mirrors');
    const storage = await PostgresStorage.open(appUrl);
    const su = new pg.Client({ connectionString: pgUrl({ database: new URL(appUrl).pathname.slice(1) }) });
    await su.connect();
    try {
      await storage.writeEvents(EVENTS);
      await Promise.all(TENANTS.map((t) => storage.compactSoon(t)));
      const now = (await su.query('SELECT * FROM rollup_daily')).rows.map(plain).sort();
      const mirrored = new Set(Object.keys(PG_MIRRORS).flatMap((f) => [f, `${f}@week`]));
      assert.ok(now.length > 0 && (await su.query('SELECT 1 FROM rollup_daily WHERE family = ANY($1)', [[...mirrored]])).rowCount === 0, 'ingest writes no mirrored family');
      assert.deepEqual(await mirroredReads(storage), fromSqlite, 'the mirrored families read from the rows they mirror answer as SQLite does');

      // the layout before: SQLite's rows, the indexes gone, version 20 not recorded; then migrated
      await su.query('DELETE FROM rollup_daily');
      for (const ix of MIRROR_INDEXES) await su.query(`DROP INDEX ${ix.name}`);
      await su.query(`INSERT INTO rollup_daily (${COLUMNS.join(', ')}) SELECT * FROM unnest(${COLUMNS.map((c, i) => `$${i + 1}::${c.startsWith('key') || c === 'family' || c === 'tenant_id' ? 'text' : 'bigint'}[]`).join(', ')})`,
        COLUMNS.map((c) => before.map((r) => r[c])));
      await su.query('DELETE FROM schema_migrations WHERE version = 20');
      const m = await runMigrate(pgUrl({ database: new URL(appUrl).pathname.slice(1) }), ['--app-role', TEST_APP_ROLE, '--app-password', TEST_APP_PASSWORD, '--owner-role', TEST_OWNER_ROLE]);
      assert.equal(m.status, 0, m.stderr);
      assert.match(m.stdout, /applied migration 20/);
      assert.deepEqual((await su.query('SELECT * FROM rollup_daily')).rows.map(plain).sort(), now, 'migrated rows = what ingest writes now');
      const indexes = (await su.query<{ indexname: string; indexdef: string }>(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'rollup_daily'`)).rows;
      for (const ix of MIRROR_INDEXES) {
        const def = indexes.find((i) => i.indexname === ix.name)?.indexdef ?? '';
        assert.match(def, new RegExp(`\\(${ix.columns.join(', ')}\\) WHERE`), `${ix.name}: ${def}`);
      }
      assert.deepEqual(await mirroredReads(storage), fromSqlite, 'and after the migration');
    } finally {
      await su.end();
      await storage.close();
    }
  });
});
