/**
 * The SQLite side of the customer window totals (storage/customer-windows.ts): the steps of an advance and the late
 * events' deltas, both on the connection that writes (the writer thread's, or the main thread's without one). SQLite
 * has one writer at a time, and the fold and each step run on that same connection in their own transactions, so
 * they never interleave: a late event is either in rollup_daily when a step reads it, or folded after it, into the
 * windows whose days then contain its day — counted once either way.
 */
import type Database from 'better-sqlite3';
import { scopeNeedsBoundary, type WindowKey } from '../customer-windows.js';
import { advanceStep, ENDS_SQL, FIRST_DAY_SQL, lateStatements, STATE_SQL, toEnds, toStates, type AdvanceKind, type DialectFactory, type Statement } from '../window-maintenance.js';
import { dayOf, type HourlyDelta } from '../rollup.js';
import type { Dialect } from '../segment-sql.js';
import { WIDE_THROUGH_SQL } from '../wide-compaction.js';
import { sqliteDialect } from './dialect.js';

/** Positional `?` parameters, in the order of the text. */
export const sqliteFactory: DialectFactory = () => {
  const { dialect, params } = sqliteDialect();
  return { dialect, values: () => params };
};

const runAll = (db: Database.Database, statements: Statement[]) => {
  for (const s of statements) db.prepare(s.sql).run(s.params);
};

const one = (db: Database.Database, build: (d: Dialect) => string) => {
  const { dialect, values } = sqliteFactory();
  return db.prepare(build(dialect)).all(values()) as Record<string, unknown>[];
};

/**
 * One step of the advance of these windows of the tenant to the day of `now` (epoch ms), in one transaction, moving
 * each by at most `stepDays` days: what each window's step did, and whether the advance is done (nothing to do).
 */
export function advanceSqliteStep(db: Database.Database, tenantId: string, wanted: readonly WindowKey[], now: number, stepDays?: number): { kinds: Record<string, AdvanceKind>; done: boolean } {
  const today = dayOf(now);
  return db.transaction(() => {
    const states = toStates(one(db, (d) => STATE_SQL(d, tenantId)));
    const firstDay = one(db, (d) => FIRST_DAY_SQL(d, tenantId))[0]?.day;
    const boundary = wanted.some((k) => scopeNeedsBoundary(k.scope))
      ? ((db.prepare(WIDE_THROUGH_SQL.sqlite).get(tenantId) as { through_day: number } | undefined)?.through_day ?? 0) * 1000 : undefined;
    const step = advanceStep('sqlite', sqliteFactory, tenantId, wanted, { states, firstDay: firstDay == null ? null : Number(firstDay), boundary, stepDays }, today);
    runAll(db, step.statements);
    return { kinds: step.kinds, done: step.statements.length === 0 };
  }).immediate();
}

/** The tenants that have window state (the start-up advance brings them to today; others are built on first read). */
export const windowTenants = (db: Database.Database) =>
  (db.prepare(`SELECT DISTINCT tenant_id FROM customer_totals_state WHERE scope = '' ORDER BY 1`).pluck().all() as string[]);

/**
 * The fold's part (sqlite/fold.ts, inside its transaction): the rows of hours before some window's end_day of the
 * tenant and scope added to the windows holding their days. Events of today change nothing here, at the cost of one
 * read of the tenant's state per fold.
 */
export function createLateWindowWriter(db: Database.Database): (hourly: readonly HourlyDelta[]) => void {
  // (one placeholder, the tenant's)
  const ends = db.prepare(ENDS_SQL(sqliteFactory().dialect, ''));
  return (hourly) => {
    const byTenant = new Map<string, HourlyDelta[]>();
    for (const h of hourly) {
      const list = byTenant.get(h.tenant_id);
      if (list) list.push(h);
      else byTenant.set(h.tenant_id, [h]);
    }
    for (const [tenant, rows] of byTenant) {
      const scopes = toEnds(ends.all(tenant) as Record<string, unknown>[]);
      if (scopes.size === 0) continue;
      runAll(db, lateStatements('sqlite', sqliteFactory, tenant, rows, scopes));
    }
  };
}
