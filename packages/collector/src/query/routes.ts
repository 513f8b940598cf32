/** Tenant-scoped read routes: /runs, /runs/:run_id, /insights, /customers, /customers/:customer_id. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { AUTHENTICATED_ERRORS, errorResponses } from '../schemas/common.js';
import { CustomerDetailSchema, CustomerListSchema, InsightsSchema, RunDetailSchema, RunListSchema } from '../schemas/query.js';
import { ApiError } from '../domain/errors.js';
import type { TenancyPolicy } from '../auth/tenancy.js';
import type { AggregateRow, Dimension, QueryFilters, RunCursor, Storage, TenantStore } from '../storage/types.js';
import { FilterQuerySchema, parseFilters } from './filters.js';
import { EMPTY_METRICS, presentEvent, presentMetrics, presentRun, presentTree, roundUsd } from './present.js';
import { buildSpanTree } from './tree.js';
import { nanosToUsd } from '@llmobserve/shared';

const DAY_MS = 86_400_000;

const RunsQuery = Type.Composite([
  FilterQuerySchema,
  Type.Object({
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 400, description: 'next_cursor of the previous page' })),
  }),
]);
const SummaryQuery = Type.Composite([
  FilterQuerySchema,
  Type.Object({
    bucket: Type.Optional(Type.Union([Type.Literal('hour'), Type.Literal('day')], { description: 'Time-series bucket; chosen from the range by default.' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50, description: 'Rows per breakdown.' })),
  }),
]);
const CustomersQuery = Type.Composite([
  FilterQuerySchema,
  Type.Object({
    bucket: Type.Optional(Type.Union([Type.Literal('hour'), Type.Literal('day')], { description: 'Trend bucket (with from); chosen from the range by default.' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
    sort: Type.Optional(Type.Union([Type.Literal('cost'), Type.Literal('calls')], { default: 'cost' })),
  }),
]);
const RunParams = Type.Object({ run_id: Type.String({ minLength: 1, maxLength: 128 }) });
const CustomerParams = Type.Object({ customer_id: Type.String({ minLength: 1, maxLength: 256 }) });

type SummaryQ = Static<typeof SummaryQuery>;

function encodeCursor(c: RunCursor): string {
  return Buffer.from(JSON.stringify([c.started_at, c.run_id])).toString('base64url');
}

function decodeCursor(s: string): RunCursor {
  try {
    const [startedAt, runId] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as [unknown, unknown];
    // Numbers that reach SQL are safe integers (a bigint column refuses 1e300), strings as bounded as a run id.
    if (Number.isSafeInteger(startedAt) && typeof runId === 'string' && runId.length <= 128) return { started_at: startedAt as number, run_id: runId };
  } catch {
    /* fall through */
  }
  throw new ApiError(400, 'invalid_request', 'cursor: not a cursor this collector issued');
}

const byCost = (a: AggregateRow, b: AggregateRow) => b.cost_nanos - a.cost_nanos || b.calls - a.calls;

function chooseBucket(f: QueryFilters, requested: 'hour' | 'day' | undefined): 'hour' | 'day' {
  if (requested) return requested;
  if (f.from === undefined) return 'day';
  return (f.to ?? Date.now()) - f.from <= 3 * DAY_MS ? 'hour' : 'day';
}

async function breakdown(store: TenantStore, f: QueryFilters, dims: Dimension[], limit: number) {
  const rows = (await store.aggregate(f, dims)).sort(byCost);
  return { rows: rows.slice(0, limit), all: rows };
}

async function totals(store: TenantStore, f: QueryFilters) {
  return (await store.aggregate(f, []))[0] ?? { keys: {}, ...EMPTY_METRICS };
}

/** Fraction of the tenant's spend, rounded to 1e-12 so that a single customer's share reads exactly 1. */
const shareOf = (part: number, whole: number) => (whole > 0 ? roundUsd(part / whole) : 0);

/** A group's label (the stores give null where the events had none). */
const label = (r: AggregateRow, d: Dimension) => {
  const v = r.keys[d];
  return v === undefined || v === null ? null : String(v);
};

async function summary(store: TenantStore, f: QueryFilters, q: SummaryQ) {
  const limit = q.limit ?? 50;
  const bucket = chooseBucket(f, q.bucket);
  const [tot, customers, providers, models, sections, series] = await Promise.all([
    totals(store, f),
    // the top customers sorted and cut in the database (a tenant may have 200,000 customers)
    store.customerPage(f, 'cost', limit, 0),
    breakdown(store, f, ['provider'], limit),
    breakdown(store, f, ['provider', 'model'], limit),
    breakdown(store, f, ['section_path'], limit),
    store.aggregate(f, [bucket]),
  ]);
  return {
    rawTotals: tot,
    bucket,
    totals: presentMetrics(tot),
    by_customer: customers.rows.map((r) => ({ customer_id: label(r, 'customer_id'), ...presentMetrics(r) })),
    by_provider: providers.rows.map((r) => ({ provider: label(r, 'provider'), ...presentMetrics(r) })),
    by_model: models.rows.map((r) => ({ provider: label(r, 'provider'), model: label(r, 'model'), ...presentMetrics(r) })),
    by_section: sections.rows.map((r) => ({ section_path: label(r, 'section_path'), ...presentMetrics(r) })),
    unpriced_models: models.all
      .filter((r) => r.unpriced_calls > 0)
      .map((r) => ({ provider: label(r, 'provider'), model: label(r, 'model'), unpriced_calls: r.unpriced_calls })),
    timeseries: series
      .map((r) => ({ start_ms: Number(r.keys[bucket]) * 1000, row: r }))
      .sort((a, b) => a.start_ms - b.start_ms)
      .map(({ start_ms, row }) => ({ start: new Date(start_ms).toISOString(), ...presentMetrics(row) })),
  };
}

const MAX_TREND_POINTS = 400;

/**
 * For a range with a start: each customer's cost in the previous period of the same length (for "change vs
 * previous") and per bucket over the range (the trend sparkline), both from the rollup.
 */
async function customerHistory(store: TenantStore, f: QueryFilters, requested: 'hour' | 'day' | undefined, page: (string | null)[]) {
  const from = f.from!;
  const to = f.to ?? Date.now();
  const bucket = chooseBucket({ ...f, to }, requested);
  const step = bucket === 'hour' ? 3_600_000 : DAY_MS;
  const first = Math.floor(from / step) * step;
  const starts: number[] = [];
  for (let t = first; t < to && starts.length < MAX_TREND_POINTS; t += step) starts.push(t);
  const index = new Map(starts.map((t, i) => [t, i]));
  // Without an end, the period runs to the end of its last bucket (now's day or hour): the previous period is as
  // many whole buckets, and neither read needs `to: now` (which would add the hourly rollup and raw events of today).
  const length = f.to === undefined ? Math.ceil(to / step) * step - from : to - from;
  // Only the page's customers: the history of every customer would be read and dropped ('' is "no customer").
  const mine = { ...f, customer_ids: page.map((id) => id ?? '') };
  // (their cost only: the trend of a page over 90 days is 9,000 rows, and a row of every metric costs 3× as much)
  const [prevRows, seriesRows] = await Promise.all([
    store.aggregate({ ...mine, from: from - length, to: from }, ['customer_id'], ['cost_nanos']),
    store.aggregate(mine, ['customer_id', bucket], ['cost_nanos']),
  ]);
  const previous = new Map(prevRows.map((r) => [label(r, 'customer_id'), r.cost_nanos]));
  const trend = new Map<string | null, number[]>();
  for (const r of seriesRows) {
    const id = label(r, 'customer_id');
    const i = index.get(Number(r.keys[bucket]) * 1000);
    if (i === undefined) continue;
    let arr = trend.get(id);
    if (!arr) trend.set(id, (arr = starts.map(() => 0)));
    arr[i]! += r.cost_nanos;
  }
  return { bucket, starts, previous, trend };
}

function range(f: QueryFilters) {
  return {
    from: f.from === undefined ? null : new Date(f.from).toISOString(),
    to: f.to === undefined ? null : new Date(f.to).toISOString(),
  };
}

const READ_ERRORS = errorResponses(...AUTHENTICATED_ERRORS);
const responses = <T>(ok: T, ...extra: 404[]) => ({ 200: ok, ...READ_ERRORS, ...errorResponses(...extra) });

export function registerQueryRoutes(app: FastifyInstance, storage: Storage, tenancy: TenancyPolicy): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const scope = (req: FastifyRequest, tenantId: string | undefined) => storage.forTenant(tenancy.actingTenant(req, tenantId));

  api.get('/runs', { schema: { querystring: RunsQuery, tags: ['query'], summary: 'Runs, newest first, with cursor paging', response: responses(Type.Ref(RunListSchema)) } }, async (req) => {
    const q = req.query;
    const store = scope(req, req.query.tenant_id);
    const f = parseFilters(q);
    const limit = q.limit ?? 50;
    const runs = await store.listRuns(f, limit + 1, q.cursor ? decodeCursor(q.cursor) : undefined);
    const page = runs.slice(0, limit);
    const last = page[page.length - 1];
    return {
      tenant_id: store.tenantId,
      runs: page.map(presentRun),
      next_cursor: runs.length > limit && last ? encodeCursor(last) : null,
    };
  });

  api.get('/runs/:run_id', { schema: { params: RunParams, querystring: FilterQuerySchema, tags: ['query'], summary: "A run's events and span tree", response: responses(Type.Ref(RunDetailSchema), 404) } }, async (req) => {
    const store = scope(req, req.query.tenant_id);
    const { run_id } = req.params;
    const found = await store.getRun(run_id);
    if (!found) throw new ApiError(404, 'not_found', `run ${run_id} not found in tenant ${store.tenantId}`);
    return {
      tenant_id: store.tenantId,
      run: presentRun(found.run),
      events: found.events.map(presentEvent),
      tree: presentTree(buildSpanTree(found.events)),
    };
  });

  api.get('/insights', { schema: { querystring: SummaryQuery, tags: ['query'], summary: 'Totals, breakdowns and a time series', response: responses(Type.Ref(InsightsSchema)) } }, async (req) => {
    const q = req.query;
    const store = scope(req, req.query.tenant_id);
    const f = parseFilters(q);
    const { rawTotals: _raw, ...rest } = await summary(store, f, q);
    return { tenant_id: store.tenantId, range: range(f), ...rest };
  });

  api.get('/customers', { schema: { querystring: CustomersQuery, tags: ['query'], summary: 'Per-customer totals and share of spend', response: responses(Type.Ref(CustomerListSchema)) } }, async (req) => {
    const q = req.query;
    const store = scope(req, req.query.tenant_id);
    const f = parseFilters(q);
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 100;
    // sorted and cut to the page by the database: every customer's row never reaches JavaScript
    const { rows: page, total_customers, cost_nanos: total, estimated_cost_nanos } = await store.customerPage(f, q.sort ?? 'cost', limit, offset);
    const history = f.from !== undefined ? await customerHistory(store, f, q.bucket, page.map((r) => label(r, 'customer_id'))) : null;
    return {
      tenant_id: store.tenantId,
      range: range(f),
      bucket: history?.bucket ?? null,
      buckets: history?.starts.map((ms) => new Date(ms).toISOString()) ?? null,
      total_cost_usd: nanosToUsd(total),
      total_estimated_cost_usd: nanosToUsd(estimated_cost_nanos),
      total_customers,
      customers: page.map((r) => {
        const id = label(r, 'customer_id');
        return {
          customer_id: id,
          ...presentMetrics(r),
          share: shareOf(r.cost_nanos, total),
          previous_cost_usd: history ? nanosToUsd(history.previous.get(id) ?? 0) : null,
          trend: history ? (history.trend.get(id) ?? history.starts.map(() => 0)).map((n) => nanosToUsd(n)) : null,
        };
      }),
      next_offset: offset + limit < total_customers ? offset + limit : null,
    };
  });

  api.get('/customers/:customer_id', { schema: { params: CustomerParams, querystring: SummaryQuery, tags: ['query'], summary: "One customer's totals, share and breakdowns", response: responses(Type.Ref(CustomerDetailSchema), 404) } }, async (req) => {
    const q = req.query;
    const store = scope(req, req.query.tenant_id);
    const { customer_id } = req.params;
    const tenantFilters = parseFilters({ ...q, customer_id: undefined });
    const f = { ...tenantFilters, customer_id };
    const [mine, tenant, ever] = await Promise.all([
      summary(store, f, q),
      totals(store, tenantFilters),
      store.aggregate({ customer_id }, []),
    ]);
    if (ever.length === 0) throw new ApiError(404, 'not_found', `customer ${customer_id} has no events in tenant ${store.tenantId}`);
    const { by_customer: _unused, rawTotals, ...rest } = mine;
    return {
      tenant_id: store.tenantId,
      customer_id,
      range: range(f),
      share: shareOf(rawTotals.cost_nanos, tenant.cost_nanos),
      ...rest,
    };
  });
}
