/**
 * The maintenance of the customer windows (storage/customer-windows.ts says what they are): the steps of an advance,
 * the late events' deltas per scope, and the PostgreSQL window lock. Dialect-neutral SQL: both adapters pass their
 * Dialect and run the statements (sqlite/windows.ts, postgres/windows.ts).
 */
import { CUSTOMER_TOTALS, CUSTOMER_TOTALS_STATE, METRIC_NAMES, type DialectName, type Metrics } from './columns.js';
import type { HourlyDelta } from './rollup.js';
import type { Dialect } from './segment-sql.js';
import { upsertFromSql } from './statements.js';
import {
  ALL_FIRST_DAY, CLEAR_CHUNK, isClearing, isFresh, MAX_SCOPED_WINDOWS, SCOPE_IDLE_DAYS, scopeMatches, scopeOf, scopeRows, STEP_DAYS,
  windowFirstDay, WINDOWS, type CustomerWindow, type WindowKey, type WindowState,
} from './customer-windows.js';

const M = METRIC_NAMES;
const DAY_S = 86_400;

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

/** What an advance did to a window: nothing, moved it, or cleared and built it again. */
export type AdvanceKind = 'none' | 'incremental' | 'rebuild';

/** What a step is planned from, read in its transaction. */
export interface AdvanceFacts {
  /** every state row of the tenant */
  states: WindowState[];
  /** the tenant's first day with events (epoch seconds; null: none) */
  firstDay: number | null;
  /** the tenant's compaction boundary (epoch ms), when a wanted scope needs it */
  boundary?: number;
  /** days a step adds (and subtracts) per window, 1 … STEP_DAYS (default STEP_DAYS): adaptStepDays */
  stepDays?: number;
}

/** A step that took longer than this (ms) halves the next one's days; one that took under a quarter of it doubles them. */
export const STEP_TARGET_MS = 80;
/** The next step's days after a step of `days` took `ms`: steps of about STEP_TARGET_MS, so that a batch waits little. */
export const adaptStepDays = (days: number, ms: number) =>
  ms > STEP_TARGET_MS ? Math.max(1, Math.floor(days / 2)) : ms < STEP_TARGET_MS / 4 ? Math.min(STEP_DAYS, days * 2) : days;
/** The days of an advance's first step. */
export const FIRST_STEP_DAYS = 2;

/** The state row of a window. */
const stateOf = (states: readonly WindowState[], k: WindowKey) => states.find((s) => s.window_id === k.w && s.scope === k.scope);
const where = (d: Dialect, tenantId: string, k: WindowKey, p = '') =>
  `${p}tenant_id = ${d.param(tenantId)} AND ${p}window_id = ${d.param(k.w)} AND ${p}scope = ${d.param(k.scope)}`;

/** A window's state set to clearing (covers no day; late events and reads leave it alone). */
const clearState = (mk: DialectFactory, tenantId: string, k: WindowKey) =>
  stmt(mk, (d) => `UPDATE customer_totals_state SET first_day = 0, end_day = 0 WHERE ${where(d, tenantId, k)}`);

/** One chunk of a clearing window's rows, then its state once none is left. */
const clearChunk = (mk: DialectFactory, tenantId: string, k: WindowKey): Statement[] => [
  stmt(mk, (d) => `DELETE FROM customer_totals WHERE ${where(d, tenantId, k)} AND customer_id IN (
  SELECT customer_id FROM customer_totals WHERE ${where(d, tenantId, k)} LIMIT ${d.int(d.param(CLEAR_CHUNK))})`),
  stmt(mk, (d) => `DELETE FROM customer_totals_state WHERE ${where(d, tenantId, k)} AND first_day = 0 AND end_day = 0
  AND NOT EXISTS (SELECT 1 FROM customer_totals WHERE ${where(d, tenantId, k)})`),
];

/** The window's totals from its rows (the step that brings it to today). */
const recountState = (mk: DialectFactory, tenantId: string, k: WindowKey) =>
  stmt(mk, (d) => `UPDATE customer_totals_state SET
  customers = (SELECT COUNT(*) FROM customer_totals WHERE ${where(d, tenantId, k)}),
  cost_nanos = (SELECT COALESCE(SUM(cost_nanos), 0) FROM customer_totals WHERE ${where(d, tenantId, k)}),
  estimated_cost_nanos = (SELECT COALESCE(SUM(estimated_cost_nanos), 0) FROM customer_totals WHERE ${where(d, tenantId, k)})
WHERE ${where(d, tenantId, k)}`);

/**
 * The statements of one step for one wanted window (its state `s`), and what it is doing; [] when it is today's.
 * Incremental when the state's days overlap the new window's and moving them touches fewer days than a rebuild reads.
 */
function windowStep(dialect: DialectName, mk: DialectFactory, tenantId: string, k: WindowKey, s: WindowState | undefined, facts: AdvanceFacts, today: number): { kind: AdvanceKind; statements: Statement[] } {
  const first = windowFirstDay(k.w, today);
  if (isFresh(s, k.w, today)) return { kind: 'none', statements: [] };
  if (s === undefined) {
    // a new state covering no day yet: from the window's first day, or the tenant's first (no row before it)
    const start = Math.min(today, Math.max(first, facts.firstDay ?? today));
    const fresh = start === today;
    return {
      kind: 'rebuild',
      statements: [stmt(mk, (d) => `INSERT INTO customer_totals_state (${CUSTOMER_TOTALS_STATE.columns.map((c) => c.name).join(', ')})
VALUES (${d.param(tenantId)}, ${d.param(k.w)}, ${d.param(k.scope)}, ${d.int(d.param(first))}, ${d.int(d.param(start))}, ${d.int(d.param(today))}, 0, 0, 0)`),
      ...(fresh ? [recountState(mk, tenantId, k)] : [])],
    };
  }
  if (isClearing(s)) return { kind: 'rebuild', statements: clearChunk(mk, tenantId, k) };
  const contiguous = s.first_day <= first && first <= s.end_day && s.end_day <= today;
  const moved = contiguous ? (today - s.end_day) / DAY_S + (first - s.first_day) / DAY_S : Infinity;
  const rebuildDays = first === ALL_FIRST_DAY ? Infinity : (today - first) / DAY_S;
  if (!contiguous || (first !== ALL_FIRST_DAY && s.first_day !== first && moved >= rebuildDays)) {
    return { kind: 'rebuild', statements: [clearState(mk, tenantId, k), ...clearChunk(mk, tenantId, k)] };
  }
  const days = Math.max(1, Math.min(STEP_DAYS, Math.floor(facts.stepDays ?? STEP_DAYS)));
  const end = Math.min(today, s.end_day + days * DAY_S);
  const from = s.first_day === first ? first : Math.min(first, s.first_day + days * DAY_S);
  const parts: [number, number, 1 | -1][] = [];
  if (s.end_day < end) parts.push([s.end_day, end, 1]);
  if (s.first_day < from) parts.push([s.first_day, from, -1]);
  const rows = (d: Dialect) => parts.map(([lo, hi, sign]) => scopeRows(d, tenantId, k.scope, lo, hi, sign, facts.boundary)).join('\nUNION ALL ');
  const out: Statement[] = [];
  if (parts.length > 0) {
    out.push(stmt(mk, (d) => upsertFromSql(CUSTOMER_TOTALS, dialect,
      `SELECT ${d.param(tenantId)}, ${d.param(k.w)}, ${d.param(k.scope)}, customer_id, ${M.map((m) => `SUM(${m})`).join(', ')}
FROM (${rows(d)}) AS x WHERE true GROUP BY customer_id`)));
  }
  if (s.first_day < from) {
    // customers whose every measure went back to 0 (their days left the window): no row (the index holds the live ones)
    out.push(stmt(mk, (d) => `DELETE FROM customer_totals WHERE ${where(d, tenantId, k)} AND ${M.map((m) => `${m} = 0`).join(' AND ')}
  AND customer_id IN (SELECT customer_id FROM (${scopeRows(d, tenantId, k.scope, s.first_day, from, -1, facts.boundary)}) AS z)`));
  }
  out.push(stmt(mk, (d) => `UPDATE customer_totals_state SET first_day = ${d.int(d.param(from))}, end_day = ${d.int(d.param(end))}, read_day = ${d.int(d.param(today))}
WHERE ${where(d, tenantId, k)}`));
  if (from === first && end === today) out.push(recountState(mk, tenantId, k));
  return { kind: 'incremental', statements: out };
}

/** The unscoped windows (one advance builds and moves all five). */
export const UNSCOPED_WINDOWS: readonly WindowKey[] = WINDOWS.map((w) => ({ w, scope: '' }));

/**
 * One step of an advance that brings the `wanted` windows to `today`: for each, the statements of its next step
 * (windowStep); for every clearing window of the tenant, its next chunk; scoped windows idle for SCOPE_IDLE_DAYS, or
 * beyond MAX_SCOPED_WINDOWS once a new one is wanted, set clearing. No statement: the advance is done.
 */
export function advanceStep(dialect: DialectName, mk: DialectFactory, tenantId: string, wanted: readonly WindowKey[], facts: AdvanceFacts, today: number): { statements: Statement[]; kinds: Record<string, AdvanceKind> } {
  const statements: Statement[] = [];
  const kinds: Record<string, AdvanceKind> = {};
  const isWanted = (s: WindowState) => wanted.some((k) => k.w === s.window_id && k.scope === s.scope);
  const scoped = facts.states.filter((s) => s.scope !== '' && !isClearing(s) && !isWanted(s));
  const evict = scoped.filter((s) => s.read_day < today - SCOPE_IDLE_DAYS * DAY_S);
  const newScoped = wanted.filter((k) => k.scope !== '' && stateOf(facts.states, k) === undefined).length;
  const kept = scoped.filter((s) => !evict.includes(s)).sort((a, b) => a.read_day - b.read_day || a.end_day - b.end_day);
  evict.push(...kept.slice(0, Math.max(0, kept.length + newScoped - MAX_SCOPED_WINDOWS)));
  for (const s of evict) statements.push(clearState(mk, tenantId, { w: s.window_id, scope: s.scope }));
  for (const s of facts.states) {
    if (isClearing(s) && !isWanted(s)) statements.push(...clearChunk(mk, tenantId, { w: s.window_id, scope: s.scope }));
  }
  for (const k of wanted) {
    const step = windowStep(dialect, mk, tenantId, k, stateOf(facts.states, k), facts, today);
    statements.push(...step.statements);
    kinds[k.scope === '' ? k.w : `${k.w} ${k.scope}`] = step.kind;
  }
  return { statements, kinds };
}

/** Folds a step's kinds into the advance's: a rebuild at any step is one, else a move at any step. */
export function mergeKinds(into: Record<string, AdvanceKind>, step: Record<string, AdvanceKind>): void {
  const rank = { none: 0, incremental: 1, rebuild: 2 } as const;
  for (const [w, k] of Object.entries(step)) if (into[w] === undefined || rank[k] > rank[into[w]!]) into[w] = k;
}

export const STATE_SQL = (d: Dialect, tenantId: string) =>
  `SELECT window_id, scope, first_day, end_day, read_day FROM customer_totals_state WHERE tenant_id = ${d.param(tenantId)}`;
/** The tenant's first day with events: the `total` family's first row. */
export const FIRST_DAY_SQL = (d: Dialect, tenantId: string) =>
  `SELECT MIN(day) AS day FROM rollup_daily WHERE tenant_id = ${d.param(tenantId)} AND family = 'total' AND key1 = ''`;

/** The state rows as numbers (PostgreSQL gives bigint as text). */
export const toStates = (rows: Record<string, unknown>[]): WindowState[] =>
  rows.map((r) => ({ window_id: r.window_id as CustomerWindow, scope: String(r.scope), first_day: Number(r.first_day), end_day: Number(r.end_day), read_day: Number(r.read_day) }));

/** A customer delta of one day (day epoch seconds, customer '' = none). */
export interface CustomerDayDelta extends Metrics {
  day: number;
  customer: string;
}

/** Rows per late-delta statement (SQLite allows 32,766 parameters; 13 per row). */
export const LATE_CHUNK = 1_000;

/**
 * Adds these customer rows of closed days to every window of the tenant and scope whose days contain theirs: first
 * the states' totals (a customer is new to a window when it has no row there yet), then the rows. Two statements
 * over the same VALUES list; a row whose day no window holds changes nothing.
 */
export function lateDeltaStatements(dialect: DialectName, mk: DialectFactory, tenantId: string, scope: string, deltas: readonly CustomerDayDelta[]): Statement[] {
  const out: Statement[] = [];
  for (let at = 0; at < deltas.length; at += LATE_CHUNK) {
    const chunk = deltas.slice(at, at + LATE_CHUNK);
    const values = (d: Dialect) => `WITH d (day, customer_id, ${M.join(', ')}) AS (VALUES ${chunk.map((x) =>
      `(${d.int(d.param(x.day))}, ${d.param(x.customer)}, ${M.map((m) => d.int(d.param(x[m]))).join(', ')})`).join(', ')})`;
    const inWindow = (s: string) => `d.day >= ${s}.first_day AND d.day < ${s}.end_day`;
    out.push(stmt(mk, (d) => `${values(d)}
UPDATE customer_totals_state SET
  customers = customers + (SELECT COUNT(DISTINCT d.customer_id) FROM d WHERE ${inWindow('customer_totals_state')} AND NOT EXISTS (
    SELECT 1 FROM customer_totals t WHERE t.tenant_id = customer_totals_state.tenant_id AND t.window_id = customer_totals_state.window_id
      AND t.scope = customer_totals_state.scope AND t.customer_id = d.customer_id)),
  cost_nanos = cost_nanos + (SELECT COALESCE(SUM(d.cost_nanos), 0) FROM d WHERE ${inWindow('customer_totals_state')}),
  estimated_cost_nanos = estimated_cost_nanos + (SELECT COALESCE(SUM(d.estimated_cost_nanos), 0) FROM d WHERE ${inWindow('customer_totals_state')})
WHERE tenant_id = ${d.param(tenantId)} AND scope = ${d.param(scope)}`));
    out.push(stmt(mk, (d) => `${values(d)}
${upsertFromSql(CUSTOMER_TOTALS, dialect, `SELECT s.tenant_id, s.window_id, s.scope, d.customer_id, ${M.map((m) => `SUM(d.${m})`).join(', ')}
FROM d JOIN customer_totals_state s ON s.tenant_id = ${d.param(tenantId)} AND s.scope = ${d.param(scope)} AND ${inWindow('s')} WHERE true
GROUP BY s.tenant_id, s.window_id, s.scope, d.customer_id ORDER BY 2, 4`)}`));
  }
  return out;
}

/**
 * The late statements of hourly deltas for the tenant's windows: per scope with a window holding closed days
 * (`ends`: scope → its windows' largest end_day), the deltas of hours before that end matching the scope, summed per
 * day and customer.
 */
export function lateStatements(dialect: DialectName, mk: DialectFactory, tenantId: string, hourly: readonly HourlyDelta[], ends: ReadonlyMap<string, number>): Statement[] {
  const out: Statement[] = [];
  for (const [scope, end] of ends) {
    const sc = scopeOf(scope);
    const byKey = new Map<string, CustomerDayDelta>();
    for (const h of hourly) {
      if (h.hour >= end || !scopeMatches(sc, h)) continue;
      const day = Math.floor(h.hour / DAY_S) * DAY_S;
      const key = `${day}\u0000${h.customer_id}`;
      let x = byKey.get(key);
      if (x === undefined) {
        x = { day, customer: h.customer_id } as CustomerDayDelta;
        for (const m of M) x[m] = 0;
        byKey.set(key, x);
      }
      for (const m of M) x[m] += h[m];
    }
    // (sorted: concurrent PostgreSQL transactions upsert the rows in one order)
    const deltas = [...byKey.values()].sort((a, b) => (a.customer < b.customer ? -1 : a.customer > b.customer ? 1 : a.day - b.day));
    if (deltas.length > 0) out.push(...lateDeltaStatements(dialect, mk, tenantId, scope, deltas));
  }
  return out;
}

/** The scopes of the tenant's windows that hold closed days, with their largest end_day (epoch seconds). */
export const ENDS_SQL = (d: Dialect, tenantId: string) =>
  `SELECT scope, MAX(end_day) AS end_day FROM customer_totals_state WHERE tenant_id = ${d.param(tenantId)} GROUP BY scope`;
export const toEnds = (rows: Record<string, unknown>[]) =>
  new Map(rows.map((r) => [String(r.scope), Number(r.end_day)] as const).filter(([, end]) => end > 0));

/**
 * PostgreSQL: the tenant's window lock, a transaction-level advisory lock on the tenant — exclusive for an advance
 * step and a rewrite of rollup_daily, shared for an ingest that has late events. A lock, not the state rows FOR
 * UPDATE / FOR SHARE: a tenant without state rows (its first advance) has no row to lock. Why it is exact: an ingest
 * takes it after writing its rollup rows and before reading the state, and holds it to its commit. A step that gets
 * it first has read committed rollup rows only, and the ingest then reads the new state (its late days added to the
 * windows that hold them now); an ingest that gets it first has committed when the step gets it, and the step's
 * statements (READ COMMITTED: each sees what committed before it) read its rollup rows — the days the step adds or
 * subtracts include its events, and the windows it did not touch keep the delta it added. A step takes the wide
 * lock (wide-compaction.ts) shared first, as an ingest does: the compaction boundary it read cannot move under it.
 */
export const PG_WINDOW_LOCK = (shared: boolean) => `SELECT ${shared ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock'}(hashtextextended('llmo_customer_windows' || chr(31) || $1, 0))`;

/**
 * An ingest on PostgreSQL looks for late events (and takes the lock) when an event's day starts before the day of
 * now + this margin: an event folded just before midnight by a transaction that commits after an advance of the new
 * day is then covered too (no ingest transaction lasts that long: the statement timeout is 30 s by default).
 */
export const LATE_MARGIN_MS = 10 * 60_000;
