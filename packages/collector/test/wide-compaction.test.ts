// @storage sqlite,postgres
/**
 * The wide daily families' compaction (storage/wide-compaction.ts): the wide row of a day is exactly the sum of that
 * day's hourly rows of the hours before the tenant's boundary (through_day: the start of the hour before the current
 * one) — after the first write compacts the closed hours, after late events of compacted hours, after days that were
 * not compacted yet are, and never for the hours from the boundary on. So is every family's week row (week-grain.ts:
 * its week's hourly rows before the boundary). Each check reads the tables back and compares the wide rows and the
 * week rows with the pure compactedFromHourly of the stored hourly rows.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { only, tempDir } from './helpers/collector.js';
import { freshPostgresDb, pgUrl } from './helpers/postgres.js';
import { storedCall, HOUR } from './helpers/histories.js';
import { SqliteStorage } from '../src/storage/sqlite/sqlite-storage.js';
import { PostgresStorage } from '../src/storage/postgres/postgres-storage.js';
import { compactedFromHourly, compactionBoundary } from '../src/storage/wide-compaction.js';
import { weekCompactionSql } from '../src/storage/week-grain.js';
import { METRIC_NAMES, type DialectName } from '../src/storage/columns.js';
import { dayOf, type HourlyDelta } from '../src/storage/rollup.js';
import type { StoredEventInput } from '../src/storage/types.js';

const DAY = 86_400_000;
const dayOfMs = (ms: number) => Math.floor(ms / DAY) * 86_400;
const TODAY = dayOf(Date.now()) * 1000;

/** Calls over two tenants, customers, models and sections, on the given days before today (0 = today). */
function calls(daysAgo: number[], tag: string): StoredEventInput[] {
  return daysAgo.flatMap((ago, d) => Array.from({ length: 30 }, (_, i) => storedCall({
    span_id: `${tag}-${d}-${i}`, tenant_id: i % 4 === 0 ? 'tenant_b' : 'tenant_a', customer_id: i % 5 === 0 ? null : `c${i % 3}`,
    section_path: i % 2 ? 'chat/answer' : 'search', model: i % 3 ? 'gpt-4o' : 'gpt-4o-mini', cost_usd: 0.001 * (1 + (i % 7)),
    started_at: TODAY - ago * DAY + (i % 5) * HOUR + i * 1000,
  })));
}

interface Db {
  dialect: DialectName;
  write(events: StoredEventInput[]): Promise<void>;
  all(sql: string): Promise<Record<string, unknown>[]>;
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

const num = (r: Record<string, unknown>) => {
  const out: Record<string, unknown> = { ...r };
  for (const m of [...METRIC_NAMES, 'hour', 'day', 'latency_ms']) if (out[m] !== undefined) out[m] = Number(out[m]);
  return out;
};
const key = (r: Record<string, unknown>) => ['tenant_id', 'family', 'key1', 'key2', 'key3', 'day', 'key4'].map((k) => String(r[k])).join('\u0000');
const sorted = (rows: Record<string, unknown>[]) => rows.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).sort()))).sort();

/**
 * The wide rows and every family's week rows equal the sums of the hourly rows of every hour before each tenant's
 * boundary (compactionBoundary). Answers the number of wide rows.
 */
async function wideMatchesHourly(db: Db): Promise<number> {
  const state = await db.all('SELECT tenant_id, through_day FROM rollup_wide_state');
  const through = new Map(state.map((s) => [s.tenant_id as string, Number(s.through_day)]));
  // (an hour may have begun since the write)
  for (const t of ['tenant_a', 'tenant_b']) assert.ok([compactionBoundary(), compactionBoundary() - 3600].includes(through.get(t)!), `${t} compacted through the hour before the current one`);
  const hourly = (await db.all('SELECT * FROM rollup_hourly')).map(num) as unknown as HourlyDelta[];
  const want = compactedFromHourly(hourly.filter((h) => h.hour < through.get(h.tenant_id)!), db.dialect);
  const got = (await db.all('SELECT * FROM rollup_daily_wide')).map(num);
  assert.deepEqual(sorted(got), sorted(want.wide.map((d) => num({ ...d }))));
  assert.ok(got.every((r) => Number(r.day) <= Math.max(...through.values())), 'no day after the boundary in the wide families');
  assert.equal(new Set(got.map(key)).size, got.length);
  const weeks = (await db.all(`SELECT * FROM rollup_daily WHERE family LIKE '%@week'`)).map(num);
  assert.ok(weeks.length > 10, `${weeks.length} week rows`);
  assert.deepEqual(sorted(weeks), sorted(want.weekly.map((d) => num({ ...d }))));
  return got.length;
}

async function scenario(db: Db): Promise<void> {
  try {
    // the first write compacts every closed day; today's events stay in the hourly rollup only
    await db.write(calls([5, 4, 3, 0], 'first'));
    const first = await wideMatchesHourly(db);
    assert.ok(first > 20, `${first} wide rows`);
    // late events of compacted days (and one more of today) follow at once; so does one of the hour before the
    // boundary, while one of the boundary's own hour waits for the next compaction
    const boundary = compactionBoundary() * 1000;
    const edge = calls([0], 'edge').slice(0, 8).map((e, i) => ({ ...e, started_at: boundary + (i % 2 ? 10 : -30) * 60_000 + i }));
    await db.write([...calls([4, 0], 'late'), ...edge]);
    const afterLate = await wideMatchesHourly(db);
    assert.ok((await db.all(`SELECT day FROM rollup_daily_wide WHERE day = ${dayOfMs(boundary - 1_800_000)}`)).length > 0, 'the hour before the boundary is compacted');
    // a day left uncompacted (through_day three days back, its wide rows gone; the week rows as a compaction of every
    // hour before that boundary makes them) is compacted by the next write
    await db.exec(`DELETE FROM rollup_daily_wide WHERE day >= ${TODAY / 1000 - 3 * 86_400} AND family NOT LIKE '%@week'`);
    await db.exec(`DELETE FROM rollup_daily_wide WHERE family LIKE '%@week'`);
    await db.exec(`DELETE FROM rollup_daily WHERE family LIKE '%@week'`);
    await db.exec(`UPDATE rollup_wide_state SET through_day = ${TODAY / 1000 - 3 * 86_400}`);
    for (const sql of weekCompactionSql(db.dialect, `hour < (SELECT s.through_day FROM rollup_wide_state s WHERE s.tenant_id = rollup_hourly.tenant_id)`)) await db.exec(sql);
    await db.write(calls([0], 'next'));
    assert.equal(await wideMatchesHourly(db), afterLate, 'the same rows as before the rewind');
  } finally {
    await db.close();
  }
}

describe('the wide daily families are the compacted hourly rows of every closed day', () => {
  it('SQLite', async () => {
    const file = join(tempDir(), 'wide.db');
    const storage = new SqliteStorage(file, { writerThread: false });
    const raw = new Database(file);
    await scenario({
      dialect: 'sqlite',
      write: async (e) => void (await storage.writeEvents(e)),
      all: async (sql) => raw.prepare(sql).all() as Record<string, unknown>[],
      exec: async (sql) => void raw.exec(sql),
      close: async () => {
        raw.close();
        await storage.close();
      },
    });
  });

  it('PostgreSQL', { skip: only('postgres') }, async () => {
    const appUrl = await freshPostgresDb('wide');
    const storage = await PostgresStorage.open(appUrl);
    // the superuser sees every tenant's rows
    const su = new pg.Client({ connectionString: pgUrl({ database: new URL(appUrl).pathname.slice(1) }) });
    await su.connect();
    await scenario({
      dialect: 'postgres',
      write: async (e) => {
        await storage.writeEvents(e);
        // the compaction runs after the write, in the background: awaited here
        await Promise.all(['tenant_a', 'tenant_b'].map((t) => storage.compactSoon(t)));
      },
      all: async (sql) => (await su.query(sql)).rows,
      exec: async (sql) => void (await su.query(sql)),
      close: async () => {
        await su.end();
        await storage.close();
      },
    });
  });
});
