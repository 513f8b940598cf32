/**
 * What a batch of newly stored events does to billing, in the ingest transaction of either database: the billing
 * rollups (hourly and monthly), and the events that started in an already closed period, recorded as late (they
 * become adjustment lines of the customer's next open statement, never part of the closed one).
 *
 * Closing a period and ingest exclude each other per tenant: SQLite by its single writer (closing holds the write
 * lock; on the writer thread this runs in the fold of the aggregates, sqlite/fold.ts, so "late" means folded after
 * the closing), PostgreSQL by a transaction-level advisory lock (shared here, exclusive while closing), so an event
 * is either in the rollups a closing reads or recorded late, never neither.
 */
import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { StoredEventInput } from '../../domain/event.js';
import { encoders } from '../columns.js';
import { upsertSql } from '../statements.js';
import { sqliteUpserts } from '../sqlite/upserts.js';
import { billingDeltaPair, type BillingDelta } from './deltas.js';
import { BILLING_HOURLY, BILLING_MONTHLY } from './tables.js';
import { sortByKey } from '../../util/sort-by-key.js';
import { textColumns } from '../postgres/text-array.js';

export interface ClosedRange {
  period: string;
  from_ms: number;
  to_ms: number;
}

export const CLOSED_RANGES_SQL = 'SELECT period, from_ms, to_ms FROM billing_periods WHERE tenant_id = ?';
export const INSERT_LATE_SQL = `INSERT INTO billing_late (tenant_id, span_id, customer_id, period, arrived_at) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (tenant_id, span_id) DO NOTHING`;

/** The events of `inserted` that started in one of the closed ranges, with the period each belongs to. */
export function lateEvents(inserted: readonly StoredEventInput[], closed: readonly ClosedRange[]): { e: StoredEventInput; period: string }[] {
  if (closed.length === 0) return [];
  const out: { e: StoredEventInput; period: string }[] = [];
  for (const e of inserted) {
    const c = closed.find((r) => e.started_at >= r.from_ms && e.started_at < r.to_ms);
    if (c) out.push({ e, period: c.period });
  }
  return out;
}

const byTenant = (events: readonly StoredEventInput[]) => {
  const m = new Map<string, StoredEventInput[]>();
  for (const e of events) {
    const g = m.get(e.tenant_id);
    if (g) g.push(e);
    else m.set(e.tenant_id, [e]);
  }
  return m;
};

/** Rows per upsert statement: one statement of 8 rows costs far less than 8 statements (bench/ingest-writer.ts). */
/** SQLite: a function of the writer's transaction (synchronous, prepared once per connection). */
export function createSqliteBillingWriter(db: Database.Database): (inserted: StoredEventInput[], sign?: 1 | -1) => void {
  const hourly = sqliteUpserts<BillingDelta>(db, BILLING_HOURLY);
  const monthly = sqliteUpserts<BillingDelta>(db, BILLING_MONTHLY);
  const closed = db.prepare(CLOSED_RANGES_SQL);
  const late = db.prepare(INSERT_LATE_SQL);
  return (inserted) => {
    if (inserted.length === 0) return;
    const deltas = billingDeltaPair(inserted);
    hourly(deltas.hourly);
    monthly(deltas.monthly);
    const at = Date.now();
    for (const [tenant, events] of byTenant(inserted)) {
      for (const { e, period } of lateEvents(events, closed.all(tenant) as ClosedRange[])) {
        late.run(tenant, e.span_id, e.customer_id ?? '', period, at);
      }
    }
  };
}

const PG_HOURLY = upsertSql(BILLING_HOURLY, 'postgres');
const PG_MONTHLY = upsertSql(BILLING_MONTHLY, 'postgres');
const PG_HOURLY_ENC = encoders(BILLING_HOURLY, 'postgres') as unknown as ((d: BillingDelta) => unknown)[];
const PG_MONTHLY_ENC = encoders(BILLING_MONTHLY, 'postgres') as unknown as ((d: BillingDelta) => unknown)[];
/** The rows' lock order: concurrent batches take shared rows in one order, so they never deadlock on them. */
const deltaKey = (d: BillingDelta) => `${String(d.hour + d.month).padStart(12, '0')}\u0000${d.customer_id}\u0000${d.provider}\u0000${d.model}\u0000${d.feature}\u0000${d.unit}`;

/** The advisory lock of a tenant's billing (shared by ingest, exclusive while closing a period). */
export const PG_BILLING_LOCK = (shared: boolean) => `SELECT ${shared ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock'}(hashtext('llmo_billing:' || $1))`;

/** Upserts billing deltas of one tenant (sorted: concurrent batches never deadlock on shared rows). */
export async function upsertPgBilling(client: pg.PoolClient, tenant: string, hourly: BillingDelta[], monthly: BillingDelta[]): Promise<void> {
  if (hourly.length > 0) {
    const rows = sortByKey(hourly, deltaKey);
    await client.query({ name: 'llmo_upsert_billing_hourly', text: PG_HOURLY, values: [tenant, ...textColumns(PG_HOURLY_ENC, rows)] });
  }
  if (monthly.length > 0) {
    const rows = sortByKey(monthly, deltaKey);
    await client.query({ name: 'llmo_upsert_billing_monthly', text: PG_MONTHLY, values: [tenant, ...textColumns(PG_MONTHLY_ENC, rows)] });
  }
}

/** PostgreSQL: inside writeEvents' transaction, for one tenant's inserted events (tenant already set). */
export async function writePgBilling(client: pg.PoolClient, tenant: string, inserted: StoredEventInput[]): Promise<void> {
  if (inserted.length === 0) return;
  await client.query({ name: 'llmo_billing_lock_shared', text: PG_BILLING_LOCK(true), values: [tenant] });
  const deltas = billingDeltaPair(inserted);
  await upsertPgBilling(client, tenant, deltas.hourly, deltas.monthly);
  const closed = (await client.query<ClosedRange>({ name: 'llmo_billing_closed', text: 'SELECT period, from_ms, to_ms FROM billing_periods WHERE tenant_id = $1', values: [tenant] })).rows;
  const late = lateEvents(inserted, closed);
  if (late.length > 0) {
    await client.query(
      `INSERT INTO billing_late (tenant_id, span_id, customer_id, period, arrived_at)
       SELECT $1, u.* FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[]) AS u ON CONFLICT (tenant_id, span_id) DO NOTHING`,
      [tenant, late.map((l) => l.e.span_id), late.map((l) => l.e.customer_id ?? ''), late.map((l) => l.period), late.map(() => Date.now())],
    );
  }
}
