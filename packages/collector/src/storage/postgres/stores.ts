/** The PostgreSQL TenantStore (one transaction per call, tenant set first) and AdminStore (SECURITY DEFINER functions only). */
import type pg from 'pg';
import type {
  AdminStore, AggregateRow, ApiKeyRecord, CustomerPage, CustomPrice, Dimension, NewApiKey, QueryFilters, RunCursor, RunSummary, StoredEvent,
  SessionRecord, TenantRecord, TenantStore,
} from '../types.js';
import { KEY_COLUMNS, measuresOf, mergeAggregates, rowsToCustomerPage, rowToEvent, rowToKey, rowToRun, type Row } from '../rows.js';
import type { MetricName } from '../columns.js';
import { customerPageFamily, customerPageSql, type CustomerSort } from '../customer-page-sql.js';
import { dailyFamilyFor } from '../family-choice.js';
import { dayOf } from '../rollup.js';
import { WIDE_THROUGH_SQL } from '../wide-compaction.js';
import { scopeNeedsBoundary, windowOf, windowPageSql, type WindowKey } from '../customer-windows.js';
import { filteredDimensions, needsBoundary, rangeSegments, segmentSql, type Dialect } from '../segment-sql.js';
import { PRICE_COLUMNS, rowToPrice } from '../price-rows.js';
import { listRunsSql, runEventsSql, setPriceSql } from '../tenant-queries.js';
import { Params, sectionMatch, text } from './sql.js';
import { SqlInsightStore } from '../insights/store.js';
import type { InsightStore } from '../insights/types.js';
import type { BudgetSqlRunner, SqlBuild } from '../budget-store.js';
import { sortByKey } from '../../util/sort-by-key.js';

/** What the stores need from PostgresStorage. */
export interface PgRunner {
  query<T extends pg.QueryResultRow = Row>(sql: string, values: unknown[]): Promise<pg.QueryResult<T>>;
  transaction<T>(tenant: string | null, fn: (client: pg.PoolClient) => Promise<T>, begin?: string): Promise<T>;
  /** the customer windows' clock (epoch ms) */
  now?(): number;
  /** asks for an advance of the tenant's unscoped customer windows, or of one scoped window (storage/customer-windows.ts) */
  advanceCustomerWindows?(tenantId: string, key?: WindowKey): Promise<unknown>;
}

export class PgAdminStore implements AdminStore {
  constructor(private readonly storage: PgRunner) {}

  async findApiKeyByHash(hash: string): Promise<ApiKeyRecord | null> {
    const r = await this.storage.query('SELECT * FROM llmo_find_api_key($1)', [hash]);
    return r.rows[0] ? rowToKey(r.rows[0]) : null;
  }

  async touchApiKeys(uses: { id: string; at: number }[]): Promise<void> {
    if (uses.length === 0) return;
    const sorted = sortByKey(uses, (u) => u.id);
    await this.storage.query('SELECT llmo_touch_api_keys($1::text[], $2::bigint[])', [sorted.map((u) => u.id), sorted.map((u) => u.at)]);
  }

  async createTenant(tenantId: string, name: string | null, at: number): Promise<{ tenant: TenantRecord; created: boolean }> {
    const r = await this.storage.query<Omit<TenantRecord, 'retention_days'> & { created: boolean }>('SELECT * FROM llmo_create_tenant($1, $2, $3)', [tenantId, text(name), at]);
    const { created, ...tenant } = r.rows[0]!;
    return { tenant: (await this.getTenant(tenantId)) ?? { ...tenant, retention_days: null }, created };
  }

  async setTenantRetention(tenantId: string, days: number | null, at: number): Promise<TenantRecord> {
    return (await this.storage.query<TenantRecord>('SELECT * FROM llmo_set_tenant_retention($1, $2, $3)', [tenantId, days, at])).rows[0]!;
  }

  async getTenant(tenantId: string): Promise<TenantRecord | null> {
    const r = await this.storage.query<TenantRecord>('SELECT * FROM llmo_get_tenant($1)', [tenantId]);
    return r.rows[0] ?? null;
  }

  async listTenants(): Promise<TenantRecord[]> {
    return (await this.storage.query<TenantRecord>('SELECT * FROM llmo_list_tenants()', [])).rows;
  }

  async createSession(s: SessionRecord): Promise<void> {
    await this.storage.query('SELECT llmo_create_session($1, $2, $3, $4, $5, $6)', [s.tenant_id, s.id_hash, text(s.principal), s.key_hash, s.created_at, s.expires_at]);
  }

  async findSession(idHash: string, at: number): Promise<SessionRecord | null> {
    const r = await this.storage.query<Omit<SessionRecord, 'id_hash'>>('SELECT * FROM llmo_find_session($1, $2)', [idHash, at]);
    return r.rows[0] ? { id_hash: idHash, ...r.rows[0] } : null;
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.storage.query('SELECT llmo_delete_session($1)', [idHash]);
  }
}

/** PostgreSQL's dialect for one statement: numbered placeholders, bigint casts, deterministic group order. */
export function pgDialect(): { dialect: Dialect; params: Params } {
  const params = new Params();
  return {
    params,
    dialect: {
      name: 'postgres',
      param: (v) => params.add(v),
      int: (ph) => `${ph}::bigint`,
      sectionMatch,
      // (LATERAL with a LIMIT is not pulled up into a join: its lookups stay a nested loop)
      joinByKey: (table, alias, columns, on) => `LEFT JOIN LATERAL (SELECT ${columns} FROM ${table} ${alias} WHERE ${on} LIMIT 1) ${alias} ON TRUE`,
      joinByKeys: (table, alias, columns, where, key, outerKey, keysFrom) =>
        `LEFT JOIN (SELECT ${columns} FROM ${table} ${alias} WHERE ${where} AND ${alias}.${key} = ANY(ARRAY(SELECT ${key} FROM ${keysFrom}))) ${alias} ON ${alias}.${key} = ${outerKey}`,
      afterGroupBy: (n) => ` ORDER BY ${Array.from({ length: n }, (_, i) => `${i + 1} NULLS FIRST`).join(', ')}`,
    },
  };
}

/** The tenant's compaction boundary, epoch ms (wide-compaction.ts, week-grain.ts; 0 = none yet). */
async function compactedUntil(c: pg.PoolClient, tenantId: string): Promise<number> {
  return Number((await c.query(WIDE_THROUGH_SQL.postgres, [tenantId])).rows[0]?.through_day ?? 0) * 1000;
}

export class PgTenantStore implements TenantStore {
  constructor(private readonly storage: PgRunner, readonly tenantId: string) {}

  /** One transaction with this tenant set; reads see one snapshot. */
  private run<T>(fn: (client: pg.PoolClient) => Promise<T>, readOnly = false): Promise<T> {
    return this.storage.transaction(this.tenantId, fn, readOnly ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN');
  }

  async listPrices(): Promise<CustomPrice[]> {
    return this.run(async (c) => {
      const r = await c.query(`SELECT ${PRICE_COLUMNS} FROM custom_prices WHERE tenant_id = $1 ORDER BY provider, model, effective_from DESC`, [this.tenantId]);
      return r.rows.map(rowToPrice);
    }, true);
  }

  async setPrice(p: CustomPrice): Promise<CustomPrice> {
    const { dialect, params } = pgDialect();
    const sql = setPriceSql(dialect, this.tenantId, p);
    return this.run(async (c) => rowToPrice((await c.query(sql, params.values)).rows[0]!));
  }

  async deletePrice(id: string): Promise<boolean> {
    return this.run(async (c) => (await c.query('DELETE FROM custom_prices WHERE tenant_id = $1 AND id = $2', [this.tenantId, text(id)])).rowCount === 1);
  }

  async createApiKey(key: NewApiKey): Promise<ApiKeyRecord> {
    return this.run(async (c) => {
      const r = await c.query(
        `INSERT INTO api_keys (id, tenant_id, key_hash, prefix, name, scopes, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${KEY_COLUMNS}`,
        [key.id, this.tenantId, key.hash, key.prefix, text(key.name), key.scopes, key.created_at, key.expires_at],
      );
      return rowToKey(r.rows[0]!);
    });
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    return this.run(async (c) => {
      const r = await c.query(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE tenant_id = $1 ORDER BY created_at DESC, id`, [this.tenantId]);
      return r.rows.map(rowToKey);
    }, true);
  }

  async revokeApiKey(id: string, at: number): Promise<ApiKeyRecord | null> {
    return this.run(async (c) => {
      const r = await c.query(
        `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $3) WHERE tenant_id = $1 AND id = $2 RETURNING ${KEY_COLUMNS}`,
        [this.tenantId, text(id), at],
      );
      return r.rows[0] ? rowToKey(r.rows[0]) : null;
    });
  }

  async aggregate(filters: QueryFilters, groupBy: Dimension[], measures?: readonly MetricName[]): Promise<AggregateRow[]> {
    const family = dailyFamilyFor(groupBy, filteredDimensions(filters));
    const summed = measuresOf(measures);
    let single = false;
    const rows = await this.run(async (c) => {
      const boundary = needsBoundary(family, groupBy) ? await compactedUntil(c, this.tenantId) : undefined;
      const segments = rangeSegments(filters, groupBy, family, boundary);
      if (segments.length === 0) return [];
      single = segments.length === 1;
      const { dialect, params: p } = pgDialect();
      // All segments in one statement: one round trip, one snapshot.
      const sql = segments.map((s) => `(${segmentSql(dialect, this.tenantId, s, filters, groupBy, family, summed)})`).join(' UNION ALL ');
      return (await c.query(sql, p.values)).rows;
    }, true);
    return mergeAggregates(rows, groupBy, summed, single);
  }

  async customerPage(f: QueryFilters, sort: CustomerSort, limit: number, offset: number, opts: { now?: number; windows?: boolean } = {}): Promise<CustomerPage> {
    const now = opts.now ?? this.storage.now?.() ?? Date.now();
    const w = opts.windows === false ? null : windowOf(f, now);
    if (w !== null) {
      // from the window's index when its state is today's (one snapshot); else no row: ask an advance, the rollups answer
      const rows = await this.run(async (c) => {
        const boundary = scopeNeedsBoundary(w.scope) ? await compactedUntil(c, this.tenantId) : undefined;
        const { dialect, params: p } = pgDialect();
        return (await c.query(windowPageSql(dialect, this.tenantId, w, dayOf(now), sort, limit, offset, boundary), p.values)).rows;
      }, true);
      if (rows.length > 0) return rowsToCustomerPage(rows);
      void this.storage.advanceCustomerWindows?.(this.tenantId, w.scope === '' ? undefined : w).catch(() => {});
    }
    const family = customerPageFamily(f);
    const read = (l: number, o: number) => this.run(async (c) => {
      const boundary = needsBoundary(family, ['customer_id']) ? await compactedUntil(c, this.tenantId) : undefined;
      const { dialect, params: p } = pgDialect();
      const sql = customerPageSql(dialect, this.tenantId, f, sort, l, o, boundary);
      return sql === null ? [] : (await c.query(sql, p.values)).rows;
    }, true);
    const rows = await read(limit, offset);
    // past the last customer: the count and totals from the first
    return rows.length === 0 && offset > 0 ? { ...rowsToCustomerPage(await read(1, 0)), rows: [] } : rowsToCustomerPage(rows);
  }

  async listRuns(f: QueryFilters, limit: number, after?: RunCursor): Promise<RunSummary[]> {
    const { dialect, params: p } = pgDialect();
    const sql = listRunsSql(dialect, this.tenantId, f, limit, after);
    return this.run(async (c) => (await c.query(sql, p.values)).rows.map(rowToRun), true);
  }

  insights(): InsightStore {
    return new SqlInsightStore({
      batch: (stmts, readOnly) => this.run(async (c) => {
        const out: Row[][] = [];
        for (const x of stmts) out.push((await c.query(x.sql, x.params)).rows);
        return out;
      }, readOnly),
    }, () => {
      const { dialect, params } = pgDialect();
      return { dialect, values: () => params.values };
    }, this.tenantId);
  }

  async getRun(runId: string): Promise<{ run: RunSummary; events: StoredEvent[] } | null> {
    return this.run(async (c) => {
      const run = (await c.query('SELECT * FROM runs WHERE tenant_id = $1 AND run_id = $2', [this.tenantId, text(runId)])).rows[0];
      if (!run) return null;
      const { dialect, params: p } = pgDialect();
      const events = await c.query(runEventsSql(dialect, this.tenantId, runId), p.values);
      return { run: rowToRun(run), events: events.rows.map(rowToEvent) };
    }, true);
  }
}


/** The budgets store's statements: each call one transaction with the tenant set (row-level security applies). */
export class PgBudgetSql implements BudgetSqlRunner {
  constructor(private readonly storage: PgRunner) {}

  private static build(build: SqlBuild): { sql: string; values: unknown[] } {
    const { dialect, params } = pgDialect();
    return { sql: build(dialect), values: params.values };
  }

  async all(tenantId: string, build: SqlBuild): Promise<Row[]> {
    const { sql, values } = PgBudgetSql.build(build);
    return this.storage.transaction(tenantId, async (c) => (await c.query(sql, values)).rows);
  }

  async batch(tenantId: string, builds: SqlBuild[]): Promise<Row[][]> {
    const statements = builds.map(PgBudgetSql.build);
    return this.storage.transaction(tenantId, async (c) => {
      const out: Row[][] = [];
      for (const s of statements) out.push((await c.query(s.sql, s.values)).rows);
      return out;
    });
  }

  async budgetTenants(): Promise<string[]> {
    return (await this.storage.query<{ tenant_id: string }>('SELECT tenant_id FROM llmo_budget_tenants()', [])).rows.map((r) => r.tenant_id);
  }

  async dueDeliveryTenants(at: number): Promise<string[]> {
    return (await this.storage.query<{ tenant_id: string }>('SELECT tenant_id FROM llmo_due_delivery_tenants($1)', [at])).rows.map((r) => r.tenant_id);
  }
}
