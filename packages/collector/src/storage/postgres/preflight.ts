/**
 * What `serve` checks before it uses a PostgreSQL database: that it connects as a role under which row-level
 * security applies (not a superuser, not BYPASSRLS, not the schema owner), that RLS is enabled and forced on every
 * tenant table, and that the schema is at this collector's version. Serve never migrates PostgreSQL: that is
 * `llmobserve migrate` with the owner's URL.
 */
import type pg from 'pg';
import { ConfigError } from '../../config.js';
import { pgCode } from './connect.js';
import { DEFAULT_APP_ROLE } from './migrate.js';
import { PG_SCHEMA_VERSION, TENANT_TABLES } from './schema.js';

const MIGRATE_HINT = `run "llmobserve migrate --db <owner or superuser URL> --app-password …" (see docs/postgres.md)`;

export async function preflight(client: pg.PoolClient): Promise<void> {
  const me = (await client.query<{ user: string; rolsuper: boolean; rolbypassrls: boolean }>(
    'SELECT current_user AS user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user',
  )).rows[0]!;
  if (me.rolsuper || me.rolbypassrls) {
    throw new ConfigError(
      `refusing to serve as the PostgreSQL ${me.rolsuper ? 'superuser' : 'BYPASSRLS role'} "${me.user}": it bypasses ` +
        `row-level security, so the database would not enforce tenant isolation. Serve with the app role that ` +
        `"llmobserve migrate" creates (default ${DEFAULT_APP_ROLE}): --db postgres://${DEFAULT_APP_ROLE}:PASSWORD@host/db`,
    );
  }
  const tables = (await client.query<{ name: string; owner: string; rls: boolean; forced: boolean }>(
    `SELECT c.relname AS name, pg_get_userbyid(c.relowner) AS owner, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname = ANY($1)`,
    [['schema_migrations', ...TENANT_TABLES]],
  )).rows;
  const migrations = tables.find((t) => t.name === 'schema_migrations');
  if (!migrations) throw new ConfigError(`the database has no LLMObserve schema yet: ${MIGRATE_HINT}, then serve with the app role's URL`);
  const owner = migrations.owner;
  const isOwner = (await client.query<{ m: boolean }>(`SELECT pg_has_role(current_user, $1, 'MEMBER') AS m`, [owner])).rows[0]!.m;
  if (isOwner) {
    throw new ConfigError(
      `refusing to serve as "${me.user}": it is (a member of) the schema owner "${owner}", whose admin policies read ` +
        `across tenants. Serve with the app role (default ${DEFAULT_APP_ROLE}) that "llmobserve migrate" grants; ` +
        `keep the owner's URL for migrate`,
    );
  }
  let version: number;
  try {
    version = (await client.query<{ v: number | null }>('SELECT max(version) AS v FROM public.schema_migrations')).rows[0]!.v ?? 0;
  } catch (err) {
    if (pgCode(err) !== '42501') throw err;
    throw new ConfigError(`role "${me.user}" has no access to the LLMObserve schema: run migrate with --app-role ${me.user}`);
  }
  if (version > PG_SCHEMA_VERSION) {
    throw new ConfigError(`database schema version ${version} is newer than this collector (${PG_SCHEMA_VERSION}); upgrade the collector`);
  }
  if (version < PG_SCHEMA_VERSION) {
    throw new ConfigError(`database schema version ${version}, this collector needs ${PG_SCHEMA_VERSION}: migrations are pending; ${MIGRATE_HINT}`);
  }
  for (const name of TENANT_TABLES) {
    const t = tables.find((x) => x.name === name);
    if (!t || !t.rls || !t.forced) {
      throw new ConfigError(`row-level security is not ${t ? 'enabled and forced' : 'set up'} on table ${name}: refusing to serve; ${MIGRATE_HINT}`);
    }
  }
}
