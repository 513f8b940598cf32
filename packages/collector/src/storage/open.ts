/**
 * Opens the configured storage. SQLite applies pending migrations on open; PostgreSQL is migrated only by
 * `llmobserve migrate` with the owner's URL (migrateStorage), and served as the app role (see docs/postgres.md).
 */
import type { DbTarget } from '../config.js';
import { ConfigError } from '../config.js';
import { migratePostgres, type PgMigrateOptions } from './postgres/migrate.js';
import { PostgresStorage } from './postgres/postgres-storage.js';
import { SqliteStorage } from './sqlite/sqlite-storage.js';
import type { MigrationReport, Storage } from './types.js';

function positiveInt(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) throw new ConfigError(`${name}: "${raw}" must be a positive integer`);
  return Number(raw);
}

export async function openStorage(db: DbTarget): Promise<Storage> {
  if (db.kind === 'postgres') return PostgresStorage.open(db.url, {
    poolMax: positiveInt(process.env, 'LLMOBSERVE_PG_POOL_MAX'),
    statementTimeoutMs: positiveInt(process.env, 'LLMOBSERVE_PG_STATEMENT_TIMEOUT_MS'),
  });
  return new SqliteStorage(db.file, {
    synchronous: process.env.LLMOBSERVE_SQLITE_SYNC === 'FULL' ? 'FULL' : 'NORMAL',
    minFreeBytes: positiveInt(process.env, 'LLMOBSERVE_SQLITE_MIN_FREE_BYTES'),
    readTimeoutMs: positiveInt(process.env, 'LLMOBSERVE_READ_TIMEOUT_MS'),
  });
}

export interface MigrateOutcome extends MigrationReport {
  /** Further lines for the operator (PostgreSQL: owner and app role). */
  notes: string[];
}

/** The migrate URL with the app role's name and a password placeholder in place of the owner's credentials. */
function appUrl(url: string, role: string): string {
  try {
    const u = new URL(url);
    u.username = role;
    u.password = 'PASSWORD';
    return u.toString();
  } catch {
    return `postgres://${role}:PASSWORD@HOST:PORT/DATABASE`;
  }
}

/** `llmobserve migrate`: applies pending migrations; on PostgreSQL also sets up the app role (options). */
export async function migrateStorage(db: DbTarget, options: PgMigrateOptions = {}): Promise<MigrateOutcome> {
  if (db.kind === 'sqlite') {
    const storage = await openStorage(db);
    await storage.close();
    return { ...storage.migration, notes: [] };
  }
  const r = await migratePostgres(db.url, options);
  const notes = [`schema owner: ${r.owner}; app role: ${r.appRole}${r.appRoleAction === 'unchanged' ? '' : ` (${r.appRoleAction})`}`];
  notes.push(`serve as the app role: llmobserve serve --db ${appUrl(db.url, r.appRole)}`);
  return { applied: r.applied, current: r.current, legacyUpgraded: r.legacyUpgraded, notes };
}
