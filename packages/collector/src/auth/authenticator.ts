/**
 * Turns a bearer token into a Principal. API keys are looked up by hash (one indexed read), cached for at most one
 * second — so a revocation reaches every collector process within a second — and their use is recorded in batches.
 */
import type { AdminStore, ApiKeyRecord } from '../storage/types.js';
import { hashApiKey, looksLikeApiKey } from './api-keys.js';
import type { AuthConfig } from './config.js';
import { JwtError, JwtUnavailableError, JwtVerifier } from './jwt.js';
import type { Principal } from './principal.js';

/** The credential is wrong, unknown, revoked or expired: the client's failure (counted by the failed-auth limit). */
export class AuthError extends Error {}
/**
 * The bearer is no credential at all: neither an API key (nor anything starting `llmo_`) nor JWT-shaped. Open mode
 * reads it as a placeholder (the seed's `LLMOBSERVE_API_KEY="dev-mode"`); required mode refuses it like any AuthError.
 */
export class NotACredentialError extends AuthError {}
/** The credential could not be checked now (a JWKS outage): 503, never counted as a failed attempt. */
export class AuthUnavailableError extends Error {
  readonly code = 'auth_unavailable';
  readonly retryAfterS = 10;
}

const CACHE_TTL_MS = 1000;
const CACHE_MAX = 10_000;
const TOUCH_EVERY_MS = 5000;

export class Authenticator {
  private readonly cache = new Map<string, { key: ApiKeyRecord | null; at: number }>();
  private readonly uses = new Map<string, number>();
  private readonly jwt: JwtVerifier | null;
  private touchTimer: NodeJS.Timeout | null = null;

  constructor(private readonly admin: AdminStore, private readonly config: AuthConfig, private readonly now: () => number = Date.now) {
    this.jwt = config.jwt ? new JwtVerifier(config.jwt) : null;
  }

  async authenticate(token: string): Promise<Principal> {
    if (looksLikeApiKey(token)) return this.fromApiKey(token);
    if (token.split('.').length === 3) {
      if (!this.jwt) throw new AuthError('JWT authentication is not configured on this collector');
      try {
        return await this.jwt.verify(token);
      } catch (err) {
        if (err instanceof JwtUnavailableError) throw new AuthUnavailableError(err.message);
        throw new AuthError(err instanceof JwtError ? err.message : 'the token could not be verified');
      }
    }
    const message = 'the credentials are neither an LLMObserve API key (llmo_sk_…) nor a JWT';
    throw token.startsWith('llmo_') ? new AuthError(message) : new NotACredentialError(message);
  }

  private fromApiKey(token: string): Promise<Principal> {
    return this.fromKeyHash(hashApiKey(token));
  }

  /** The principal of the API key with this hash (revocation and expiry checked now). */
  async fromKeyHash(hash: string): Promise<Principal> {
    const t = this.now();
    let entry = this.cache.get(hash);
    if (!entry || t - entry.at >= CACHE_TTL_MS) {
      entry = { key: await this.admin.findApiKeyByHash(hash), at: t };
      if (this.cache.size >= CACHE_MAX) this.cache.clear();
      this.cache.set(hash, entry);
    }
    const key = entry.key;
    if (!key) throw new AuthError('unknown API key');
    if (key.revoked_at !== null && key.revoked_at <= t) throw new AuthError('the API key has been revoked');
    if (key.expires_at !== null && key.expires_at <= t) throw new AuthError('the API key has expired');
    this.recordUse(key.id, t);
    return {
      kind: 'api_key',
      keyId: key.id,
      tenantId: key.tenant_id,
      scopes: key.scopes,
      platformAdmin: key.tenant_id === this.config.platformTenant && key.scopes.includes('admin'),
    };
  }

  private recordUse(id: string, at: number): void {
    this.uses.set(id, at);
    if (!this.touchTimer) {
      this.touchTimer = setTimeout(() => void this.flushUses(), TOUCH_EVERY_MS);
      this.touchTimer.unref();
    }
  }

  async flushUses(): Promise<void> {
    if (this.touchTimer) clearTimeout(this.touchTimer);
    this.touchTimer = null;
    if (this.uses.size === 0) return;
    const batch = [...this.uses].map(([id, at]) => ({ id, at }));
    this.uses.clear();
    await this.admin.touchApiKeys(batch).catch(() => undefined);
  }
}
