/**
 * `llmobserve migrate --db postgres://…`: applies the PostgreSQL migrations as the owner role and grants the app
 * role what the collector needs, nothing more.
 *
 * Roles:
 * - the owner owns the tables and the SECURITY DEFINER admin functions. It is the role of the URL given to
 *   `migrate`, unless that role is a superuser: then the owner is `--owner-role` (default llmobserve_owner, created
 *   NOLOGIN if missing) and the migrations run under SET ROLE to it, so that no object is owned by a superuser.
 *   Once a schema exists, its owner stays its owner.
 * - the app role (`--app-role`, default llmobserve_app) is what `llmobserve serve` logs in as: DML on the tables and
 *   EXECUTE on the admin functions, subject to row-level security. It is created (LOGIN) when missing, which needs
 *   a password (`--app-password` or LLMOBSERVE_APP_PASSWORD) and a migrating role that may create roles; when it
 *   exists, a given password is set again.
 */
import type pg from 'pg';
import { ConfigError } from '../../config.js';
import type { MigrationReport } from '../types.js';
import { connectClient, pgCode } from './connect.js';
import { ADMIN_FUNCTIONS, APP_TABLE_GRANTS, PG_MIGRATIONS, PG_SCHEMA_VERSION } from './schema.js';

export const DEFAULT_APP_ROLE = 'llmobserve_app';
export const DEFAULT_OWNER_ROLE = 'llmobserve_owner';

export interface PgMigrateOptions {
  appRole?: string;
  appPassword?: string;
  /** Owner to create when migrating as a superuser (default llmobserve_owner). */
  ownerRole?: string;
}

export interface PgMigrationReport extends MigrationReport {
  owner: string;
  appRole: string;
  /** What was done to the app role. */
  appRoleAction: 'created' | 'password set' | 'unchanged';
}

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
/** Serialises concurrent `migrate` runs on one database. */
const MIGRATE_LOCK = 7_426_113_519;

function checkRoleName(flag: string, name: string): void {
  if (!ROLE_NAME.test(name)) {
    throw new ConfigError(`${flag}: "${name}" must be a lower-case PostgreSQL role name (letters, digits, _; at most 63)`);
  }
}

interface RoleInfo {
  rolsuper: boolean;
  rolbypassrls: boolean;
  rolcanlogin: boolean;
}

async function roleInfo(client: pg.Client, name: string): Promise<RoleInfo | null> {
  const r = await client.query<RoleInfo>('SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = $1', [name]);
  return r.rows[0] ?? null;
}

async function isMember(client: pg.Client, member: string, role: string): Promise<boolean> {
  const r = await client.query<{ m: boolean }>(`SELECT pg_has_role($1, $2, 'MEMBER') AS m`, [member, role]);
  return r.rows[0]!.m;
}

/** Runs DDL that concurrent migrations of other databases (roles are cluster-wide) may race on. */
async function tolerantDdl(client: pg.Client, sql: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(sql);
      return;
    } catch (err) {
      const code = pgCode(err);
      if (code === '42710' || code === '23505') return; // created meanwhile by a concurrent migrate
      if (code === 'XX000' && /concurrently/.test((err as Error).message) && attempt < 5) {
        await new Promise((r) => setTimeout(r, 20 * attempt));
        continue;
      }
      throw err;
    }
  }
}

async function ensureAppRole(client: pg.Client, app: string, owner: string, password: string | undefined, mayCreateRoles: boolean): Promise<PgMigrationReport['appRoleAction']> {
  const ident = client.escapeIdentifier(app);
  let action: PgMigrationReport['appRoleAction'] = 'unchanged';
  let info = await roleInfo(client, app);
  if (!info) {
    if (!password) {
      throw new ConfigError(
        `the app role "${app}" does not exist: give its password with --app-password (or LLMOBSERVE_APP_PASSWORD) and ` +
          `migrate creates it, or create it yourself (CREATE ROLE ${app} LOGIN PASSWORD '…') and run migrate again`,
      );
    }
    if (!mayCreateRoles) {
      throw new ConfigError(`the app role "${app}" does not exist and this role may not create roles: run migrate as a superuser or a role with CREATEROLE, or create ${app} first`);
    }
    // Utility statements take no parameters: the password goes in as an escaped literal.
    await tolerantDdl(client, `CREATE ROLE ${ident} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD ${client.escapeLiteral(password)}`);
    action = 'created';
    info = await roleInfo(client, app);
  } else if (password) {
    if (!mayCreateRoles) throw new ConfigError(`cannot set the password of "${app}": this role may not alter roles (omit --app-password, or migrate as a superuser)`);
    await tolerantDdl(client, `ALTER ROLE ${ident} LOGIN PASSWORD ${client.escapeLiteral(password)}`);
    action = 'password set';
  }
  if (!info) throw new Error(`the app role "${app}" could not be created`);
  if (info.rolsuper || info.rolbypassrls) {
    throw new ConfigError(`the app role "${app}" is a ${info.rolsuper ? 'superuser' : 'BYPASSRLS role'}: row-level security would not apply to it. Use a plain role`);
  }
  if (app === owner || (await isMember(client, app, owner))) {
    throw new ConfigError(`the app role "${app}" is (a member of) the owner role "${owner}": the collector must not connect as the schema owner. Use another --app-role`);
  }
  return action;
}

async function applyMigrations(client: pg.Client): Promise<PgMigrationReport['applied']> {
  const exists = async (table: string) =>
    (await client.query(`SELECT to_regclass($1) IS NOT NULL AS e`, [`public.${table}`])).rows[0].e as boolean;
  if (!(await exists('schema_migrations'))) {
    if (await exists('trace_events')) {
      throw new Error('database has a trace_events table but no schema_migrations: not a database this collector knows');
    }
    await client.query(`CREATE TABLE public.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  }
  const done = new Set((await client.query<{ version: number }>('SELECT version FROM public.schema_migrations')).rows.map((r) => r.version));
  const unknown = [...done].filter((v) => v > PG_SCHEMA_VERSION);
  if (unknown.length > 0) {
    throw new ConfigError(`database schema version ${Math.max(...unknown)} is newer than this collector (${PG_SCHEMA_VERSION}); upgrade the collector`);
  }
  const applied: PgMigrationReport['applied'] = [];
  for (const m of PG_MIGRATIONS) {
    if (done.has(m.version)) continue;
    await client.query('BEGIN');
    try {
      // Unqualified names in the migrations are the public schema's.
      await client.query(`SET LOCAL search_path = public, pg_catalog`);
      if (m.sql.trim() !== '') await client.query(m.sql);
      await client.query('INSERT INTO public.schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
    applied.push({ version: m.version, name: m.name });
  }
  return applied;
}

async function grantApp(client: pg.Client, app: string): Promise<void> {
  const ident = client.escapeIdentifier(app);
  for (const [table, privileges] of Object.entries(APP_TABLE_GRANTS)) {
    await client.query(`GRANT ${privileges} ON TABLE public.${table} TO ${ident}`);
  }
  for (const fn of ADMIN_FUNCTIONS) await client.query(`GRANT EXECUTE ON FUNCTION public.${fn} TO ${ident}`);
}

export async function migratePostgres(url: string, options: PgMigrateOptions = {}): Promise<PgMigrationReport> {
  const app = options.appRole ?? DEFAULT_APP_ROLE;
  const ownerToCreate = options.ownerRole ?? DEFAULT_OWNER_ROLE;
  checkRoleName('--app-role', app);
  checkRoleName('--owner-role', ownerToCreate);
  const client = await connectClient(url);
  try {
    const me = (await client.query<{ user: string; rolsuper: boolean; rolcreaterole: boolean }>(
      'SELECT current_user AS user, rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user',
    )).rows[0]!;
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATE_LOCK]);
    const existing = (await client.query<{ owner: string }>(
      `SELECT tableowner AS owner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'schema_migrations'`,
    )).rows[0]?.owner;
    const owner = existing ?? (me.rolsuper ? ownerToCreate : me.user);
    if (owner === app) throw new ConfigError(`the app role "${app}" cannot be the schema owner: migrate as the owner role or a superuser`);
    const ownerInfo = await roleInfo(client, owner);
    if (ownerInfo?.rolsuper) {
      throw new ConfigError(`the schema is owned by the superuser "${owner}": its SECURITY DEFINER functions would bypass row-level security. Reassign it to a plain owner role (REASSIGN OWNED) and migrate again`);
    }
    if (me.rolsuper) {
      if (!ownerInfo) await tolerantDdl(client, `CREATE ROLE ${client.escapeIdentifier(owner)} NOLOGIN NOSUPERUSER NOBYPASSRLS`);
      // PostgreSQL 15 lets only the database owner create in schema public; the owner role needs to.
      await client.query(`GRANT USAGE, CREATE ON SCHEMA public TO ${client.escapeIdentifier(owner)}`);
    } else if (owner !== me.user && !(await isMember(client, me.user, owner))) {
      throw new ConfigError(`the schema is owned by "${owner}": run migrate as that role (or a member of it) or as a superuser, not as "${me.user}"`);
    }
    const appRoleAction = await ensureAppRole(client, app, owner, options.appPassword, me.rolsuper || me.rolcreaterole);
    // The app role uses schema public (PostgreSQL 15 still grants USAGE to PUBLIC; older defaults may differ).
    const usage = (await client.query(`SELECT has_schema_privilege($1, 'public', 'USAGE') AS u`, [app])).rows[0].u as boolean;
    if (!usage) await client.query(`GRANT USAGE ON SCHEMA public TO ${client.escapeIdentifier(app)}`);
    if (me.user !== owner) await client.query(`SET ROLE ${client.escapeIdentifier(owner)}`);
    const applied = await applyMigrations(client).catch((err: unknown) => {
      if (pgCode(err) !== '42501') throw err;
      throw new ConfigError(`${(err as Error).message}: the owner role "${owner}" needs CREATE on schema public (make it the database owner, or GRANT CREATE ON SCHEMA public TO ${owner}), or migrate as a superuser`);
    });
    await grantApp(client, app);
    // Planner statistics for what the migrations created or rewrote (autovacuum's analyze keeps them fresh under
    // ingest: migration 9 lowers its thresholds on the big tables).
    if (applied.length > 0) await client.query('ANALYZE');
    if (me.user !== owner) await client.query('RESET ROLE');
    return { applied, current: PG_SCHEMA_VERSION, legacyUpgraded: false, owner, appRole: app, appRoleAction };
  } finally {
    await client.end().catch(() => undefined);
  }
}
