/**
 * The storage interface. Everything that reads or writes tenant data goes through a `TenantStore`, which can only
 * be obtained for one tenant: a tenant-scoped query without a tenant scope cannot be written. SQLite implements it
 * today; PostgreSQL (with row-level security) plugs in beside it.
 */
import type { CustomPrice, StoredEvent, StoredEventInput } from '../domain/event.js';

export type { CustomPrice, StoredEvent, StoredEventInput };
import type { MetricName, Metrics } from './columns.js';
import type { InsightStore } from './insights/types.js';
import type { BudgetSqlRunner } from './budget-store.js';

/** Filters every read accepts. Times are epoch ms, `to` exclusive. */
export interface QueryFilters {
  customer_id?: string;
  provider?: string;
  model?: string;
  /** Matches events whose section path contains this label (or label path) as whole segments. */
  section?: string;
  /** Internal (not a query parameter): only these customers — the page of /customers whose history is read. */
  customer_ids?: readonly string[];
  from?: number;
  to?: number;
}

export type Dimension = 'customer_id' | 'provider' | 'model' | 'section_path' | 'hour' | 'day';

export type { Metrics };

export interface AggregateRow extends Metrics {
  /** The group's dimension values (null where the event had none). */
  keys: Partial<Record<Dimension, string | number | null>>;
}

export interface RunSummary {
  run_id: string;
  started_at: number;
  ended_at: number;
  customer_id: string | null;
  top_section: string | null;
  calls: number;
  spans: number;
  /** integer nano-dollars */
  cost_nanos: number;
  unpriced_calls: number;
  error_calls: number;
  input_tokens: number;
  output_tokens: number;
  estimated_calls: number;
  estimated_cost_nanos: number;
}

export interface RunCursor {
  started_at: number;
  run_id: string;
}

export interface WriteResult {
  accepted: number;
  /** Indexes (into the written array) of events already stored. */
  duplicateIndexes: number[];
}

/** `metrics`: GET /metrics (every tenant's figures: only with a key of the platform tenant). */
export const SCOPES = ['ingest', 'read', 'admin', 'metrics'] as const;
export type Scope = (typeof SCOPES)[number];

/** An API key as stored: never the key itself, only its SHA-256 hash (looked up) and a short display prefix. */
export interface ApiKeyRecord {
  id: string;
  tenant_id: string;
  name: string | null;
  /** The first characters of the key, for people to recognise it (e.g. `llmo_sk_7Hc2`). */
  prefix: string;
  scopes: Scope[];
  created_at: number;
  last_used_at: number | null;
  expires_at: number | null;
  revoked_at: number | null;
}

export interface NewApiKey {
  id: string;
  /** hex SHA-256 of the full key */
  hash: string;
  prefix: string;
  name: string | null;
  scopes: Scope[];
  created_at: number;
  expires_at: number | null;
}

export interface TenantRecord {
  tenant_id: string;
  name: string | null;
  /** null for tenants known only from their events (open mode) */
  created_at: number | null;
  /** Days its raw events are kept (rollups and runs are kept); null = for ever. */
  retention_days: number | null;
}

export interface CustomerPage {
  rows: AggregateRow[];
  total_customers: number;
  cost_nanos: number;
  estimated_cost_nanos: number;
}

export interface TenantStore {
  readonly tenantId: string;
  listPrices(): Promise<CustomPrice[]>;
  /** Creates, or replaces the price with the same provider, model and effective_from (keeping its id). */
  setPrice(price: CustomPrice): Promise<CustomPrice>;
  deletePrice(id: string): Promise<boolean>;
  createApiKey(key: NewApiKey): Promise<ApiKeyRecord>;
  listApiKeys(): Promise<ApiKeyRecord[]>;
  /** Marks the key revoked (idempotent); null when the tenant has no such key. */
  revokeApiKey(id: string, at: number): Promise<ApiKeyRecord | null>;
  /**
   * The sums of the range's calls grouped by `groupBy` (groups without calls left out). `measures`: only these
   * metrics are summed, and `calls` (the others are 0 in the rows): a read that needs one metric of many rows.
   */
  aggregate(filters: QueryFilters, groupBy: Dimension[], measures?: readonly MetricName[]): Promise<AggregateRow[]>;
  listRuns(filters: QueryFilters, limit: number, after?: RunCursor): Promise<RunSummary[]>;
  /** One page of the range's customers, sorted (storage/customer-page-sql.ts), with the count and totals of all. */
  customerPage(filters: QueryFilters, sort: 'cost' | 'calls', limit: number, offset: number): Promise<CustomerPage>;
  getRun(runId: string): Promise<{ run: RunSummary; events: StoredEvent[] } | null>;
  /** The tenant's insight findings, evaluation state and the reads the detectors need (storage/insights/store.ts). */
  insights(): InsightStore;
}

/**
 * Cross-tenant operations, deliberately separate from TenantStore: authentication (which must find a key before
 * the tenant is known) and the admin's tenant management. Nothing here returns events.
 */
export interface AdminStore {
  /** The key with this hash, revoked or expired ones included (the caller decides); null if none. */
  findApiKeyByHash(hash: string): Promise<ApiKeyRecord | null>;
  /** Records key use (batched by the caller). */
  touchApiKeys(uses: { id: string; at: number }[]): Promise<void>;
  createTenant(tenantId: string, name: string | null, at: number): Promise<{ tenant: TenantRecord; created: boolean }>;
  getTenant(tenantId: string): Promise<TenantRecord | null>;
  /** Registered tenants and tenants that have events. */
  listTenants(): Promise<TenantRecord[]>;
  /** Sets (null: clears) the tenant's raw-event retention, registering the tenant if it was known only from events. */
  setTenantRetention(tenantId: string, days: number | null, at: number): Promise<TenantRecord>;
  /** Stores a dashboard session (and forgets expired ones). */
  createSession(session: SessionRecord): Promise<void>;
  /** The unexpired session with this id hash, or null. */
  findSession(idHash: string, at: number): Promise<SessionRecord | null>;
  deleteSession(idHash: string): Promise<void>;
}

/** A dashboard session: the cookie holds a random id, the database only its SHA-256. */
export interface SessionRecord {
  id_hash: string;
  tenant_id: string;
  /** JSON of the signed-in principal (for a JWT: as verified at sign-in). */
  principal: string;
  /** API-key sessions: the key's hash, so every request re-checks revocation and expiry. */
  key_hash: string | null;
  created_at: number;
  expires_at: number;
}

export interface MigrationReport {
  applied: { version: number; name: string }[];
  current: number;
  /** A pre-tenant (seed) database was found and upgraded by this start. */
  legacyUpgraded: boolean;
}

export interface Storage {
  readonly kind: 'sqlite' | 'postgres';
  readonly admin: AdminStore;
  /** What opening the storage migrated. */
  readonly migration: MigrationReport;
  /** Stores a batch atomically; returns only once it is durably committed. Events carry their own tenant. */
  writeEvents(events: StoredEventInput[]): Promise<WriteResult>;
  forTenant(tenantId: string): TenantStore;
  /**
   * Deletes at most `limit` raw events older than their tenant's retention (storage/retention.ts), oldest first, in
   * one short transaction; returns how many. Rollups and runs are kept.
   */
  purgeExpiredEvents(now: number, limit: number): Promise<number>;
  /** Runs the budgets store's SQL (storage/budget-store.ts) under a tenant scope. */
  readonly budgetSql: BudgetSqlRunner;
  ping(): Promise<void>;
  close(): Promise<void>;
}
