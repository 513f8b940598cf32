/**
 * The SQLite side of the customer window totals (storage/customer-windows.ts): the advance of a tenant's windows
 * and the late events' deltas, both on the connection that writes (the writer thread's, or the main thread's
 * without one). SQLite has one writer at a time, and the fold and the advance run on that same connection in their
 * own transactions, so they never interleave: a late event is either in rollup_daily when the advance reads it, or
 * folded after it, into the windows whose new days contain its day — counted once either way.
 */
import type Database from 'better-sqlite3';
import { advanceStatements, customerDayDeltas, lateDeltaStatements, STATE_SQL, toStates, WINDOWS, type DialectFactory, type Statement } from '../customer-windows.js';
import { dayOf, type DailyDelta } from '../rollup.js';
import type { Dialect } from '../segment-sql.js';

const sectionMatch = () => {
  throw new Error('no section match in the window statements');
};
/** Positional `?` parameters, in the order of the text. */
export const sqliteFactory: DialectFactory = () => {
  const params: unknown[] = [];
  const dialect: Dialect = { param: (v) => (params.push(v), '?'), int: (ph) => ph, sectionMatch };
  return { dialect, values: () => params };
};

const runAll = (db: Database.Database, statements: Statement[]) => {
  for (const s of statements) db.prepare(s.sql).run(s.params);
};

/** Brings every window of the tenant to the day of `now` (epoch ms), in one transaction; answers what each needed. */
export function advanceSqliteWindows(db: Database.Database, tenantId: string, now: number): Record<string, string> {
  const today = dayOf(now);
  const kinds: Record<string, string> = {};
  db.transaction(() => {
    const { dialect, values } = sqliteFactory();
    const states = toStates(db.prepare(STATE_SQL(dialect, tenantId)).all(values()) as Record<string, unknown>[]);
    for (const w of WINDOWS) {
      const plan = advanceStatements('sqlite', sqliteFactory, tenantId, w, states.find((s) => s.window_id === w), today);
      runAll(db, plan.statements);
      kinds[w] = plan.kind;
    }
  }).immediate();
  return kinds;
}

/** The tenants that have window state (the start-up advance brings them to today; others are built on first read). */
export const windowTenants = (db: Database.Database) =>
  (db.prepare('SELECT DISTINCT tenant_id FROM customer_totals_state ORDER BY 1').pluck().all() as string[]);

/**
 * The fold's part (sqlite/fold.ts, inside its transaction): the customer rows of days some window of the tenant
 * already holds (day < its largest end_day) added to those windows. Events of today change nothing here, at the cost
 * of one primary-key read per tenant of the fold.
 */
export function createLateWindowWriter(db: Database.Database): (daily: readonly DailyDelta[]) => void {
  const maxEnd = db.prepare('SELECT MAX(end_day) FROM customer_totals_state WHERE tenant_id = ?').pluck();
  return (daily) => {
    const byTenant = new Map<string, DailyDelta[]>();
    for (const d of daily) {
      if (d.family !== 'customer') continue;
      const list = byTenant.get(d.tenant_id);
      if (list) list.push(d);
      else byTenant.set(d.tenant_id, [d]);
    }
    for (const [tenant, rows] of byTenant) {
      const end = maxEnd.get(tenant) as number | null;
      if (end === null) continue;
      const late = rows.filter((d) => d.day < end);
      if (late.length > 0) runAll(db, lateDeltaStatements('sqlite', sqliteFactory, tenant, customerDayDeltas(late)));
    }
  };
}
