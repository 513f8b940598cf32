/**
 * The PostgreSQL side of the customer window totals (storage/customer-windows.ts): the steps of an advance, each in
 * its own transaction under the tenant's wide lock (shared) and window lock (exclusive, PG_WINDOW_LOCK), and the
 * late events' deltas in the ingest transaction.
 */
import type pg from 'pg';
import { scopeNeedsBoundary, type WindowKey } from '../customer-windows.js';
import { advanceStep, ENDS_SQL, FIRST_DAY_SQL, lateStatements, PG_WINDOW_LOCK, STATE_SQL, toEnds, toStates, type AdvanceKind, type DialectFactory } from '../window-maintenance.js';
import { dayOf, hourlyDeltas } from '../rollup.js';
import type { StoredEventInput } from '../types.js';
import { pgWideLock, WIDE_THROUGH_SQL } from '../wide-compaction.js';
import type { Dialect } from '../segment-sql.js';
import { pgDialect } from './stores.js';

export const pgFactory: DialectFactory = () => {
  const { dialect, params } = pgDialect();
  return { dialect, values: () => params.values };
};

const rowsOf = async (c: pg.PoolClient, build: (d: Dialect) => string) => {
  const { dialect, values } = pgFactory();
  return (await c.query(build(dialect), values())).rows as Record<string, unknown>[];
};

/** One step of the advance of these windows of the tenant to the day of `now`, on a client inside the tenant's transaction. */
export async function advancePgStep(c: pg.PoolClient, tenantId: string, wanted: readonly WindowKey[], now: number, stepDays?: number): Promise<{ kinds: Record<string, AdvanceKind>; done: boolean }> {
  const today = dayOf(now);
  // (the order of an ingest's locks: wide, then window)
  await c.query(pgWideLock('shared'), [tenantId]);
  await c.query(PG_WINDOW_LOCK(false), [tenantId]);
  const states = toStates(await rowsOf(c, (d) => STATE_SQL(d, tenantId)));
  const firstDay = (await rowsOf(c, (d) => FIRST_DAY_SQL(d, tenantId)))[0]?.day;
  const boundary = wanted.some((k) => scopeNeedsBoundary(k.scope))
    ? Number((await c.query(WIDE_THROUGH_SQL.postgres, [tenantId])).rows[0]?.through_day ?? 0) * 1000 : undefined;
  const step = advanceStep('postgres', pgFactory, tenantId, wanted, { states, firstDay: firstDay == null ? null : Number(firstDay), boundary, stepDays }, today);
  for (const s of step.statements) await c.query(s.sql, s.params);
  return { kinds: step.kinds, done: step.statements.length === 0 };
}

/** The events of a batch that may be late for a window (their day starts before the day of now + LATE_MARGIN_MS). */
export const maybeLate = (events: readonly StoredEventInput[], cutoffMs: number) => events.filter((e) => e.started_at < cutoffMs);

/** In the ingest transaction (tenant set): the late events' rows into the windows holding their days, per scope. */
export async function writePgLateWindows(c: pg.PoolClient, tenantId: string, late: StoredEventInput[]): Promise<void> {
  const hourly = hourlyDeltas(late);
  if (hourly.length === 0) return;
  await c.query(PG_WINDOW_LOCK(true), [tenantId]);
  const ends = toEnds(await rowsOf(c, (d) => ENDS_SQL(d, tenantId)));
  for (const s of lateStatements('postgres', pgFactory, tenantId, hourly, ends)) await c.query(s.sql, s.params);
}
