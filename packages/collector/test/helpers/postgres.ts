/**
 * PostgreSQL for tests: the server (LLMOBSERVE_TEST_PG_URL, a superuser URL; or else a throwaway cluster this process
 * starts with scripts/pg-throwaway.sh and stops at exit), and a fresh database per collector, migrated by the real
 * `llmobserve migrate` and served as the app role.
 *
 * The tests use their own role names (llmobserve_test_owner, llmobserve_test_app) so that running them against a
 * server of yours never touches roles of a real deployment. Databases are named llmo_test_*; on a throwaway cluster
 * they disappear with it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { exitOf } from '@llmobserve/mock-providers';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const PG_THROWAWAY = resolve(ROOT, 'scripts/pg-throwaway.sh');
const CLI = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/cli/main.js');

export const TEST_OWNER_ROLE = 'llmobserve_test_owner';
export const TEST_APP_ROLE = 'llmobserve_test_app';
export const TEST_APP_PASSWORD = 'llmobserve-test-app-password';

let serverUrl: string | undefined;

/** The superuser URL of the test server (its `postgres` database); starts a throwaway cluster on first use if none is given. */
export function pgServerUrl(): string {
  if (serverUrl) return serverUrl;
  const given = process.env.LLMOBSERVE_TEST_PG_URL;
  if (given) return (serverUrl = given);
  const r = spawnSync('bash', [PG_THROWAWAY, 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  if (r.status !== 0) {
    throw new Error(`the PostgreSQL tests need a server and none could be started:\n${r.stderr}${r.error ? String(r.error) : ''}`);
  }
  const url = /LLMOBSERVE_TEST_PG_URL='([^']+)'/.exec(r.stdout)?.[1];
  const dir = /LLMOBSERVE_PG_THROWAWAY_DIR='([^']+)'/.exec(r.stdout)?.[1];
  if (!url || !dir) throw new Error(`scripts/pg-throwaway.sh start printed no URL:\n${r.stdout}\n${r.stderr}`);
  process.on('exit', () => {
    spawnSync('bash', [PG_THROWAWAY, 'stop', dir], { stdio: 'ignore', timeout: 30_000 });
  });
  // Fault tests restart this cluster (pg_ctl restart -m immediate): they find it here, as under pg-throwaway.sh run.
  process.env.LLMOBSERVE_PG_THROWAWAY_DIR = dir;
  return (serverUrl = url);
}

/**
 * Crashes and restarts the throwaway cluster (`pg_ctl restart -m immediate`: no clean shutdown, recovery on start);
 * false when the server is not a throwaway cluster this machine controls.
 */
export function restartThrowawayCluster(): boolean {
  pgServerUrl();
  const dir = process.env.LLMOBSERVE_PG_THROWAWAY_DIR;
  if (!dir || !dir.startsWith('/tmp/llmo-pg.')) return false;
  const ctl = ['/usr/lib/postgresql/15/bin/pg_ctl', '-D', `${dir}/data`, '-m', 'immediate', '-w', '-t', '60', 'restart'];
  const r = process.getuid?.() === 0 ? spawnSync('runuser', ['-u', 'postgres', '--', ...ctl], { stdio: 'ignore' }) : spawnSync(ctl[0]!, ctl.slice(1), { stdio: 'ignore' });
  return r.status === 0;
}

/** The server URL with another user/password/database. */
export function pgUrl(parts: { user?: string; password?: string; database?: string }): string {
  const u = new URL(pgServerUrl());
  if (parts.user !== undefined) u.username = encodeURIComponent(parts.user);
  if (parts.password !== undefined) u.password = encodeURIComponent(parts.password);
  if (parts.database !== undefined) u.pathname = `/${parts.database}`;
  return u.toString();
}

let dbSeq = 0;

/** Creates an empty database (as the superuser) and returns its name. */
export async function createDatabase(tag = 'db'): Promise<string> {
  dbSeq += 1;
  const name = `llmo_test_${tag.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${process.pid}_${dbSeq}_${Math.random().toString(36).slice(2, 8)}`.slice(0, 63);
  const client = new pg.Client({ connectionString: pgServerUrl() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  return name;
}

/** Runs the built `llmobserve migrate` with the given --db and extra arguments. */
export async function runMigrate(db: string, args: string[] = [], cli = CLI): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const proc = spawn(process.execPath, [cli, 'migrate', '--db', db, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const status = await Promise.race([
    exitOf(proc, 60_000, `llmobserve migrate ${args.join(' ')}`),
    new Promise<never>((_, rej) => proc.once('error', rej)),
  ]);
  return { status, stdout, stderr };
}

/**
 * A fresh database as a collector gets it in production: created by the superuser, migrated by `llmobserve migrate`
 * with the superuser's URL (so owned by the test owner role), and its app-role URL returned for `serve`. `cli`:
 * another tree's built CLI migrates it (side-by-side benchmarks: each tree's own schema).
 */
export async function freshPostgresDb(tag = 'collector', cli?: string): Promise<string> {
  const name = await createDatabase(tag);
  const r = await runMigrate(pgUrl({ database: name }), [
    '--app-role', TEST_APP_ROLE, '--app-password', TEST_APP_PASSWORD, '--owner-role', TEST_OWNER_ROLE,
  ], cli);
  if (r.status !== 0) throw new Error(`llmobserve migrate failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return pgUrl({ user: TEST_APP_ROLE, password: TEST_APP_PASSWORD, database: name });
}
