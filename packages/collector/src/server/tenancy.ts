/**
 * Which tenant a request acts for. Open mode (this issue): no credentials; events may name any tenant and default to
 * `default_tenant`; reads take `?tenant_id=`. The auth issue replaces this policy with one derived from credentials
 * (API key or JWT); routes only ever ask the policy, never the request, for the tenant.
 */
import type { FastifyRequest } from 'fastify';
import { DEFAULT_TENANT_ID, TENANT_ID_PATTERN } from '@llmobserve/shared';
import { ApiError } from './errors.js';

const TENANT_RE = new RegExp(TENANT_ID_PATTERN);

export interface TenancyPolicy {
  /** Tenant for events that do not name one. */
  ingestDefaultTenant(request: FastifyRequest): string;
  /** Null if the request may write events for `tenantId`, else the reason it may not. */
  ingestRefusal(request: FastifyRequest, tenantId: string): string | null;
  /** The tenant a read is scoped to. Throws ApiError (400/403) when it is not allowed. */
  readTenant(request: FastifyRequest): string;
}

export const openTenancy: TenancyPolicy = {
  ingestDefaultTenant: () => DEFAULT_TENANT_ID,
  ingestRefusal: () => null,
  readTenant(request) {
    const q = (request.query as { tenant_id?: unknown } | undefined)?.tenant_id;
    if (q === undefined || q === '') return DEFAULT_TENANT_ID;
    if (typeof q !== 'string' || !TENANT_RE.test(q)) {
      throw new ApiError(400, 'invalid_request', `tenant_id: must match ${TENANT_ID_PATTERN}`);
    }
    return q;
  },
};
