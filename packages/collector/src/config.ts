/** Serve options from flags, then environment, then defaults (pure; throws ConfigError with a clear message). */
export class ConfigError extends Error {}

export interface ServeConfig {
  host: string;
  port: number;
  db: DbTarget;
  logLevel: string;
  bodyLimit: number;
}

export type DbTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export const DEFAULT_DB_FILE = './data/llmobserve.sqlite';

export function parseDbTarget(value: string | undefined): DbTarget {
  const v = (value ?? '').trim() || DEFAULT_DB_FILE;
  if (/^postgres(ql)?:\/\//i.test(v)) return { kind: 'postgres', url: v };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) throw new ConfigError(`--db: unsupported database URL scheme in "${v.split('://')[0]}://"; use an SQLite file path or postgres://`);
  return { kind: 'sqlite', file: v.replace(/^sqlite:(\/\/)?/i, '') };
}

export function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new ConfigError(`--port: "${value}" is not a port number (0-65535)`);
  return Number(value);
}

export function parseSize(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb)?$/i.exec(value.trim());
  if (!m) throw new ConfigError(`body limit "${value}" is not a size (e.g. 5mb, 512kb)`);
  const unit = (m[2] ?? 'b').toLowerCase();
  return Math.floor(Number(m[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1));
}

export function resolveServeConfig(
  flags: { host?: string; port?: string; db?: string; 'log-level'?: string; 'body-limit'?: string },
  env: NodeJS.ProcessEnv,
): ServeConfig {
  return {
    host: flags.host ?? env.LLMOBSERVE_HOST ?? '127.0.0.1',
    port: parsePort(flags.port ?? env.LLMOBSERVE_PORT, 8000),
    db: parseDbTarget(flags.db ?? env.DATABASE_URL),
    logLevel: flags['log-level'] ?? env.LLMOBSERVE_LOG_LEVEL ?? 'warn',
    bodyLimit: parseSize(flags['body-limit'] ?? env.LLMOBSERVE_BODY_LIMIT, 5 * 1024 * 1024),
  };
}
