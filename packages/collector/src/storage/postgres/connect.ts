/** PostgreSQL connections: pool and client settings, and errors that name the server without its password. */
import pg from 'pg';
import { ConfigError } from '../../config.js';

/** bigint (counts, epoch ms) and numeric (SUMs of bigint) as JS numbers: every value we store fits in 2^53. */
const toNumber = (v: string) => Number(v);
export const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return toNumber;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** The URL without its password, for messages. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    const user = u.username ? `${decodeURIComponent(u.username)}@` : '';
    return `postgres://${user}${u.host}${u.pathname}`;
  } catch {
    return 'the PostgreSQL URL';
  }
}

/** Connection failures as ConfigErrors (exit code 2, one clear line), other errors unchanged. */
export function connectionError(err: unknown, url: string): Error {
  const e = err as { code?: string; message?: string };
  const where = describeUrl(url);
  if (e.code === '28P01' || e.code === '28000') return new ConfigError(`could not log in to ${where}: ${e.message}`);
  if (e.code === '3D000') return new ConfigError(`${where}: ${e.message}`);
  if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === 'ETIMEDOUT' || e.code === 'EHOSTUNREACH') {
    return new ConfigError(`could not connect to PostgreSQL at ${where}: ${e.message}`);
  }
  if (e.message && /timeout exceeded when trying to connect|Connection terminated/i.test(e.message)) {
    return new ConfigError(`could not connect to PostgreSQL at ${where}: ${e.message}`);
  }
  return err instanceof Error ? err : new Error(String(err));
}

export function clientConfig(url: string): pg.ClientConfig {
  return { connectionString: url, types: pgTypes, application_name: 'llmobserve', connectionTimeoutMillis: 10_000 };
}

export async function connectClient(url: string): Promise<pg.Client> {
  const client = new pg.Client(clientConfig(url));
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw connectionError(err, url);
  }
  return client;
}

/** PostgreSQL error code, if any. */
export const pgCode = (err: unknown): string | undefined => (err as { code?: string } | null)?.code;
