// @storage sqlite,postgres
/**
 * The query plans of the main reads use the intended indexes, on both databases, so that a change that would make a
 * read scan the data (a family choice, a key order, a dropped index, a filter the index cannot use) fails here rather
 * than at 10M events. Small data, planner statistics gathered as the collector gathers them (SQLite: PRAGMA optimize
 * after migrations; PostgreSQL: ANALYZE, with sequential scans disabled so the plan shows the best index).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { only, tempDir } from './helpers/collector.js';
import { freshPostgresDb, pgUrl } from './helpers/postgres.js';
import { SqliteStorage, sqliteDialect } from '../src/storage/sqlite/sqlite-storage.js';
import { refreshPlannerStats } from '../src/storage/sqlite/migrations.js';
import { PostgresStorage } from '../src/storage/postgres/postgres-storage.js';
import { pgDialect } from '../src/storage/postgres/stores.js';
import { filteredDimensions, rangeSegments, segmentSql, type Dialect } from '../src/storage/segment-sql.js';
import { listRunsSql, runEventsSql } from '../src/storage/tenant-queries.js';
import { customerPageSql } from '../src/storage/customer-page-sql.js';
import { dailyFamilyFor } from '../src/storage/family-choice.js';
import { hasWeeks, weekCompactionSql } from '../src/storage/week-grain.js';
import { compactionSql } from '../src/storage/wide-compaction.js';
import type { Dimension, QueryFilters, Storage, StoredEventInput } from '../src/storage/types.js';
import type { MetricName } from '../src/storage/columns.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 9, 1);
const TENANT = 't1';

/** 40 days of events: 60 customers, 3 models, 6 section paths, runs of 4 spans. */
function events(): StoredEventInput[] {
  const out: StoredEventInput[] = [];
  for (let i = 0; i < 4000; i++) {
    const run = Math.floor(i / 4);
    out.push({
      tenant_id: TENANT, span_id: `s${i}`, run_id: `r${run}`, parent_span_id: null, span_type: 'llm',
      section: `f${run % 3}`, section_path: `a${run % 2}/f${run % 3}`, customer_id: `c${run % 60}`,
      provider: ['openai', 'anthropic', 'google'][i % 3]!, endpoint: 'chat', model: `m${i % 3}`,
      input_tokens: 10, output_tokens: 5, cache_read_tokens: 0, cache_write_tokens: 0, cache_write_1h_tokens: 0, token_details: null,
      reasoning_tokens: 0, units: null, reported_cost_usd: null, reported_cost_source: null,
      started_at: T0 + (run % 40) * DAY + (run % 7) * 3 * 3_600_000 + (run % 5) * 60_000 + (i % 4) * 1000, latency_ms: 10, status: 'ok', error: null, is_streaming: false,
      usage_estimated: false, metadata: null, sdk: null, received_at: T0, cost_usd: 0.001, cost_status: 'priced', cost_source: 'test',
    });
  }
  return out;
}

/** A 30-day range on whole days (as the dashboard asks): answered by the daily families. */
const RANGE = { from: T0 + 10 * DAY };

/** The compaction boundary of the written data (its every hour is compacted: wide-compaction.ts), epoch ms. */
const BOUNDARY = T0 + 45 * DAY;

/** The statements of a summary read (one per segment: day rows and, but for a grouping by day, week rows). */
function summarySql(dialect: () => { dialect: Dialect; values: () => unknown[] }, f: QueryFilters, groupBy: Dimension[]) {
  const family = dailyFamilyFor(groupBy, filteredDimensions(f));
  const segments = rangeSegments(f, groupBy, family, BOUNDARY);
  assert.equal(segments.some((s) => s.source === 'weekly'), family !== null && hasWeeks(family) && !groupBy.includes('day'), `week rows of ${family} read by ${groupBy.join(',')}: ${JSON.stringify(segments)}`);
  return segments.map((segment) => {
    const d = dialect();
    return { sql: segmentSql(d.dialect, TENANT, segment, f, groupBy, family), values: d.values(), family, source: segment.source };
  });
}

/**
 * Reads and the index each must use: [name, statement, SQLite's plan must match, PostgreSQL's index]. A wide
 * family's read of the hours from the boundary on (`source: 'rollup'`) uses the hourly rollup's key instead.
 */
type Read = { name: string; build: (d: () => { dialect: Dialect; values: () => unknown[] }) => { sql: string; values: unknown[]; source?: string }[]; sqlite: RegExp; pg: string };
const HOURLY_PLAN = { sqlite: /SEARCH rollup_hourly USING PRIMARY KEY \(tenant_id=\? AND hour[=>]\?/, pg: 'rollup_hourly_pkey' };

const READS: Read[] = [
  {
    name: 'a run\'s events (GET /runs/:run_id)',
    build: (d) => { const x = d(); return [{ sql: runEventsSql(x.dialect, TENANT, 'r7'), values: x.values() }]; },
    sqlite: /SEARCH trace_events USING INDEX ix_events_tenant_run_started \(tenant_id=\? AND run_id=\?\)/, pg: 'ix_events_tenant_run_started',
  },
  {
    name: 'a customer\'s runs (GET /runs?customer_id=)',
    build: (d) => { const x = d(); return [{ sql: listRunsSql(x.dialect, TENANT, { customer_id: 'c3' }, 51), values: x.values() }]; },
    sqlite: /SEARCH r USING INDEX ix_runs_tenant_customer_started \(tenant_id=\? AND customer_id=\?\)/, pg: 'ix_runs_tenant_customer_started',
  },
  {
    name: 'the run list (GET /runs)',
    build: (d) => { const x = d(); return [{ sql: listRunsSql(x.dialect, TENANT, {}, 51), values: x.values() }]; },
    sqlite: /SEARCH r USING INDEX ix_runs_tenant_started \(tenant_id=\?\)/, pg: 'ix_runs_tenant_started',
  },
  {
    name: 'customers of a period (/customers, /insights by_customer): the period\'s rows only',
    build: (d) => summarySql(d, RANGE, ['customer_id']),
    sqlite: /SEARCH rollup_daily USING PRIMARY KEY \(tenant_id=\? AND family=\? AND key1=\? AND day>\?(?: AND day<\?)?\)/, pg: 'ix_rollup_daily_customer',
  },
  {
    name: 'a customer\'s models (/customers/:id, customer filter)',
    build: (d) => summarySql(d, { ...RANGE, customer_id: 'c3' }, ['provider', 'model']),
    sqlite: /SEARCH rollup_daily USING PRIMARY KEY \(tenant_id=\? AND family=\? AND key1=\? AND day>\?(?: AND day<\?)?\)/, pg: 'rollup_daily_pkey',
  },
  {
    // (on PostgreSQL model_customer, section_customer and customer are read from the rows of the families they
    // mirror, through their partial indexes: storage/mirror-families.ts)
    name: 'the customers of a section (section filter): key1 IN (the matching paths)',
    build: (d) => summarySql(d, { ...RANGE, section: 'f1' }, ['customer_id']),
    sqlite: /SEARCH rollup_daily USING PRIMARY KEY \(tenant_id=\? AND family=\? AND key1=\? AND day>\?(?: AND day<\?)?\)/, pg: 'ix_rollup_daily_section_customer',
  },
  {
    name: 'the customers of a model (model filter): key1 IN (its providers)',
    build: (d) => summarySql(d, { ...RANGE, model: 'm1' }, ['customer_id']),
    sqlite: /SEARCH rollup_daily USING PRIMARY KEY \(tenant_id=\? AND family=\? AND key1=\? AND day>\?(?: AND day<\?)?\)/, pg: 'ix_rollup_daily_model_customer',
  },
  {
    name: 'a customer and a section by provider (the wide customer_detail family): the customer\'s rows, a day range per provider and model',
    build: (d) => summarySql(d, { ...RANGE, customer_id: 'c3', section: 'f0' }, ['provider']),
    sqlite: /SEARCH rollup_daily_wide USING PRIMARY KEY \(tenant_id=\? AND family=\? AND key1=\? AND key2=\? AND key3=\? AND day>\?(?: AND day<\?)?\)/, pg: 'rollup_daily_wide_pkey',
  },
  {
    name: 'a customer and a provider by section (customer_detail)',
    build: (d) => summarySql(d, { ...RANGE, customer_id: 'c3', provider: 'openai' }, ['section_path']),
    sqlite: /SEARCH rollup_daily_wide USING PRIMARY KEY \(tenant_id=\? AND family=\? AND key1=\? AND key2=\? AND key3=\? AND day>\?(?: AND day<\?)?\)/, pg: 'rollup_daily_wide_pkey',
  },
  {
    name: 'the customers of a provider in a section (provider_section_customer): a day range per matching path',
    build: (d) => summarySql(d, { ...RANGE, provider: 'openai', section: 'f1' }, ['customer_id']),
    sqlite: /SEARCH rollup_daily_wide USING PRIMARY KEY \(tenant_id=\? AND family=\? AND key1=\? AND key2=\? AND key3=\? AND day>\?(?: AND day<\?)?\)/, pg: 'rollup_daily_wide_pkey',
  },
  {
    name: 'the customers of a model in a section (model_section_customer)',
    build: (d) => summarySql(d, { ...RANGE, model: 'm1', section: 'f1' }, ['customer_id']),
    sqlite: /SEARCH rollup_daily_wide USING PRIMARY KEY \(tenant_id=\? AND family=\? AND key1=\? AND key2=\? AND key3=\? AND day>\?(?: AND day<\?)?\)/, pg: 'rollup_daily_wide_pkey',
  },
  {
    name: 'the sections of a model (model filter): section_model read by key1 IN (the range\'s paths), not every day',
    build: (d) => summarySql(d, { ...RANGE, model: 'm1' }, ['section_path']),
    sqlite: /SEARCH rollup_daily USING PRIMARY KEY \(tenant_id=\? AND family=\? AND key1=\? AND day>\?(?: AND day<\?)?\)/, pg: 'rollup_daily_pkey',
  },
  {
    name: 'a page of /customers (sorted and cut in the database): the period\'s rows of the customer family only',
    build: (d) => { const x = d(); return [{ sql: customerPageSql(x.dialect, TENANT, RANGE, 'cost', 20, 10, BOUNDARY)!, values: x.values() }]; },
    sqlite: /SEARCH rollup_daily USING PRIMARY KEY \(tenant_id=\? AND family=\? AND key1=\? AND day>\?(?: AND day<\?)?\)/, pg: 'ix_rollup_daily_customer',
  },
  {
    name: 'the trend of a page of customers (/customers with a range): the page\'s customers only',
    build: (d) => summarySql(d, { ...RANGE, customer_ids: ['c1', 'c2'] }, ['customer_id', 'day']),
    sqlite: /SEARCH rollup_daily USING PRIMARY KEY \(tenant_id=\? AND family=\? AND key1=\? AND day>\?(?: AND day<\?)?\)/, pg: 'rollup_daily_pkey',
  },
];

describe('read plans use the intended indexes', () => {
  it('the families chosen for these reads', () => {
    assert.equal(dailyFamilyFor(['customer_id'], []), 'customer');
    assert.equal(dailyFamilyFor(['provider', 'model'], ['customer_id']), 'customer_model');
    // a customer's days (the trend and previous period of a page of /customers, a customer's totals): one row a day
    assert.equal(dailyFamilyFor(['customer_id', 'day'], ['customer_id']), 'customer_days');
    assert.equal(dailyFamilyFor([], ['customer_id']), 'customer_days');
    assert.equal(dailyFamilyFor(['customer_id'], []), 'customer');
    assert.equal(dailyFamilyFor(['customer_id'], ['section']), 'section_customer');
    assert.equal(dailyFamilyFor(['customer_id'], ['model']), 'model_customer');
    assert.equal(dailyFamilyFor(['section_path'], ['model']), 'section_model');
    assert.equal(dailyFamilyFor(['provider'], ['customer_id', 'section']), 'customer_detail');
    assert.equal(dailyFamilyFor(['section_path'], ['customer_id', 'provider']), 'customer_detail');
    assert.equal(dailyFamilyFor(['customer_id'], ['provider', 'section']), 'provider_section_customer');
    assert.equal(dailyFamilyFor(['customer_id'], ['model', 'section']), 'model_section_customer');
    assert.equal(dailyFamilyFor(['customer_id'], ['provider']), 'model_customer');
    assert.equal(dailyFamilyFor(['hour'], ['customer_id', 'section']), null);
  });

  describe('SQLite (EXPLAIN QUERY PLAN)', () => {
    let db: Database.Database;
    before(async () => {
      const file = join(tempDir(), 'plans.db');
      const storage = new SqliteStorage(file, { writerThread: false });
      await storage.writeEvents(events());
      await storage.close();
      db = new Database(file);
      refreshPlannerStats(db, true);
    });
    after(() => db?.close());
    const sqlite = () => {
      const { dialect, params } = sqliteDialect();
      return { dialect, values: () => params };
    };
    for (const read of READS) {
      it(read.name, () => {
        let found = 0;
        for (const { sql, values, source } of read.build(sqlite)) {
          const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(values) as { detail: string }[]).map((r) => r.detail).join('\n');
          assert.match(plan, source === 'rollup' ? HOURLY_PLAN.sqlite : read.sqlite, `${sql}\n${plan}`);
          assert.doesNotMatch(plan, /SCAN (trace_events|rollup_hourly|rollup_daily|rollup_daily_wide|r)\b(?! USING)/, plan);
          found += db.prepare(sql).all(values).length;
        }
        assert.ok(found > 0, 'the read finds rows');
      });
    }
  });

  describe('PostgreSQL (EXPLAIN)', { skip: only('postgres') }, () => {
    let c: pg.Client;
    before(async () => {
      const appUrl = await freshPostgresDb('plans');
      const storage = await PostgresStorage.open(appUrl);
      await storage.writeEvents(events());
      await storage.close();
      c = new pg.Client({ connectionString: pgUrl({ database: new URL(appUrl).pathname.slice(1) }) });
      await c.connect();
      await c.query('ANALYZE');
      // tiny tables: a sequential scan would win; without it the plan shows which index the planner finds best
      await c.query('SET enable_seqscan = off');
    });
    after(() => c?.end());
    const postgres = () => {
      const { dialect, params } = pgDialect();
      return { dialect, values: () => params.values };
    };
    const indexes = (node: any): string[] => [node['Index Name'], ...(node.Plans ?? []).flatMap(indexes)].filter(Boolean);
    const scans = (node: any): string[] => [node['Node Type'] === 'Seq Scan' ? node['Relation Name'] : undefined, ...(node.Plans ?? []).flatMap(scans)].filter(Boolean);
    for (const read of READS) {
      it(read.name, async () => {
        for (const { sql, values, source } of read.build(postgres)) {
          const plan = (await c.query(`EXPLAIN (FORMAT JSON) ${sql}`, values)).rows[0]['QUERY PLAN'][0].Plan;
          assert.ok(indexes(plan).includes(source === 'rollup' ? HOURLY_PLAN.pg : read.pg), `${sql}\n${JSON.stringify(plan)}`);
          assert.deepEqual(scans(plan), [], JSON.stringify(plan));
        }
      });
    }
  });
});

/**
 * The rewritten reads (a customer filter on the hourly rollup as one seek per hour, `key1 IN (…)` the leading values
 * of a range, the page of customers of /customers) answer what the events say: every filter and pair of filters,
 * every grouping, over whole days, partial hours and open ends, against a sum over the events themselves.
 */
const HOUR = 3_600_000;
const FILTERS: QueryFilters[] = [
  {}, { customer_id: 'c3' }, { provider: 'openai' }, { model: 'm1' }, { section: 'f1' }, { section: 'a0/f2' },
  { customer_id: 'c3', provider: 'openai' }, { customer_id: 'c3', section: 'f0' }, { provider: 'google', section: 'f1' },
  { model: 'm2', section: 'a1' }, { customer_id: 'c7', model: 'm0' }, { customer_ids: ['c1', 'c4', 'nobody'] },
  { customer_ids: ['c2'], section: 'f2' },
];
const RANGES: { from?: number; to?: number }[] = [
  {}, RANGE, { from: T0 + 10 * DAY, to: T0 + 30 * DAY }, { from: T0 + 3 * DAY + 5 * HOUR + 123, to: T0 + 21 * DAY + 7 * HOUR + 9 },
  { to: T0 + 12 * DAY + 1 }, { from: T0 + 5 * DAY + 400, to: T0 + 5 * DAY + 3000 },
];
const GROUPINGS: Dimension[][] = [[], ['customer_id'], ['provider'], ['provider', 'model'], ['section_path'], ['day'], ['customer_id', 'day'], ['hour']];

function expected(f: QueryFilters, groupBy: Dimension[]): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  for (const e of events()) {
    if (f.from !== undefined && e.started_at < f.from) continue;
    if (f.to !== undefined && e.started_at >= f.to) continue;
    if (f.customer_id !== undefined && e.customer_id !== f.customer_id) continue;
    if (f.customer_ids !== undefined && !f.customer_ids.includes(e.customer_id ?? '')) continue;
    if (f.provider !== undefined && e.provider !== f.provider) continue;
    if (f.model !== undefined && e.model !== f.model) continue;
    if (f.section !== undefined && !`/${e.section_path}/`.includes(`/${f.section}/`)) continue;
    const key = JSON.stringify(groupBy.map((g) => g === 'day' ? Math.floor(e.started_at / DAY) * 86_400 : g === 'hour' ? Math.floor(e.started_at / HOUR) * 3600 : e[g]));
    const acc = out.get(key) ?? [0, 0];
    out.set(key, [acc[0] + 1, acc[1] + 1_000_000]);
  }
  return out;
}

type AggregateStore = { aggregate(f: QueryFilters, g: Dimension[], measures?: readonly MetricName[]): Promise<{ keys: Record<string, unknown>; calls: number; cost_nanos: number; input_tokens: number }[]> };

async function answersMatch(store: AggregateStore) {
  let compared = 0;
  for (const filter of FILTERS) {
    for (const range of RANGES) {
      for (const groupBy of GROUPINGS) {
        const f = { ...filter, ...range };
        const got = new Map((await store.aggregate(f, groupBy)).map((r) => [JSON.stringify(groupBy.map((g) => r.keys[g])), [r.calls, r.cost_nanos] as [number, number]]));
        assert.deepEqual(got, expected(f, groupBy), `${JSON.stringify(f)} by ${groupBy.join(',')}`);
        compared += got.size;
        // the cost alone (the trend and previous period of /customers): the same groups and sums, no other metric
        if (groupBy[0] === 'customer_id') {
          const costs = await store.aggregate(f, groupBy, ['cost_nanos']);
          assert.deepEqual(new Map(costs.map((r) => [JSON.stringify(groupBy.map((g) => r.keys[g])), [r.calls, r.cost_nanos] as [number, number]])), got);
          assert.ok(costs.every((r) => r.input_tokens === 0), 'only the metrics asked are summed');
        }
      }
    }
  }
  assert.ok(compared > 1000, `compared ${compared} groups`);
}

/** /customers' pages (customerPage): sorted in SQL, ties by customer id, the count and totals of all, past the end too. */
async function pagesMatch(store: { customerPage(f: QueryFilters, sort: 'cost' | 'calls', limit: number, offset: number): Promise<{ rows: { keys: Record<string, unknown>; calls: number; cost_nanos: number }[]; total_customers: number; cost_nanos: number }> }) {
  for (const f of [{}, { ...RANGE, section: 'f1' }, { from: T0 + 3 * DAY + 5 * HOUR + 123, to: T0 + 21 * DAY + 7 * HOUR + 9 }, { customer_id: 'c3' }] as QueryFilters[]) {
    const want = [...expected(f, ['customer_id']).entries()].map(([k, [calls, cost]]) => ({ id: JSON.parse(k)[0] as string, calls, cost }))
      .sort((a, b) => b.cost - a.cost || b.calls - a.calls || a.id.localeCompare(b.id));
    assert.ok(want.length > 0);
    for (const sort of ['cost', 'calls'] as const) {
      const seen: string[] = [];
      for (let offset = 0; offset <= want.length + 7; offset += 7) {
        const page = await store.customerPage(f, sort, 7, offset);
        assert.equal(page.total_customers, want.length, JSON.stringify(f));
        assert.equal(page.cost_nanos, want.reduce((n, w) => n + w.cost, 0));
        seen.push(...page.rows.map((r) => r.keys.customer_id as string));
        assert.deepEqual(page.rows.map((r) => [r.calls, r.cost_nanos]), want.slice(offset, offset + 7).map((w) => [w.calls, w.cost]));
      }
      assert.deepEqual(seen, want.map((w) => w.id), `${sort} ${JSON.stringify(f)}`);
    }
  }
}

/**
 * Writes the events, then checks every rewritten read and every page against them — also with the wide families
 * compacted only up to the middle of the data (the days after it read from the hourly rollup: wide-compaction.ts).
 */
async function answersAndPages(storage: Storage, sql: (statement: string) => Promise<void>, dialectName: 'sqlite' | 'postgres'): Promise<void> {
  try {
    await storage.writeEvents(events());
    await answersMatch(storage.forTenant(TENANT));
    await pagesMatch(storage.forTenant(TENANT));
    // (the week rows as a compaction of every hour before that boundary makes them: week-grain.ts)
    const mid = T0 / 1000 + 20 * 86_400;
    await sql(`DELETE FROM rollup_daily_wide WHERE day >= ${mid} OR family LIKE '%@week'`);
    await sql(`DELETE FROM rollup_daily WHERE family LIKE '%@week'`);
    await sql(`UPDATE rollup_wide_state SET through_day = ${mid}`);
    for (const s of weekCompactionSql(dialectName, `hour < (SELECT w.through_day FROM rollup_wide_state w WHERE w.tenant_id = rollup_hourly.tenant_id)`)) await sql(s);
    await answersMatch(storage.forTenant(TENANT));
    await pagesMatch(storage.forTenant(TENANT));
    // the boundary inside a day (compactions move it hour by hour): that day's wide rows hold its first 7 hours
    const inDay = mid + 7 * 3600;
    const values = [`'${TENANT}'`, String(mid), String(inDay)];
    const literal = (statement: string) => { let i = 0; return statement.replace(/\$(\d)|\?/g, (_, n?: string) => values[n ? Number(n) - 1 : i++]!); };
    for (const c of compactionSql(dialectName)) await sql(literal(c));
    await sql(`UPDATE rollup_wide_state SET through_day = ${inDay}`);
    await answersMatch(storage.forTenant(TENANT));
    await pagesMatch(storage.forTenant(TENANT));
  } finally {
    await storage.close();
  }
}

describe('the rewritten reads answer what the events say', () => {
  it('SQLite', async () => {
    const file = join(tempDir(), 'answers.db');
    await answersAndPages(new SqliteStorage(file, { writerThread: false }), async (statement) => {
      const db = new Database(file);
      db.exec(statement);
      db.close();
    }, 'sqlite');
  });
  it('PostgreSQL', { skip: only('postgres') }, async () => {
    const appUrl = await freshPostgresDb('answers');
    const storage = await PostgresStorage.open(appUrl);
    // the first write's compaction runs after it: awaited, so that the rewind below is not undone
    await answersAndPages({ ...storage, forTenant: storage.forTenant.bind(storage), close: storage.close.bind(storage), writeEvents: async (e: StoredEventInput[]) => {
      const r = await storage.writeEvents(e);
      await storage.compactSoon(TENANT);
      return r;
    } } as unknown as Storage, async (statement) => {
      const su = new pg.Client({ connectionString: pgUrl({ database: new URL(appUrl).pathname.slice(1) }) });
      await su.connect();
      try {
        await su.query(statement);
      } finally {
        await su.end();
      }
    }, 'postgres');
  });
});
