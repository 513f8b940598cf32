/**
 * The PostgreSQL side of the customer window totals (storage/customer-windows.ts): the advance of a tenant's
 * windows in its own transaction under the tenant's window lock (PG_WINDOW_LOCK), and the late events' deltas in
 * the ingest transaction.
 */
import type pg from 'pg';
import { advanceStatements, customerDayDeltas, lateDeltaStatements, PG_WINDOW_LOCK, STATE_SQL, toStates, WINDOWS, type DialectFactory } from '../customer-windows.js';
import { dailyDeltas, dayOf } from '../rollup.js';
import type { StoredEventInput } from '../types.js';
import { pgDialect } from './stores.js';

export const pgFactory: DialectFactory = () => {
  const { dialect, params } = pgDialect();
  return { dialect, values: () => params.values };
};

/** Brings every window of the tenant to the day of `now`, on a client inside the tenant's transaction. */
export async function advancePgWindows(c: pg.PoolClient, tenantId: string, now: number): Promise<Record<string, string>> {
  const today = dayOf(now);
  await c.query(PG_WINDOW_LOCK(false), [tenantId]);
  const { dialect, values } = pgFactory();
  const states = toStates((await c.query(STATE_SQL(dialect, tenantId), values())).rows);
  const kinds: Record<string, string> = {};
  for (const w of WINDOWS) {
    const plan = advanceStatements('postgres', pgFactory, tenantId, w, states.find((s) => s.window_id === w), today);
    for (const s of plan.statements) await c.query(s.sql, s.params);
    kinds[w] = plan.kind;
  }
  return kinds;
}

/** The events of a batch that may be late for a window (their day starts before the day of now + LATE_MARGIN_MS). */
export const maybeLate = (events: readonly StoredEventInput[], cutoffMs: number) => events.filter((e) => e.started_at < cutoffMs);

/** In the ingest transaction (tenant set): the late events' customer rows into the windows holding their days. */
export async function writePgLateWindows(c: pg.PoolClient, tenantId: string, late: StoredEventInput[]): Promise<void> {
  const deltas = customerDayDeltas(dailyDeltas(late)).sort((a, b) => (a.customer < b.customer ? -1 : a.customer > b.customer ? 1 : a.day - b.day));
  if (deltas.length === 0) return;
  await c.query(PG_WINDOW_LOCK(true), [tenantId]);
  for (const s of lateDeltaStatements('postgres', pgFactory, tenantId, deltas)) await c.query(s.sql, s.params);
}
