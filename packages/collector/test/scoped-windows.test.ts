// @storage sqlite,postgres
/**
 * The scoped customer windows (storage/customer-windows.ts, migration 18): a page of customers of a preset range
 * under a provider, model and/or section filter — what the /insights top customers and a filtered /customers read —
 * answered from the window of that scope equals, row for row, what the rollups answer, for every window, both sorts
 * and several pages, over random events of ~100 days with three providers' models and nested section paths: built
 * lazily by the first read, through late events, a day change, the eviction of idle scopes, and the build's steps
 * (a long window takes several short transactions; on SQLite a batch written during a build is committed between
 * two of them), and a close during a build (it stops after the step it is in; the next open goes on). The clock is
 * injected. Plans: a scoped page walks the window's index.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import pg from 'pg';
import { STORAGE } from './helpers/collector.js';
import { pgUrl } from './helpers/postgres.js';
import { assertWindowIndexWalk, openWindowStorage, windowEvents, type PageStore, type WindowStorage, type WindowTestStorage } from './helpers/window-storage.js';
import { seeded, DAY } from './helpers/histories.js';
import { SqliteStorage, sqliteDialect } from '../dist/storage/sqlite/sqlite-storage.js';
import { PostgresStorage } from '../dist/storage/postgres/postgres-storage.js';
import { pgDialect } from '../dist/storage/postgres/stores.js';
import { refreshPlannerStats } from '../dist/storage/sqlite/migrations.js';
import { isFresh, MAX_SCOPED_WINDOWS, SCOPE_IDLE_DAYS, scopeKey, scopeMatches, STEP_DAYS, windowFirstDay, windowPageSql, WINDOWS, type CustomerWindow, type Scope, type WindowState } from '../dist/storage/customer-windows.js';
import { adaptStepDays, advanceStep, STEP_TARGET_MS } from '../dist/storage/window-maintenance.js';
import { sqliteFactory } from '../dist/storage/sqlite/windows.js';
import { dayOf } from '../dist/storage/rollup.js';
import type { QueryFilters } from '../dist/storage/types.js';

const TENANTS = ['s-a', 's-b'];
const START = Date.UTC(2026, 4, 20, 13, 30);
const PAGES: [number, number][] = [[5, 0], [6, 4], [10, 1000]];
const MODELS: [string, string][] = [['openai', 'gpt-4o'], ['openai', 'gpt-4o-mini'], ['anthropic', 'claude-sonnet-4'], ['google', 'gemini-2.5-flash']];
const PATHS = [null, 'chat', 'chat/answer', 'search/rank', 'chat/search/rank', 'billing'];
const SCOPES: Scope[] = [
  { provider: 'openai' }, { model: 'gpt-4o-mini' }, { provider: 'openai', model: 'gpt-4o' }, { section: 'chat' }, { section: 'search/rank' },
  { provider: 'anthropic', section: 'chat' }, { model: 'gpt-4o', section: 'search' }, { provider: 'google', model: 'gpt-4o' },
];

/** Random calls of these days before `now` (0 = today). */
const events = windowEvents({ rand: seeded(20261202), tenants: TENANTS, prefix: 'sw', customers: 30, costs: [0.001, 0.002, 0.003], models: MODELS, paths: PATHS });

const filtersOf = (w: CustomerWindow, scope: Scope, now: number): QueryFilters =>
  ({ ...scope, ...(w === 'all' ? {} : { from: windowFirstDay(w, dayOf(now)) * 1000 }) });

describe(`scoped customer windows (${STORAGE})`, () => {
  const clock = { now: START };
  let storage: WindowStorage;
  let side: WindowTestStorage;
  let sqliteFile = '';
  const states = async (t: string) =>
    (await side.rows('SELECT window_id, scope, first_day, end_day, read_day FROM customer_totals_state WHERE tenant_id = ?', [t])) as unknown as WindowState[];
  const scopedRows = async (t: string) => Number((await side.rows(`SELECT count(*) AS n FROM customer_totals WHERE tenant_id = ? AND scope <> ''`, [t]))[0]!.n);

  before(async () => {
    side = await openWindowStorage('scoped_windows', () => clock.now);
    ({ storage, sqliteFile } = side);
  });
  after(async () => {
    await side?.close();
  });

  /** Every scope × window × sort × page: the window's answer equals the rollups'; `fresh`: the scoped windows are today's. */
  async function compare(fresh: boolean, scopes = SCOPES): Promise<void> {
    const today = dayOf(clock.now);
    let nonEmpty = 0;
    for (const t of TENANTS) {
      const st = await states(t);
      const store = storage.forTenant(t) as unknown as PageStore;
      for (const scope of scopes) {
        for (const w of WINDOWS) {
          const s = st.find((x) => x.window_id === w && x.scope === scopeKey(scope));
          assert.equal(isFresh(s && { first_day: Number(s.first_day), end_day: Number(s.end_day) }, w, today), fresh, `${t} ${w} ${scopeKey(scope)} state ${JSON.stringify(s)}`);
          for (const sort of ['cost', 'calls'] as const) {
            for (const [limit, offset] of PAGES) {
              const f = filtersOf(w, scope, clock.now);
              const want = await store.customerPage(f, sort, limit, offset, { windows: false });
              const got = await store.customerPage(f, sort, limit, offset);
              assert.deepEqual(got, want, `${t} ${w} ${scopeKey(scope)} ${sort} ${limit}@${offset}`);
              nonEmpty += want.rows.length;
            }
          }
        }
      }
    }
    assert.ok(nonEmpty > 200, `the pages have rows (${nonEmpty})`);
    await storage.windowsSettled();
  }

  it('the first read of a scoped window builds that window only, and then it answers exactly what the rollups answer', async () => {
    await storage.writeEvents(events(clock.now, Array.from({ length: 100 }, (_, i) => i), 10));
    await compare(false);
    const st = await states(TENANTS[0]!);
    // every scope × window read, nothing else (the unscoped windows are built by an unscoped read)
    assert.equal(st.filter((s) => s.scope !== '').length, SCOPES.length * WINDOWS.length);
    assert.equal(st.filter((s) => s.scope === '').length, 0);
    await compare(true);
    assert.ok((await scopedRows(TENANTS[0]!)) > 100);
    if (STORAGE === 'postgres') {
      // the builds gathered the planner's statistics of the window tables (llmo_analyze_customer_windows): the migration
      // analyzed them empty, and autovacuum would come a minute later at the earliest
      const [stats] = await side.rows(`SELECT reltuples FROM pg_class WHERE relname = 'customer_totals'`, []);
      assert.ok(Number(stats!.reltuples) > 100, JSON.stringify(stats));
    }
    // a scope no event matches: an empty window, fresh, answering an empty page with zero totals
    const none = await (storage.forTenant(TENANTS[0]!) as unknown as PageStore).customerPage({ provider: 'google', model: 'gpt-4o' }, 'cost', 10, 0);
    assert.deepEqual(none, { rows: [], total_customers: 0, cost_nanos: 0, estimated_cost_nanos: 0 });
  });

  it('late events of closed days go into the windows of the scopes they match (and only those)', async () => {
    await storage.writeEvents(events(clock.now, [1, 6, 20, 45, 95, 0], 12));
    await compare(true);
  });

  it('a day change: stale until read, then moved incrementally', async () => {
    clock.now += DAY;
    await storage.writeEvents(events(clock.now, [0, 1, 2], 6));
    await compare(false);
    const kinds = await storage.advanceCustomerWindows(TENANTS[0]!, { w: '30d', scope: scopeKey(SCOPES[0]!) });
    assert.deepEqual(Object.values(kinds), ['none'], 'the stale read advanced it');
    await compare(true);
  });

  it('scoped windows not read for SCOPE_IDLE_DAYS are cleared (rows and state) by the next advance', async () => {
    clock.now += (SCOPE_IDLE_DAYS + 1) * DAY;
    const t = TENANTS[1]!;
    assert.ok((await scopedRows(t)) > 0);
    const kinds = await storage.advanceCustomerWindows(t);
    assert.ok(Object.values(kinds).every((k) => k === 'rebuild' || k === 'incremental'), JSON.stringify(kinds));
    assert.deepEqual((await states(t)).filter((s) => s.scope !== ''), [], 'no scoped state left');
    assert.equal(await scopedRows(t), 0, 'no scoped row left');
    // read again: built again, exact
    await compare(false, SCOPES.slice(0, 2));
    await compare(true, SCOPES.slice(0, 2));
  });

  it('a long window is built in steps of at most STEP_DAYS days; a batch written meanwhile is not held up by it', async () => {
    const t = TENANTS[0]!;
    const key = { w: 'all' as const, scope: scopeKey({ section: 'answer' }) };
    if (storage instanceof SqliteStorage) {
      // the writer thread commits the batch between two steps: its write returns before the advance is done
      const order: string[] = [];
      const advance = storage.advanceCustomerWindows(t, key).then(() => order.push('advance'));
      const write = storage.writeEvents(events(clock.now, [0], 1)).then(() => order.push('write'));
      await Promise.all([advance, write]);
      assert.deepEqual(order, ['write', 'advance']);
      // and, on a connection of its own, the steps of another scope's build: one per STEP_DAYS days of the tenant's events
      const db = new Database(sqliteFile);
      const { advanceSqliteStep } = await import('../dist/storage/sqlite/windows.js');
      let steps = 0;
      for (; steps < 1000; steps++) if (advanceSqliteStep(db, t, [{ w: 'all', scope: scopeKey({ section: 'billing' }) }], clock.now).done) break;
      db.close();
      const days = (dayOf(clock.now) - (dayOf(START) - 99 * 86_400)) / 86_400;
      // one to create the state, one per STEP_DAYS days, one that finds nothing to do
      assert.equal(steps, 1 + Math.ceil(days / STEP_DAYS), `${steps} steps for ${days} days`);
      // fewer days per step when told (the runners adapt them to the steps' time: adaptStepDays)
      const db3 = new Database(sqliteFile);
      let steps3 = 0;
      for (; steps3 < 1000; steps3++) if (advanceSqliteStep(db3, t, [{ w: 'all', scope: scopeKey({ section: 'chat/answer' }) }], clock.now, 3).done) break;
      db3.close();
      assert.equal(steps3, 1 + Math.ceil(days / 3), `${steps3} steps of 3 days for ${days} days`);
    } else {
      await storage.advanceCustomerWindows(t, key);
    }
    const store = storage.forTenant(t) as unknown as PageStore;
    for (const sort of ['cost', 'calls'] as const) {
      assert.deepEqual(await store.customerPage({ section: 'answer' }, sort, 15, 2), await store.customerPage({ section: 'answer' }, sort, 15, 2, { windows: false }));
    }
  });

  it('the page of a scoped window walks its index (EXPLAIN), and reads today from an index range', async () => {
    const today = dayOf(clock.now);
    for (const [sort, index] of [['cost', 'ix_customer_totals_cost'], ['calls', 'ix_customer_totals_calls']] as const) {
      for (const scope of [{ provider: 'openai' }, { section: 'chat' }, { model: 'gpt-4o', section: 'search' }]) {
        const key = { w: '90d' as const, scope: scopeKey(scope) };
        if (storage instanceof SqliteStorage) {
          const db = new Database(sqliteFile);
          refreshPlannerStats(db, true);
          const { dialect, params } = sqliteDialect();
          const sql = windowPageSql(dialect, TENANTS[0]!, key, today, sort, 20, 0, 0);
          const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail).join('\n');
          db.close();
          assert.match(plan, new RegExp(`SEARCH customer_totals USING (COVERING )?INDEX ${index} \\(tenant_id=\\? AND window_id=\\? AND scope=\\?\\)`), plan);
          assert.doesNotMatch(plan, /SCAN (customer_totals|rollup_daily|rollup_daily_wide|rollup_hourly)\b/, plan);
        } else {
          const appUrl = (storage as PostgresStorage).url;
          const c = new pg.Client({ connectionString: pgUrl({ database: new URL(appUrl).pathname.slice(1) }) });
          await c.connect();
          try {
            await c.query('ANALYZE');
            // tiny tables: without these a scan and a sort of a few rows would win (customer-windows.test.ts)
            for (const off of ['seqscan', 'bitmapscan', 'sort']) await c.query(`SET enable_${off} = off`);
            const { dialect, params } = pgDialect();
            const sql = windowPageSql(dialect, TENANTS[0]!, key, today, sort, 20, 0, 0);
            const plan = (await c.query(`EXPLAIN (FORMAT JSON) ${sql}`, params.values)).rows[0]['QUERY PLAN'][0].Plan;
            assertWindowIndexWalk(plan, index);
            assert.doesNotMatch(JSON.stringify(plan), /"Seq Scan"/, 'no sequential scan');
          } finally {
            await c.end();
          }
        }
      }
    }
  });
});

describe(`a close during a window build (${STORAGE})`, () => {
  it('stops the build after the step it is in (no wait for the whole build); the next open goes on from there, exactly', async () => {
    const clock = { now: START };
    const side = await openWindowStorage('windows_close', () => clock.now);
    const t = TENANTS[0]!;
    const key = { w: 'all' as const, scope: scopeKey({ provider: 'openai' }) };
    const state = async () => (await side.rows('SELECT first_day, end_day FROM customer_totals_state WHERE tenant_id = ? AND window_id = ? AND scope = ?', [t, key.w, key.scope]))[0];
    let reopened: WindowStorage | undefined;
    try {
      // 100 days of events: a build of the `all` window takes at least 100 / STEP_DAYS steps
      await side.storage.writeEvents(events(clock.now, Array.from({ length: 100 }, (_, i) => i), 4));
      // (SQLite: the aggregates folded, so that the build starts at the tenant's first day)
      if (side.storage instanceof SqliteStorage) await side.storage.settle();
      const advance = side.storage.advanceCustomerWindows(t, key);
      await side.storage.close();
      // the advance settled with the close, its window part-built (state written, not today's)
      assert.ok(Object.keys(await advance).length > 0, 'the advance answered what it did');
      const partial = await state();
      assert.ok(partial, 'the steps done are committed');
      assert.equal(isFresh({ first_day: Number(partial.first_day), end_day: Number(partial.end_day) }, 'all', dayOf(clock.now)), false, `stopped early: ${JSON.stringify(partial)}`);
      await assert.rejects(side.storage.advanceCustomerWindows(t, key), /storage is closing/);

      reopened = (STORAGE === 'postgres'
        ? await PostgresStorage.open((side.storage as PostgresStorage).url, { now: () => clock.now })
        : new SqliteStorage(side.sqliteFile, { now: () => clock.now })) as WindowStorage;
      await reopened.advanceCustomerWindows(t, key);
      const done = (await state())!;
      assert.ok(isFresh({ first_day: Number(done.first_day), end_day: Number(done.end_day) }, 'all', dayOf(clock.now)), JSON.stringify(done));
      const store = reopened.forTenant(t) as unknown as PageStore;
      let rows = 0;
      for (const sort of ['cost', 'calls'] as const) {
        for (const [limit, offset] of PAGES) {
          const want = await store.customerPage({ provider: 'openai' }, sort, limit, offset, { windows: false });
          assert.deepEqual(await store.customerPage({ provider: 'openai' }, sort, limit, offset), want, `${sort} ${limit}@${offset}`);
          rows += want.rows.length;
        }
      }
      assert.ok(rows > 10, `the pages have rows (${rows})`);
    } finally {
      await reopened?.windowsSettled();
      await reopened?.close();
      await side.close();
    }
  });
});

describe('scoped windows: the pure parts', () => {
  it('scopeMatches is the filters\' semantics: equal provider and model, a section as whole segments', () => {
    const h = { provider: 'openai', model: 'gpt-4o', section_path: 'chat/search/rank' };
    assert.ok(scopeMatches({}, h));
    assert.ok(scopeMatches({ provider: 'openai', section: 'search/rank' }, h));
    assert.ok(scopeMatches({ section: 'chat' }, h));
    assert.ok(!scopeMatches({ section: 'sea' }, h));
    assert.ok(!scopeMatches({ section: 'chat/rank' }, h));
    assert.ok(!scopeMatches({ model: 'gpt-4o-mini' }, h));
    assert.ok(!scopeMatches({ section: 'chat' }, { ...h, section_path: '' }));
  });

  it('the days of the next step: halved after a slow step, doubled after a quick one, within 1 … STEP_DAYS', () => {
    assert.equal(adaptStepDays(7, STEP_TARGET_MS * 3), 3);
    assert.equal(adaptStepDays(1, STEP_TARGET_MS * 10), 1);
    assert.equal(adaptStepDays(2, 1), 4);
    assert.equal(adaptStepDays(STEP_DAYS, 1), STEP_DAYS);
    assert.equal(adaptStepDays(3, STEP_TARGET_MS / 2), 3);
  });

  it('scope keys: one per filter, none for no filter, JSON that no value can break', () => {
    assert.equal(scopeKey({}), '');
    assert.notEqual(scopeKey({ provider: 'a' }), scopeKey({ model: 'a' }));
    assert.notEqual(scopeKey({ provider: 'a","b' }), scopeKey({ provider: 'a', model: 'b' }));
  });

  it('a new scoped window beyond MAX_SCOPED_WINDOWS clears the least recently advanced one; idle ones are cleared', () => {
    const today = dayOf(START);
    const states: WindowState[] = Array.from({ length: MAX_SCOPED_WINDOWS }, (_, i) => ({
      window_id: '30d', scope: scopeKey({ provider: `p${i}` }), first_day: windowFirstDay('30d', today - i * 86_400), end_day: today - (i % 5) * 86_400,
      read_day: today - (i % 5) * 86_400,
    }));
    // idle: not read for longer than SCOPE_IDLE_DAYS (its end_day says nothing: a window being built is far behind)
    states.push({ window_id: '7d', scope: scopeKey({ provider: 'idle' }), first_day: 1, end_day: today, read_day: today - (SCOPE_IDLE_DAYS + 1) * 86_400 });
    states.push({ window_id: '90d', scope: scopeKey({ provider: 'building' }), first_day: windowFirstDay('90d', today), end_day: today - 80 * 86_400, read_day: today });
    const wanted = [{ w: '30d' as const, scope: scopeKey({ provider: 'new' }) }];
    const step = advanceStep('sqlite', sqliteFactory, 't', wanted, { states, firstDay: today - 50 * 86_400 }, today);
    const cleared = step.statements.filter((s) => s.sql.startsWith('UPDATE customer_totals_state SET first_day = 0')).map((s) => s.params[2]);
    // the idle one, and two of those read longest ago (today - 4 days) to make room for the new one
    assert.equal(cleared.length, 3, JSON.stringify(cleared));
    assert.ok(cleared.includes(scopeKey({ provider: 'idle' })));
    for (const c of cleared.filter((x) => x !== scopeKey({ provider: 'idle' }))) {
      assert.equal(states.find((s) => s.scope === c)?.read_day, today - 4 * 86_400, String(c));
    }
    assert.deepEqual(step.kinds, { [`30d ${scopeKey({ provider: 'new' })}`]: 'rebuild' });
  });
});
