/**
 * Dashboard sessions: signing in exchanges a credential for an opaque random session id (256 bits) that the cookie
 * holds; the database keeps only its SHA-256, with the tenant, the principal and an expiry, so several collectors
 * on one database share sessions, and signing out (or the expiry) ends a session everywhere. API-key sessions
 * re-check the key on every request: a revoked key ends its sessions at once. Lookups are cached for at most a
 * second per process, as API keys are.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AdminStore } from '../storage/types.js';
import { AuthError, type Authenticator } from './authenticator.js';
import { hashApiKey, looksLikeApiKey } from './api-keys.js';
import type { Principal } from './principal.js';

export const SESSION_MAX_AGE_MS = 12 * 3600 * 1000;
const ID_RE = /^[A-Za-z0-9_-]{43}$/;
const CACHE_TTL_MS = 1000;
const CACHE_MAX = 10_000;

const hashId = (id: string) => createHash('sha256').update(id).digest('hex');

export class Sessions {
  private readonly cache = new Map<string, { principal: string; keyHash: string | null; expiresAt: number; at: number } | { missing: true; at: number }>();

  constructor(private readonly admin: AdminStore, private readonly authenticator: Authenticator, private readonly platformTenant: string, private readonly now: () => number = Date.now) {}

  /** A new session for a principal that just authenticated with `credential`; returns the id and its expiry. */
  async create(credential: string, principal: Principal): Promise<{ id: string; expiresAt: number }> {
    if (principal.kind === 'anonymous') throw new Error('an anonymous principal has no session');
    const at = this.now();
    const expiresAt = Math.min(at + SESSION_MAX_AGE_MS, principal.kind === 'jwt' && principal.expiresAt !== undefined ? principal.expiresAt : Infinity);
    const id = randomBytes(32).toString('base64url');
    await this.admin.createSession({
      id_hash: hashId(id),
      tenant_id: principal.tenantId ?? this.platformTenant,
      principal: JSON.stringify(principal),
      key_hash: looksLikeApiKey(credential) ? hashApiKey(credential) : null,
      created_at: at,
      expires_at: expiresAt,
    });
    return { id, expiresAt };
  }

  /** The principal of a live session; AuthError when the id is unknown, signed out, expired or its key revoked. */
  async resolve(id: string): Promise<Principal> {
    if (!ID_RE.test(id)) throw new AuthError('the session is not valid; sign in again');
    const hash = hashId(id);
    const t = this.now();
    let entry = this.cache.get(hash);
    if (!entry || t - entry.at >= CACHE_TTL_MS) {
      const row = await this.admin.findSession(hash, t);
      entry = row ? { principal: row.principal, keyHash: row.key_hash, expiresAt: row.expires_at, at: t } : { missing: true, at: t };
      if (this.cache.size >= CACHE_MAX) this.cache.clear();
      this.cache.set(hash, entry);
    }
    if ('missing' in entry || entry.expiresAt <= t) throw new AuthError('the session has ended (signed out or expired); sign in again');
    if (entry.keyHash !== null) return this.authenticator.fromKeyHash(entry.keyHash);
    return JSON.parse(entry.principal) as Principal;
  }

  async revoke(id: string): Promise<void> {
    if (!ID_RE.test(id)) return;
    const hash = hashId(id);
    this.cache.delete(hash);
    await this.admin.deleteSession(hash);
  }
}
