/** Who a request acts as, and what it may do. */
import type { Scope } from '../storage/types.js';

export type Principal =
  /** Open mode without credentials: the seed's MVP mode, anything on a loopback collector. */
  | { kind: 'anonymous' }
  | { kind: 'api_key'; keyId: string; tenantId: string; scopes: Scope[]; platformAdmin: boolean }
  | { kind: 'jwt'; subject: string | null; tenantId: string | null; scopes: Scope[]; platformAdmin: boolean; expiresAt?: number };

/** What a route needs. `platform` = cross-tenant administration (list/create tenants). */
export type Requirement = 'public' | Scope | 'platform';

export function hasScope(p: Principal, scope: Scope): boolean {
  if (p.kind === 'anonymous') return true;
  return p.platformAdmin || p.scopes.includes(scope);
}

export function isPlatformAdmin(p: Principal): boolean {
  return p.kind === 'anonymous' || p.platformAdmin;
}

/** A stable identity for rate limiting (never contains a secret). */
export function principalId(p: Principal): string | null {
  if (p.kind === 'api_key') return `key:${p.keyId}`;
  if (p.kind === 'jwt') return `jwt:${p.tenantId ?? ''}:${p.subject ?? ''}`;
  return null;
}

/** The tenant the credentials are bound to (null: anonymous, or an admin token without a tenant). */
export function boundTenant(p: Principal): string | null {
  return p.kind === 'anonymous' ? null : p.tenantId;
}
