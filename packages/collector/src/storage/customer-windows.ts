/**
 * Per-customer window totals (migrations 15, 18): for each tenant, each of the dashboard's range presets (`all`,
 * `mtd`, `7d`, `30d`, `90d`: packages/dashboard/src/lib/filters.ts) and each scope — the provider, model and section
 * filter a read has ('' = none) — the sums of every metric per customer over the window's closed days, in
 * `customer_totals`, with `customer_totals_state` saying which days [first_day, end_day) they cover and the window's
 * totals (customers, cost, estimated cost: maintained with the rows, so that no request sums 200,000 rows).
 *  - The unscoped windows (scope '') hold the daily rollup's `customer` family rows; all five are built by the first
 *    read of any of them and brought to today at start-up.
 *  - A scoped window holds what the rollups answer for its filter grouped by customer (the same segments as
 *    customerPageSql: segment-sql.ts), and is built by the first read of that window and scope only. One not read
 *    for SCOPE_IDLE_DAYS is cleared, and a tenant keeps at most MAX_SCOPED_WINDOWS of them (the least recently
 *    read go first): their rows are what the dashboard's filters ask, not every filter there could be.
 *
 * A /customers page of a preset range (and the /insights top customers) is then read from the window's index plus
 * today's rows ("live": day >= today, under the scope's filter), exactly what customerPageSql answers: costs and
 * counts are never negative, so the top `offset + limit` of window ∪ live is among the top `offset + limit` window
 * rows of customers not in live, plus every live customer with its window row added. Today is never in the table:
 * a window's rows end at `end_day` = today's start, and any day from there is read live.
 *
 * Maintenance (storage/window-maintenance.ts; dialect-neutral SQL, both adapters pass their Dialect): an advance is a
 * sequence of steps, each
 * in its own short transaction (so that the writer is never held for a whole window: a 90-day window of 200,000
 * customers is about a dozen steps), each planned from the state rows it reads (advanceStep):
 *  - no state: a state covering no day yet ([first, first), or from the tenant's first day);
 *  - contiguous with the window of today and cheaper to move than to rebuild: add [end_day, …) and subtract
 *    [first_day, …), at most STEP_DAYS of each per step (fewer when steps take long: adaptStepDays) (the customers whose measures all went back to 0 lose
 *    their row), the totals recomputed by the step that reaches today;
 *  - otherwise, or invalidated (a rewrite of rollup_daily: re-pricing), or evicted: "clearing" (first_day = end_day
 *    = 0: covers no day), its rows deleted CLEAR_CHUNK at a time, then the state; the next step builds it again
 *    when it is still wanted. Invariant: a window's rows exist only under its state.
 * Late events (folded for a closed day d): their rows added to every window whose days contain d, per scope from
 * the hourly deltas matched against the scope's filter (scopeMatches, the SQL filters' semantics).
 */
import { METRIC_NAMES, type MetricName } from './columns.js';
import { dayOf, familyColumns, type HourlyDelta } from './rollup.js';
import { needsBoundary, rangeSegments, segmentSql, type Dialect } from './segment-sql.js';
import { customerPageFamily, type CustomerSort } from './customer-page-sql.js';
import type { QueryFilters } from './types.js';

export const WINDOWS = ['all', 'mtd', '7d', '30d', '90d'] as const;
export type CustomerWindow = (typeof WINDOWS)[number];

const DAY_S = 86_400;
/** The first day of `all` (every day before today): smaller than any stored day. */
export const ALL_FIRST_DAY = -(2 ** 52);
/** The most days added (and days subtracted) per window by one step of an advance (window-maintenance.ts adaptStepDays). */
export const STEP_DAYS = 7;
/** Rows deleted per window by one step of a clearing. */
export const CLEAR_CHUNK = 5_000;
/** A scoped window that no read asked for for this many days is cleared (read_day). */
export const SCOPE_IDLE_DAYS = 7;
/** Scoped windows a tenant keeps (its unscoped five aside). */
export const MAX_SCOPED_WINDOWS = 64;

/** The first day (epoch seconds) of a window for the day starting at `today` (epoch seconds). */
export function windowFirstDay(w: CustomerWindow, today: number): number {
  switch (w) {
    case 'all':
      return ALL_FIRST_DAY;
    case 'mtd': {
      const d = new Date(today * 1000);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000;
    }
    case '7d':
      return today - 6 * DAY_S;
    case '30d':
      return today - 29 * DAY_S;
    case '90d':
      return today - 89 * DAY_S;
  }
}

/** A window's filter: what of provider, model and section it holds. */
export interface Scope {
  provider?: string;
  model?: string;
  section?: string;
}

/** A scope as the key stored with its rows: '' for none, else a JSON array [provider, model, section] (null = any). */
export const scopeKey = (s: Scope): string =>
  s.provider === undefined && s.model === undefined && s.section === undefined ? '' : JSON.stringify([s.provider ?? null, s.model ?? null, s.section ?? null]);

export function scopeOf(key: string): Scope {
  if (key === '') return {};
  const [provider, model, section] = JSON.parse(key) as (string | null)[];
  return { ...(provider !== null && { provider }), ...(model !== null && { model }), ...(section !== null && { section }) } as Scope;
}

/** Whether an hourly row is in a scope: the semantics of the SQL filters (segment-sql.ts; a section as whole segments). */
export const scopeMatches = (s: Scope, h: Pick<HourlyDelta, 'provider' | 'model' | 'section_path'>) =>
  (s.provider === undefined || h.provider === s.provider) && (s.model === undefined || h.model === s.model)
  && (s.section === undefined || `/${h.section_path}/`.includes(`/${s.section}/`));

/** A window of one scope (`scope`: scopeKey's). */
export interface WindowKey {
  w: CustomerWindow;
  scope: string;
}

/**
 * The window a customer page's filters ask for, at `now` (epoch ms), or null: a preset range — `from` the window's
 * first day for today (none for `all`), no `to` — and no customer filter; its provider, model and section are the
 * scope.
 */
export function windowOf(f: QueryFilters, now: number): WindowKey | null {
  if (f.to !== undefined || f.customer_id !== undefined || f.customer_ids !== undefined) return null;
  const today = dayOf(now);
  const w = WINDOWS.find((x) => (x === 'all' ? f.from === undefined : f.from === windowFirstDay(x, today) * 1000));
  return w === undefined ? null : { w, scope: scopeKey({ provider: f.provider, model: f.model, section: f.section }) };
}

export interface WindowState {
  window_id: CustomerWindow;
  scope: string;
  first_day: number;
  end_day: number;
  /** the last day an advance was asked for the window (a read that found it stale, or its build) */
  read_day: number;
}

/** The state is the window of today: its rows answer the window's pages. */
export const isFresh = (s: Pick<WindowState, 'first_day' | 'end_day'> | undefined, w: CustomerWindow, today: number) =>
  s !== undefined && s.end_day === today && s.first_day === windowFirstDay(w, today);
/** A clearing state covers no day: its rows are being deleted. */
export const isClearing = (s: Pick<WindowState, 'first_day' | 'end_day'>) => s.first_day === 0 && s.end_day === 0;

const order = (sort: CustomerSort, p = '') =>
  sort === 'calls' ? `${p}calls DESC, ${p}cost_nanos DESC, ${p}customer_id` : `${p}cost_nanos DESC, ${p}calls DESC, ${p}customer_id`;
const M = METRIC_NAMES;
/** The customer family's rows of a day range, and the column holding the customer (rollup.ts storedFamily). */
function customerRows(d: Dialect): { where: string; customer: string } {
  const { stored, columns, emptyKey1 } = familyColumns(d.name, 'customer');
  return { where: `family = '${stored}'${emptyKey1 ? ` AND key1 = ''` : ''}`, customer: columns.customer_id! };
}

/** Whether a scope's rows are read across the compaction boundary (then the statements need it: segment-sql.ts). */
export const scopeNeedsBoundary = (scope: string) => scope !== '' && needsBoundary(customerPageFamily(scopeOf(scope)), ['customer_id']);

/**
 * A scope's per-customer rows of the days [lo, hi) (epoch seconds; hi undefined: every day from lo), as
 * (customer_id, metrics…) with '' for no customer, negated when `sign` is -1 — not summed per customer across
 * segments (the callers group). `boundary`: the tenant's compaction boundary (epoch ms) when scopeNeedsBoundary.
 */
export function scopeRows(d: Dialect, tenantId: string, scope: string, lo: number, hi: number | undefined, sign: 1 | -1, boundary: number | undefined): string {
  return scopeParts(d, tenantId, scope, lo, hi, sign, boundary).sql;
}

/**
 * scopeRows, and whether its rows are one per customer already (a single segment, grouped by customer). `measures`:
 * those metrics only (every one by default); `only` (unscoped rows): a subquery of customer ids, the only customers
 * read — a semi-join of the day's index range with the few ids (as an index condition PostgreSQL would walk the
 * range once per id).
 */
function scopeParts(d: Dialect, tenantId: string, scope: string, lo: number, hi: number | undefined, sign: 1 | -1, boundary: number | undefined, measures: readonly MetricName[] = M, only?: string): { sql: string; grouped: boolean } {
  const summed = measures.map((m) => (sign === 1 ? m : `-${m} AS ${m}`)).join(', ');
  if (only !== undefined && scope !== '') throw new Error('scopeParts: `only` reads unscoped rows');
  if (scope === '') {
    const rows = customerRows(d);
    return {
      sql: `SELECT ${rows.customer} AS customer_id, ${summed} FROM rollup_daily
  WHERE tenant_id = ${d.param(tenantId)} AND ${rows.where} AND day >= ${d.int(d.param(lo))}${hi === undefined ? '' : ` AND day < ${d.int(d.param(hi))}`}${only ? ` AND ${rows.customer} IN (${only})` : ''}`,
      grouped: false,
    };
  }
  const f: QueryFilters = { ...scopeOf(scope), from: lo * 1000, ...(hi !== undefined && { to: hi * 1000 }) };
  const family = customerPageFamily(f);
  const segments = rangeSegments(f, ['customer_id'], family, boundary);
  // (no segment: an empty range, one row that no group keeps)
  if (segments.length === 0) return { sql: `SELECT '' AS customer_id, ${measures.map((m) => `0 AS ${m}`).join(', ')} WHERE 1 = 0`, grouped: true };
  // ('' and NULL are one customer, "none": COALESCE keeps a segment's groups one per customer)
  return {
    sql: segments.map((sg) => `SELECT COALESCE(customer_id, '') AS customer_id, ${summed} FROM (${segmentSql(d, tenantId, sg, f, ['customer_id'], family, measures)}) AS s`).join('\nUNION ALL '),
    grouped: segments.length === 1,
  };
}

/** The sort keys of a page and the totals: what the live part sums and joins for every one of today's customers. */
const KEYS = ['calls', 'cost_nanos', 'estimated_cost_nanos'] as const satisfies readonly MetricName[];

/**
 * One page of a window (the shape of customerPageSql's rows, plus `raw_customer`): one row per customer of the page
 * with the totals — or, past the last customer, one row of totals whose raw_customer is NULL; no row at all when
 * the window's state is not the one of `today` (then customerPageSql answers). One statement: one snapshot.
 * `boundary`: the tenant's compaction boundary (epoch ms) when scopeNeedsBoundary(key.scope).
 *
 * Every customer seen today is looked up in the window (by key: Dialect.joinByKey) for the sort keys and the totals;
 * the page's rows then get every metric from their window row (by key again) plus today's. Today's other metrics:
 *  - unscoped, today is one index range of plain rows: only KEYS are summed for every customer, and the rows of the
 *    page's customers are read again (a semi-join) — at 200,000 customers summing every metric of ~6,000 customers
 *    was most of a page's time on PostgreSQL (docs/benchmarks.md);
 *  - scoped, today comes from segments (pinned wide families, hourly rows) whose reading costs more than the sums:
 *    read once, every metric summed and carried with each customer to the page.
 */
export function windowPageSql(d: Dialect, tenantId: string, key: WindowKey, today: number, sort: CustomerSort, limit: number, offset: number, boundary?: number): string {
  const { w, scope } = key;
  const carry = scope !== '';
  const summed = carry ? M : KEYS;
  // (placeholders in the order of the text: SQLite's are positional — each part is built where it stands)
  const todays = scopeParts(d, tenantId, scope, today, undefined, 1, boundary, summed);
  const live = todays.grouped ? `live AS MATERIALIZED (${todays.sql})`
    : `live AS MATERIALIZED (SELECT customer_id, ${summed.map((m) => `SUM(${m}) AS ${m}`).join(', ')} FROM (${todays.sql}) AS r GROUP BY customer_id)`;
  const mine = (p: string) => `${p}tenant_id = ${d.param(tenantId)} AND ${p}window_id = ${d.param(w)} AND ${p}scope = ${d.param(scope)}`;
  // the columns a page row carries: its sort keys, and (scoped) today's metrics
  const todayMetrics = carry ? M : [];
  const carried = (f: (m: MetricName) => string) => todayMetrics.map((m) => `, ${f(m)} AS today_${m}`).join('');
  const pageColumns = ['customer_id', 'calls', 'cost_nanos', ...todayMetrics.map((m) => `today_${m}`)].join(', ');
  const top = `top AS (SELECT customer_id, calls, cost_nanos${carried(() => '0')} FROM customer_totals
  WHERE ${mine('')} AND customer_id NOT IN (SELECT customer_id FROM live)
  ORDER BY ${order(sort)} LIMIT ${d.int(d.param(offset + limit))})`;
  // (materialized: read by the totals and the page, the join of every live customer done once; by the live keys — a
  // hash join of the whole window would read 89,000 rows for 6,000 of today's customers in docs/benchmarks.md)
  const merged = `merged AS MATERIALIZED (SELECT l.customer_id, l.calls + COALESCE(t.calls, 0) AS calls, l.cost_nanos + COALESCE(t.cost_nanos, 0) AS cost_nanos,
  CASE WHEN t.customer_id IS NULL AND l.calls > 0 THEN 1 ELSE 0 END AS fresh, l.cost_nanos AS live_cost_nanos, l.estimated_cost_nanos AS live_estimated_cost_nanos${carried((m) => `l.${m}`)}
  FROM live l ${d.joinByKeys('customer_totals', 't', 'customer_id, calls, cost_nanos', mine('t.'), 'customer_id', 'l.customer_id', 'live')})`;
  const totals = `totals AS (SELECT s.customers + COALESCE(m.fresh, 0) AS total_customers, s.cost_nanos + COALESCE(m.cost_nanos, 0) AS total_cost_nanos,
  s.estimated_cost_nanos + COALESCE(m.estimated_cost_nanos, 0) AS total_estimated_cost_nanos
  FROM customer_totals_state s CROSS JOIN (SELECT SUM(fresh) AS fresh, SUM(live_cost_nanos) AS cost_nanos, SUM(live_estimated_cost_nanos) AS estimated_cost_nanos FROM merged) m
  WHERE ${mine('s.')} AND s.first_day = ${d.int(d.param(windowFirstDay(w, today)))} AND s.end_day = ${d.int(d.param(today))})`;
  // the page's customers: of the live ones the first offset + limit only (a bounded sort, not of all of them)
  const page = `page AS MATERIALIZED (SELECT ${pageColumns} FROM (SELECT ${pageColumns} FROM top
  UNION ALL SELECT * FROM (SELECT ${pageColumns} FROM merged WHERE calls > 0 ORDER BY ${order(sort)} LIMIT ${d.int(d.param(offset + limit))}) AS ml) AS u
  ORDER BY ${order(sort)} LIMIT ${d.int(d.param(limit))} OFFSET ${d.int(d.param(offset))})`;
  // (unscoped) today's rows of the page's customers
  const again = carry ? '' : `,
today AS (SELECT customer_id, ${M.map((m) => `SUM(${m}) AS ${m}`).join(', ')} FROM (${scopeParts(d, tenantId, scope, today, undefined, 1, boundary, M, 'SELECT customer_id FROM page').sql}) AS r GROUP BY customer_id)`;
  const todayOf = (m: MetricName) => (carry ? `p.today_${m}` : `COALESCE(f.${m}, 0)`);
  return `WITH ${live},
${top},
${merged},
${totals},
${page}${again}
SELECT p.customer_id AS raw_customer, NULLIF(p.customer_id, '') AS customer_id, ${M.map((m) => `${todayOf(m)} + COALESCE(wr.${m}, 0) AS ${m}`).join(', ')},
  x.total_customers, x.total_cost_nanos, x.total_estimated_cost_nanos
FROM totals x LEFT JOIN page p ON 1 = 1 ${d.joinByKey('customer_totals', 'wr', M.join(', '), `${mine('wr.')} AND wr.customer_id = p.customer_id`)}${carry ? '' : `
  LEFT JOIN today f ON f.customer_id = p.customer_id`}
ORDER BY ${order(sort, 'p.')}`;
}
