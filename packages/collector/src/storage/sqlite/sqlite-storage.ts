/**
 * SQLite adapter of the storage interface (better-sqlite3, WAL). Writes are synchronous transactions, so a
 * batch is committed when `writeEvents` returns. WAL with synchronous=NORMAL survives a killed process (kill -9);
 * only a power loss could lose the last transactions (set LLMOBSERVE_SQLITE_SYNC=FULL to close that too).
 *
 * Longer than our ~300-line rule: it holds the adapter's storage, tenant store and admin store, which share the
 * connection, its statement cache and the writer/reader threads' plumbing; the SQL itself lives in the shared
 * builders (segment-sql.ts, tenant-queries.ts, customer-page-sql.ts, customer-windows.ts) and sqlite/*.ts.
 */
import Database from 'better-sqlite3';
import type {
  AdminStore, AggregateRow, ApiKeyRecord, CustomerPage, CustomPrice, Dimension, MigrationReport, NewApiKey, QueryFilters, RunCursor, RunSummary,
  SessionRecord, Storage, StoredEvent, StoredEventInput, TenantRecord, TenantStore, WriteResult,
} from '../types.js';
import { dailyFamilyFor } from '../family-choice.js';
import { filteredDimensions, needsBoundary, rangeSegments, segmentSql, type Dialect } from '../segment-sql.js';
import { StatementCache } from './statement-cache.js';
import { migrate } from './migrations.js';
import { PRICE_COLUMNS, rowToPrice } from '../price-rows.js';
import { listRunsSql, runEventsSql, setPriceSql } from '../tenant-queries.js';
import { KEY_COLUMNS, measuresOf, mergeAggregates, rowsToCustomerPage, rowToEvent, rowToKey, rowToRun, type Row } from '../rows.js';
import type { MetricName } from '../columns.js';
import { customerPageFamily, customerPageSql, type CustomerSort } from '../customer-page-sql.js';
import { WIDE_THROUGH_SQL } from '../wide-compaction.js';
import { createEventWriter, openConnection, type EventWriter, type SqliteOptions } from './event-writer.js';
import { WriterThread } from './writer-thread.js';
import { ThreadClient, workerUrl } from './thread-client.js';
import { Checkpointer } from './checkpointer.js';
import { createFolder } from './fold.js';
import { assertStorable } from '../storable.js';
import { asUnavailable, isSqliteUnavailable, StorageUnavailableError } from '../faults.js';
import { SqlInsightStore } from '../insights/store.js';
import type { InsightStore } from '../insights/types.js';
import { statfsSync } from 'node:fs';
import { SQLITE_PURGE_EXPIRED } from '../retention.js';
import type { BudgetSqlRunner, SqlBuild } from '../budget-store.js';
import { dirname } from 'node:path';
import { isFresh, scopeNeedsBoundary, windowOf, windowPageSql, type WindowKey } from '../customer-windows.js';
import { adaptStepDays, FIRST_STEP_DAYS, mergeKinds, UNSCOPED_WINDOWS, type AdvanceKind } from '../window-maintenance.js';
import { sqliteDialect } from './dialect.js';
import { dayOf } from '../rollup.js';
import { advanceSqliteStep, windowTenants } from './windows.js';


export { sqliteDialect };

export interface SqliteStorageOptions extends SqliteOptions {
  /**
   * Write events on a worker thread (default for files): parsing, validation and pricing of the next request then
   * run on the main thread while SQLite commits the previous batch on the second core.
   */
  writerThread?: boolean;
  /**
   * With the writer thread: heavy reads run on a reader thread, so that they never block the event loop (/health,
   * ingest), and one that takes longer than this (ms; env LLMOBSERVE_READ_TIMEOUT_MS, default 15000) answers 503.
   */
  readTimeoutMs?: number;
  /** /ready fails below this much free space on the database's disk (env LLMOBSERVE_SQLITE_MIN_FREE_BYTES, default 1 MiB). */
  minFreeBytes?: number;
  /** The clock of the customer windows (epoch ms; default Date.now): which day is today. Tests inject one. */
  now?: () => number;
}

/** What a customer page may be told (internal: tests compare the window path with the rollups' answer). */
export interface CustomerPageOptions {
  /** epoch ms of the read (default: the storage's clock) */
  now?: number;
  /** false: answer from the rollups even when a window could */
  windows?: boolean;
}

/** The main thread's side of the customer windows, for a tenant store: the clock, and a check that asks an advance. */
export interface WindowHooks {
  now(): number;
  /** Asks for an advance of the window when its state is not the one of `today`; never waits. */
  check(tenantId: string, key: WindowKey, today: number): void;
}

export class SqliteStorage implements Storage {
  readonly kind = 'sqlite' as const;
  readonly migration: MigrationReport;
  readonly admin: AdminStore = new SqliteAdminStore(this);
  readonly budgetSql: BudgetSqlRunner = new SqliteBudgetSql(this);
  private readonly db: Database.Database;
  private readonly statements = new StatementCache();
  private readonly writer: EventWriter | WriterThread;
  private readonly reader: ThreadClient | null;
  private readonly minFreeBytes: number;
  /** started with the writer thread's first write */
  private checkpointer: Checkpointer | null = null;
  /** write results (writer thread) that left events unfolded since the last settle */
  private unfoldedWrites = 0;
  /** false: a checkpoint thread copies the WAL back, and no connection of this database checkpoints on commit */
  readonly autoCheckpoint: boolean;
  readonly now: () => number;
  /** advances asked and not done yet, per tenant and scope (one at a time each) */
  private readonly advances = new Map<string, Promise<Record<string, AdvanceKind>>>();
  /** set by close(): an advance stops after its current step (the next open, or the next read, resumes it) */
  private closing = false;
  private readonly windowHooks: WindowHooks;

  constructor(readonly file: string, options: SqliteStorageOptions = {}) {
    this.minFreeBytes = options.minFreeBytes ?? 1024 * 1024;
    const threaded = options.writerThread ?? (file !== ':memory:' && process.env.LLMOBSERVE_SQLITE_WRITER !== 'main');
    this.autoCheckpoint = !threaded;
    this.db = openConnection(file, { ...options, autoCheckpoint: this.autoCheckpoint });
    this.migration = migrate(this.db);
    // Events a previous process stored and did not fold (killed between the two) are folded before any read: by the
    // main thread's writer as it is made, here for the writer thread (started with the first write).
    const folder = createFolder(this.db);
    if (threaded) folder.foldStored();
    // the closed hours of tenants that wrote nothing since (wide-compaction.ts); a writing tenant's fold does its own
    folder.compactStale();
    // (the clock stays here: a function cannot be sent to a thread; the advance gets the time in its message)
    const { now: _now, ...threadOptions } = options;
    this.writer = threaded ? new WriterThread(file, threadOptions) : createEventWriter(this.db);
    this.reader = threaded ? new ThreadClient(workerUrl('reader-worker'), { file }, 'SQLite read', options.readTimeoutMs ?? 15_000) : null;
    this.now = options.now ?? Date.now;
    this.windowHooks = {
      now: this.now,
      check: (tenant, key, today) => {
        const s = this.stmt('SELECT first_day, end_day FROM customer_totals_state WHERE tenant_id = ? AND window_id = ? AND scope = ?').get(tenant, key.w, key.scope) as
          { first_day: number; end_day: number } | undefined;
        if (!isFresh(s, key.w, today)) void this.advanceCustomerWindows(tenant, key.scope === '' ? undefined : key).catch(() => {});
      },
    };
    // the windows that exist are brought to today at start-up (in the background); a tenant's first read builds its own
    for (const tenant of windowTenants(this.db)) void this.advanceCustomerWindows(tenant).catch(() => {});
  }

  /**
   * Brings the tenant's unscoped customer windows — or this scoped one (storage/customer-windows.ts) — to today on the
   * connection that writes: the writer thread, or this one (each step after the current turn of the event loop). A
   * step is one short transaction; the writer thread commits the batches that came meanwhile between two steps.
   * Asked again while one runs: that one. A close stops it after the step it is in: each step commits its progress in
   * the window's state, so the next advance goes on from there.
   */
  advanceCustomerWindows(tenantId: string, key?: WindowKey): Promise<Record<string, AdvanceKind>> {
    const wanted = key === undefined ? UNSCOPED_WINDOWS : [key];
    const id = JSON.stringify([tenantId, key?.w ?? null, key?.scope ?? null]);
    const pending = this.advances.get(id);
    if (pending) return pending;
    if (this.closing) return Promise.reject(new Error('storage is closing'));
    const now = this.now();
    // the advance writes on the writer thread's connection: the checkpoint thread copies its WAL back, as for ingest
    if (typeof this.writer !== 'function') this.checkpointer ??= new Checkpointer(this.file);
    const writer = this.writer;
    const run = typeof writer === 'function'
      ? new Promise<Record<string, AdvanceKind>>((resolve, reject) => {
        const kinds: Record<string, AdvanceKind> = {};
        let days = FIRST_STEP_DAYS;
        const next = () => {
          try {
            const t0 = performance.now();
            const step = advanceSqliteStep(this.db, tenantId, wanted, now, days);
            days = adaptStepDays(days, performance.now() - t0);
            mergeKinds(kinds, step.kinds);
            if (step.done || this.closing) resolve(kinds);
            else setImmediate(next);
          } catch (err) {
            reject(err);
          }
        };
        setImmediate(next);
      })
      : writer.advance(tenantId, wanted, now);
    const done = run.finally(() => this.advances.delete(id));
    this.advances.set(id, done);
    return done;
  }

  /** Resolves once every advance asked so far is done (tests). */
  async windowsSettled(): Promise<void> {
    await Promise.allSettled([...this.advances.values()]);
  }

  async writeEvents(events: StoredEventInput[]): Promise<WriteResult> {
    if (events.length === 0) return { accepted: 0, duplicateIndexes: [] };
    assertStorable(events);
    try {
      if (typeof this.writer === 'function') return this.writer(events);
      this.checkpointer ??= new Checkpointer(this.file);
      const { unfolded, ...result } = await this.writer.write(events);
      if (unfolded > 0) this.unfoldedWrites += 1;
      return result;
    } catch (err) {
      throw asUnavailable(err, isSqliteUnavailable);
    }
  }

  forTenant(tenantId: string): TenantStore {
    if (typeof tenantId !== 'string' || tenantId === '') throw new Error('a tenant scope needs a tenant id');
    return new SqliteTenantStore(this, tenantId, this.reader, this.settle, this.windowHooks);
  }

  /**
   * Read-your-writes for the aggregates: resolves once every event acknowledged so far is folded into them (the
   * writer thread folds after the acknowledgement: sqlite/fold.ts). Every read of an aggregate calls it first; it
   * asks the writer thread only when a write left events unfolded since the last time.
   */
  readonly settle = async (): Promise<void> => {
    if (typeof this.writer === 'function' || this.unfoldedWrites === 0) return;
    const seen = this.unfoldedWrites;
    try {
      await this.writer.fold();
    } catch (err) {
      throw asUnavailable(err, isSqliteUnavailable);
    }
    // writes acknowledged while the fold ran may have left more: only those seen before it are settled
    if (this.unfoldedWrites === seen) this.unfoldedWrites = 0;
  };

  async purgeExpiredEvents(now: number, limit: number): Promise<number> {
    try {
      if (typeof this.writer !== 'function') {
        this.checkpointer ??= new Checkpointer(this.file);
        return await this.writer.purge(now, limit);
      }
      return this.stmt(SQLITE_PURGE_EXPIRED).run(now, limit).changes;
    } catch (err) {
      throw asUnavailable(err, isSqliteUnavailable);
    }
  }

  /**
   * The database answers and takes writes: a row is rewritten in a real transaction, so a full disk, a read-only
   * or immutable file, or a lost lock answers here (and /ready flips) rather than only on the next batch.
   */
  async ping(): Promise<void> {
    try {
      this.stmt('UPDATE schema_migrations SET name = name WHERE version = (SELECT max(version) FROM schema_migrations)').run();
    } catch (err) {
      throw asUnavailable(err, isSqliteUnavailable);
    }
    // A small write can still fit in the WAL when the disk is full: the free space is checked too.
    if (this.file !== ':memory:') {
      const fs = statfsSync(dirname(this.file));
      const free = fs.bavail * fs.bsize;
      if (free < this.minFreeBytes) {
        throw new StorageUnavailableError(`storage unavailable: ${free} bytes free on the database's disk (LLMOBSERVE_SQLITE_MIN_FREE_BYTES is ${this.minFreeBytes})`);
      }
    }
  }

  async close(): Promise<void> {
    // an advance asked (a stale read, the start-up) finishes the step it is in and stops: its transaction is not cut
    // by the close, and a shutdown does not wait for a whole build (seconds at 200,000 customers). The writer thread
    // stops its advances when told to close, after the batches queued before.
    this.closing = true;
    if (typeof this.writer !== 'function') await this.writer.close();
    await this.windowsSettled();
    await this.reader?.close();
    if (this.db.open) this.db.close();
    await this.checkpointer?.close();
  }

  /** @internal the main connection (billing uses it for in-memory databases only) */
  get connection(): Database.Database {
    return this.db;
  }

  /** @internal runs fn in one transaction */
  transaction(fn: () => void): void {
    this.db.transaction(fn).immediate();
  }

  /** @internal prepared-statement cache for the tenant stores */
  stmt(sql: string): Database.Statement {
    return this.statements.get(sql, () => this.db.prepare(sql));
  }
}

/** The budgets store's statements on the main connection (small, indexed statements; WAL lets them run beside the writer thread). */
class SqliteBudgetSql implements BudgetSqlRunner {
  constructor(private readonly storage: SqliteStorage) {}

  private exec(build: SqlBuild): Row[] {
    const { dialect, params } = sqliteDialect();
    const s = this.storage.stmt(build(dialect));
    if (s.reader) return s.all(params) as Row[];
    s.run(params);
    return [];
  }

  async all(_tenantId: string, build: SqlBuild): Promise<Row[]> {
    await this.storage.settle();
    try {
      return this.exec(build);
    } catch (err) {
      throw asUnavailable(err, isSqliteUnavailable);
    }
  }

  async batch(_tenantId: string, builds: SqlBuild[]): Promise<Row[][]> {
    await this.storage.settle();
    let out: Row[][] = [];
    try {
      this.storage.transaction(() => {
        out = builds.map((b) => this.exec(b));
      });
    } catch (err) {
      throw asUnavailable(err, isSqliteUnavailable);
    }
    return out;
  }

  async budgetTenants(): Promise<string[]> {
    return (this.storage.stmt('SELECT DISTINCT tenant_id FROM budgets ORDER BY 1').all() as { tenant_id: string }[]).map((r) => r.tenant_id);
  }

  async dueDeliveryTenants(at: number): Promise<string[]> {
    return (this.storage.stmt(`SELECT DISTINCT tenant_id FROM webhook_deliveries WHERE delivered_at IS NULL AND failed_at IS NULL
      AND next_attempt_at <= ? AND (locked_until IS NULL OR locked_until <= ?) ORDER BY 1`).all(at, at) as { tenant_id: string }[]).map((r) => r.tenant_id);
  }
}

class SqliteAdminStore implements AdminStore {
  constructor(private readonly storage: SqliteStorage) {}

  async findApiKeyByHash(hash: string): Promise<ApiKeyRecord | null> {
    const r = this.storage.stmt(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE key_hash = ?`).get(hash) as Row | undefined;
    return r ? rowToKey(r) : null;
  }

  async touchApiKeys(uses: { id: string; at: number }[]): Promise<void> {
    const touch = this.storage.stmt('UPDATE api_keys SET last_used_at = max(COALESCE(last_used_at, 0), ?) WHERE id = ?');
    this.storage.transaction(() => {
      for (const u of uses) touch.run(u.at, u.id);
    });
  }

  async createTenant(tenantId: string, name: string | null, at: number): Promise<{ tenant: TenantRecord; created: boolean }> {
    const info = this.storage.stmt('INSERT INTO tenants (tenant_id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (tenant_id) DO NOTHING').run(tenantId, name, at);
    return { tenant: (await this.getTenant(tenantId))!, created: info.changes === 1 };
  }

  async getTenant(tenantId: string): Promise<TenantRecord | null> {
    await this.storage.settle();
    const r = this.storage.stmt('SELECT tenant_id, name, created_at, retention_days FROM tenants WHERE tenant_id = ?').get(tenantId) as TenantRecord | undefined;
    if (r) return r;
    const seen = this.storage.stmt('SELECT 1 FROM rollup_hourly WHERE tenant_id = ? LIMIT 1').get(tenantId);
    return seen ? { tenant_id: tenantId, name: null, created_at: null, retention_days: null } : null;
  }

  async listTenants(): Promise<TenantRecord[]> {
    await this.storage.settle();
    return this.storage.stmt(`
      SELECT tenant_id, name, created_at, retention_days FROM tenants
      UNION ALL
      SELECT DISTINCT r.tenant_id, NULL, NULL, NULL FROM rollup_hourly r WHERE r.tenant_id NOT IN (SELECT tenant_id FROM tenants)
      ORDER BY 1`).all() as TenantRecord[];
  }

  async setTenantRetention(tenantId: string, days: number | null, at: number): Promise<TenantRecord> {
    this.storage.stmt(`INSERT INTO tenants (tenant_id, name, created_at, retention_days) VALUES (?, NULL, ?, ?)
      ON CONFLICT (tenant_id) DO UPDATE SET retention_days = excluded.retention_days`).run(tenantId, at, days);
    return (await this.getTenant(tenantId))!;
  }

  async createSession(s: SessionRecord): Promise<void> {
    this.storage.transaction(() => {
      this.storage.stmt('DELETE FROM sessions WHERE expires_at <= ?').run(s.created_at);
      this.storage.stmt('INSERT INTO sessions (tenant_id, id_hash, principal, key_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(s.tenant_id, s.id_hash, s.principal, s.key_hash, s.created_at, s.expires_at);
    });
  }

  async findSession(idHash: string, at: number): Promise<SessionRecord | null> {
    return (this.storage.stmt('SELECT * FROM sessions WHERE id_hash = ? AND expires_at > ?').get(idHash, at) as SessionRecord | undefined) ?? null;
  }

  async deleteSession(idHash: string): Promise<void> {
    this.storage.stmt('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
  }
}

/** What a tenant store needs of its connection (the storage on the main thread, or the reader thread's connection). */
export interface SqliteRunner {
  stmt(sql: string): Database.Statement;
  transaction(fn: () => void): void;
}

/** The reads that may be heavy (every customer of a tenant, a run of 10,000 events): run on the reader thread. */
export const HEAVY_READS = ['aggregate', 'customerPage', 'listRuns', 'getRun'] as const;
export type HeavyRead = (typeof HEAVY_READS)[number];

export class SqliteTenantStore implements TenantStore {
  /** `settle`: resolves once the aggregates hold every acknowledged event (SqliteStorage.settle); on the reader thread, already done. */
  constructor(
    private readonly storage: SqliteRunner,
    readonly tenantId: string,
    private readonly reader: ThreadClient | null = null,
    private readonly settle: () => Promise<void> = async () => {},
    private readonly windows: WindowHooks | null = null,
  ) {}

  /** After settling: the reader thread's answer, or null to read here (no reader thread). */
  private async offThread<T>(method: HeavyRead, args: unknown[]): Promise<{ value: T } | null> {
    await this.settle();
    return this.reader ? { value: await this.reader.call<T>({ tenant: this.tenantId, method, args }) } : null;
  }

  async listPrices(): Promise<CustomPrice[]> {
    return (this.storage.stmt(`SELECT ${PRICE_COLUMNS} FROM custom_prices WHERE tenant_id = ? ORDER BY provider, model, effective_from DESC`)
      .all(this.tenantId) as Row[]).map(rowToPrice);
  }

  async setPrice(p: CustomPrice): Promise<CustomPrice> {
    const { dialect, params } = sqliteDialect();
    return rowToPrice(this.storage.stmt(setPriceSql(dialect, this.tenantId, p)).get(params) as Row);
  }

  async deletePrice(id: string): Promise<boolean> {
    return this.storage.stmt('DELETE FROM custom_prices WHERE tenant_id = ? AND id = ?').run(this.tenantId, id).changes === 1;
  }

  async createApiKey(key: NewApiKey): Promise<ApiKeyRecord> {
    this.storage
      .stmt('INSERT INTO api_keys (id, tenant_id, key_hash, prefix, name, scopes, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(key.id, this.tenantId, key.hash, key.prefix, key.name, key.scopes.join(','), key.created_at, key.expires_at);
    return rowToKey(this.storage.stmt(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE tenant_id = ? AND id = ?`).get(this.tenantId, key.id) as Row);
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    return (this.storage.stmt(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE tenant_id = ? ORDER BY created_at DESC, id`).all(this.tenantId) as Row[]).map(rowToKey);
  }

  async revokeApiKey(id: string, at: number): Promise<ApiKeyRecord | null> {
    this.storage.stmt('UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE tenant_id = ? AND id = ?').run(at, this.tenantId, id);
    const r = this.storage.stmt(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE tenant_id = ? AND id = ?`).get(this.tenantId, id) as Row | undefined;
    return r ? rowToKey(r) : null;
  }

  async aggregate(filters: QueryFilters, groupBy: Dimension[], measures?: readonly MetricName[]): Promise<AggregateRow[]> {
    const off = await this.offThread<AggregateRow[]>('aggregate', [filters, groupBy, measures]);
    if (off) return off.value;
    const family = dailyFamilyFor(groupBy, filteredDimensions(filters));
    const boundary = needsBoundary(family, groupBy) ? this.compactedUntil() : undefined;
    const segments = rangeSegments(filters, groupBy, family, boundary);
    const summed = measuresOf(measures);
    const rows = segments.flatMap((segment) => {
      const { dialect, params } = sqliteDialect();
      const sql = segmentSql(dialect, this.tenantId, segment, filters, groupBy, family, summed);
      return this.storage.stmt(sql).all(params) as Row[];
    });
    return mergeAggregates(rows, groupBy, summed, segments.length === 1);
  }

  /** The tenant's compaction boundary, epoch ms (wide-compaction.ts, week-grain.ts; 0 = none yet). */
  private compactedUntil(): number {
    const r = this.storage.stmt(WIDE_THROUGH_SQL.sqlite).get(this.tenantId) as { through_day: number } | undefined;
    return (r?.through_day ?? 0) * 1000;
  }

  async customerPage(f: QueryFilters, sort: CustomerSort, limit: number, offset: number, opts: CustomerPageOptions = {}): Promise<CustomerPage> {
    // the clock is the main thread's (passed to the reader thread with the read)
    const now = opts.now ?? this.windows?.now() ?? Date.now();
    const w = opts.windows === false ? null : windowOf(f, now);
    if (w !== null) this.windows?.check(this.tenantId, w, dayOf(now));
    const off = await this.offThread<CustomerPage>('customerPage', [f, sort, limit, offset, { ...opts, now }]);
    if (off) return off.value;
    if (w !== null) {
      // from the window's index when its state is today's (else no row: the rollups answer, the advance was asked)
      const { dialect, params } = sqliteDialect();
      const boundary = scopeNeedsBoundary(w.scope) ? this.compactedUntil() : undefined;
      const rows = this.storage.stmt(windowPageSql(dialect, this.tenantId, w, dayOf(now), sort, limit, offset, boundary)).all(params) as Row[];
      if (rows.length > 0) return rowsToCustomerPage(rows);
    }
    const family = customerPageFamily(f);
    const boundary = needsBoundary(family, ['customer_id']) ? this.compactedUntil() : undefined;
    const read = (l: number, o: number) => {
      const { dialect, params } = sqliteDialect();
      const sql = customerPageSql(dialect, this.tenantId, f, sort, l, o, boundary);
      return sql === null ? [] : (this.storage.stmt(sql).all(params) as Row[]);
    };
    const rows = read(limit, offset);
    // past the last customer: the count and totals from the first
    return rows.length === 0 && offset > 0 ? { ...rowsToCustomerPage(read(1, 0)), rows: [] } : rowsToCustomerPage(rows);
  }

  async listRuns(f: QueryFilters, limit: number, after?: RunCursor): Promise<RunSummary[]> {
    const off = await this.offThread<RunSummary[]>('listRuns', [f, limit, after]);
    if (off) return off.value;
    const { dialect, params } = sqliteDialect();
    const sql = listRunsSql(dialect, this.tenantId, f, limit, after);
    return (this.storage.stmt(sql).all(params) as Row[]).map(rowToRun);
  }

  /** On the main connection (the writes need it; the detectors' reads are small, from rollups). */
  insights(): InsightStore {
    const run = (stmts: { sql: string; params: unknown[] }[]) => stmts.map((x) => {
      const st = this.storage.stmt(x.sql);
      if (st.reader) return st.all(x.params) as Row[];
      st.run(x.params);
      return [];
    });
    return new SqlInsightStore({
      batch: async (stmts, readOnly) => {
        await this.settle();
        if (readOnly) return run(stmts);
        let out: Row[][] = [];
        this.storage.transaction(() => (out = run(stmts)));
        return out;
      },
    }, () => {
      const { dialect, params } = sqliteDialect();
      return { dialect, values: () => params };
    }, this.tenantId);
  }

  async getRun(runId: string): Promise<{ run: RunSummary; events: StoredEvent[] } | null> {
    const off = await this.offThread<{ run: RunSummary; events: StoredEvent[] } | null>('getRun', [runId]);
    if (off) return off.value;
    const run = this.storage.stmt('SELECT * FROM runs WHERE tenant_id = ? AND run_id = ?').get(this.tenantId, runId) as Row | undefined;
    if (!run) return null;
    const { dialect, params } = sqliteDialect();
    const events = this.storage.stmt(runEventsSql(dialect, this.tenantId, runId)).all(params) as Row[];
    return { run: rowToRun(run), events: events.map(rowToEvent) };
  }
}
