/** The insight routes: GET /insights/findings, POST /insights/evaluate, POST /insights/findings/:id/dismiss. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { nanosToUsd } from '@llmobserve/shared';
import { AUTHENTICATED_ERRORS, BODY_ERRORS, errorResponses } from '../schemas/common.js';
import { DismissedSchema, EvaluationSchema, FindingKindSchema, FindingListSchema, FindingStatusSchema, type FindingOut } from '../schemas/insights.js';
import { ApiError } from '../domain/errors.js';
import type { TenancyPolicy } from '../auth/tenancy.js';
import type { Storage } from '../storage/types.js';
import type { FindingCursor, StoredFinding } from '../storage/insights/types.js';
import { parseTime } from '../query/filters.js';
import type { Insights } from './service.js';

const Label = (description: string) => Type.String({ minLength: 1, maxLength: 256, description });
const TenantId = Type.Optional(Type.String({ maxLength: 64, description: 'Open mode: the tenant (default default_tenant).' }));

const FindingsQuery = Type.Object({
  tenant_id: TenantId,
  from: Type.Optional(Type.String({ maxLength: 40, description: 'Findings whose evidence window ends after this (ISO 8601 or epoch ms).' })),
  to: Type.Optional(Type.String({ maxLength: 40, description: 'Findings whose evidence window starts before this.' })),
  kind: Type.Optional(FindingKindSchema),
  customer_id: Type.Optional(Label('Only findings about this end-customer.')),
  section: Type.Optional(Type.String({ minLength: 1, maxLength: 1024, description: 'Only findings whose section path contains this label (or label path).' })),
  status: Type.Optional(Type.Union([FindingStatusSchema, Type.Literal('all')], { default: 'open', description: 'open (default), dismissed, resolved or all' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 400, description: 'next_cursor of the previous page' })),
});
const EvaluateBody = Type.Optional(Type.Object({ tenant_id: TenantId }, { additionalProperties: false }));
const FindingParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const TenantQuery = Type.Object({ tenant_id: TenantId });

const iso = (ms: number) => new Date(ms).toISOString();

export function presentFinding(f: StoredFinding): FindingOut {
  return {
    id: f.id, kind: f.kind, status: f.status, severity: f.severity, title: f.title, ...f.scope,
    at_stake_usd_per_month: nanosToUsd(f.at_stake_nanos), at_stake_nanos_per_month: f.at_stake_nanos, evidence: f.evidence,
    window_from: iso(f.window_from), window_to: iso(f.window_to), first_seen_at: iso(f.first_seen_at), last_seen_at: iso(f.last_seen_at),
    dismissed_at: f.dismissed_at === null ? null : iso(f.dismissed_at),
  };
}

const encodeCursor = (c: FindingCursor) => Buffer.from(JSON.stringify([c.last_seen_at, c.id])).toString('base64url');
function decodeCursor(s: string): FindingCursor {
  try {
    const [at, id] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as [unknown, unknown];
    if (Number.isSafeInteger(at) && typeof id === 'string' && id.length <= 64) return { last_seen_at: at as number, id };
  } catch {
    /* fall through */
  }
  throw new ApiError(400, 'invalid_request', 'cursor: not a cursor this collector issued');
}

export function registerInsightRoutes(app: FastifyInstance, storage: Storage, tenancy: TenancyPolicy, insights: Insights): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tenant = (req: FastifyRequest, tenantId: string | undefined) => tenancy.actingTenant(req, tenantId);
  const errors = errorResponses(...AUTHENTICATED_ERRORS);

  api.get('/insights/findings', { config: { requirement: 'read' }, schema: { querystring: FindingsQuery, tags: ['insights'], summary: 'Findings that cost money, newest first, with cursor paging', response: { 200: Type.Ref(FindingListSchema), ...errors } } }, async (req) => {
    const q = req.query;
    const tenantId = tenant(req, q.tenant_id);
    const from = parseTime('from', q.from);
    const to = parseTime('to', q.to);
    if (from !== undefined && to !== undefined && from >= to) throw new ApiError(400, 'invalid_request', 'from: must be earlier than to');
    const limit = q.limit ?? 50;
    const status = q.status ?? 'open';
    const rows = await storage.forTenant(tenantId).insights().listFindings({
      from, to, kind: q.kind, customer_id: q.customer_id, section: q.section, status: status === 'all' ? undefined : status,
    }, limit + 1, q.cursor ? decodeCursor(q.cursor) : undefined);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { tenant_id: tenantId, findings: page.map(presentFinding), next_cursor: rows.length > limit && last ? encodeCursor(last) : null };
  });

  api.post('/insights/evaluate', { config: { requirement: 'read' }, schema: { body: EvaluateBody, querystring: TenantQuery, tags: ['insights'], summary: "Evaluates the tenant's insights now; answers when the findings are stored", response: { 200: Type.Ref(EvaluationSchema), ...errorResponses(...BODY_ERRORS) } } }, async (req) => {
    const tenantId = tenant(req, req.body?.tenant_id ?? req.query.tenant_id);
    const r = await insights.evaluate(tenantId);
    return {
      tenant_id: tenantId, evaluated_at: iso(r.evaluated_at), duration_ms: Math.round(r.duration_ms * 10) / 10,
      found: r.findings.length, new: r.new_ids.size, resolved: r.resolved,
      findings: [...r.findings].sort((a, b) => b.at_stake_nanos - a.at_stake_nanos).map(presentFinding),
    };
  });

  api.post('/insights/findings/:id/dismiss', { config: { requirement: 'admin' }, schema: { params: FindingParams, querystring: TenantQuery, tags: ['insights'], summary: 'Dismisses a finding (it stays dismissed while it lasts)', response: { 200: Type.Ref(DismissedSchema), ...errors, ...errorResponses(404) } } }, async (req) => {
    const tenantId = tenant(req, req.query.tenant_id);
    const f = await storage.forTenant(tenantId).insights().dismiss(req.params.id, Date.now());
    if (!f) throw new ApiError(404, 'not_found', `finding ${req.params.id} not found in tenant ${tenantId}`);
    return { tenant_id: tenantId, finding: presentFinding(f) };
  });
}
