/**
 * The billing store's connection to either database: one transaction at a time per call, tenant-scoped, with SQL
 * written once (`?` placeholders; PostgreSQL gets `$n`). SQLite: a connection of its own (busy timeout shared with
 * the writer thread), one transaction at a time (BEGIN IMMEDIATE for writes, so a closing excludes ingest);
 * PostgreSQL: the adapter's transaction with app.tenant_id set, and the tenant's billing advisory lock when exclusive.
 */
import type Database from 'better-sqlite3';
import { createFolder, type Folder } from '../sqlite/fold.js';
import type pg from 'pg';
import type { DialectName } from '../columns.js';
import type { Row } from '../rows.js';
import { PG_BILLING_LOCK } from './ingest-writes.js';
import { StatementCache } from '../sqlite/statement-cache.js';

export interface SqlRunner {
  readonly dialect: DialectName;
  all<T = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  /** The rows as arrays of their columns in select order (no object per row: the large reads). */
  rows(sql: string, params?: unknown[]): Promise<unknown[][]>;
  run(sql: string, params?: unknown[]): Promise<number>;
}

export interface BillingDb {
  readonly dialect: DialectName;
  /** `fold`: the transaction changes stored events' costs (re-pricing): their aggregates must be folded first (SQLite). */
  tx<T>(tenant: string, fn: (r: SqlRunner) => Promise<T>, opts?: { write?: boolean; exclusive?: boolean; fold?: boolean }): Promise<T>;
}

export class SqliteBillingDb implements BillingDb {
  readonly dialect = 'sqlite' as const;
  private readonly cache = new StatementCache();
  private chain: Promise<unknown> = Promise.resolve();

  /**
   * `settle`: the storage's read-your-writes for the aggregates (SqliteStorage.settle), awaited before every
   * transaction. A transaction that changes stored events' costs (`fold`: re-pricing) also folds, inside it, the
   * events still above the fold watermark (sqlite/fold.ts), so that it nets only costs the aggregates already hold.
   */
  constructor(private readonly db: Database.Database, private readonly settle: () => Promise<void> = async () => {}) {}

  private folder: Folder | null = null;

  private stmt(sql: string, raw = false): Database.Statement {
    const key = raw ? `raw\u0000${sql}` : sql;
    return this.cache.get(key, () => (raw ? this.db.prepare(sql).raw(true) : this.db.prepare(sql)));
  }

  tx<T>(_tenant: string, fn: (r: SqlRunner) => Promise<T>, opts: { write?: boolean; exclusive?: boolean; fold?: boolean } = {}): Promise<T> {
    const runner: SqlRunner = {
      dialect: 'sqlite',
      all: async <R>(sql: string, params: unknown[] = []) => {
        const s = this.stmt(sql);
        return (s.reader ? s.all(params) : (s.run(params), [])) as R[];
      },
      rows: async (sql: string, params: unknown[] = []) => this.stmt(sql, true).all(params) as unknown[][],
      run: async (sql, params = []) => this.stmt(sql).run(params).changes,
    };
    const next = this.chain.then(async () => {
      await this.settle();
      this.db.exec(opts.write || opts.exclusive || opts.fold ? 'BEGIN IMMEDIATE' : 'BEGIN');
      try {
        if (opts.fold) (this.folder ??= createFolder(this.db)).foldStored();
        const out = await fn(runner);
        this.db.exec('COMMIT');
        return out;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    });
    this.chain = next.catch(() => undefined);
    return next;
  }
}

export interface PgTransactor {
  transaction<T>(tenant: string | null, fn: (client: pg.PoolClient) => Promise<T>, begin?: string): Promise<T>;
}

const toDollar = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

export class PgBillingDb implements BillingDb {
  readonly dialect = 'postgres' as const;
  constructor(private readonly pg: PgTransactor, private readonly clean: (s: string) => string) {}

  tx<T>(tenant: string, fn: (r: SqlRunner) => Promise<T>, opts: { write?: boolean; exclusive?: boolean } = {}): Promise<T> {
    const values = (params: unknown[]) => params.map((v) => (typeof v === 'string' ? this.clean(v) : v));
    return this.pg.transaction(tenant, async (client) => {
      if (opts.exclusive) await client.query(PG_BILLING_LOCK(false), [tenant]);
      const runner: SqlRunner = {
        dialect: 'postgres',
        all: async <R>(sql: string, params: unknown[] = []) => (await client.query(toDollar(sql), values(params))).rows as R[],
        rows: async (sql: string, params: unknown[] = []) => (await client.query({ text: toDollar(sql), values: values(params), rowMode: 'array' })).rows as unknown[][],
        run: async (sql, params = []) => (await client.query(toDollar(sql), values(params))).rowCount ?? 0,
      };
      return fn(runner);
    }, opts.write || opts.exclusive ? 'BEGIN' : 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  }
}
