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

/** Which span attributes give an OTLP span's customer, section and run (POST /v1/traces; docs/otel.md). */
export interface OtlpAttributeConfig {
  /** First attribute found on the span, its ancestors, then the resource (LLMOBSERVE_OTLP_CUSTOMER_ATTRIBUTES). */
  customer: readonly string[];
  /** A section label (LLMOBSERVE_OTLP_SECTION_ATTRIBUTES); a structural span without one is labelled by its name. */
  section: readonly string[];
  /** The run id (LLMOBSERVE_OTLP_RUN_ATTRIBUTES); none found or none configured: the trace id. */
  run: readonly string[];
}

export const DEFAULT_OTLP_ATTRIBUTES: OtlpAttributeConfig = {
  customer: ['llmobserve.customer_id', 'enduser.id', 'user.id'],
  section: ['llmobserve.section'],
  run: [],
};

const OTLP_ATTRIBUTE_SOURCES: Record<keyof OtlpAttributeConfig, { flag: string; env: string }> = {
  customer: { flag: 'otlp-customer-attributes', env: 'LLMOBSERVE_OTLP_CUSTOMER_ATTRIBUTES' },
  section: { flag: 'otlp-section-attributes', env: 'LLMOBSERVE_OTLP_SECTION_ATTRIBUTES' },
  run: { flag: 'otlp-run-attributes', env: 'LLMOBSERVE_OTLP_RUN_ATTRIBUTES' },
};

const ATTRIBUTE_NAME = /^[A-Za-z0-9_.:/-]{1,128}$/;

/** Comma-separated attribute names from the flag, else the environment, else the defaults; "" means none. */
export function resolveOtlpAttributes(flags: { 'otlp-customer-attributes'?: string; 'otlp-section-attributes'?: string; 'otlp-run-attributes'?: string }, env: NodeJS.ProcessEnv): OtlpAttributeConfig {
  const pick = (key: keyof OtlpAttributeConfig): readonly string[] => {
    const { flag, env: name } = OTLP_ATTRIBUTE_SOURCES[key];
    const raw = flags[flag as keyof typeof flags] ?? env[name];
    if (raw === undefined) return DEFAULT_OTLP_ATTRIBUTES[key];
    const names = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
    const bad = names.find((n) => !ATTRIBUTE_NAME.test(n));
    if (bad !== undefined) throw new ConfigError(`--${flag} / ${name}: "${bad}" is not an attribute name (letters, digits, _ . : / -)`);
    if (names.length > 16) throw new ConfigError(`--${flag} / ${name}: at most 16 attribute names`);
    return names;
  };
  return { customer: pick('customer'), section: pick('section'), run: pick('run') };
}
