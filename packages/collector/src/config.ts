/** Serve options from flags, then environment, then defaults (pure; throws ConfigError with a clear message). */
export class ConfigError extends Error {}

export interface ServeConfig {
  host: string;
  port: number;
  db: DbTarget;
  logLevel: string;
  bodyLimit: number;
  limits: ServerLimits;
}

/** Connection and request time limits (milliseconds), each from its environment variable. */
export interface ServerLimits {
  /** Whole request, headers and body (LLMOBSERVE_REQUEST_TIMEOUT_MS): a slow body is cut off. */
  requestTimeoutMs: number;
  /** Request headers (LLMOBSERVE_HEADERS_TIMEOUT_MS). */
  headersTimeoutMs: number;
  /** A socket with no traffic at all (LLMOBSERVE_CONNECTION_TIMEOUT_MS). */
  connectionTimeoutMs: number;
  /** An idle keep-alive connection between requests (LLMOBSERVE_KEEP_ALIVE_TIMEOUT_MS). */
  keepAliveTimeoutMs: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  connectionTimeoutMs: 60_000,
  keepAliveTimeoutMs: 72_000,
};

const LIMIT_ENV: Record<keyof ServerLimits, string> = {
  requestTimeoutMs: 'LLMOBSERVE_REQUEST_TIMEOUT_MS',
  headersTimeoutMs: 'LLMOBSERVE_HEADERS_TIMEOUT_MS',
  connectionTimeoutMs: 'LLMOBSERVE_CONNECTION_TIMEOUT_MS',
  keepAliveTimeoutMs: 'LLMOBSERVE_KEEP_ALIVE_TIMEOUT_MS',
};

export function resolveServerLimits(env: NodeJS.ProcessEnv): ServerLimits {
  const limits = { ...DEFAULT_SERVER_LIMITS };
  for (const [key, name] of Object.entries(LIMIT_ENV) as [keyof ServerLimits, string][]) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) throw new ConfigError(`${name}: "${raw}" must be a positive number of milliseconds`);
    limits[key] = Number(raw);
  }
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new ConfigError('LLMOBSERVE_HEADERS_TIMEOUT_MS must not exceed LLMOBSERVE_REQUEST_TIMEOUT_MS');
  }
  return limits;
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
    limits: resolveServerLimits(env),
  };
}
