/**
 * PostgreSQL adapter of the storage interface (a `pg` pool), connected as the app role, under row-level security.
 *
 * Every tenant-scoped operation is one transaction that first runs `set_config('app.tenant_id', $1, true)`: the
 * setting lasts until COMMIT/ROLLBACK, so a pooled connection never carries a tenant into its next use. The
 * queries also filter on tenant_id themselves (for the planner); the database refuses any row of another tenant
 * whatever the query says. writeEvents groups a batch by tenant and sets each group's tenant in turn, inside one
 * transaction, so a batch stays atomic. The AdminStore calls SECURITY DEFINER functions (see schema.ts), never
 * the tables.
 *
 * Several collectors may share one database: inserts are idempotent on (tenant_id, span_id) and the rollup and run
 * upserts are increments, applied in a fixed order (tenants, then keys, sorted) so that concurrent batches queue
 * on the rows they share instead of deadlocking; a deadlock or serialization failure is retried anyway.
 */
import pg from 'pg';
import { dailyDeltasFromHourly, hourlyDeltas, runDeltas, type DailyDelta, type HourlyDelta, type RunDelta } from '../rollup.js';
import type { AdminStore, MigrationReport, Storage, StoredEventInput, TenantStore, WriteResult } from '../types.js';
import { clientConfig, connectionError, describeUrl, pgCode } from './connect.js';
import { preflight } from './preflight.js';
import type { Row } from '../rows.js';
import { PG_SCHEMA_VERSION } from './schema.js';
import { DAILY_ENCODERS, DAILY_WIDE_ENCODERS, EVENT_ENCODERS, HOURLY_ENCODERS, INSERT_EVENTS, pgSafe, RUN_ENCODERS, SET_TENANT, UPSERT_DAILY, UPSERT_DAILY_WIDE, UPSERT_HOURLY, UPSERT_RUNS } from './sql.js';
import type { WideDelta } from '../wide-families.js';
import { compactedDayDeltas, compactionBoundary, compactionSql, pgWideLock, WIDE_THROUGH_SQL, type CompactedDeltas } from '../wide-compaction.js';
import { upsertSql } from '../statements.js';
import { ROLLUP_WIDE_STATE } from '../columns.js';
import { PgAdminStore, PgBudgetSql, PgTenantStore, type PgRunner } from './stores.js';
import type { BudgetSqlRunner } from '../budget-store.js';
import { assertStorable } from '../storable.js';
import { writePgBilling } from '../billing/ingest-writes.js';
import { sortByKey } from '../../util/sort-by-key.js';
import { textColumns } from './text-array.js';
import { pgSignalUpserts } from '../insights/signal-writes.js';
import { asUnavailable, isPgUnavailable, StorageUnavailableError } from '../faults.js';
import { dayOf } from '../rollup.js';
import { type WindowKey } from '../customer-windows.js';
import { adaptStepDays, FIRST_STEP_DAYS, LATE_MARGIN_MS, mergeKinds, UNSCOPED_WINDOWS, type AdvanceKind } from '../window-maintenance.js';
import { advancePgStep, maybeLate, writePgLateWindows } from './windows.js';

const backoff = (attempt: number) => new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt) + Math.random() * 20));
/** The connection (not the statement) failed: the server went away, restarted, or terminated the backend. */
const NOT_CONNECTION_LOSS = new Set(['57014', '25006', '40001', '40P01']);
const isConnectionLoss = (err: unknown) => {
  const code = pgCode(err) ?? '';
  return isPgUnavailable(err) && !NOT_CONNECTION_LOSS.has(code) && !code.startsWith('53');
};

const dailyKey = (d: DailyDelta) => `${d.family}\u0000${d.key1}\u0000${String(d.day).padStart(12, '0')}\u0000${d.key2}\u0000${d.key3}`;
const hourlyKey = (d: HourlyDelta) => `${String(d.hour).padStart(12, '0')}\u0000${d.customer_id}\u0000${d.provider}\u0000${d.model}\u0000${d.section_path}`;
const runKey = (r: RunDelta) => r.run_id;
const wideKey = (d: WideDelta) => [d.family, d.key1, d.key2, d.key3, String(d.day).padStart(12, '0'), d.key4].join('\u0000');

/** One tenant's part of a batch: its inserted events, what they add to the compacted rows, their hourly deltas. */
interface TenantBatch {
  inserted: StoredEventInput[];
  /** what they add to the compacted rows (wide-compaction.ts) */
  late: CompactedDeltas;
  /** grouped once: the hourly rows and the daily families (folded from them) both need them */
  hourly: HourlyDelta[];
}

interface RollupUpsert {
  name: string;
  text: string;
  encode: ((d: never) => unknown)[];
  /** The rows of a tenant's part of the batch. */
  deltas: (b: TenantBatch) => unknown[];
}
const ROLLUP_PHASES: RollupUpsert[][] = [
  [
    { name: 'llmo_upsert_runs', text: UPSERT_RUNS, encode: RUN_ENCODERS, deltas: (b) => sortByKey(runDeltas(b.inserted), runKey) },
    { name: 'llmo_upsert_hourly', text: UPSERT_HOURLY, encode: HOURLY_ENCODERS, deltas: (b) => sortByKey(b.hourly, hourlyKey) },
  ],
  [
    { name: 'llmo_upsert_daily_wide', text: UPSERT_DAILY_WIDE, encode: DAILY_WIDE_ENCODERS, deltas: (b) => sortByKey(b.late.wide, wideKey) },
    { name: 'llmo_upsert_daily', text: UPSERT_DAILY, encode: DAILY_ENCODERS, deltas: (b) => sortByKey([...dailyDeltasFromHourly(b.hourly, 'postgres'), ...b.late.weekly], dailyKey) },
  ],
];

const COMPACTIONS = compactionSql('postgres');
const UPSERT_WIDE_STATE = upsertSql(ROLLUP_WIDE_STATE, 'postgres');

const RETRYABLE = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 5;

export interface PostgresOptions {
  /** Connections in the pool (env LLMOBSERVE_PG_POOL_MAX, default 10). */
  poolMax?: number;
  /** Longest statement, ms (env LLMOBSERVE_PG_STATEMENT_TIMEOUT_MS, default 30000): a heavy read answers 503, never holds a connection for ever. */
  statementTimeoutMs?: number;
  /** The clock of the customer windows (epoch ms; default Date.now): which day is today. Tests inject one. */
  now?: () => number;
}

export class PostgresStorage implements Storage, PgRunner {
  readonly kind = 'postgres' as const;
  readonly migration: MigrationReport = { applied: [], current: PG_SCHEMA_VERSION, legacyUpgraded: false };
  readonly admin: AdminStore = new PgAdminStore(this);
  readonly budgetSql: BudgetSqlRunner = new PgBudgetSql(this);
  private readonly pool: pg.Pool;
  readonly now: () => number;
  /** advances asked and not done yet, per tenant (one at a time each, per collector) */
  private readonly advances = new Map<string, Promise<Record<string, AdvanceKind>>>();
  /** per tenant, the last advance step asked (the next waits for it) */
  private readonly stepTurns = new Map<string, Promise<unknown>>();
  /** set by close(): an advance stops after its current step (the next open, or the next read, resumes it) */
  private closing = false;

  private constructor(readonly url: string, options: PostgresOptions) {
    this.now = options.now ?? Date.now;
    this.pool = new pg.Pool({ ...clientConfig(url), max: options.poolMax ?? 10, idleTimeoutMillis: 30_000, statement_timeout: options.statementTimeoutMs ?? 30_000 });
    // An idle connection that the server drops (restart, network) is replaced on next use; never a crash.
    this.pool.on('error', (err) => process.stderr.write(`llmobserve: PostgreSQL connection lost (${err.message}); reconnecting on next use\n`));
    // Every connection keeps an 'error' listener for its whole life. The pool listens only while a connection is idle
    // and a transaction while it holds one (transaction() below); a backend terminated at any other moment (seen
    // under load: pg_terminate_backend while four writers ingest, storage-faults.test.ts) emitted 'error' on a client
    // nobody listened to, and the process died. What the error means is handled where it surfaces: the query in
    // flight rejects, the pool drops the connection, the transaction retries or answers 503.
    this.pool.on('connect', (client) => client.on('error', () => {}));
  }

  /** Connects as the app role and checks it (see preflight.ts); the schema must already be migrated. */
  static async open(url: string, options: PostgresOptions = {}): Promise<PostgresStorage> {
    const storage = new PostgresStorage(url, options);
    let client: pg.PoolClient | undefined;
    try {
      client = await storage.pool.connect().catch((err: unknown) => {
        throw connectionError(err, url);
      });
      await preflight(client);
    } catch (err) {
      client?.release();
      client = undefined;
      await storage.close();
      throw err;
    }
    client.release();
    return storage;
  }

  /**
   * Brings the tenant's unscoped customer windows — or this scoped one (storage/customer-windows.ts) — to today, a
   * step per transaction under the tenant's locks. Asked again while one runs: that one. A close stops it after the
   * step it is in: each step commits its progress in the window's state, so the next advance goes on from there.
   */
  advanceCustomerWindows(tenantId: string, key?: WindowKey): Promise<Record<string, AdvanceKind>> {
    const wanted = key === undefined ? UNSCOPED_WINDOWS : [key];
    const id = JSON.stringify([tenantId, key?.w ?? null, key?.scope ?? null]);
    const pending = this.advances.get(id);
    if (pending) return pending;
    if (this.closing) return Promise.reject(new Error('storage is closing'));
    const now = this.now();
    // The steps of a tenant's advances run one at a time in this process, each in turn (they would wait on the
    // tenant's window lock anyway, each holding a pooled connection that the reads need).
    let days = FIRST_STEP_DAYS;
    const stepInTurn = () => {
      const step = (this.stepTurns.get(tenantId) ?? Promise.resolve()).then(async () => {
        const t0 = performance.now();
        const out = await this.transaction(tenantId, (c) => advancePgStep(c, tenantId, wanted, now, days));
        days = adaptStepDays(days, performance.now() - t0);
        return out;
      });
      const turn = step.catch(() => {});
      this.stepTurns.set(tenantId, turn);
      void turn.then(() => {
        if (this.stepTurns.get(tenantId) === turn) this.stepTurns.delete(tenantId);
      });
      return step;
    };
    const run = async () => {
      const kinds: Record<string, AdvanceKind> = {};
      for (;;) {
        const step = await stepInTurn();
        mergeKinds(kinds, step.kinds);
        if (step.done || this.closing) break;
      }
      // a build wrote (or cleared) a window's rows at once: the planner's statistics of the window tables now, not at
      // autovacuum's next round (schema.ts, migration 18: a page planned without them took seconds) — also when a close
      // cut the build short: the process that finishes it sees only incremental steps and would not gather them
      if (Object.values(kinds).includes('rebuild')) await this.query('SELECT llmo_analyze_customer_windows()', []);
      return kinds;
    };
    const done = run().finally(() => this.advances.delete(id));
    this.advances.set(id, done);
    return done;
  }

  /** Resolves once every advance asked so far is done (tests). */
  async windowsSettled(): Promise<void> {
    await Promise.allSettled([...this.advances.values()]);
  }

  /** Where this storage is, without the password. */
  get where(): string {
    return describeUrl(this.url);
  }

  async writeEvents(events: StoredEventInput[]): Promise<WriteResult> {
    if (events.length === 0) return { accepted: 0, duplicateIndexes: [] };
    assertStorable(events);
    events = events.map(pgSafe);
    const byTenant = new Map<string, number[]>();
    events.forEach((e, i) => {
      const group = byTenant.get(e.tenant_id);
      if (group) group.push(i);
      else byTenant.set(e.tenant_id, [i]);
    });
    const tenants = [...byTenant.keys()].sort();
    const stale: string[] = [];
    const result = await this.transaction(null, async (client) => {
      stale.length = 0;
      let accepted = 0;
      const duplicateIndexes: number[] = [];
      const batchBy = new Map<string, TenantBatch>();
      for (const tenant of tenants) {
        // The first occurrence of a span in the batch is the one stored; later ones are duplicates, as in SQLite.
        const firsts: number[] = [];
        const seen = new Set<string>();
        for (const i of byTenant.get(tenant)!) {
          const span = events[i]!.span_id;
          if (seen.has(span)) duplicateIndexes.push(i);
          else {
            seen.add(span);
            firsts.push(i);
          }
        }
        await client.query({ name: 'llmo_set_tenant', text: SET_TENANT, values: [tenant] });
        // the wide families' invariant (wide-compaction.ts): the tenant's lock shared, then its compacted hours
        await client.query({ name: 'llmo_wide_lock_shared', text: pgWideLock('shared'), values: [tenant] });
        const through = Number((await client.query({ name: 'llmo_wide_through', text: WIDE_THROUGH_SQL.postgres, values: [tenant] })).rows[0]?.through_day ?? 0);
        if (through < compactionBoundary()) stale.push(tenant);
        const rows = firsts.map((i) => events[i]!);
        const res = await client.query<{ span_id: string }>({
          name: 'llmo_insert_events',
          text: INSERT_EVENTS,
          values: [tenant, ...textColumns(EVENT_ENCODERS, rows)],
        });
        const stored = new Set(res.rows.map((r) => r.span_id));
        const inserted: StoredEventInput[] = [];
        firsts.forEach((i, k) => {
          if (stored.has(rows[k]!.span_id)) inserted.push(rows[k]!);
          else duplicateIndexes.push(i);
        });
        accepted += inserted.length;
        // events of compacted hours: the wide families' rows and the week rows (week-grain.ts), upserted last (below)
        batchBy.set(tenant, { inserted, late: compactedDayDeltas(inserted, through, 'postgres'), hourly: hourlyDeltas(inserted) });
      }
      // Every aggregate after every insert, the most shared rows (a tenant's daily totals and insight_daily, which
      // every concurrent batch updates) at the very end: a row lock is held until commit, so the later it is taken
      // the shorter the part of the transaction during which concurrent batches queue on it (upserted before the
      // rollups, billing's and the signals' rows made insight_daily wait 90 ms per batch: docs/benchmarks.md).
      // Same order in every transaction (phases, tenants, sorted keys): concurrent batches never deadlock on them.
      for (const [p, phase] of ROLLUP_PHASES.entries()) {
        for (const tenant of tenants) {
          const b = batchBy.get(tenant)!;
          const inserted = b.inserted;
          if (inserted.length === 0) continue;
          if (tenants.length > 1) await client.query({ name: 'llmo_set_tenant', text: SET_TENANT, values: [tenant] });
          for (const u of phase) {
            const rows = u.deltas(b);
            if (rows.length > 0) await client.query({ name: u.name, text: u.text, values: [tenant, ...textColumns(u.encode as ((r: unknown) => unknown)[], rows)] });
          }
          if (p === 0) await writePgBilling(client, tenant, inserted);
          for (const u of pgSignalUpserts(inserted, p === 0 ? 'minute' : 'daily')) await client.query({ name: u.name, text: u.text, values: [tenant, ...u.columns] });
        }
      }
      // events of closed days (or of the last minutes of today): their customer rows into the windows holding
      // their days, under the tenant's shared window lock (customer-windows.ts PG_WINDOW_LOCK: why it is exact)
      const cutoff = dayOf(this.now() + LATE_MARGIN_MS) * 1000;
      for (const tenant of tenants) {
        const late = maybeLate(batchBy.get(tenant)!.inserted, cutoff);
        if (late.length === 0) continue;
        if (tenants.length > 1) await client.query({ name: 'llmo_set_tenant', text: SET_TENANT, values: [tenant] });
        await writePgLateWindows(client, tenant, late);
      }
      duplicateIndexes.sort((a, b) => a - b);
      return { accepted, duplicateIndexes };
    });
    for (const tenant of stale) this.compactSoon(tenant);
    return result;
  }

  private readonly compacting = new Map<string, Promise<void>>();

  /**
   * Compacts the tenant's closed hours into the wide families (wide-compaction.ts), in the background: one at a time
   * per tenant in this process (another collector's is serialised by the lock). Answers when it is done.
   */
  compactSoon(tenant: string): Promise<void> {
    const running = this.compacting.get(tenant);
    if (running) return running;
    const done = this.transaction(tenant, async (c) => {
      await c.query(pgWideLock('exclusive'), [tenant]);
      const from = Number((await c.query(WIDE_THROUGH_SQL.postgres, [tenant])).rows[0]?.through_day ?? 0);
      const boundary = compactionBoundary();
      if (from >= boundary) return;
      for (const sql of COMPACTIONS) await c.query(sql, [tenant, from, boundary]);
      await c.query(UPSERT_WIDE_STATE, [tenant, [boundary]]);
    }).catch(() => {
      // a failed compaction changes nothing (its transaction rolled back); the reads answer from the hourly rollup
      // meanwhile, and the next write of the tenant tries again
    }).finally(() => this.compacting.delete(tenant));
    this.compacting.set(tenant, done);
    return done;
  }

  forTenant(tenantId: string): TenantStore {
    if (typeof tenantId !== 'string' || tenantId === '') throw new Error('a tenant scope needs a tenant id');
    return new PgTenantStore(this, tenantId);
  }

  async purgeExpiredEvents(now: number, limit: number): Promise<number> {
    return (await this.query<{ n: number }>('SELECT llmo_purge_expired($1, $2) AS n', [now, limit])).rows[0]!.n;
  }

  /** The server answers and accepts writes (a standby after a failover, or a read-only database, does not). */
  async ping(): Promise<void> {
    const r = await this.query<{ ro: string }>(`SELECT current_setting('transaction_read_only') AS ro`, []);
    if (r.rows[0]?.ro === 'on') throw new StorageUnavailableError('storage unavailable: the PostgreSQL server is read-only');
  }

  async close(): Promise<void> {
    // an advance asked (a stale read) finishes the step it is in and stops: the pool is not ended under its
    // transaction, and a shutdown does not wait for a whole build (seconds at 200,000 customers)
    this.closing = true;
    await this.windowsSettled();
    if (!this.pool.ended) await this.pool.end();
  }

  /** @internal a query outside any tenant (the admin functions) */
  async query<T extends pg.QueryResultRow = Row>(sql: string, values: unknown[]): Promise<pg.QueryResult<T>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.pool.query<T>(sql, values);
      } catch (err) {
        // An idle connection the server dropped is found dead only when used: the pool replaces it, we retry.
        if (isConnectionLoss(err) && attempt < MAX_ATTEMPTS) {
          await backoff(attempt);
          continue;
        }
        throw asUnavailable(err, isPgUnavailable);
      }
    }
  }

  /**
   * @internal Runs fn in one transaction on one connection; with a tenant, app.tenant_id is set for the whole
   * transaction first. Deadlocks and serialization failures are retried (fn must be safe to run again).
   */
  async transaction<T>(tenant: string | null, fn: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let client: pg.PoolClient;
      try {
        client = await this.pool.connect();
      } catch (err) {
        if (isPgUnavailable(err) && attempt < MAX_ATTEMPTS) {
          await backoff(attempt);
          continue;
        }
        throw asUnavailable(err, isPgUnavailable);
      }
      // A checked-out client has no pool listener: a connection that dies mid-transaction (terminated backend,
      // server restart) emits 'error' here, and the query in flight rejects; without this listener the process dies.
      let lost: Error | undefined;
      const onError = (err: Error) => (lost = err);
      client.on('error', onError);
      let broken: Error | undefined;
      try {
        await client.query(begin);
        if (tenant !== null) await client.query({ name: 'llmo_set_tenant', text: SET_TENANT, values: [tenant] });
        const result = await fn(client);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        if (lost) broken = lost;
        else await client.query('ROLLBACK').catch((e: Error) => (broken = e));
        // Deadlocks and serialization failures, and a lost connection (the transaction did not commit, or did and the
        // retry finds its rows stored: inserts are idempotent and rollups count inserted rows only) are retried.
        const retryable = RETRYABLE.has(pgCode(err) ?? '') || (lost !== undefined || isConnectionLoss(err));
        if (retryable && attempt < MAX_ATTEMPTS) {
          await backoff(attempt);
          continue;
        }
        throw asUnavailable(err, isPgUnavailable);
      } finally {
        client.removeListener('error', onError);
        // A connection whose ROLLBACK failed is in an unknown state: it is closed, not reused.
        client.release(broken);
      }
    }
  }
}
