// @storage sqlite,postgres
/**
 * The column catalogue (storage/columns.ts) against real databases: fresh SQLite and PostgreSQL databases migrated by
 * the frozen migrations have exactly the catalogue's columns (type, nullability); and rebuilding every aggregate from
 * the stored events (storage/rebuild.ts) gives exactly what ingest maintained, in every rollup family and the runs.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { only, tempDir } from './helpers/collector.js';
import { createDatabase, freshPostgresDb, pgUrl, runMigrate, TEST_APP_PASSWORD, TEST_APP_ROLE, TEST_OWNER_ROLE } from './helpers/postgres.js';
import { SQL_TYPES, TABLES, type Table } from '../src/storage/columns.js';
import { dailyDeltas, hourlyDeltas, storedFamilies } from '../src/storage/rollup.js';
import { WIDE_FAMILIES } from '../src/storage/wide-families.js';
import { compactedFromHourly, compactionBoundary } from '../src/storage/wide-compaction.js';
import { hasWeeks, storedWeekFamilies, weekFamily } from '../src/storage/week-grain.js';
import { migrate, REBUILD_AGGREGATES } from '../src/storage/sqlite/migrations.js';
import { SqliteStorage } from '../src/storage/sqlite/sqlite-storage.js';
import { PostgresStorage } from '../src/storage/postgres/postgres-storage.js';
import { PG_REBUILD, rebuildAggregatesSql } from '../src/storage/rebuild.js';
import type { StoredEventInput } from '../src/domain/event.js';

type Shape = Record<string, { type: string; notNull: boolean }>;

const expected = (t: Table, dialect: 'sqlite' | 'postgres'): Shape =>
  Object.fromEntries(t.columns.map((c) => [c.name, { type: SQL_TYPES[c.kind][dialect], notNull: !c.nullable }]));

describe('the catalogue matches the migrated schema', () => {
  it('SQLite: every table has exactly the catalogue columns', () => {
    const db = new Database(':memory:');
    migrate(db);
    for (const t of TABLES) {
      const rows = db.prepare(`PRAGMA table_info(${t.name})`).all() as { name: string; type: string; notnull: number; pk: number }[];
      assert.ok(rows.length > 0, t.name);
      // An INTEGER PRIMARY KEY is the rowid: never NULL, though PRAGMA says notnull = 0.
      const actual = Object.fromEntries(rows.map((r) => [r.name, { type: r.type, notNull: r.notnull === 1 || (r.pk === 1 && r.type === 'INTEGER' && rows.filter((x) => x.pk > 0).length === 1) }]));
      assert.deepEqual(actual, expected(t, 'sqlite'), t.name);
    }
    db.close();
  });

  it('PostgreSQL: every table has exactly the catalogue columns', { skip: only('postgres') }, async () => {
    const name = await createDatabase('columns');
    const m = await runMigrate(pgUrl({ database: name }), ['--app-role', TEST_APP_ROLE, '--app-password', TEST_APP_PASSWORD, '--owner-role', TEST_OWNER_ROLE]);
    assert.equal(m.status, 0, m.stderr);
    const c = new pg.Client({ connectionString: pgUrl({ database: name }) });
    await c.connect();
    try {
      for (const t of TABLES) {
        const r = await c.query<{ column_name: string; data_type: string; is_nullable: string }>(
          `SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`, [t.name]);
        assert.ok(r.rows.length > 0, t.name);
        const actual = Object.fromEntries(r.rows.map((x) => [x.column_name, { type: x.data_type, notNull: x.is_nullable === 'NO' }]));
        assert.deepEqual(actual, expected(t, 'postgres'), t.name);
      }
    } finally {
      await c.end();
    }
  });
});

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 20, 22, 0, 0);

/** Batches of events that exercise every fold: tenants, hours and days, nulls, structural spans, errors, unpriced and estimated calls, runs across batches. */
function batches(): StoredEventInput[][] {
  const out: StoredEventInput[][] = [];
  let n = 0;
  for (let b = 0; b < 4; b++) {
    const batch: StoredEventInput[] = [];
    for (let i = 0; i < 60; i++) {
      n += 1;
      const run = n % 17;
      const structural = n % 9 === 0;
      const priced = n % 5 !== 0;
      const cost = structural ? null : priced ? (n % 8) / 8 : null;
      batch.push({
        tenant_id: `t${run % 2}`, span_id: `span-${n}`, run_id: `run-${run}`, parent_span_id: null,
        span_type: structural ? 'section' : n % 7 === 0 ? 'embedding' : 'llm',
        section: n % 3 === 0 ? null : `f${n % 4}`, section_path: n % 3 === 0 ? null : `agent${run % 3}/f${n % 4}`,
        customer_id: run % 4 === 0 ? null : `c${run % 5}`, provider: n % 6 === 0 ? null : ['openai', 'anthropic'][n % 2]!,
        endpoint: 'chat', model: n % 6 === 0 ? null : `m${n % 3}`,
        input_tokens: n * 3, output_tokens: n, cache_read_tokens: n % 4, cache_write_tokens: n % 3, cache_write_1h_tokens: n % 2,
        token_details: n % 10 === 0 ? { audio_input_tokens: 2 } : null, reasoning_tokens: n % 5, units: n % 11 === 0 ? { images: 1 } : null,
        reported_cost_usd: null, reported_cost_source: null,
        cost_usd: cost, cost_status: structural ? 'not_applicable' : priced ? 'priced' : 'unpriced', cost_source: priced ? 'test' : null,
        // hours and a day boundary (T0 is 22:00 UTC); one run's spans spread over batches
        started_at: T0 + ((n * 7919) % (5 * HOUR)) + b, latency_ms: n % 13 === 0 ? null : (n % 50) * 4 + 0.25,
        status: n % 10 === 3 ? 'error' : 'ok', error: null, is_streaming: n % 2 === 0, usage_estimated: n % 4 === 1,
        metadata: null, sdk: 'test', received_at: T0,
      });
    }
    out.push(batch);
  }
  return out;
}

const ORDER: Record<string, string> = {
  rollup_hourly: 'tenant_id, hour, customer_id, provider, model, section_path',
  rollup_daily: 'tenant_id, family, key1, day, key2, key3',
  rollup_daily_wide: 'tenant_id, family, key1, key2, key3, day, key4',
  rollup_wide_state: 'tenant_id',
  runs: 'tenant_id, run_id',
};

describe('REBUILD_AGGREGATES equals what ingest maintained', () => {
  it('SQLite: hourly, every daily family, runs', async () => {
    const file = join(tempDir(), 'rebuild.db');
    const storage = new SqliteStorage(file, { writerThread: false });
    for (const b of batches()) await storage.writeEvents(b);
    await storage.close();
    const db = new Database(file);
    const snapshot = () => Object.fromEntries(Object.entries(ORDER).map(([t, o]) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY ${o}`).all()]));
    const maintained = snapshot();
    assert.ok(maintained.rollup_hourly!.length > 5 && maintained.runs!.length === 17, 'the data spans hours and runs');
    // every family's day rows, and the week rows of those that have them (week-grain.ts)
    assert.deepEqual(new Set((maintained.rollup_daily as { family: string }[]).map((r) => r.family)), new Set([...storedFamilies('sqlite'), ...storedWeekFamilies('sqlite').map(weekFamily)]));
    // (the hours of these events before the boundary: compacted when written)
    const boundary = Number((db.prepare('SELECT MIN(through_day) AS b FROM rollup_wide_state').get() as { b: number }).b);
    assert.ok(boundary >= compactionBoundary() - 3600, 'compacted up to the hour before the current one');
    const compacted = compactedFromHourly(hourlyDeltas(batches().flat()).filter((h) => h.hour < boundary), 'sqlite');
    assert.ok(compacted.weekly.length > 0 && compacted.wide.length > 0);
    // SQLite groups the daily families in SQL at ingest; PostgreSQL and re-pricing use the JS deltas: the same rows
    const key = (r: Record<string, unknown>) => ['tenant_id', 'family', 'key1', 'day', 'key2', 'key3'].map((k) => String(r[k])).join('\u0000');
    const byKey = (rows: Record<string, unknown>[]) => [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    assert.deepEqual(byKey(maintained.rollup_daily as Record<string, unknown>[]), byKey([...dailyDeltas(batches().flat(), 'sqlite'), ...compacted.weekly].map((d) => ({ ...d }))));
    // the wide families: every one of them, their week rows, and what the JS deltas give (PostgreSQL, re-pricing)
    const wide = maintained.rollup_daily_wide as Record<string, unknown>[];
    assert.deepEqual(new Set(wide.map((r) => r.family)), new Set([...WIDE_FAMILIES, ...WIDE_FAMILIES.filter(hasWeeks).map(weekFamily)]));
    const wideKey = (r: Record<string, unknown>) => ['tenant_id', 'family', 'key1', 'key2', 'key3', 'day', 'key4'].map((k) => String(r[k])).join('\u0000');
    const byWideKey = (rows: Record<string, unknown>[]) => [...rows].sort((a, b) => (wideKey(a) < wideKey(b) ? -1 : wideKey(a) > wideKey(b) ? 1 : 0));
    assert.deepEqual(byWideKey(wide), byWideKey(compacted.wide.map((d) => ({ ...d }))));
    db.exec(REBUILD_AGGREGATES);
    assert.deepEqual(snapshot(), maintained);
    db.close();
  });

  it('PostgreSQL: hourly, every daily family, runs', { skip: only('postgres') }, async () => {
    const appUrl = await freshPostgresDb('rebuild');
    const storage = await PostgresStorage.open(appUrl);
    try {
      for (const b of batches()) await storage.writeEvents(b);
    } finally {
      await storage.close();
    }
    // the superuser sees every tenant's rows (the app role sees one tenant, and may not delete rollups)
    const c = new pg.Client({ connectionString: pgUrl({ database: new URL(appUrl).pathname.slice(1) }) });
    await c.connect();
    after(() => c.end());
    const snapshot = async () => {
      const out: Record<string, unknown[]> = {};
      for (const [t, o] of Object.entries(ORDER)) out[t] = (await c.query(`SELECT * FROM ${t} ORDER BY ${o}`)).rows;
      return out;
    };
    const maintained = await snapshot();
    assert.equal(maintained.runs!.length, 17);
    assert.ok(maintained.rollup_daily_wide!.length > 0);
    // the families PostgreSQL stores (rollup.ts PG_MIRRORS: three are read from the rows of those they mirror), their
    // week rows, and what the JS deltas give for them
    const daily = maintained.rollup_daily as Record<string, unknown>[];
    assert.deepEqual(new Set(daily.map((r) => r.family)), new Set([...storedFamilies('postgres'), ...storedWeekFamilies('postgres').map(weekFamily)]));
    assert.ok(daily.some((r) => r.family === 'customer_model@week'), 'model_customer\'s week rows are customer_model\'s');
    const boundary = Math.min(...(maintained.rollup_wide_state as { through_day: string }[]).map((s) => Number(s.through_day)));
    const compacted = compactedFromHourly(hourlyDeltas(batches().flat()).filter((h) => h.hour < boundary), 'postgres');
    const plain = (r: Record<string, unknown>) => JSON.stringify(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' && /^\d+$/.test(v) && k !== 'key1' && k !== 'key2' && k !== 'key3' && k !== 'tenant_id' ? Number(v) : v]).sort());
    assert.deepEqual(daily.map(plain).sort(), [...dailyDeltas(batches().flat(), 'postgres'), ...compacted.weekly].map((d) => plain({ ...d })).sort());
    await c.query('BEGIN');
    await c.query(rebuildAggregatesSql(PG_REBUILD));
    await c.query('COMMIT');
    assert.deepEqual(await snapshot(), maintained);
  });
});
