/** /budgets, /budgets/:id/status, /budgets/blocked and /alerts: reads need `read`, changes `admin`. */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { nanosToUsd, parseUsd } from '@llmobserve/shared';
import { AUTHENTICATED_ERRORS, BODY_ERRORS, errorResponses } from '../schemas/common.js';
import {
  AlertListSchema, BlockedListSchema, BudgetBodySchema, BudgetListSchema, BudgetPatchSchema, BudgetStatusSchema, DeletedSchema, SavedBudgetSchema,
} from '../schemas/budgets.js';
import { ApiError } from '../domain/errors.js';
import type { TenancyPolicy } from '../auth/tenancy.js';
import type { Storage } from '../storage/types.js';
import { BudgetStore, type BudgetRecord, type BudgetScope, type BudgetStateRecord } from '../storage/budget-store.js';
import { registerWebhookEvent } from '../webhooks/registry.js';
import { decide, ALERT_KINDS } from './evaluate.js';
import { isTimeZone, periodAt } from './periods.js';
import { readSpend } from './spend.js';
import type { BudgetEvaluator } from './evaluator.js';
import { blockedAnswer } from './blocked.js';

for (const kind of ALERT_KINDS) {
  registerWebhookEvent({
    type: `budget.${kind}`,
    description: { threshold_crossed: 'Spend reached a threshold', forecast_exceeded: 'The burn rate projects spend past the amount', reset: 'A blocked instance\'s new period started' }[kind],
    slackText: ({ data }) => {
      const who = data.customer_id ? ` for customer ${String(data.customer_id)}` : '';
      const what = kind === 'threshold_crossed' ? `reached ${Math.round(Number(data.threshold) * 100)}%` : kind === 'forecast_exceeded' ? `is projected past its amount ($${String(data.projected_usd)})` : 'started a new period';
      return `LLMObserve budget "${String(data.budget_name)}"${who} ${what}: $${String(data.spent_usd)} of $${String(data.amount_usd)}.`;
    },
  });
}

const TenantQuery = Type.Object({ tenant_id: Type.Optional(Type.String({ maxLength: 64 })) });
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const StatusQuery = Type.Composite([TenantQuery, Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
})]);
const AlertsQuery = Type.Composite([TenantQuery, Type.Object({
  budget_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  customer_id: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  type: Type.Optional(Type.Union(ALERT_KINDS.map((k) => Type.Literal(`budget.${k}`)))),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
})]);

import { iso } from './blocked.js';
const MAX_BUDGETS_PER_TENANT = 10_000;

function thresholdStrings(ts: number[]): string[] {
  const uniq = [...new Set(ts.map((t) => String(t)))];
  for (const t of uniq) if (!/^\d+(\.\d{1,9})?$/.test(t)) throw new ApiError(400, 'invalid_request', `thresholds: ${t} must have at most 9 decimals`);
  return uniq.sort((a, b) => Number(a) - Number(b));
}

function amountOf(v: string | number): number {
  try {
    const n = parseUsd(v);
    if (n <= 0) throw new RangeError('must be positive');
    return n;
  } catch (err) {
    throw new ApiError(400, 'invalid_request', `amount_usd: ${(err as Error).message}`);
  }
}

function checkBudget(b: BudgetRecord): BudgetRecord {
  if (!isTimeZone(b.timezone)) throw new ApiError(400, 'invalid_request', `timezone: "${b.timezone}" is not an IANA time zone`);
  return b;
}

export function presentInstance(b: BudgetRecord, s: BudgetStateRecord) {
  return {
    customer_id: s.instance !== '' ? s.instance : (b.scope.customer_id ?? null),
    spent_usd: nanosToUsd(s.spent_nanos),
    amount_usd: nanosToUsd(b.amount_nanos),
    fraction: s.spent_nanos / b.amount_nanos,
    state: s.state,
    period_start: iso(s.period_start),
    period_end: iso(s.period_end),
    projected_usd: s.projected_nanos === null ? null : nanosToUsd(s.projected_nanos),
    unpriced_calls: s.unpriced_calls,
  };
}

const byFraction = (a: BudgetStateRecord, b: BudgetStateRecord) => b.spent_nanos - a.spent_nanos || (a.instance < b.instance ? -1 : 1);

/**
 * The instances of a budget now: a template's from the evaluated states; a single budget's live from the rollups,
 * or (`known`: the tenant's states, for lists of many budgets) from its evaluated state when it is of this period.
 */
async function instancesOf(storage: Storage, store: BudgetStore, b: BudgetRecord, known?: BudgetStateRecord[], now = Date.now()): Promise<BudgetStateRecord[]> {
  const range = periodAt(b.period, b.timezone, now);
  const states = known ? known.filter((s) => s.budget_id === b.id) : await store.listStates(b.id);
  if (b.scope.customer_id !== '*') {
    const prev = states[0];
    if (known && prev && prev.period_start === range.start) return [prev];
    const spend = (await readSpend(storage.forTenant(store.tenantId), b.scope, range, null)).get('')!;
    return [decide(b, '', spend, range, prev, now).state];
  }
  return states.filter((s) => s.period_start === range.start).sort(byFraction);
}

async function presentBudget(storage: Storage, store: BudgetStore, b: BudgetRecord, known?: BudgetStateRecord[]) {
  const instances = await instancesOf(storage, store, b, known);
  const top = instances[0];
  const blocked = instances.filter((s) => s.state === 'blocked').length;
  const state = blocked > 0 ? 'blocked' as const : instances.some((s) => s.state === 'warning') ? 'warning' as const : 'ok' as const;
  return {
    id: b.id, name: b.name, scope: b.scope, amount_usd: nanosToUsd(b.amount_nanos), period: b.period, timezone: b.timezone,
    thresholds: b.thresholds.map(Number), action: b.action, unpriced: b.unpriced, template: b.scope.customer_id === '*',
    created_at: new Date(b.created_at).toISOString(), updated_at: new Date(b.updated_at).toISOString(),
    summary: { state, instances: b.scope.customer_id === '*' ? instances.length : 1, blocked, top: top ? presentInstance(b, top) : null },
  };
}

export function registerBudgetRoutes(app: FastifyInstance, storage: Storage, tenancy: TenancyPolicy, evaluator: BudgetEvaluator): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const errors = errorResponses(...AUTHENTICATED_ERRORS);
  const storeFor = (tenant: string) => new BudgetStore(storage.budgetSql, tenant);
  const tags = ['budgets'];

  api.get('/budgets', { config: { requirement: 'read' }, schema: { tags, summary: "The tenant's budgets, each with its state", querystring: TenantQuery, response: { 200: BudgetListSchema, ...errors } } }, async (req) => {
    const tenantId = tenancy.actingTenant(req, req.query.tenant_id);
    const store = storeFor(tenantId);
    const [budgets, states] = await Promise.all([store.listBudgets(), store.listStates()]);
    const out = [];
    for (const b of budgets) out.push(await presentBudget(storage, store, b, states));
    return { tenant_id: tenantId, budgets: out };
  });

  api.post('/budgets', { config: { requirement: 'admin' }, schema: { tags, summary: 'Create a budget', body: BudgetBodySchema, querystring: TenantQuery, response: { 201: SavedBudgetSchema, ...errorResponses(...BODY_ERRORS, 409) } } }, async (req, reply) => {
    const body = req.body as Static<typeof BudgetBodySchema>;
    const tenantId = tenancy.actingTenant(req, body.tenant_id ?? req.query.tenant_id);
    const store = storeFor(tenantId);
    if ((await store.listBudgets()).length >= MAX_BUDGETS_PER_TENANT) throw new ApiError(409, 'too_many_budgets', `a tenant has at most ${MAX_BUDGETS_PER_TENANT} budgets`);
    const now = Date.now();
    const b = checkBudget({
      id: `bud_${randomBytes(8).toString('hex')}`, name: body.name, scope: (body.scope ?? {}) as BudgetScope, amount_nanos: amountOf(body.amount_usd),
      period: body.period ?? 'month', timezone: body.timezone ?? 'UTC', thresholds: thresholdStrings(body.thresholds ?? [0.8, 1]),
      action: body.action ?? 'alert', unpriced: body.unpriced ?? 'flag', created_at: now, updated_at: now,
    });
    const saved = await store.saveBudget(b);
    evaluator.evaluateAll(tenantId);
    return reply.status(201).send({ tenant_id: tenantId, budget: await presentBudget(storage, store, saved) });
  });

  // before /budgets/:id: a static route wins over the parametric one
  // the SDK's key reads it: scope ingest (an SDK has no read key)
  api.get('/budgets/blocked', {
    config: { requirement: 'ingest' },
    schema: { tags, summary: 'Budget instances in state blocked, for SDKs with enforceBudgets (scope ingest; conditional: ETag / If-None-Match)', querystring: TenantQuery, response: { 200: BlockedListSchema, 304: Type.Null({ description: 'Not modified' }), ...errors } },
  }, async (req, reply) => {
    const tenantId = tenancy.actingTenant(req, req.query.tenant_id);
    const { body, etag } = await blockedAnswer(storage, tenantId);
    void reply.header('etag', etag).header('cache-control', 'no-cache');
    if (req.headers['if-none-match'] === etag) return reply.status(304).send(null);
    return body;
  });

  api.get('/budgets/:id', { config: { requirement: 'read' }, schema: { tags, summary: 'One budget', params: IdParams, querystring: TenantQuery, response: { 200: SavedBudgetSchema, ...errors, ...errorResponses(404) } } }, async (req) => {
    const tenantId = tenancy.actingTenant(req, req.query.tenant_id);
    const store = storeFor(tenantId);
    const b = await store.getBudget(req.params.id);
    if (!b) throw new ApiError(404, 'not_found', `budget ${req.params.id} not found in tenant ${tenantId}`);
    return { tenant_id: tenantId, budget: await presentBudget(storage, store, b) };
  });

  api.patch('/budgets/:id', { config: { requirement: 'admin' }, schema: { tags, summary: 'Change a budget (its instances are evaluated again)', params: IdParams, body: BudgetPatchSchema, querystring: TenantQuery, response: { 200: SavedBudgetSchema, ...errorResponses(...BODY_ERRORS, 404) } } }, async (req) => {
    const p = req.body as Static<typeof BudgetPatchSchema>;
    const tenantId = tenancy.actingTenant(req, p.tenant_id ?? req.query.tenant_id);
    const store = storeFor(tenantId);
    const b = await store.getBudget(req.params.id);
    if (!b) throw new ApiError(404, 'not_found', `budget ${req.params.id} not found in tenant ${tenantId}`);
    const next = checkBudget({
      ...b, name: p.name ?? b.name, scope: (p.scope as BudgetScope | undefined) ?? b.scope, amount_nanos: p.amount_usd === undefined ? b.amount_nanos : amountOf(p.amount_usd),
      period: p.period ?? b.period, timezone: p.timezone ?? b.timezone, thresholds: p.thresholds ? thresholdStrings(p.thresholds) : b.thresholds,
      action: p.action ?? b.action, unpriced: p.unpriced ?? b.unpriced, updated_at: Date.now(),
    });
    const saved = await store.saveBudget(next);
    evaluator.evaluateAll(tenantId);
    return { tenant_id: tenantId, budget: await presentBudget(storage, store, saved) };
  });

  api.delete('/budgets/:id', { config: { requirement: 'admin' }, schema: { tags, summary: 'Delete a budget (its alert history stays)', params: IdParams, querystring: TenantQuery, response: { 200: DeletedSchema, ...errors, ...errorResponses(404) } } }, async (req) => {
    const tenantId = tenancy.actingTenant(req, req.query.tenant_id);
    if (!(await storeFor(tenantId).deleteBudget(req.params.id))) throw new ApiError(404, 'not_found', `budget ${req.params.id} not found in tenant ${tenantId}`);
    evaluator.evaluateAll(tenantId);
    return { tenant_id: tenantId, deleted: req.params.id };
  });

  api.get('/budgets/:id/status', { config: { requirement: 'read' }, schema: { tags, summary: 'Per instance: spent, amount, fraction, state, period, projection (paged for templates)', params: IdParams, querystring: StatusQuery, response: { 200: BudgetStatusSchema, ...errors, ...errorResponses(404) } } }, async (req) => {
    const tenantId = tenancy.actingTenant(req, req.query.tenant_id);
    const store = storeFor(tenantId);
    const b = await store.getBudget(req.params.id);
    if (!b) throw new ApiError(404, 'not_found', `budget ${req.params.id} not found in tenant ${tenantId}`);
    const all = await instancesOf(storage, store, b);
    const offset = req.query.offset ?? 0;
    const limit = req.query.limit ?? 100;
    const page = all.slice(offset, offset + limit);
    return {
      tenant_id: tenantId, budget: await presentBudget(storage, store, b), instances: page.map((s) => presentInstance(b, s)),
      total: all.length, next_offset: offset + limit < all.length ? offset + limit : null,
    };
  });

  api.get('/alerts', { config: { requirement: 'read' }, schema: { tags, summary: 'Alert history, newest first', querystring: AlertsQuery, response: { 200: AlertListSchema, ...errors } } }, async (req) => {
    const q = req.query;
    const tenantId = tenancy.actingTenant(req, q.tenant_id);
    const alerts = await storeFor(tenantId).listAlerts({
      budget_id: q.budget_id, customer_id: q.customer_id, kind: q.type?.slice('budget.'.length),
      from: q.from === undefined ? undefined : Date.parse(q.from), to: q.to === undefined ? undefined : Date.parse(q.to), limit: q.limit ?? 100,
    });
    return {
      tenant_id: tenantId,
      alerts: alerts.map((a) => {
        const body = JSON.parse(a.payload) as { type: string; data: { customer_id: string | null } };
        return {
          id: a.id, type: body.type, budget_id: a.budget_id, customer_id: body.data.customer_id ?? null,
          threshold: a.threshold === '' ? null : Number(a.threshold), period_start: iso(a.period_start), created_at: new Date(a.created_at).toISOString(), data: body.data,
        };
      }),
    };
  });
}

