/**
 * SDK-side drops: the SDK reports the events it dropped (queue full, batch undeliverable) in the
 * `x-llmobserve-dropped` header of its next POST /events, and stops reporting them once a request carrying the
 * count is acknowledged (2xx). The collector adds the count of each acknowledged request to the tenant of the
 * credentials (open mode: default_tenant) and answers it at GET /sdk-drops. Counts live in this process (since it
 * started): each collector of a fleet reports what it was told.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AUTHENTICATED_ERRORS, errorResponses } from '../schemas/common.js';
import { SdkDropsSchema } from '../schemas/admin.js';
import type { TenancyPolicy } from '../auth/tenancy.js';

/** A count the header may carry (a malformed or absurd value is ignored: the events were accepted all the same). */
const COUNT = /^\d{1,9}$/;
/** Tenants tracked at most (they come from credentials, so this bounds only open mode's free-form tenants). */
const MAX_TENANTS = 10_000;

export class SdkDrops {
  private readonly counts = new Map<string, number>();
  readonly since = Date.now();

  /** Adds a header value (string, absent, or repeated) to the tenant's count; returns the count it carried (0: none). */
  report(tenantId: string, header: string | string[] | undefined): number {
    const value = Array.isArray(header) ? header[0] : header;
    if (value === undefined || !COUNT.test(value.trim())) return 0;
    const n = Number(value.trim());
    if (n === 0) return 0;
    const before = this.counts.get(tenantId);
    if (before === undefined && this.counts.size >= MAX_TENANTS) return n;
    this.counts.set(tenantId, (before ?? 0) + n);
    return n;
  }

  count(tenantId: string): number {
    return this.counts.get(tenantId) ?? 0;
  }
}

const TenantQuery = Type.Object({ tenant_id: Type.Optional(Type.String({ maxLength: 64 })) });

export function registerSdkDropsRoute(app: FastifyInstance, drops: SdkDrops, tenancy: TenancyPolicy): void {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/sdk-drops',
    {
      config: { requirement: 'read' },
      schema: { querystring: TenantQuery, tags: ['ingest'], summary: 'Events the SDKs reported dropping before delivery (this collector process)', response: { 200: SdkDropsSchema, ...errorResponses(...AUTHENTICATED_ERRORS) } },
    },
    async (req) => {
      const tenantId = tenancy.actingTenant(req, req.query.tenant_id);
      return { tenant_id: tenantId, dropped_events: drops.count(tenantId), since: new Date(drops.since).toISOString() };
    },
  );
}
