/**
 * Versioned SQLite migrations. Each runs once, in its own transaction, recorded in `schema_migrations`.
 *
 * A database made by the seed (Python collector before its migration 003: `trace_events` without `tenant_id`, no
 * `schema_migrations`) is recognised and upgraded: its table is kept as `legacy_trace_events`, its rows are copied
 * into the new schema as `default_tenant`, and the rollups are built from them.
 */
import { UPSERT_ROOM_MIGRATION_NAME } from '../upsert-room.js';
import { MIRROR_MIGRATION_NAME } from '../mirror-families.js';
import type Database from 'better-sqlite3';
import type { MigrationReport } from '../types.js';
import { ESTIMATED_MIGRATION_NAME, estimatedColumnsSql } from '../estimated-sql.js';
import { rebuildAggregatesSql, SQLITE_REBUILD } from '../rebuild.js';
import { coreTablesDdl, dailyTableDdl } from '../frozen-ddl.js';
import { dailyV9Sql, moneyColumnsSql, V9_INDEXES, V9_MIGRATION_NAME, V9_RETENTION_COLUMN } from '../v9-sql.js';
import { usdToNanos } from '@llmobserve/shared';
import { BILLING_MIGRATION_NAME, billingBackfillSql, billingTablesDdl } from '../billing/ddl.js';
import { insightTablesDdl } from '../insights/ddl.js';
import { BUDGET_MIGRATION_NAME, budgetTablesDdl } from '../budget-ddl.js';
import { WIDE_MIGRATION_NAME, wideDailySql } from '../wide-ddl.js';
import { CUSTOMER_TOTALS_MIGRATION_NAME, customerTotalsDdl } from '../customer-totals-ddl.js';
import { CUSTOMER_DAYS_FILL, CUSTOMER_DAYS_MIGRATION_NAME } from '../customer-days-ddl.js';
import { WEEK_FILL, WEEK_MIGRATION_NAME } from '../week-ddl.js';
import { SCOPED_WINDOWS_MIGRATION_NAME, scopedWindowsDdl } from '../scoped-windows-ddl.js';

/**
 * Rebuilds every aggregate (hourly, daily families, runs) from the stored events, in the current schema; every stored
 * event is then counted, so the fold's watermark (sqlite/fold.ts) moves to MAX(id): they are not added again.
 */
export const REBUILD_AGGREGATES = `${rebuildAggregatesSql(SQLITE_REBUILD)}
DELETE FROM customer_totals_state;
DELETE FROM customer_totals;
UPDATE rollup_fold SET folded_through = (SELECT COALESCE(MAX(id), 0) FROM trace_events);`;

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

const CORE_SCHEMA = coreTablesDdl('sqlite');

/**
 * Frozen with migration 2: the hourly rollup and run summaries of schema version 1, from the seed's imported events.
 * The later migrations then fill what version 1 did not have (5: the daily rollups, 7: the estimated columns), and
 * migrate() finally rebuilds every aggregate in the current schema (REBUILD_AGGREGATES) after such an import.
 */
const SEED_IMPORT_AGGREGATES = `
DELETE FROM rollup_hourly;
INSERT INTO rollup_hourly
SELECT tenant_id, (started_at / 3600000) * 3600, COALESCE(customer_id, ''), COALESCE(provider, ''), COALESCE(model, ''),
       COALESCE(section_path, ''), COUNT(*), COALESCE(SUM(cost_usd), 0), SUM(cost_usd IS NULL), SUM(status <> 'ok'),
       SUM(input_tokens), SUM(output_tokens), SUM(cache_read_tokens), SUM(cache_write_tokens), SUM(reasoning_tokens),
       COALESCE(SUM(latency_ms), 0)
FROM trace_events WHERE span_type NOT IN ('section', 'agent', 'tool')
GROUP BY 1, 2, 3, 4, 5, 6;
DELETE FROM runs;
INSERT INTO runs
SELECT e.tenant_id, e.run_id, MIN(e.started_at), MAX(e.started_at + CAST(ROUND(COALESCE(e.latency_ms, 0)) AS INTEGER)),
       (SELECT customer_id FROM trace_events c WHERE c.tenant_id = e.tenant_id AND c.run_id = e.run_id
          AND c.customer_id IS NOT NULL ORDER BY c.started_at LIMIT 1),
       (SELECT CASE WHEN instr(s.section_path, '/') > 0 THEN substr(s.section_path, 1, instr(s.section_path, '/') - 1)
               ELSE s.section_path END FROM trace_events s WHERE s.tenant_id = e.tenant_id AND s.run_id = e.run_id
          AND s.section_path IS NOT NULL ORDER BY s.started_at LIMIT 1),
       (SELECT MIN(s.started_at) FROM trace_events s WHERE s.tenant_id = e.tenant_id AND s.run_id = e.run_id
          AND s.section_path IS NOT NULL),
       SUM(e.span_type NOT IN ('section', 'agent', 'tool')), COUNT(*),
       COALESCE(SUM(CASE WHEN e.span_type NOT IN ('section', 'agent', 'tool') THEN e.cost_usd END), 0),
       SUM(e.span_type NOT IN ('section', 'agent', 'tool') AND e.cost_usd IS NULL),
       SUM(e.span_type NOT IN ('section', 'agent', 'tool') AND e.status <> 'ok'),
       SUM(CASE WHEN e.span_type NOT IN ('section', 'agent', 'tool') THEN e.input_tokens ELSE 0 END),
       SUM(CASE WHEN e.span_type NOT IN ('section', 'agent', 'tool') THEN e.output_tokens ELSE 0 END)
FROM trace_events e GROUP BY e.tenant_id, e.run_id;
`;

function columnsOf(db: Database.Database, table: string): Set<string> {
  return new Set((db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name));
}

/** Copies the seed's pre-tenant rows into the new schema as `default_tenant`, tolerating missing columns. */
function importLegacyEvents(db: Database.Database): void {
  const cols = columnsOf(db, 'legacy_trace_events');
  const col = (name: string, fallback: string) => (cols.has(name) ? name : fallback);
  const started = cols.has('created_at')
    ? `COALESCE(CAST(ROUND((julianday(created_at) - 2440587.5) * 86400000) AS INTEGER), CAST(strftime('%s','now') AS INTEGER) * 1000)`
    : `CAST(strftime('%s','now') AS INTEGER) * 1000`;
  const spanId = cols.has('span_id') ? `COALESCE(span_id, ${col('id', 'CAST(rowid AS TEXT)')})` : col('id', 'CAST(rowid AS TEXT)');
  const spanType = `CASE WHEN ${col('span_type', 'NULL')} IN ('llm','embedding','vector','api','section','agent','tool')
                    THEN ${col('span_type', 'NULL')} ELSE 'llm' END`;
  const status = `CASE WHEN ${col('status', 'NULL')} IN ('ok','error','cancelled','rate_limited','timeout')
                  THEN ${col('status', 'NULL')} WHEN ${col('status', 'NULL')} IS NULL THEN 'ok' ELSE 'error' END`;
  const cost = col('cost_usd', 'NULL');
  const input = `MAX(COALESCE(${col('input_tokens', '0')}, 0), 0)`;
  db.exec(`
    INSERT OR IGNORE INTO trace_events (
      tenant_id, span_id, run_id, parent_span_id, span_type, section, section_path, customer_id, provider, endpoint,
      model, input_tokens, output_tokens, cache_read_tokens, reported_cost_usd, cost_usd, cost_status, cost_source,
      started_at, latency_ms, status, is_streaming, created_at)
    SELECT 'default_tenant', ${spanId}, COALESCE(${col('run_id', 'NULL')}, ${spanId}), ${col('parent_span_id', 'NULL')},
      ${spanType}, ${col('section', 'NULL')}, COALESCE(${col('section_path', 'NULL')}, ${col('section', 'NULL')}),
      ${col('customer_id', 'NULL')}, ${col('provider', 'NULL')}, ${col('endpoint', 'NULL')}, ${col('model', 'NULL')},
      ${input}, MAX(COALESCE(${col('output_tokens', '0')}, 0), 0),
      MIN(MAX(COALESCE(${col('cached_tokens', '0')}, 0), 0), ${input}),
      ${cost}, ${cost},
      CASE WHEN ${spanType} IN ('section','agent','tool') THEN 'not_applicable'
           WHEN ${cost} IS NULL THEN 'unpriced' ELSE 'reported' END,
      CASE WHEN ${cost} IS NULL THEN NULL ELSE 'legacy' END,
      ${started}, ${col('latency_ms', 'NULL')}, ${status}, COALESCE(${col('is_streaming', '0')}, 0), ${started}
    FROM legacy_trace_events`);
  db.exec(SEED_IMPORT_AGGREGATES);
}

const AUTH_SCHEMA = `
CREATE TABLE tenants (
  tenant_id  TEXT    NOT NULL PRIMARY KEY,
  name       TEXT,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
-- API keys are stored only as a SHA-256 hash (keys carry 192 random bits, so a fast hash is safe) and a display prefix.
CREATE TABLE api_keys (
  id           TEXT    NOT NULL PRIMARY KEY,
  tenant_id    TEXT    NOT NULL,
  key_hash     TEXT    NOT NULL UNIQUE,
  prefix       TEXT    NOT NULL,
  name         TEXT,
  scopes       TEXT    NOT NULL,
  created_at   INTEGER NOT NULL,
  last_used_at INTEGER,
  expires_at   INTEGER,
  revoked_at   INTEGER
);
CREATE INDEX ix_api_keys_tenant ON api_keys (tenant_id, created_at);
`;

const PRICES_SCHEMA = `
CREATE TABLE custom_prices (
  tenant_id            TEXT    NOT NULL,
  id                   TEXT    NOT NULL,
  provider             TEXT    NOT NULL,
  model                TEXT    NOT NULL,
  input_per_mtok       REAL,
  output_per_mtok      REAL,
  cache_read_per_mtok  REAL,
  cache_write_per_mtok REAL,
  unit_prices          TEXT,
  effective_from       INTEGER NOT NULL,
  created_at           INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, provider, model, effective_from)
) WITHOUT ROWID;
`;

// Daily rollups per dimension family (see storage/rollup.ts), filled from the hourly rollup on upgrade.
const DAILY_SCHEMA = dailyTableDdl('sqlite');

export const MIGRATIONS: Migration[] = [
  { version: 1, name: 'core schema: events, hourly rollup, runs', up: (db) => db.exec(CORE_SCHEMA) },
  {
    version: 2,
    name: 'import the seed collector pre-tenant trace_events as default_tenant',
    up: (db) => {
      const legacy = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'legacy_trace_events'`).get();
      if (legacy) importLegacyEvents(db);
    },
  },
  { version: 3, name: 'tenants and API keys', up: (db) => db.exec(AUTH_SCHEMA) },
  { version: 4, name: 'tenant custom prices', up: (db) => db.exec(PRICES_SCHEMA) },
  { version: 5, name: 'daily rollups per customer, model and section', up: (db) => db.exec(DAILY_SCHEMA) },
  {
    version: 6,
    name: 'token details per event: 1-hour cache writes, audio, image and video tokens',
    up: (db) =>
      db.exec(`ALTER TABLE trace_events ADD COLUMN cache_write_1h_tokens INTEGER NOT NULL DEFAULT 0;
               ALTER TABLE trace_events ADD COLUMN token_details TEXT;`),
  },
  {
    version: 7,
    name: ESTIMATED_MIGRATION_NAME,
    up: (db) => db.exec(estimatedColumnsSql({ int: 'INTEGER', real: 'REAL' }, 'usage_estimated = 1')),
  },
  {
    version: 8,
    name: 'dashboard sessions: opaque ids, stored hashed, per tenant',
    up: (db) =>
      db.exec(`CREATE TABLE sessions (
                 tenant_id TEXT NOT NULL, id_hash TEXT NOT NULL PRIMARY KEY, principal TEXT NOT NULL, key_hash TEXT,
                 created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
               CREATE INDEX ix_sessions_expires ON sessions (expires_at);`),
  },
  {
    version: 9,
    name: V9_MIGRATION_NAME,
    up: (db) => {
      // the back-fill rounds exactly as ingest does: usdToNanos itself
      db.function('llmo_usd_to_nanos', { deterministic: true }, (usd: unknown) => (typeof usd === 'number' ? usdToNanos(usd) : null));
      db.exec(moneyColumnsSql('INTEGER', (usd) => `llmo_usd_to_nanos(${usd})`));
      db.exec(dailyV9Sql('TEXT', 'INTEGER', true));
      db.exec(V9_INDEXES);
      db.exec(V9_RETENTION_COLUMN('INTEGER'));
    },
  },
  { version: 10, name: BUDGET_MIGRATION_NAME, up: (db) => db.exec(budgetTablesDdl('sqlite')) },
  {
    version: 11,
    name: BILLING_MIGRATION_NAME,
    up: (db) => db.exec(`ALTER TABLE trace_events ADD COLUMN cost_parts TEXT;\n${billingTablesDdl('sqlite')}\n${billingBackfillSql('sqlite')}`),
  },
  { version: 12, name: 'insights: findings, evaluation state, minute and daily signals', up: (db) => db.exec(insightTablesDdl('sqlite')) },
  {
    version: 13,
    // SQLite only (sqlite/fold.ts): every event stored so far was folded in its ingest transaction
    name: 'the aggregates fold watermark',
    up: (db) => db.exec(`CREATE TABLE rollup_fold (id INTEGER PRIMARY KEY CHECK (id = 1), folded_through INTEGER NOT NULL);
INSERT INTO rollup_fold (id, folded_through) SELECT 1, COALESCE(MAX(id), 0) FROM trace_events;`),
  },
  { version: 14, name: WIDE_MIGRATION_NAME, up: (db) => db.exec(wideDailySql('TEXT', 'INTEGER', true, `((CAST(strftime('%s', 'now') AS INTEGER) / 86400) * 86400)`)) },
  { version: 15, name: CUSTOMER_TOTALS_MIGRATION_NAME, up: (db) => db.exec(customerTotalsDdl('sqlite')) },
  { version: 16, name: CUSTOMER_DAYS_MIGRATION_NAME, up: (db) => db.exec(CUSTOMER_DAYS_FILL) },
  { version: 17, name: WEEK_MIGRATION_NAME, up: (db) => db.exec(WEEK_FILL) },
  { version: 18, name: SCOPED_WINDOWS_MIGRATION_NAME, up: (db) => db.exec(scopedWindowsDdl('sqlite')) },
  // PostgreSQL only (storage/upsert-room.ts): SQLite updates a row in place in its b-tree
  { version: 19, name: UPSERT_ROOM_MIGRATION_NAME, up: () => {} },
  // PostgreSQL only (storage/mirror-families.ts): SQLite's rollup_daily is clustered by its key, each family's order
  { version: 20, name: MIRROR_MIGRATION_NAME, up: () => {} },
];


/**
 * SQLite's planner statistics (sqlite_stat1), which the collector otherwise never gathers: without them SQLite picks
 * the time index for `ORDER BY started_at` over a run's events and walks the whole tenant. `PRAGMA optimize` analyzes
 * only the tables whose size changed a lot since their last ANALYZE, each on a bounded sample (analysis_limit), so it
 * takes milliseconds at 10M events; `all` (after migrations) analyzes every table that has no statistics yet. Run
 * after migrations and periodically under ingest (event-writer.ts, every OPTIMIZE_EVERY_EVENTS committed events).
 */
export function refreshPlannerStats(db: Database.Database, all = false): void {
  db.pragma('analysis_limit = 1000');
  db.pragma(all ? 'optimize = 0x10002' : 'optimize');
}

export function migrate(db: Database.Database): MigrationReport {
  const hasTable = (name: string) =>
    db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;
  let legacyUpgraded = false;
  const report: MigrationReport = { applied: [], current: 0, legacyUpgraded: false };
  db.transaction(() => {
    if (!hasTable('schema_migrations')) {
      if (hasTable('trace_events') && !columnsOf(db, 'trace_events').has('tenant_id')) {
        // The seed's schema: keep its table (no data loss) and import it in migration 2.
        db.exec('ALTER TABLE trace_events RENAME TO legacy_trace_events');
        for (const { name } of db
          .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'legacy_trace_events' AND sql IS NOT NULL`)
          .all() as { name: string }[]) {
          db.exec(`DROP INDEX "${name.replace(/"/g, '""')}"`);
        }
        legacyUpgraded = true;
      } else if (hasTable('trace_events')) {
        throw new Error('database has a trace_events table but no schema_migrations: not a database this collector knows');
      }
      db.exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    }
  }).immediate();
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  );
  const newest = Math.max(...MIGRATIONS.map((m) => m.version));
  const unknown = [...applied].filter((v) => v > newest);
  if (unknown.length > 0) {
    throw new Error(`database schema version ${Math.max(...unknown)} is newer than this collector (${newest}); upgrade the collector`);
  }
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      m.up(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version, m.name, new Date().toISOString(),
      );
    }).immediate();
    report.applied.push({ version: m.version, name: m.name });
  }
  // A seed database imported by this start: its aggregates as ingest would have maintained them, in every family.
  if (legacyUpgraded) db.transaction(() => db.exec(REBUILD_AGGREGATES)).immediate();
  // Planner statistics after migrations (new tables and indexes have none): see refreshPlannerStats.
  refreshPlannerStats(db, report.applied.length > 0);
  report.current = newest;
  report.legacyUpgraded = legacyUpgraded;
  return report;
}
