/** /webhooks: register (the signing secret shown once), list with delivery status, delete, send a test. */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { AUTHENTICATED_ERRORS, BODY_ERRORS, errorResponses } from '../schemas/common.js';
import { CreatedWebhookSchema, DeletedSchema, TestDeliverySchema, WebhookBodySchema, WebhookListSchema } from '../schemas/budgets.js';
import { ApiError } from '../domain/errors.js';
import type { TenancyPolicy } from '../auth/tenancy.js';
import type { Storage } from '../storage/types.js';
import { BudgetStore, type WebhookEndpointRecord } from '../storage/budget-store.js';
import { webhookEventType, webhookEventTypes } from './registry.js';
import { newWebhookSecret, sealSecret } from './secrets.js';
import { urlRefusal, type UrlPolicy } from './ssrf.js';
import type { Outbox } from './outbox.js';

const TenantQuery = Type.Object({ tenant_id: Type.Optional(Type.String({ maxLength: 64 })) });
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const MAX_ENDPOINTS = 50;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function present(e: WebhookEndpointRecord, counts?: { pending: number; delivered: number; failed: number }) {
  return {
    id: e.id, url: e.url, events: e.events, format: e.format, created_at: new Date(e.created_at).toISOString(),
    disabled: e.disabled_at !== null, disabled_at: iso(e.disabled_at), consecutive_failures: e.consecutive_failures,
    last_attempt_at: iso(e.last_attempt_at), last_success_at: iso(e.last_success_at), last_status: e.last_status, last_error: e.last_error,
    pending: counts?.pending ?? 0, delivered: counts?.delivered ?? 0, failed: counts?.failed ?? 0,
  };
}

export function registerWebhookRoutes(app: FastifyInstance, storage: Storage, tenancy: TenancyPolicy, policy: UrlPolicy, outbox: Outbox): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const errors = errorResponses(...AUTHENTICATED_ERRORS);
  const tags = ['webhooks'];
  const storeFor = (tenant: string) => new BudgetStore(storage.budgetSql, tenant);

  api.get('/webhooks', { config: { requirement: 'read' }, schema: { tags, summary: 'Webhook endpoints and their delivery status', querystring: TenantQuery, response: { 200: WebhookListSchema, ...errors } } }, async (req) => {
    const tenantId = tenancy.actingTenant(req, req.query.tenant_id);
    const store = storeFor(tenantId);
    const counts = await store.deliveryCounts();
    return { tenant_id: tenantId, webhooks: (await store.listEndpoints()).map((e) => present(e, counts.get(e.id))), event_types: webhookEventTypes() };
  });

  api.post('/webhooks', { config: { requirement: 'admin' }, schema: { tags, summary: 'Register an endpoint; answers its signing secret once', body: WebhookBodySchema, querystring: TenantQuery, response: { 201: CreatedWebhookSchema, ...errorResponses(...BODY_ERRORS, 409) } } }, async (req, reply) => {
    const b = req.body as Static<typeof WebhookBodySchema>;
    const tenantId = tenancy.actingTenant(req, b.tenant_id ?? req.query.tenant_id);
    const refusal = await urlRefusal(b.url, policy);
    if (refusal !== null) throw new ApiError(400, 'invalid_url', `url: ${refusal}`);
    const events = [...new Set(b.events ?? [])];
    const unknown = events.find((t) => webhookEventType(t) === undefined);
    if (unknown !== undefined) throw new ApiError(400, 'invalid_request', `events: unknown type "${unknown}" (known: ${webhookEventTypes().join(', ')})`);
    const store = storeFor(tenantId);
    if ((await store.listEndpoints()).length >= MAX_ENDPOINTS) throw new ApiError(409, 'too_many_webhooks', `a tenant has at most ${MAX_ENDPOINTS} webhook endpoints`);
    const secret = newWebhookSecret();
    const saved = await store.createEndpoint({
      id: `wh_${randomBytes(8).toString('hex')}`, url: b.url, events, format: b.format ?? 'standard', secret: sealSecret(secret), created_at: Date.now(),
      disabled_at: null, consecutive_failures: 0, last_attempt_at: null, last_success_at: null, last_status: null, last_error: null,
    });
    return reply.status(201).send({ tenant_id: tenantId, webhook: present(saved), secret });
  });

  api.delete('/webhooks/:id', { config: { requirement: 'admin' }, schema: { tags, summary: 'Delete an endpoint (and its queued deliveries)', params: IdParams, querystring: TenantQuery, response: { 200: DeletedSchema, ...errors, ...errorResponses(404) } } }, async (req) => {
    const tenantId = tenancy.actingTenant(req, req.query.tenant_id);
    if (!(await storeFor(tenantId).deleteEndpoint(req.params.id))) throw new ApiError(404, 'not_found', `webhook ${req.params.id} not found in tenant ${tenantId}`);
    return { tenant_id: tenantId, deleted: req.params.id };
  });

  api.post('/webhooks/:id/test', { config: { requirement: 'admin' }, schema: { tags, summary: 'Queue a test delivery to the endpoint', params: IdParams, querystring: TenantQuery, response: { 202: TestDeliverySchema, ...errors, ...errorResponses(404) } } }, async (req, reply) => {
    const tenantId = tenancy.actingTenant(req, req.query.tenant_id);
    const store = storeFor(tenantId);
    const e = await store.getEndpoint(req.params.id);
    if (!e) throw new ApiError(404, 'not_found', `webhook ${req.params.id} not found in tenant ${tenantId}`);
    const now = Date.now();
    const msg = `msg_${randomBytes(9).toString('base64url')}`;
    const id = `${msg}_${e.id}`;
    await store.enqueueDelivery({
      id, endpoint_id: e.id, msg_id: msg, event_type: 'webhook.test', created_at: now,
      payload: JSON.stringify({ type: 'webhook.test', timestamp: new Date(now).toISOString(), data: { webhook_id: e.id, tenant_id: tenantId } }),
    });
    outbox.kick();
    return reply.status(202).send({ tenant_id: tenantId, delivery_id: id });
  });
}
