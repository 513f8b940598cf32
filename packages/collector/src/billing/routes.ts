/**
 * Billing routes: settings and markup rules, statements (JSON and CSV, one customer or all), closing a period,
 * re-pricing, the NDJSON export of raw events, the Stripe sync and its reconciliation.
 */
import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { formatUsd, nanosToUsd, parseUsd, sumNanos } from '@llmobserve/shared';
import { ApiError } from '../domain/errors.js';
import type { TenancyPolicy } from '../auth/tenancy.js';
import type { Storage } from '../storage/types.js';
import { RULE_SCOPES, RULE_TYPES, type BillingSettings, type ClosedPeriod, type MarkupRule } from '../storage/billing/types.js';
import { AUTHENTICATED_ERRORS, BODY_ERRORS, errorResponses } from '../schemas/common.js';
import {
  BillingSettingsSchema, CloseResultSchema, DeletedRuleSchema, MarkupRuleListSchema, PeriodListSchema, ReconciliationSchema, RepriceResultSchema,
  SavedRuleSchema, StatementListSchema, StatementSchema, SyncReportSchema,
} from '../schemas/billing.js';
import { parseTime } from '../query/filters.js';
import { presentEvent } from '../query/present.js';
import type { TokenPricer } from '../pricing/token-prices.js';
import type { PriceBooks } from '../pricing/custom-prices.js';
import { BillingService, type StatementView } from './service.js';
import { CSV_HEADER, csvRow, statementCsv, statementRows } from './csv.js';
import { isTimeZone, periodOf } from './periods.js';
import { reprice } from './reprice.js';
import { drainOutbox, outboxRows, reconcile, requireStripe, stripeClient, type StripeTarget } from './stripe-sync.js';

const TenantQuery = Type.Object({ tenant_id: Type.Optional(Type.String({ maxLength: 64 })) });
/** A non-negative decimal up to 999,999.999999999 (amounts stay far inside exact nano-dollar integers). */
const DecimalIn = (description: string) => Type.String({ minLength: 1, maxLength: 16, pattern: '^[0-9]{1,6}(\\.[0-9]{1,9})?$', description });
const SettingsBody = Type.Object({
  tenant_id: Type.Optional(Type.String({ maxLength: 64 })),
  timezone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Europe/Paris' }),
  currency: Type.Literal('USD'),
  default_markup_percent: DecimalIn('percent added to the cost when no rule matches'),
  platform_fee_usd: Type.Optional(DecimalIn('monthly platform fee per customer, USD')),
  minimum_usd: Type.Optional(DecimalIn('monthly minimum per customer, USD')),
  stripe_event_name: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$' })),
}, { additionalProperties: false });
const RuleBody = Type.Object({
  tenant_id: Type.Optional(Type.String({ maxLength: 64 })),
  scope: Type.Union(RULE_SCOPES.map((s) => Type.Literal(s))),
  match: Type.Optional(Type.String({ maxLength: 256 })),
  kind: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()])),
  type: Type.Union(RULE_TYPES.map((s) => Type.Literal(s))),
  value: DecimalIn('percent, USD per unit, or USD'),
}, { additionalProperties: false });
const Period = Type.String({ pattern: '^2[0-9]{3}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });
const Format = Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json' }));
const StatementQuery = Type.Object({
  tenant_id: Type.Optional(Type.String({ maxLength: 64 })),
  period: Type.Optional(Period),
  from: Type.Optional(Type.String({ maxLength: 40 })),
  to: Type.Optional(Type.String({ maxLength: 40 })),
  format: Format,
});
const PeriodQuery = Type.Object({ tenant_id: Type.Optional(Type.String({ maxLength: 64 })), period: Period, format: Format });
const CustomerParams = Type.Object({ customer_id: Type.String({ minLength: 1, maxLength: 256 }) });
const CloseBody = Type.Object({ tenant_id: Type.Optional(Type.String({ maxLength: 64 })), period: Period }, { additionalProperties: false });
const RepriceBody = Type.Object({
  tenant_id: Type.Optional(Type.String({ maxLength: 64 })),
  from: Type.String({ maxLength: 40 }),
  to: Type.String({ maxLength: 40 }),
  dry_run: Type.Optional(Type.Boolean({ default: false })),
}, { additionalProperties: false });
const ExportQuery = Type.Object({ tenant_id: Type.Optional(Type.String({ maxLength: 64 })), from: Type.String({ maxLength: 40 }), to: Type.String({ maxLength: 40 }) });

const iso = (ms: number) => new Date(ms).toISOString();
const presentSettings = (tenant: string, s: BillingSettings) => ({ tenant_id: tenant, ...s, updated_at: s.updated_at === null ? null : iso(s.updated_at) });
const presentRule = (r: MarkupRule) => ({ ...r, created_at: iso(r.created_at) });
const presentPeriod = (p: ClosedPeriod) => ({
  period: p.period, from: iso(p.from_ms), to: iso(p.to_ms), timezone: p.timezone, closed_at: iso(p.closed_at), price_version: p.price_version,
  statements: p.statements, content_hash: p.content_hash,
});

export function presentStatement(tenant: string, v: StatementView) {
  const s = v.statement;
  return {
    tenant_id: tenant, customer_id: s.customer_id, period: s.period, status: v.status, from: iso(s.from), to: iso(s.to), timezone: s.timezone,
    currency: 'USD' as const, cost_usd: nanosToUsd(s.cost_nanos), markup_usd: nanosToUsd(s.amount_nanos - s.cost_nanos), amount_usd: nanosToUsd(s.amount_nanos),
    cost: formatUsd(s.cost_nanos), amount: formatUsd(s.amount_nanos, 2), unpriced_calls: s.unpriced_calls, price_version: v.price_version,
    content_hash: v.content_hash, closed_at: v.closed_at === null ? null : iso(v.closed_at),
    lines: s.lines.map((l) => ({
      provider: l.provider, model: l.model, feature: l.feature, kind: l.kind, unit: l.unit, quantity: l.quantity,
      cost_usd: nanosToUsd(l.cost_nanos), markup_usd: nanosToUsd(l.markup_nanos), amount_usd: nanosToUsd(l.amount_nanos),
      cost: formatUsd(l.cost_nanos), amount: formatUsd(l.amount_nanos, 2), rule: l.rule, adjustment: l.adjustment,
    })),
  };
}

function sendCsv(reply: FastifyReply, name: string, chunks: Iterable<string>) {
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(Readable.from(chunks));
}

function range(fromS: string, toS: string): { from: number; to: number } {
  const from = parseTime('from', fromS)!;
  const to = parseTime('to', toS)!;
  if (from === undefined || to === undefined || to <= from) throw new ApiError(400, 'invalid_request', 'from and to are required, from before to');
  return { from, to };
}

export interface BillingRouteDeps {
  storage: Storage;
  tenancy: TenancyPolicy;
  tokens: TokenPricer;
  prices: PriceBooks;
  billing: BillingService;
  stripe: StripeTarget | null;
}

export function registerBillingRoutes(app: FastifyInstance, deps: BillingRouteDeps): void {
  const { tenancy, billing } = deps;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const read = errorResponses(...AUTHENTICATED_ERRORS);
  const write = errorResponses(...BODY_ERRORS);
  const tags = ['billing'];

  api.get('/billing/settings', { config: { requirement: 'read' }, schema: { tags, summary: "The tenant's billing settings", querystring: TenantQuery, response: { 200: Type.Ref(BillingSettingsSchema), ...read } } }, async (req) => {
    const tenant = tenancy.actingTenant(req, req.query.tenant_id);
    return presentSettings(tenant, await billing.settings(tenant));
  });

  api.put('/billing/settings', { config: { requirement: 'admin' }, schema: { tags, summary: 'Set the billing time zone, currency and default markup', body: SettingsBody, querystring: TenantQuery, response: { 200: Type.Ref(BillingSettingsSchema), ...write } } }, async (req) => {
    const b = req.body;
    const tenant = tenancy.actingTenant(req, b.tenant_id ?? req.query.tenant_id);
    if (!isTimeZone(b.timezone)) throw new ApiError(400, 'invalid_request', `timezone: "${b.timezone}" is not an IANA time zone`);
    const store = billing.store(tenant);
    const old = await store.getSettings();
    const s: BillingSettings = {
      timezone: b.timezone, currency: 'USD', default_markup_percent: b.default_markup_percent,
      platform_fee_usd: b.platform_fee_usd ?? old.platform_fee_usd, minimum_usd: b.minimum_usd ?? old.minimum_usd,
      stripe_event_name: b.stripe_event_name ?? old.stripe_event_name, updated_at: Date.now(),
    };
    if (s.timezone !== old.timezone && (await store.listPeriods()).length > 0) {
      throw new ApiError(409, 'periods_closed', 'the time zone cannot change once a period is closed (closed periods would overlap the new ones)');
    }
    return presentSettings(tenant, await store.putSettings(s));
  });

  api.get('/billing/rules', { config: { requirement: 'read' }, schema: { tags, summary: 'Markup rules', querystring: TenantQuery, response: { 200: MarkupRuleListSchema, ...read } } }, async (req) => {
    const tenant = tenancy.actingTenant(req, req.query.tenant_id);
    return { tenant_id: tenant, rules: (await billing.store(tenant).listRules()).map(presentRule) };
  });

  api.post('/billing/rules', { config: { requirement: 'admin' }, schema: { tags, summary: 'Add a markup rule (percent or price per unit), platform fee or minimum', body: RuleBody, querystring: TenantQuery, response: { 200: SavedRuleSchema, ...write } } }, async (req) => {
    const b = req.body;
    const tenant = tenancy.actingTenant(req, b.tenant_id ?? req.query.tenant_id);
    const match = b.scope === 'tenant' ? '' : (b.match ?? '');
    if (b.scope !== 'tenant' && match === '') throw new ApiError(400, 'invalid_request', `match: a ${b.scope} rule names its ${b.scope}`);
    if ((b.type === 'platform_fee' || b.type === 'minimum') && b.scope !== 'tenant' && b.scope !== 'customer') {
      throw new ApiError(400, 'invalid_request', `${b.type}: only for the tenant or a customer`);
    }
    parseUsd(b.value);
    const rule: MarkupRule = { id: `rule_${randomBytes(6).toString('hex')}`, scope: b.scope, match, kind: b.kind ?? null, type: b.type, value: b.value, created_at: Date.now() };
    return { tenant_id: tenant, rule: presentRule(await billing.store(tenant).putRule(rule)) };
  });

  api.delete('/billing/rules/:id', { config: { requirement: 'admin' }, schema: { tags, summary: 'Delete a markup rule', params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }), querystring: TenantQuery, response: { 200: DeletedRuleSchema, ...read, ...errorResponses(404) } } }, async (req) => {
    const tenant = tenancy.actingTenant(req, req.query.tenant_id);
    if (!(await billing.store(tenant).deleteRule(req.params.id))) throw new ApiError(404, 'not_found', `rule ${req.params.id} not found in tenant ${tenant}`);
    return { tenant_id: tenant, deleted: req.params.id };
  });

  api.get('/billing/periods', { config: { requirement: 'read' }, schema: { tags, summary: 'Closed periods, and the current one', querystring: TenantQuery, response: { 200: PeriodListSchema, ...read } } }, async (req) => {
    const tenant = tenancy.actingTenant(req, req.query.tenant_id);
    const store = billing.store(tenant);
    const [settings, closed] = await Promise.all([store.getSettings(), store.listPeriods()]);
    return { tenant_id: tenant, timezone: settings.timezone, current: periodOf(Date.now(), settings.timezone), closed: closed.map(presentPeriod) };
  });

  api.get('/statements', { config: { requirement: 'read' }, schema: { tags, summary: 'Every customer’s statement of a period (format=csv: all lines, streamed)', querystring: PeriodQuery, response: { 200: StatementListSchema, ...read, ...errorResponses(409) } } }, async (req, reply) => {
    const tenant = tenancy.actingTenant(req, req.query.tenant_id);
    const all = await billing.statements(tenant, req.query.period);
    if (req.query.format === 'csv') {
      return sendCsv(reply, `statements-${req.query.period}`, (function* () {
        yield csvRow(CSV_HEADER);
        for (const v of all.statements) yield statementRows(v.statement, v.status);
      })());
    }
    const amount = sumNanos(all.statements.map((v) => v.statement.amount_nanos));
    return {
      tenant_id: tenant, period: req.query.period, status: all.status, from: iso(all.from), to: iso(all.to), timezone: all.timezone,
      closed: all.period ? presentPeriod(all.period) : null,
      cost_usd: nanosToUsd(sumNanos(all.statements.map((v) => v.statement.cost_nanos))), amount_usd: nanosToUsd(amount), amount: formatUsd(amount, 2),
      statements: all.statements.map((v) => ({
        customer_id: v.statement.customer_id, cost_usd: nanosToUsd(v.statement.cost_nanos), markup_usd: nanosToUsd(v.statement.amount_nanos - v.statement.cost_nanos),
        amount_usd: nanosToUsd(v.statement.amount_nanos), amount: formatUsd(v.statement.amount_nanos, 2), lines: v.statement.lines.length, content_hash: v.content_hash,
      })),
    };
  });

  api.get('/statements/:customer_id', { config: { requirement: 'read' }, schema: { tags, summary: "One customer's statement: a period (YYYY-MM) or a preview range (from, to); format=csv", params: CustomerParams, querystring: StatementQuery, response: { 200: Type.Ref(StatementSchema), ...read, ...errorResponses(404, 409) } } }, async (req, reply) => {
    const q = req.query;
    const tenant = tenancy.actingTenant(req, q.tenant_id);
    const v = await billing.statement(tenant, req.params.customer_id, {
      period: q.period, from: parseTime('from', q.from), to: parseTime('to', q.to),
    });
    if (q.format === 'csv') return sendCsv(reply, `statement-${req.params.customer_id}-${v.statement.period ?? 'preview'}`.replace(/[^A-Za-z0-9_.-]/g, '_'), [statementCsv(v.statement, v.status)]);
    return presentStatement(tenant, v);
  });

  api.post('/statements/close', { config: { requirement: 'admin' }, schema: { tags, summary: 'Close a period: freeze every statement of it (closing twice changes nothing)', body: CloseBody, querystring: TenantQuery, response: { 200: CloseResultSchema, ...write, ...errorResponses(409) } } }, async (req) => {
    const tenant = tenancy.actingTenant(req, req.body.tenant_id ?? req.query.tenant_id);
    const r = await billing.close(tenant, req.body.period);
    return { tenant_id: tenant, created: r.created, period: presentPeriod(r.period) };
  });

  api.post('/reprice', { config: { requirement: 'admin' }, schema: { tags, summary: 'Re-price stored events of open periods with the current prices (dry_run: only the diff)', body: RepriceBody, querystring: TenantQuery, response: { 200: Type.Ref(RepriceResultSchema), ...write } } }, async (req) => {
    const b = req.body;
    const tenant = tenancy.actingTenant(req, b.tenant_id ?? req.query.tenant_id);
    const { from, to } = range(b.from, b.to);
    deps.prices.invalidate(tenant);
    const book = (await deps.prices.forTenants([tenant])).get(tenant)!;
    const r = await reprice(billing.store(tenant), deps.tokens, book, from, to, b.dry_run ?? false);
    return {
      tenant_id: tenant, id: r.id, from: iso(from), to: iso(to), dry_run: r.dry_run, events_scanned: r.events_scanned, events_changed: r.events_changed,
      skipped_closed_periods: r.skipped_closed_periods, old_cost_usd: nanosToUsd(r.old_nanos), new_cost_usd: nanosToUsd(r.new_nanos),
      diff: r.diff.map((d) => ({ customer_id: d.customer_id, provider: d.provider, model: d.model, events: d.events, old_cost_usd: nanosToUsd(d.old_nanos), new_cost_usd: nanosToUsd(d.new_nanos), delta_usd: nanosToUsd(d.new_nanos - d.old_nanos) })),
    };
  });

  api.get('/events/export', {
    config: { requirement: 'read' },
    schema: {
      tags, summary: 'The raw events of a range as NDJSON (one event a line, streamed in started_at order)', querystring: ExportQuery,
      response: { 200: Type.Unsafe<Readable | string>({ type: 'string', description: 'application/x-ndjson: one event (as in GET /runs/:run_id) a line' }), ...read },
    },
  }, async (req, reply) => {
    const tenant = tenancy.actingTenant(req, req.query.tenant_id);
    const { from, to } = range(req.query.from, req.query.to);
    const store = billing.store(tenant);
    async function* lines() {
      let cursor: { started_at: number; id: number } | null = null;
      for (;;) {
        const page = await store.exportPage(from, to, cursor, 1000);
        if (page.length === 0) return;
        yield page.map((p) => `${JSON.stringify(presentEvent(p.event))}\n`).join('');
        const last = page[page.length - 1]!;
        cursor = { started_at: last.event.started_at, id: last.id };
        if (page.length < 1000) return;
      }
    }
    return reply.type('application/x-ndjson').send(Readable.from(lines()));
  });

  api.post('/billing/stripe/sync', { config: { requirement: 'admin' }, schema: { tags, summary: "Send a closed period's billed usage to Stripe (meter events; replays never bill twice)", body: CloseBody, querystring: TenantQuery, response: { 200: SyncReportSchema, ...write, ...errorResponses(409) } } }, async (req) => {
    const tenant = tenancy.actingTenant(req, req.body.tenant_id ?? req.query.tenant_id);
    const target = requireStripe(deps.stripe);
    const period = req.body.period;
    const all = await billing.statements(tenant, period);
    if (all.status !== 'closed') throw new ApiError(409, 'period_open', `period ${period} is open: close it first (POST /statements/close)`);
    const store = billing.store(tenant);
    const settings = await store.getSettings();
    const queued = await store.enqueue(outboxRows(tenant, settings.stripe_event_name, all.statements, Date.now()));
    const r = await drainOutbox(store, stripeClient(target), period);
    return { tenant_id: tenant, period, queued, ...r };
  });

  api.get('/billing/reconciliation', { config: { requirement: 'read' }, schema: { tags, summary: 'Per customer: our frozen statement against what Stripe acknowledged', querystring: PeriodQuery, response: { 200: Type.Ref(ReconciliationSchema), ...read, ...errorResponses(409) } } }, async (req) => {
    const tenant = tenancy.actingTenant(req, req.query.tenant_id);
    const all = await billing.statements(tenant, req.query.period);
    const outbox = await billing.store(tenant).outbox({ period: req.query.period });
    return { tenant_id: tenant, period: req.query.period, customers: reconcile(all.statements, outbox) };
  });
}
