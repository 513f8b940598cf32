/**
 * PostgreSQL migrations: the same versions and names as the SQLite ones (storage/sqlite/migrations.ts), in PG
 * dialect. Timestamps stay epoch-ms BIGINT (one query model for both storages), costs are double precision, and
 * identifiers use the "C" collation so that ordering and cursor comparisons are bytewise, as in SQLite.
 *
 * Isolation: every tenant table has row-level security ENABLEd and FORCEd, with a policy on
 * current_setting('app.tenant_id', true), which the collector sets per transaction. The cross-tenant operations of
 * the AdminStore (key lookup before the tenant is known, tenant management) are SECURITY DEFINER functions owned by
 * the owner role; the only rows the owner may see across tenants are those these functions need (api_keys, tenants,
 * and rollup_hourly's tenant ids), through policies granted to the owner role alone. Events and runs have no such
 * policy: nobody but a superuser reads them without a tenant setting.
 */
import { UPSERT_ROOM_MIGRATION_NAME, upsertRoomSql } from '../upsert-room.js';
import { MIRROR_MIGRATION_NAME, mirrorFamiliesSql } from '../mirror-families.js';
import { ESTIMATED_MIGRATION_NAME, estimatedColumnsSql } from '../estimated-sql.js';
import { coreTablesDdl, dailyTableDdl } from '../frozen-ddl.js';
import { dailyV9Sql, moneyColumnsSql, pgUsdToNanos, V9_INDEXES, V9_MIGRATION_NAME, V9_RETENTION_COLUMN } from '../v9-sql.js';
import { RETENTION_DAY_MS } from '../retention.js';
import { BILLING_GRANTS, BILLING_MIGRATION_NAME, BILLING_TABLES, billingBackfillSql, billingRlsSql, billingTablesDdl } from '../billing/ddl.js';
import { INSIGHT_TABLES, insightTablesDdl } from '../insights/ddl.js';
import { BUDGET_MIGRATION_NAME, BUDGET_TABLES, budgetTablesDdl } from '../budget-ddl.js';
import { WIDE_MIGRATION_NAME, wideDailySql } from '../wide-ddl.js';
import { CUSTOMER_TOTALS_MIGRATION_NAME, CUSTOMER_TOTALS_TABLES, customerTotalsDdl } from '../customer-totals-ddl.js';
import { SCOPED_WINDOWS_MIGRATION_NAME, scopedWindowsDdl } from '../scoped-windows-ddl.js';
import { CUSTOMER_DAYS_FILL, CUSTOMER_DAYS_MIGRATION_NAME } from '../customer-days-ddl.js';
import { WEEK_FILL, WEEK_MIGRATION_NAME } from '../week-ddl.js';

export interface PgMigration {
  version: number;
  name: string;
  /** One or more statements, run in one transaction as the owner role. */
  sql: string;
}

/** The tenant policy: rows of the transaction's tenant only. Unset (NULL) or '' matches no row. */
const TENANT = `tenant_id = current_setting('app.tenant_id', true)`;

const isolate = (table: string) => `
ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ${table} USING (${TENANT}) WITH CHECK (${TENANT});`;

const CORE_SCHEMA = `${coreTablesDdl('postgres')}${isolate('trace_events')}
${isolate('rollup_hourly')}
${isolate('runs')}
`;

/** Columns an API-key lookup returns (never the hash). */
const KEY_RESULT = `id text, tenant_id text, name text, prefix text, scopes text[], created_at bigint,
  last_used_at bigint, expires_at bigint, revoked_at bigint`;

/** SECURITY DEFINER functions run as their owner: a fixed search_path, and every name schema-qualified. */
const DEFINER = `SECURITY DEFINER SET search_path = pg_catalog, pg_temp`;

const AUTH_SCHEMA = `
CREATE TABLE tenants (
  tenant_id  text COLLATE "C" NOT NULL PRIMARY KEY CHECK (tenant_id <> ''),
  name       text,
  created_at bigint NOT NULL
);
-- API keys are stored only as a SHA-256 hash (keys carry 192 random bits, so a fast hash is safe) and a display prefix.
CREATE TABLE api_keys (
  id           text COLLATE "C" NOT NULL PRIMARY KEY,
  tenant_id    text COLLATE "C" NOT NULL CHECK (tenant_id <> ''),
  key_hash     text COLLATE "C" NOT NULL UNIQUE,
  prefix       text NOT NULL,
  name         text,
  scopes       text[] NOT NULL,
  created_at   bigint NOT NULL,
  last_used_at bigint,
  expires_at   bigint,
  revoked_at   bigint
);
CREATE INDEX ix_api_keys_tenant ON api_keys (tenant_id, created_at);
${isolate('api_keys')}
-- A tenant sees (only) its own registration; registering goes through llmo_create_tenant.
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants FOR SELECT USING (${TENANT});

-- The admin path: what the owner role (and so the SECURITY DEFINER functions below) may do across tenants.
CREATE POLICY admin_key_lookup ON api_keys FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY admin_key_touch ON api_keys FOR UPDATE TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY admin_tenants_read ON tenants FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY admin_tenants_create ON tenants FOR INSERT TO CURRENT_USER WITH CHECK (true);
CREATE POLICY admin_tenants_seen ON rollup_hourly FOR SELECT TO CURRENT_USER USING (true);

-- Authentication: the key with this hash (revoked and expired ones included: the caller decides).
CREATE FUNCTION llmo_find_api_key(p_hash text) RETURNS TABLE (${KEY_RESULT})
LANGUAGE sql STABLE ${DEFINER} AS $fn$
  SELECT k.id, k.tenant_id, k.name, k.prefix, k.scopes, k.created_at, k.last_used_at, k.expires_at, k.revoked_at
  FROM public.api_keys k WHERE k.key_hash = p_hash
$fn$;

-- Records key use: last_used_at only ever moves forward.
CREATE FUNCTION llmo_touch_api_keys(p_ids text[], p_ats bigint[]) RETURNS void
LANGUAGE sql ${DEFINER} AS $fn$
  UPDATE public.api_keys k SET last_used_at = GREATEST(COALESCE(k.last_used_at, 0), u.at)
  FROM (SELECT t.id, max(t.at) AS at FROM unnest(p_ids, p_ats) AS t(id, at) GROUP BY t.id) u
  WHERE k.id = u.id COLLATE "C"
$fn$;

-- A registered tenant, or one known only from its events (created_at NULL); no row if neither.
CREATE FUNCTION llmo_get_tenant(p_tenant text) RETURNS TABLE (tenant_id text, name text, created_at bigint)
LANGUAGE sql STABLE ${DEFINER} AS $fn$
  SELECT t.tenant_id, t.name, t.created_at FROM public.tenants t WHERE t.tenant_id = p_tenant
  UNION ALL
  SELECT p_tenant, NULL, NULL
  WHERE NOT EXISTS (SELECT 1 FROM public.tenants t WHERE t.tenant_id = p_tenant)
    AND EXISTS (SELECT 1 FROM public.rollup_hourly r WHERE r.tenant_id = p_tenant)
$fn$;

-- Registered tenants and tenants that have events.
CREATE FUNCTION llmo_list_tenants() RETURNS TABLE (tenant_id text, name text, created_at bigint)
LANGUAGE sql STABLE ${DEFINER} AS $fn$
  SELECT x.tenant_id, x.name, x.created_at FROM (
    SELECT t.tenant_id, t.name, t.created_at FROM public.tenants t
    UNION ALL
    SELECT DISTINCT r.tenant_id, NULL::text, NULL::bigint FROM public.rollup_hourly r
    WHERE NOT EXISTS (SELECT 1 FROM public.tenants t WHERE t.tenant_id = r.tenant_id)
  ) x ORDER BY x.tenant_id
$fn$;

-- Registers a tenant (idempotent): the registration, and whether this call created it.
CREATE FUNCTION llmo_create_tenant(p_tenant text, p_name text, p_at bigint)
RETURNS TABLE (tenant_id text, name text, created_at bigint, created boolean)
LANGUAGE plpgsql ${DEFINER} AS $fn$
DECLARE
  inserted boolean;
BEGIN
  INSERT INTO public.tenants AS t (tenant_id, name, created_at) VALUES (p_tenant, p_name, p_at)
  ON CONFLICT ON CONSTRAINT tenants_pkey DO NOTHING;
  inserted := FOUND;
  RETURN QUERY SELECT t.tenant_id::text, t.name, t.created_at, inserted FROM public.tenants t WHERE t.tenant_id = p_tenant;
END
$fn$;

REVOKE ALL ON FUNCTION llmo_find_api_key(text), llmo_touch_api_keys(text[], bigint[]), llmo_get_tenant(text),
  llmo_list_tenants(), llmo_create_tenant(text, text, bigint) FROM PUBLIC;
`;

const PRICES_SCHEMA = `
CREATE TABLE custom_prices (
  tenant_id            text COLLATE "C" NOT NULL CHECK (tenant_id <> ''),
  id                   text COLLATE "C" NOT NULL,
  provider             text COLLATE "C" NOT NULL,
  model                text COLLATE "C" NOT NULL,
  input_per_mtok       double precision,
  output_per_mtok      double precision,
  cache_read_per_mtok  double precision,
  cache_write_per_mtok double precision,
  unit_prices          jsonb,
  effective_from       bigint NOT NULL,
  created_at           bigint NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, provider, model, effective_from)
);
${isolate('custom_prices')}
`;

// Daily rollups per dimension family (see storage/rollup.ts). Filled from the hourly rollup before row-level
// security is switched on (the owner reads the hourly rollup through its admin policy).
const DAILY_SCHEMA = `${dailyTableDdl('postgres')}${isolate('rollup_daily')}
`;

// Dashboard sessions: an opaque random id in the cookie, only its SHA-256 here, scoped by tenant (row-level security;
// the app role reaches the table only through the SECURITY DEFINER functions). Shared by every collector of the database.
const SESSIONS_SCHEMA = `
CREATE TABLE sessions (
  tenant_id  text COLLATE "C" NOT NULL CHECK (tenant_id <> ''),
  id_hash    text COLLATE "C" NOT NULL PRIMARY KEY,
  principal  text NOT NULL,
  key_hash   text COLLATE "C",
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL
);
CREATE INDEX ix_sessions_expires ON sessions (expires_at);
${isolate('sessions')}
CREATE POLICY admin_sessions ON sessions FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);

CREATE FUNCTION llmo_create_session(p_tenant text, p_hash text, p_principal text, p_key_hash text, p_at bigint, p_expires bigint)
RETURNS void LANGUAGE sql ${DEFINER} AS $fn$
  DELETE FROM public.sessions s WHERE s.expires_at <= p_at;
  INSERT INTO public.sessions (tenant_id, id_hash, principal, key_hash, created_at, expires_at)
  VALUES (p_tenant, p_hash, p_principal, p_key_hash, p_at, p_expires);
$fn$;

CREATE FUNCTION llmo_find_session(p_hash text, p_at bigint)
RETURNS TABLE (tenant_id text, principal text, key_hash text, created_at bigint, expires_at bigint)
LANGUAGE sql STABLE ${DEFINER} AS $fn$
  SELECT s.tenant_id, s.principal, s.key_hash, s.created_at, s.expires_at FROM public.sessions s
  WHERE s.id_hash = p_hash AND s.expires_at > p_at
$fn$;

CREATE FUNCTION llmo_delete_session(p_hash text) RETURNS void
LANGUAGE sql ${DEFINER} AS $fn$
  DELETE FROM public.sessions s WHERE s.id_hash = p_hash;
$fn$;

REVOKE ALL ON FUNCTION llmo_create_session(text, text, text, text, bigint, bigint), llmo_find_session(text, bigint),
  llmo_delete_session(text) FROM PUBLIC;
`;

// Budgets, the alert ledger and the webhook outbox: tenant rows under row-level security. Two things cross tenants,
// each through a SECURITY DEFINER function (the owner's policies below, for SELECT only): which tenants have
// budgets (the periodic evaluation: resets, forecasts) and which tenants have deliveries due (the outbox worker).
const BUDGETS_SCHEMA = `${budgetTablesDdl('postgres')}
${BUDGET_TABLES.map(isolate).join('\n')}
CREATE POLICY admin_budget_tenants ON budgets FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY admin_due_deliveries ON webhook_deliveries FOR SELECT TO CURRENT_USER USING (true);

CREATE FUNCTION llmo_budget_tenants() RETURNS TABLE (tenant_id text)
LANGUAGE sql STABLE ${DEFINER} AS $fn$
  SELECT DISTINCT b.tenant_id::text FROM public.budgets b ORDER BY 1
$fn$;

CREATE FUNCTION llmo_due_delivery_tenants(p_at bigint) RETURNS TABLE (tenant_id text)
LANGUAGE sql STABLE ${DEFINER} AS $fn$
  SELECT DISTINCT d.tenant_id::text FROM public.webhook_deliveries d
  WHERE d.delivered_at IS NULL AND d.failed_at IS NULL AND d.next_attempt_at <= p_at
    AND (d.locked_until IS NULL OR d.locked_until <= p_at) ORDER BY 1
$fn$;

REVOKE ALL ON FUNCTION llmo_budget_tenants(), llmo_due_delivery_tenants(bigint) FROM PUBLIC;
`;

const UNFORCE = ['trace_events', 'rollup_hourly', 'rollup_daily', 'runs'];

// Migration 9: a tenant's raw-event retention (read by the tenant functions, set by the platform admin) and the
// bounded purge the retention sweeper calls (storage/retention.ts): per tenant with a retention, its oldest expired
// events, through the (tenant_id, started_at) index, under that tenant's row-level security.
const TENANT_ROW = `tenant_id text, name text, created_at bigint, retention_days integer`;
const RETENTION_SCHEMA = `
${V9_RETENTION_COLUMN('integer')}
CREATE POLICY admin_tenants_update ON tenants FOR UPDATE TO CURRENT_USER USING (true) WITH CHECK (true);
DROP FUNCTION llmo_get_tenant(text);
CREATE FUNCTION llmo_get_tenant(p_tenant text) RETURNS TABLE (${TENANT_ROW})
LANGUAGE sql STABLE ${DEFINER} AS $fn$
  SELECT t.tenant_id, t.name, t.created_at, t.retention_days FROM public.tenants t WHERE t.tenant_id = p_tenant
  UNION ALL
  SELECT p_tenant, NULL, NULL, NULL
  WHERE NOT EXISTS (SELECT 1 FROM public.tenants t WHERE t.tenant_id = p_tenant)
    AND EXISTS (SELECT 1 FROM public.rollup_hourly r WHERE r.tenant_id = p_tenant)
$fn$;
DROP FUNCTION llmo_list_tenants();
CREATE FUNCTION llmo_list_tenants() RETURNS TABLE (${TENANT_ROW})
LANGUAGE sql STABLE ${DEFINER} AS $fn$
  SELECT x.tenant_id, x.name, x.created_at, x.retention_days FROM (
    SELECT t.tenant_id, t.name, t.created_at, t.retention_days FROM public.tenants t
    UNION ALL
    SELECT DISTINCT r.tenant_id, NULL::text, NULL::bigint, NULL::integer FROM public.rollup_hourly r
    WHERE NOT EXISTS (SELECT 1 FROM public.tenants t WHERE t.tenant_id = r.tenant_id)
  ) x ORDER BY x.tenant_id
$fn$;
CREATE FUNCTION llmo_set_tenant_retention(p_tenant text, p_days integer, p_at bigint) RETURNS TABLE (${TENANT_ROW})
LANGUAGE sql ${DEFINER} AS $fn$
  INSERT INTO public.tenants AS t (tenant_id, name, created_at, retention_days) VALUES (p_tenant, NULL, p_at, p_days)
  ON CONFLICT ON CONSTRAINT tenants_pkey DO UPDATE SET retention_days = excluded.retention_days
  RETURNING t.tenant_id::text, t.name, t.created_at, t.retention_days
$fn$;
CREATE FUNCTION llmo_purge_expired(p_now bigint, p_limit integer) RETURNS bigint
LANGUAGE plpgsql ${DEFINER} AS $fn$
DECLARE
  t record;
  n bigint := 0;
  k bigint;
BEGIN
  FOR t IN SELECT x.tenant_id, x.retention_days FROM public.tenants x WHERE x.retention_days IS NOT NULL ORDER BY x.tenant_id LOOP
    EXIT WHEN n >= p_limit;
    PERFORM set_config('app.tenant_id', t.tenant_id, true);
    DELETE FROM public.trace_events e WHERE e.id IN (
      SELECT d.id FROM public.trace_events d
      WHERE d.tenant_id = t.tenant_id AND d.started_at < p_now - t.retention_days::bigint * ${RETENTION_DAY_MS}
      ORDER BY d.started_at LIMIT p_limit - n);
    GET DIAGNOSTICS k = ROW_COUNT;
    n := n + k;
  END LOOP;
  PERFORM set_config('app.tenant_id', '', true);
  RETURN n;
END
$fn$;
REVOKE ALL ON FUNCTION llmo_get_tenant(text), llmo_list_tenants(), llmo_set_tenant_retention(text, integer, bigint),
  llmo_purge_expired(bigint, integer) FROM PUBLIC;
`;

export const PG_MIGRATIONS: PgMigration[] = [
  { version: 1, name: 'core schema: events, hourly rollup, runs', sql: CORE_SCHEMA },
  // SQLite-only: a database made by the seed's Python collector is an SQLite file. Recorded, so versions agree.
  { version: 2, name: 'import the seed collector pre-tenant trace_events as default_tenant', sql: '' },
  { version: 3, name: 'tenants and API keys', sql: AUTH_SCHEMA },
  { version: 4, name: 'tenant custom prices', sql: PRICES_SCHEMA },
  { version: 5, name: 'daily rollups per customer, model and section', sql: DAILY_SCHEMA },
  {
    version: 6,
    name: 'token details per event: 1-hour cache writes, audio, image and video tokens',
    sql: `ALTER TABLE trace_events ADD COLUMN cache_write_1h_tokens bigint NOT NULL DEFAULT 0;
          ALTER TABLE trace_events ADD COLUMN token_details text;`,
  },
  {
    version: 7,
    name: ESTIMATED_MIGRATION_NAME,
    // the backfill reads and updates every tenant's rows: row-level security is not forced on the owner meanwhile
    // (same transaction: forced again at commit)
    sql: `${UNFORCE.map((t) => `ALTER TABLE ${t} NO FORCE ROW LEVEL SECURITY;`).join('\n')}
${estimatedColumnsSql({ int: 'bigint', real: 'double precision' }, 'usage_estimated')}
${UNFORCE.map((t) => `ALTER TABLE ${t} FORCE ROW LEVEL SECURITY;`).join('\n')}`,
  },
  { version: 8, name: 'dashboard sessions: opaque ids, stored hashed, per tenant', sql: SESSIONS_SCHEMA },
  {
    version: 9,
    name: V9_MIGRATION_NAME,
    // back-fills every tenant's rows: row-level security not forced on the owner meanwhile (forced again at commit)
    sql: `${UNFORCE.map((t) => `ALTER TABLE ${t} NO FORCE ROW LEVEL SECURITY;`).join('\n')}
${moneyColumnsSql('bigint', pgUsdToNanos)}
${dailyV9Sql('text COLLATE "C"', 'bigint', false, isolate('rollup_daily'))}
${V9_INDEXES}
${RETENTION_SCHEMA}
-- planner statistics under ingest: autovacuum analyzes after 2% of a big table changed (default 10%)
${['trace_events', 'rollup_hourly', 'rollup_daily', 'runs'].map((t) => `ALTER TABLE ${t} SET (autovacuum_analyze_scale_factor = 0.02);`).join('\n')}
${UNFORCE.map((t) => `ALTER TABLE ${t} FORCE ROW LEVEL SECURITY;`).join('\n')}`,
  },
  { version: 10, name: BUDGET_MIGRATION_NAME, sql: BUDGETS_SCHEMA },
  {
    version: 11,
    name: BILLING_MIGRATION_NAME,
    // the backfill reads every tenant's events: row-level security is not forced on the owner meanwhile (as in 7)
    sql: `ALTER TABLE trace_events ADD COLUMN cost_parts text;
ALTER TABLE trace_events NO FORCE ROW LEVEL SECURITY;
${billingTablesDdl('postgres')}
${billingBackfillSql('postgres')}
ALTER TABLE trace_events FORCE ROW LEVEL SECURITY;
${billingRlsSql()}`,
  },
  {
    version: 12,
    name: 'insights: findings, evaluation state, minute and daily signals',
    sql: `${insightTablesDdl('postgres')}${INSIGHT_TABLES.map(isolate).join('\n')}\n`,
  },
  // SQLite-only (sqlite/fold.ts): PostgreSQL folds the aggregates in the ingest transaction. Recorded, so versions agree.
  { version: 13, name: 'the aggregates fold watermark', sql: '' },
  {
    version: 14,
    name: WIDE_MIGRATION_NAME,
    // filled from the hourly rollup before row-level security is switched on (as migration 5)
    sql: `${wideDailySql('text COLLATE "C"', 'bigint', false, '((extract(epoch FROM now())::bigint / 86400) * 86400)', `${isolate('rollup_daily_wide')}${isolate('rollup_wide_state')}`)}
ALTER TABLE rollup_daily_wide SET (autovacuum_analyze_scale_factor = 0.02);`,
  },
  {
    version: 15,
    name: CUSTOMER_TOTALS_MIGRATION_NAME,
    sql: `${customerTotalsDdl('postgres')}${CUSTOMER_TOTALS_TABLES.map(isolate).join('\n')}\n`,
  },
  {
    version: 16,
    name: CUSTOMER_DAYS_MIGRATION_NAME,
    // the fill reads and writes every tenant's rollup rows: row-level security not forced on the owner meanwhile (as 9)
    sql: `ALTER TABLE rollup_hourly NO FORCE ROW LEVEL SECURITY;
ALTER TABLE rollup_daily NO FORCE ROW LEVEL SECURITY;
${CUSTOMER_DAYS_FILL}
ALTER TABLE rollup_hourly FORCE ROW LEVEL SECURITY;
ALTER TABLE rollup_daily FORCE ROW LEVEL SECURITY;`,
  },
  {
    version: 17,
    name: WEEK_MIGRATION_NAME,
    // the fill reads and writes every tenant's rollup rows: row-level security not forced on the owner meanwhile (as 16)
    sql: `ALTER TABLE rollup_hourly NO FORCE ROW LEVEL SECURITY;
ALTER TABLE rollup_daily NO FORCE ROW LEVEL SECURITY;
ALTER TABLE rollup_daily_wide NO FORCE ROW LEVEL SECURITY;
ALTER TABLE rollup_wide_state NO FORCE ROW LEVEL SECURITY;
${WEEK_FILL}
ALTER TABLE rollup_hourly FORCE ROW LEVEL SECURITY;
ALTER TABLE rollup_daily FORCE ROW LEVEL SECURITY;
ALTER TABLE rollup_daily_wide FORCE ROW LEVEL SECURITY;
ALTER TABLE rollup_wide_state FORCE ROW LEVEL SECURITY;`,
  },
  {
    version: 18,
    name: SCOPED_WINDOWS_MIGRATION_NAME,
    // (the app role's grants on them are given again after every migration: migrate.ts). A window's build inserts up
    // to 200,000 rows at once into a table the planner may know as empty: its statistics are gathered right after by
    // the collector (the app role may not ANALYZE a table it does not own, so through this function of the owner) —
    // without them a window page on PostgreSQL took 3.2–7.3 s instead of 10–30 ms (docs/benchmarks.md)
    sql: `${scopedWindowsDdl('postgres')}${CUSTOMER_TOTALS_TABLES.map(isolate).join('\n')}
ALTER TABLE customer_totals SET (autovacuum_analyze_scale_factor = 0.02);
CREATE FUNCTION llmo_analyze_customer_windows() RETURNS void
LANGUAGE plpgsql ${DEFINER} AS $fn$
BEGIN
  ANALYZE public.customer_totals;
  ANALYZE public.customer_totals_state;
END
$fn$;
REVOKE ALL ON FUNCTION llmo_analyze_customer_windows() FROM PUBLIC;
`,
  },
  // room for HOT updates in the tables ingest upserts (storage/upsert-room.ts)
  { version: 19, name: UPSERT_ROOM_MIGRATION_NAME, sql: upsertRoomSql() },
  // three daily families read from the rows of those they mirror, through partial indexes (storage/mirror-families.ts)
  { version: 20, name: MIRROR_MIGRATION_NAME, sql: mirrorFamiliesSql() },
];

export const PG_SCHEMA_VERSION = Math.max(...PG_MIGRATIONS.map((m) => m.version));

/** Tables whose rows belong to one tenant: each must have row-level security enabled and forced. */
export const TENANT_TABLES = ['trace_events', 'rollup_hourly', 'rollup_daily', 'rollup_daily_wide', 'rollup_wide_state', 'runs', 'tenants', 'api_keys', 'custom_prices', 'sessions', ...BILLING_TABLES, ...INSIGHT_TABLES, ...BUDGET_TABLES, ...CUSTOMER_TOTALS_TABLES] as const;

/** What the app role may do: DML on the tables (no DDL, no TRUNCATE), EXECUTE on the admin functions. */
export const APP_TABLE_GRANTS: Record<string, string> = {
  schema_migrations: 'SELECT',
  // UPDATE: re-pricing (POST /reprice) rewrites the cost of events of open periods
  trace_events: 'SELECT, INSERT, UPDATE',
  rollup_hourly: 'SELECT, INSERT, UPDATE',
  runs: 'SELECT, INSERT, UPDATE',
  api_keys: 'SELECT, INSERT, UPDATE',
  tenants: 'SELECT',
  custom_prices: 'SELECT, INSERT, UPDATE, DELETE',
  rollup_daily: 'SELECT, INSERT, UPDATE',
  rollup_daily_wide: 'SELECT, INSERT, UPDATE',
  rollup_wide_state: 'SELECT, INSERT, UPDATE',
  ...BILLING_GRANTS,
  insight_findings: 'SELECT, INSERT, UPDATE',
  insight_state: 'SELECT, INSERT, UPDATE',
  insight_minute: 'SELECT, INSERT, UPDATE, DELETE',
  insight_daily: 'SELECT, INSERT, UPDATE, DELETE',
  budgets: 'SELECT, INSERT, UPDATE, DELETE',
  budget_states: 'SELECT, INSERT, UPDATE, DELETE',
  budget_alerts: 'SELECT, INSERT',
  webhook_endpoints: 'SELECT, INSERT, UPDATE, DELETE',
  webhook_deliveries: 'SELECT, INSERT, UPDATE, DELETE',
  // the advance deletes and rebuilds a window's rows; a rewrite of rollup_daily deletes the tenant's state rows
  customer_totals: 'SELECT, INSERT, UPDATE, DELETE',
  customer_totals_state: 'SELECT, INSERT, UPDATE, DELETE',
};

export const ADMIN_FUNCTIONS = [
  'llmo_find_api_key(text)', 'llmo_touch_api_keys(text[], bigint[])', 'llmo_get_tenant(text)', 'llmo_list_tenants()',
  'llmo_create_tenant(text, text, bigint)', 'llmo_create_session(text, text, text, text, bigint, bigint)',
  'llmo_find_session(text, bigint)', 'llmo_delete_session(text)',
  'llmo_set_tenant_retention(text, integer, bigint)', 'llmo_purge_expired(bigint, integer)',
  'llmo_budget_tenants()', 'llmo_due_delivery_tenants(bigint)', 'llmo_analyze_customer_windows()',
] as const;
