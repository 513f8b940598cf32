/**
 * Per-customer window totals (migration 15): for each tenant and each of the dashboard's range presets (`all`,
 * `mtd`, `7d`, `30d`, `90d`: packages/dashboard/src/lib/filters.ts), the sums of every metric per customer over the
 * window's closed days — the daily rollup's `customer` family rows of [first_day, end_day) — in `customer_totals`,
 * with `customer_totals_state` saying which days they cover and the window's totals (customers, cost, estimated
 * cost: maintained with the rows, so that no request sums 200,000 rows).
 *
 * A /customers page of a preset range (and the /insights top customers) is then read from the window's index plus
 * today's rows ("live": the customer family's rows of day >= today), exactly what customerPageSql answers:
 * costs and counts are never negative, so the top `offset + limit` of window ∪ live is among the top `offset + limit`
 * window rows of customers not in live, plus every live customer with its window row added. Today is never in the
 * table: a window's rows end at `end_day` = today's start, and any day from there is read live.
 *
 * Dialect-neutral SQL (both adapters pass their Dialect); the adapters run the statements, in one transaction:
 * - the advance (the day changed, or no state): incremental when the state is contiguous and cheaper to move than
 *   to rebuild (add [end_day, today), subtract [old first, new first), drop the rows that became all zero), else a
 *   rebuild (delete, INSERT … SELECT … GROUP BY over the window's days); then the state row with the new totals;
 * - late events (folded for a closed day d): their customer rows added to every window whose days contain d;
 * - a rewrite of rollup_daily (re-pricing, a rebuild of the aggregates) deletes the tenant's state rows: the next
 *   read answers from the rollups and asks for a rebuild.
 */
import { CUSTOMER_TOTALS, CUSTOMER_TOTALS_STATE, METRIC_NAMES, type DialectName, type Metrics } from './columns.js';
import { dayOf } from './rollup.js';
import type { Dialect } from './segment-sql.js';
import { upsertFromSql } from './statements.js';
import type { CustomerSort } from './customer-page-sql.js';
import type { QueryFilters } from './types.js';

export const WINDOWS = ['all', 'mtd', '7d', '30d', '90d'] as const;
export type CustomerWindow = (typeof WINDOWS)[number];

const DAY_S = 86_400;
/** The first day of `all` (every day before today): smaller than any stored day. */
export const ALL_FIRST_DAY = -(2 ** 52);

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

/**
 * The window a customer page's filters ask for, at `now` (epoch ms), or null: a range only — `from` the window's
 * first day for today (none for `all`), no `to`, no customer, provider, model or section filter.
 */
export function windowOf(f: QueryFilters, now: number): CustomerWindow | null {
  if (f.to !== undefined || f.customer_id !== undefined || f.customer_ids !== undefined || f.provider !== undefined
    || f.model !== undefined || f.section !== undefined) return null;
  const today = dayOf(now);
  return WINDOWS.find((w) => (w === 'all' ? f.from === undefined : f.from === windowFirstDay(w, today) * 1000)) ?? null;
}

export interface WindowState {
  window_id: CustomerWindow;
  first_day: number;
  end_day: number;
}

/** The state is the window of today: its rows answer the window's pages. */
export const isFresh = (s: WindowState | undefined, w: CustomerWindow, today: number) =>
  s !== undefined && s.end_day === today && s.first_day === windowFirstDay(w, today);

const order = (sort: CustomerSort, p = '') =>
  sort === 'calls' ? `${p}calls DESC, ${p}cost_nanos DESC, ${p}customer_id` : `${p}cost_nanos DESC, ${p}calls DESC, ${p}customer_id`;
const M = METRIC_NAMES;
const CUSTOMER_ROWS = `family = 'customer' AND key1 = ''`;

/**
 * One page of a window (the shape of customerPageSql's rows, plus `raw_customer`): one row per customer of the page
 * with the totals — or, past the last customer, one row of totals whose raw_customer is NULL; no row at all when
 * the window's state is not the one of `today` (then customerPageSql answers). One statement: one snapshot.
 */
export function windowPageSql(d: Dialect, tenantId: string, w: CustomerWindow, today: number, sort: CustomerSort, limit: number, offset: number): string {
  // (placeholders in the order of the text: SQLite's are positional)
  const live = `live AS (SELECT key2 AS customer_id, ${M.map((m) => `SUM(${m}) AS ${m}`).join(', ')} FROM rollup_daily
  WHERE tenant_id = ${d.param(tenantId)} AND ${CUSTOMER_ROWS} AND day >= ${d.int(d.param(today))} GROUP BY key2)`;
  const top = `top AS (SELECT customer_id, ${M.join(', ')} FROM customer_totals
  WHERE tenant_id = ${d.param(tenantId)} AND window_id = ${d.param(w)} AND customer_id NOT IN (SELECT customer_id FROM live)
  ORDER BY ${order(sort)} LIMIT ${d.int(d.param(offset + limit))})`;
  const merged = `merged AS (SELECT l.customer_id, ${M.map((m) => `l.${m} + COALESCE(t.${m}, 0) AS ${m}`).join(', ')},
  CASE WHEN t.customer_id IS NULL THEN 1 ELSE 0 END AS fresh
  FROM live l LEFT JOIN customer_totals t ON t.tenant_id = ${d.param(tenantId)} AND t.window_id = ${d.param(w)} AND t.customer_id = l.customer_id)`;
  const totals = `totals AS (SELECT s.customers + COALESCE((SELECT SUM(fresh) FROM merged WHERE calls > 0), 0) AS total_customers,
  s.cost_nanos + COALESCE((SELECT SUM(cost_nanos) FROM live), 0) AS total_cost_nanos,
  s.estimated_cost_nanos + COALESCE((SELECT SUM(estimated_cost_nanos) FROM live), 0) AS total_estimated_cost_nanos
  FROM customer_totals_state s WHERE s.tenant_id = ${d.param(tenantId)} AND s.window_id = ${d.param(w)}
  AND s.first_day = ${d.int(d.param(windowFirstDay(w, today)))} AND s.end_day = ${d.int(d.param(today))})`;
  const page = `page AS (SELECT customer_id, ${M.join(', ')} FROM top UNION ALL SELECT customer_id, ${M.join(', ')} FROM merged WHERE calls > 0)`;
  return `WITH ${live},
${top},
${merged},
${totals},
${page}
SELECT p.customer_id AS raw_customer, NULLIF(p.customer_id, '') AS customer_id, ${M.map((m) => `p.${m}`).join(', ')},
  x.total_customers, x.total_cost_nanos, x.total_estimated_cost_nanos
FROM totals x LEFT JOIN (SELECT * FROM page ORDER BY ${order(sort)} LIMIT ${d.int(d.param(limit))} OFFSET ${d.int(d.param(offset))}) p ON 1 = 1
ORDER BY ${order(sort, 'p.')}`;
}

export interface Statement {
  sql: string;
  params: unknown[];
}
/** A fresh dialect for one statement, and its parameters once written. */
export type DialectFactory = () => { dialect: Dialect; values: () => unknown[] };

const stmt = (mk: DialectFactory, build: (d: Dialect) => string): Statement => {
  const { dialect, values } = mk();
  const sql = build(dialect);
  return { sql, params: values() };
};

const SUM_OR_NOT = (m: string) => `SUM(${m})`;

/** The customer family's rows of [lo, hi), negated when `sign` is -1, as (key2, metrics…). */
const dayRows = (d: Dialect, tenantId: string, lo: number, hi: number, sign: 1 | -1) =>
  `SELECT key2, ${M.map((m) => (sign === 1 ? m : `-${m} AS ${m}`)).join(', ')} FROM rollup_daily
  WHERE tenant_id = ${d.param(tenantId)} AND ${CUSTOMER_ROWS} AND day >= ${d.int(d.param(lo))} AND day < ${d.int(d.param(hi))}`;

/**
 * The statements that bring one window to `today` from its state (undefined: none), or [] when it is there already.
 * Incremental when the state's days overlap the new window's and moving them touches fewer days than a rebuild reads.
 */
export function advanceStatements(dialect: DialectName, mk: DialectFactory, tenantId: string, w: CustomerWindow, s: WindowState | undefined, today: number): { kind: 'none' | 'incremental' | 'rebuild'; statements: Statement[] } {
  const first = windowFirstDay(w, today);
  if (isFresh(s, w, today)) return { kind: 'none', statements: [] };
  const out: Statement[] = [];
  const contiguous = s !== undefined && s.first_day <= first && first <= s.end_day && s.end_day <= today;
  const moved = contiguous ? (today - s.end_day) / DAY_S + (s.first_day === first ? 0 : (first - s.first_day) / DAY_S) : Infinity;
  const rebuildDays = first === ALL_FIRST_DAY ? Infinity : (today - first) / DAY_S;
  const incremental = contiguous && (first === ALL_FIRST_DAY || moved < rebuildDays);
  if (incremental) {
    const parts: [number, number, 1 | -1][] = [];
    if (s.end_day < today) parts.push([s.end_day, today, 1]);
    if (s.first_day < first) parts.push([s.first_day, first, -1]);
    if (parts.length > 0) {
      out.push(stmt(mk, (d) => upsertFromSql(CUSTOMER_TOTALS, dialect,
        `SELECT ${d.param(tenantId)}, ${d.param(w)}, key2, ${M.map(SUM_OR_NOT).join(', ')}
FROM (${parts.map(([lo, hi, sign]) => dayRows(d, tenantId, lo, hi, sign)).join(' UNION ALL ')}) AS x WHERE true GROUP BY key2`)));
      // customers whose every measure went back to 0 (their days left the window): no row (the index holds the live ones)
      out.push(stmt(mk, (d) => `DELETE FROM customer_totals WHERE tenant_id = ${d.param(tenantId)} AND window_id = ${d.param(w)} AND ${M.map((m) => `${m} = 0`).join(' AND ')}`));
    }
  } else {
    out.push(stmt(mk, (d) => `DELETE FROM customer_totals WHERE tenant_id = ${d.param(tenantId)} AND window_id = ${d.param(w)}`));
    out.push(stmt(mk, (d) => `INSERT INTO customer_totals (tenant_id, window_id, customer_id, ${M.join(', ')})
SELECT ${d.param(tenantId)}, ${d.param(w)}, key2, ${M.map(SUM_OR_NOT).join(', ')} FROM rollup_daily
WHERE tenant_id = ${d.param(tenantId)} AND ${CUSTOMER_ROWS} AND day >= ${d.int(d.param(first))} AND day < ${d.int(d.param(today))}
GROUP BY key2 HAVING ${M.map((m) => `SUM(${m}) <> 0`).join(' OR ')}`));
  }
  out.push(stmt(mk, (d) => `INSERT INTO customer_totals_state (${CUSTOMER_TOTALS_STATE.columns.map((c) => c.name).join(', ')})
SELECT ${d.param(tenantId)}, ${d.param(w)}, ${d.int(d.param(first))}, ${d.int(d.param(today))}, COUNT(*), COALESCE(SUM(cost_nanos), 0), COALESCE(SUM(estimated_cost_nanos), 0)
FROM customer_totals WHERE tenant_id = ${d.param(tenantId)} AND window_id = ${d.param(w)}
ON CONFLICT (tenant_id, window_id) DO UPDATE SET first_day = excluded.first_day, end_day = excluded.end_day,
  customers = excluded.customers, cost_nanos = excluded.cost_nanos, estimated_cost_nanos = excluded.estimated_cost_nanos`));
  return { kind: incremental ? 'incremental' : 'rebuild', statements: out };
}

export const STATE_SQL = (d: Dialect, tenantId: string) =>
  `SELECT window_id, first_day, end_day FROM customer_totals_state WHERE tenant_id = ${d.param(tenantId)}`;

/** The state rows as numbers (PostgreSQL gives bigint as text). */
export const toStates = (rows: Record<string, unknown>[]): WindowState[] =>
  rows.map((r) => ({ window_id: r.window_id as CustomerWindow, first_day: Number(r.first_day), end_day: Number(r.end_day) }));

/** A customer family delta of one day (day epoch seconds, customer '' = none). */
export interface CustomerDayDelta extends Metrics {
  day: number;
  customer: string;
}

/** Rows per late-delta statement (SQLite allows 32,766 parameters; 13 per row). */
export const LATE_CHUNK = 1_000;

/**
 * Adds these customer rows of closed days to every window of the tenant whose days contain theirs: first the state's
 * totals (a customer is new to a window when it has no row there yet), then the rows. Two statements over the same
 * VALUES list; a row whose day no window holds changes nothing.
 */
export function lateDeltaStatements(dialect: DialectName, mk: DialectFactory, tenantId: string, deltas: readonly CustomerDayDelta[]): Statement[] {
  const out: Statement[] = [];
  for (let at = 0; at < deltas.length; at += LATE_CHUNK) {
    const chunk = deltas.slice(at, at + LATE_CHUNK);
    const values = (d: Dialect) => `WITH d (day, customer_id, ${M.join(', ')}) AS (VALUES ${chunk.map((x) =>
      `(${d.int(d.param(x.day))}, ${d.param(x.customer)}, ${M.map((m) => d.int(d.param(x[m]))).join(', ')})`).join(', ')})`;
    const inWindow = (s: string) => `d.day >= ${s}.first_day AND d.day < ${s}.end_day`;
    out.push(stmt(mk, (d) => `${values(d)}
UPDATE customer_totals_state SET
  customers = customers + (SELECT COUNT(DISTINCT d.customer_id) FROM d WHERE ${inWindow('customer_totals_state')} AND NOT EXISTS (
    SELECT 1 FROM customer_totals t WHERE t.tenant_id = customer_totals_state.tenant_id AND t.window_id = customer_totals_state.window_id AND t.customer_id = d.customer_id)),
  cost_nanos = cost_nanos + (SELECT COALESCE(SUM(d.cost_nanos), 0) FROM d WHERE ${inWindow('customer_totals_state')}),
  estimated_cost_nanos = estimated_cost_nanos + (SELECT COALESCE(SUM(d.estimated_cost_nanos), 0) FROM d WHERE ${inWindow('customer_totals_state')})
WHERE tenant_id = ${d.param(tenantId)}`));
    out.push(stmt(mk, (d) => `${values(d)}
${upsertFromSql(CUSTOMER_TOTALS, dialect, `SELECT s.tenant_id, s.window_id, d.customer_id, ${M.map((m) => `SUM(d.${m})`).join(', ')}
FROM d JOIN customer_totals_state s ON s.tenant_id = ${d.param(tenantId)} AND ${inWindow('s')} WHERE true
GROUP BY s.tenant_id, s.window_id, d.customer_id ORDER BY 2, 3`)}`));
  }
  return out;
}

/** A rewrite of the tenant's rollup_daily rows: its windows are rebuilt by the next advance. */
export const INVALIDATE_SQL = (d: Dialect, tenantId: string) => `DELETE FROM customer_totals_state WHERE tenant_id = ${d.param(tenantId)}`;

/** The customer family's rows among daily deltas, as window deltas. */
export function customerDayDeltas(daily: readonly ({ family: string; day: number; key2: string } & Metrics)[]): CustomerDayDelta[] {
  return daily.filter((x) => x.family === 'customer').map((x) => {
    const out = { day: x.day, customer: x.key2 } as CustomerDayDelta;
    for (const m of M) out[m] = x[m];
    return out;
  });
}

/**
 * PostgreSQL: the tenant's window lock, a transaction-level advisory lock on the tenant — exclusive for an advance
 * and a rewrite of rollup_daily, shared for an ingest that has late events. A lock, not the state rows FOR UPDATE /
 * FOR SHARE: a tenant without state rows (its first advance) has no row to lock. Why it is exact: an ingest takes it
 * after writing its rollup rows and before reading the state, and holds it to its commit. An advance that gets it
 * first has read committed rollup rows only, and the ingest then reads the new state (its late days added to the
 * windows that hold them now); an ingest that gets it first has committed when the advance gets it, and the
 * advance's statements (READ COMMITTED: each sees what committed before it) read its rollup rows — the days the
 * advance adds or subtracts include its events, and the windows it did not touch keep the delta it added.
 */
export const PG_WINDOW_LOCK = (shared: boolean) => `SELECT ${shared ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock'}(hashtextextended('llmo_customer_windows' || chr(31) || $1, 0))`;

/**
 * An ingest on PostgreSQL looks for late events (and takes the lock) when an event's day starts before the day of
 * now + this margin: an event folded just before midnight by a transaction that commits after an advance of the new
 * day is then covered too (no ingest transaction lasts that long: the statement timeout is 30 s by default).
 */
export const LATE_MARGIN_MS = 10 * 60_000;
