/**
 * Which tenant a request acts for, derived from its credentials (never from the request alone).
 * - anonymous (open mode): events may name any tenant, default `default_tenant`; reads take `?tenant_id=`.
 * - tenant credentials (API key or JWT): events get the credentials' tenant; naming another is refused; reads and
 *   management act on that tenant only (`?tenant_id=` must equal it, else 403).
 * - platform administrators: any tenant, chosen with `?tenant_id=` (default: their own).
 */
import type { FastifyRequest } from 'fastify';
import { DEFAULT_TENANT_ID, TENANT_ID_PATTERN } from '@llmobserve/shared';
import { boundTenant, isPlatformAdmin } from './principal.js';
import { ApiError } from '../domain/errors.js';

const TENANT_RE = new RegExp(TENANT_ID_PATTERN);

export interface TenancyPolicy {
  /** Tenant for events that do not name one. */
  ingestDefaultTenant(request: FastifyRequest): string;
  /** Null if the request may write events for `tenantId`, else the reason it may not. */
  ingestRefusal(request: FastifyRequest, tenantId: string): string | null;
  /** The tenant a read or management call acts on; `requested` is e.g. `?tenant_id`. Throws 400/403. */
  actingTenant(request: FastifyRequest, requested: unknown): string;
}

export const credentialTenancy: TenancyPolicy = {
  ingestDefaultTenant: (request) => boundTenant(request.principal) ?? DEFAULT_TENANT_ID,
  ingestRefusal(request, tenantId) {
    const p = request.principal;
    if (isPlatformAdmin(p)) return null;
    const own = boundTenant(p);
    return own === tenantId ? null : `tenant_id: "${tenantId}" does not match the tenant of the credentials ("${own}")`;
  },
  actingTenant(request, requested) {
    if (requested !== undefined && requested !== '' && (typeof requested !== 'string' || !TENANT_RE.test(requested))) {
      throw new ApiError(400, 'invalid_request', `tenant_id: must match ${TENANT_ID_PATTERN}`);
    }
    const asked = (requested || undefined) as string | undefined;
    const p = request.principal;
    const own = boundTenant(p);
    if (isPlatformAdmin(p)) return asked ?? own ?? DEFAULT_TENANT_ID;
    if (asked !== undefined && asked !== own) {
      throw new ApiError(403, 'forbidden', `tenant_id: "${asked}" is not the tenant of the credentials ("${own}")`);
    }
    return own!;
  },
};
