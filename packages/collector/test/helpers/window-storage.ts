/**
 * A storage of the test run's kind (STORAGE) with an injected clock, for the customer window tests, and a side
 * connection that reads the window tables directly: SQLite read-only, PostgreSQL as the superuser (which row-level
 * security does not filter). `rows` takes `?` placeholders for both.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { STORAGE, tempDir } from './collector.js';
import { freshPostgresDb, pgUrl } from './postgres.js';
import { SqliteStorage } from '../../dist/storage/sqlite/sqlite-storage.js';
import { PostgresStorage } from '../../dist/storage/postgres/postgres-storage.js';
import type { WindowKey } from '../../dist/storage/customer-windows.js';

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
