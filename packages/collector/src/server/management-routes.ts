/** Tenants (platform administrators) and API keys (the tenant's admin, or a platform administrator). */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ApiKeyListSchema, CreatedKeySchema, CreatedTenantSchema, RevokedKeySchema, TenantListSchema, TenantResultSchema } from '../schemas/admin.js';
import { MAX_RETENTION_DAYS } from '../storage/retention.js';
import { AUTHENTICATED_ERRORS, BODY_ERRORS, errorResponses } from '../schemas/common.js';
import { TENANT_ID_PATTERN } from '@llmobserve/shared';
import { generateApiKey } from '../auth/api-keys.js';
import { SCOPES, type ApiKeyRecord, type Storage } from '../storage/types.js';
import { ApiError } from './errors.js';
import type { TenancyPolicy } from '../auth/tenancy.js';

const TenantQuery = Type.Object({ tenant_id: Type.Optional(Type.String({ maxLength: 64 })) });
const CreateTenantBody = Type.Object({
  tenant_id: Type.String({ pattern: TENANT_ID_PATTERN }),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
}, { additionalProperties: false });
const CreateKeyBody = Type.Object({
  tenant_id: Type.Optional(Type.String({ maxLength: 64 })),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  scopes: Type.Array(Type.Union(SCOPES.map((s) => Type.Literal(s))), { minItems: 1, maxItems: 3, uniqueItems: true }),
  expires_at: Type.Optional(Type.String({ format: 'date-time', description: 'ISO 8601; default: never' })),
}, { additionalProperties: false });
const KeyParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const TenantParams = Type.Object({ tenant_id: Type.String({ pattern: TENANT_ID_PATTERN }) });
const RetentionBody = Type.Object({
  // (0 as well as null: the validator coerces 0 to null for a nullable value anyway)
  retention_days: Type.Union([Type.Integer({ minimum: 0, maximum: MAX_RETENTION_DAYS }), Type.Null()], {
    description: 'Days raw events are kept, applied in bounded batches; null or 0 keeps them for ever. Rollups and runs are kept.',
  }),
}, { additionalProperties: false });

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function presentKey(k: ApiKeyRecord) {
  return {
    id: k.id, tenant_id: k.tenant_id, name: k.name, prefix: k.prefix, scopes: k.scopes,
    created_at: iso(k.created_at), last_used_at: iso(k.last_used_at), expires_at: iso(k.expires_at), revoked_at: iso(k.revoked_at),
  };
}

const ERRORS = errorResponses(...AUTHENTICATED_ERRORS);
const WRITE_ERRORS = errorResponses(...BODY_ERRORS);

export function registerManagementRoutes(app: FastifyInstance, storage: Storage, tenancy: TenancyPolicy): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get('/tenants', { config: { requirement: 'platform' }, schema: { tags: ['management'], summary: 'Registered tenants and tenants with events (platform admin)', response: { 200: TenantListSchema, ...ERRORS } } }, async () => ({
    tenants: (await storage.admin.listTenants()).map((t) => ({ ...t, created_at: iso(t.created_at) })),
  }));

  api.put('/tenants/:tenant_id/retention', { config: { requirement: 'platform' }, schema: { params: TenantParams, body: RetentionBody, tags: ['management'], summary: "Set a tenant's raw-event retention (platform admin)", response: { 200: TenantResultSchema, ...WRITE_ERRORS } } }, async (req) => {
    const tenant = await storage.admin.setTenantRetention(req.params.tenant_id, req.body.retention_days || null, Date.now());
    return { tenant: { ...tenant, created_at: iso(tenant.created_at) } };
  });

  api.post('/tenants', { config: { requirement: 'platform' }, schema: { body: CreateTenantBody, tags: ['management'], summary: 'Register a tenant (platform admin)', response: { 200: CreatedTenantSchema, 201: CreatedTenantSchema, ...WRITE_ERRORS } } }, async (req, reply) => {
    const body = req.body;
    const { tenant, created } = await storage.admin.createTenant(body.tenant_id, body.name ?? null, Date.now());
    return reply.status(created ? 201 : 200).send({ tenant: { ...tenant, created_at: iso(tenant.created_at) }, created });
  });

  api.get('/api-keys', { config: { requirement: 'admin' }, schema: { querystring: TenantQuery, tags: ['management'], summary: "The tenant's API keys (never the keys themselves)", response: { 200: ApiKeyListSchema, ...ERRORS } } }, async (req) => {
    const tenantId = tenancy.actingTenant(req, req.query.tenant_id);
    return { tenant_id: tenantId, api_keys: (await storage.forTenant(tenantId).listApiKeys()).map(presentKey) };
  });

  api.post('/api-keys', { config: { requirement: 'admin' }, schema: { body: CreateKeyBody, querystring: TenantQuery, tags: ['management'], summary: 'Create an API key: the key is in this response only', response: { 201: Type.Ref(CreatedKeySchema), ...WRITE_ERRORS } } }, async (req, reply) => {
    const body = req.body;
    const tenantId = tenancy.actingTenant(req, body.tenant_id ?? req.query.tenant_id);
    const now = Date.now();
    const expiresAt = body.expires_at === undefined ? null : Date.parse(body.expires_at);
    if (expiresAt !== null && expiresAt <= now) throw new ApiError(400, 'invalid_request', 'expires_at: must be in the future');
    await storage.admin.createTenant(tenantId, null, now);
    const generated = generateApiKey();
    const record = await storage.forTenant(tenantId).createApiKey({
      id: generated.id, hash: generated.hash, prefix: generated.prefix, name: body.name ?? null, scopes: body.scopes,
      created_at: now, expires_at: expiresAt,
    });
    return reply.status(201).send({ key: generated.key, api_key: presentKey(record), note: 'Store the key now: it is shown only once.' });
  });

  api.delete('/api-keys/:id', { config: { requirement: 'admin' }, schema: { params: KeyParams, querystring: TenantQuery, tags: ['management'], summary: 'Revoke an API key (effective within a second on every collector)', response: { 200: RevokedKeySchema, ...ERRORS, ...errorResponses(404) } } }, async (req) => {
    const tenantId = tenancy.actingTenant(req, req.query.tenant_id);
    const { id } = req.params;
    const record = await storage.forTenant(tenantId).revokeApiKey(id, Date.now());
    if (!record) throw new ApiError(404, 'not_found', `API key ${id} not found in tenant ${tenantId}`);
    return { api_key: presentKey(record) };
  });
}
