/** Authentication settings from flags and environment (pure; ConfigError with a clear message on mistakes). */
import { ConfigError } from '../config.js';

export type AuthMode = 'open' | 'required';

export interface JwtConfig {
  /** HS256 shared secret, or */
  secret?: string;
  /** a JWKS URL for RS256/ES256 keys. */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  tenantClaim: string;
  roleClaim: string;
  adminRole: string;
}

export interface AuthConfig {
  mode: AuthMode;
  /** Whether the mode was chosen explicitly (flag or env) rather than defaulted. */
  explicit: boolean;
  jwt: JwtConfig | null;
  /** Admin-scoped keys of this tenant administer every tenant. */
  platformTenant: string;
  rateLimit: { perSecond: number; burst: number };
  failedAuth: { max: number; windowMs: number };
  /** Sign-ins (POST /session) per client address: a token bucket of `perMinute`, bursts up to `burst`. */
  signIn: { perMinute: number; burst: number };
  corsOrigins: string[];
  /**
   * Which proxies' X-Forwarded-Proto/-For to believe (fastify's trustProxy: true, or addresses/CIDRs).
   * Behind a TLS-terminating proxy this is what makes requests read as https: HSTS and Secure cookies follow.
   */
  trustProxy?: boolean | string;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/i;
export const isLoopback = (host: string) => LOOPBACK.test(host);

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new ConfigError(`${name}: "${value}" must be a positive number`);
  return n;
}

export function resolveAuthConfig(flags: { auth?: string }, env: NodeJS.ProcessEnv): AuthConfig {
  const raw = flags.auth ?? env.LLMOBSERVE_AUTH;
  if (raw !== undefined && raw !== 'open' && raw !== 'required') {
    throw new ConfigError(`--auth: "${raw}" must be open or required`);
  }
  const secret = env.LLMOBSERVE_JWT_SECRET || undefined;
  const jwksUrl = env.LLMOBSERVE_JWKS_URL || undefined;
  if (secret && jwksUrl) throw new ConfigError('set either LLMOBSERVE_JWT_SECRET (HS256) or LLMOBSERVE_JWKS_URL (RS256/ES256), not both');
  if (secret && secret.length < 32) throw new ConfigError('LLMOBSERVE_JWT_SECRET must be at least 32 characters');
  if (jwksUrl && !/^https?:\/\//.test(jwksUrl)) throw new ConfigError('LLMOBSERVE_JWKS_URL must be an http(s) URL');
  const jwt: JwtConfig | null = secret || jwksUrl
    ? {
        secret, jwksUrl,
        issuer: env.LLMOBSERVE_JWT_ISSUER || undefined,
        audience: env.LLMOBSERVE_JWT_AUDIENCE || undefined,
        tenantClaim: env.LLMOBSERVE_JWT_TENANT_CLAIM || 'tenant_id',
        roleClaim: env.LLMOBSERVE_JWT_ROLE_CLAIM || 'role',
        adminRole: env.LLMOBSERVE_JWT_ADMIN_ROLE || 'admin',
      }
    : null;
  return {
    mode: raw ?? 'open',
    explicit: raw !== undefined,
    jwt,
    platformTenant: env.LLMOBSERVE_PLATFORM_TENANT || 'platform',
    rateLimit: {
      perSecond: positive('LLMOBSERVE_RATE_LIMIT', env.LLMOBSERVE_RATE_LIMIT, 50),
      burst: positive('LLMOBSERVE_RATE_BURST', env.LLMOBSERVE_RATE_BURST, 100),
    },
    failedAuth: { max: positive('LLMOBSERVE_AUTH_FAILURES', env.LLMOBSERVE_AUTH_FAILURES, 20), windowMs: 60_000 },
    signIn: {
      perMinute: positive('LLMOBSERVE_SIGNIN_RATE', env.LLMOBSERVE_SIGNIN_RATE, 10),
      burst: positive('LLMOBSERVE_SIGNIN_BURST', env.LLMOBSERVE_SIGNIN_BURST, 10),
    },
    corsOrigins: (env.LLMOBSERVE_CORS_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    trustProxy: parseTrustProxy(env.LLMOBSERVE_TRUST_PROXY),
  };
}

/** LLMOBSERVE_TRUST_PROXY: unset/false (default), true (any peer), or comma-separated proxy addresses/CIDRs. */
export function parseTrustProxy(value: string | undefined): boolean | string {
  const v = (value ?? '').trim();
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  if (!/^[0-9a-f.:/,\s]+$/i.test(v)) throw new ConfigError(`LLMOBSERVE_TRUST_PROXY: "${v}" must be true or comma-separated proxy addresses/CIDRs`);
  return v;
}

/** The collector refuses to serve without authentication beyond this machine unless told so explicitly. */
export function openModeRefusal(host: string, auth: AuthConfig): string | null {
  if (auth.mode !== 'open' || auth.explicit || isLoopback(host)) return null;
  return (
    `refusing to serve without authentication on ${host}: anyone who can reach it could read and write every ` +
    `tenant's data. Set LLMOBSERVE_AUTH=required (and create keys with "llmobserve keys create"), or ` +
    `--auth open / LLMOBSERVE_AUTH=open to accept that explicitly.`
  );
}
