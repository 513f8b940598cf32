/**
 * A storage of the test run's kind (STORAGE) with an injected clock, for the customer window tests, and a side
 * connection that reads the window tables directly: SQLite read-only, PostgreSQL as the superuser (which row-level
 * security does not filter). `rows` takes `?` placeholders for both.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { STORAGE, tempDir } from './collector.js';
import { freshPostgresDb, pgUrl } from './postgres.js';
import { SqliteStorage } from '../../dist/storage/sqlite/sqlite-storage.js';
import { PostgresStorage } from '../../dist/storage/postgres/postgres-storage.js';
import type { WindowKey } from '../../dist/storage/customer-windows.js';
import { dayOf } from '../../dist/storage/rollup.js';
import type { CustomerPage, QueryFilters, StoredEventInput } from '../../dist/storage/types.js';
import { DAY, storedCall } from './histories.js';

export type WindowStorage = (SqliteStorage | PostgresStorage) & {
  advanceCustomerWindows(t: string, key?: WindowKey): Promise<Record<string, string>>;
  windowsSettled(): Promise<void>;
};

export interface WindowTestStorage {
  storage: WindowStorage;
  /** the SQLite file ('' on PostgreSQL) */
  sqliteFile: string;
  /** rows of a query on the side connection (bigint columns as numbers) */
  rows(sql: string, params: unknown[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export async function openWindowStorage(name: string, now: () => number): Promise<WindowTestStorage> {
  if (STORAGE === 'postgres') {
    const appUrl = await freshPostgresDb(name);
    const storage = await PostgresStorage.open(appUrl, { now }) as WindowStorage;
    const su = new pg.Client({ connectionString: pgUrl({ database: new URL(appUrl).pathname.slice(1) }) });
    await su.connect();
    // (bigint as a number: the window tables' days, counts and nano-dollars fit a double here)
    const asNumbers = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' && /^-?\d+$/.test(v) && k !== 'scope' && k !== 'window_id' && k !== 'customer_id' ? Number(v) : v]));
    return {
      storage, sqliteFile: '',
      rows: async (sql, params) => {
        let n = 0;
        return (await su.query(sql.replace(/\?/g, () => `$${++n}`), params)).rows.map(asNumbers);
      },
      close: async () => {
        await storage.windowsSettled();
        await su.end();
        await storage.close();
      },
    };
  }
  const sqliteFile = join(tempDir(`llmo-${name}-`), `${name}.sqlite`);
  const storage = new SqliteStorage(sqliteFile, { now }) as WindowStorage;
  const ro = new Database(sqliteFile, { readonly: true });
  return {
    storage, sqliteFile,
    rows: async (sql, params) => ro.prepare(sql).all(...params) as Record<string, unknown>[],
    close: async () => {
      await storage.windowsSettled();
      ro.close();
      await storage.close();
    },
  };
}

/** What the window tests read: a page of customers (with the window path forced off by `windows: false`). */
export type PageStore = { customerPage(f: QueryFilters, sort: 'cost' | 'calls', limit: number, offset: number, opts?: { now?: number; windows?: boolean }): Promise<CustomerPage> };

export interface WindowEventsShape {
  rand: () => number;
  tenants: readonly string[];
  /** span id prefix (unique per file) */
  prefix: string;
  /** customer ids 0 … customers - 1; ids below 3 are "no customer" */
  customers: number;
  costs: readonly number[];
  /** [provider, model] pairs picked at random (else storedCall's) */
  models?: readonly (readonly [string, string])[];
  /** section paths picked at random (null = none) */
  paths?: readonly (string | null)[];
}

/**
 * A factory of random calls for these tenants: for each day before `now` (0 = today, up to now) `perDay` calls of
 * random customers (some none), costs from a few values (ties), some unpriced, estimated or failed.
 */
export function windowEvents(shape: WindowEventsShape): (now: number, days: number[], perDay: number) => StoredEventInput[] {
  const { rand } = shape;
  let spans = 0;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  return (now, days, perDay) => {
    const out: StoredEventInput[] = [];
    for (const tenant of shape.tenants) {
      for (const back of days) {
        for (let i = 0; i < perDay; i++) {
          const c = Math.floor(rand() * shape.customers);
          const pair = shape.models ? pick(shape.models) : undefined;
          const started = dayOf(now) * 1000 - back * DAY + Math.floor(rand() * (back === 0 ? (now % DAY) : DAY));
          const unpriced = rand() < 0.05;
          out.push(storedCall({
            tenant_id: tenant, span_id: `${shape.prefix}-${++spans}`, run_id: `${shape.prefix}r-${spans}`, started_at: Math.min(started, now - 1),
            customer_id: c < 3 ? null : `${tenant}-c${c}`,
            ...(pair && { provider: pair[0], model: pair[1] }), ...(shape.paths && { section_path: pick(shape.paths) }),
            cost_usd: unpriced ? null : pick(shape.costs), cost_status: unpriced ? 'unpriced' : 'priced',
            usage_estimated: rand() < 0.1, status: rand() < 0.05 ? 'error' : 'ok', input_tokens: 10 + Math.floor(rand() * 3) * 10, output_tokens: 5,
          }));
        }
      }
    }
    return out;
  };
}

/**
 * A PostgreSQL plan (EXPLAIN (FORMAT JSON)'s `Plan`) of a window page: the window's rows (the `top` part: a read
 * of customer_totals not aliased t, the live customers' join) come from an ordered walk of the sort's index, cut by
 * a LIMIT right above it — no sort of them.
 */
export function assertWindowIndexWalk(plan: any, index: string): void {
  // every read of the window table, with the nodes above it (the page's walk; the page's metrics read by key)
  // (by relation: EXPLAIN numbers the aliases of a table read more than once, customer_totals_1…)
  const paths = (node: any, up: any[] = []): any[][] => [
    ...(node['Relation Name'] === 'customer_totals' && node.Alias !== 't' ? [[...up, node]] : []),
    ...(node.Plans ?? []).flatMap((p: any) => paths(p, [...up, node])),
  ];
  const found = paths(plan);
  assert.ok(found.length > 0, JSON.stringify(plan));
  const walk = found.find((p) => p.at(-1)['Index Name'] === index);
  assert.ok(walk, `no read of customer_totals by ${index}: ${JSON.stringify(found.map((p) => p.at(-1)))}`);
  const [parent, scan] = walk.slice(-2);
  assert.match(scan['Node Type'], /^Index (Only )?Scan$/, JSON.stringify(scan));
  assert.equal(parent['Node Type'], 'Limit', JSON.stringify(parent));
}
