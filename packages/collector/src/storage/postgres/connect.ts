/** PostgreSQL connections: pool and client settings, and errors that name the server without its password. */
import pg from 'pg';
import { ConfigError } from '../../config.js';

/**
 * The one decoder of PostgreSQL's bigint (counts, epoch ms, nano-dollars) and numeric (SUMs of bigint, which the
 * driver gives as strings) into JS numbers. Every value we store fits in 2^53; a sum that would not (a total beyond
 * about $9,007,199 in nano-dollars) is refused rather than silently rounded.
 */
const toNumber = (v: string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n) && /^-?\d+$/.test(v)) throw new RangeError(`integer ${v} is beyond 2^53: not exact as a JS number`);
  return n;
};
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
