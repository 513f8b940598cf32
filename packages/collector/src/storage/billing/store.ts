/**
 * A tenant's billing data, written once for both databases over BillingDb: settings, markup rules, usage of a range
 * (billing rollups through storage/billing/segments.ts), closed periods and their frozen statements, late events,
 * re-pricing of stored events (events and every aggregate updated in one transaction per chunk), event export
 * pages and the Stripe outbox. Every statement names the tenant (and PostgreSQL's row-level security enforces it).
 */
import type { StoredEvent } from '../../domain/event.js';
import { nanosToUsd, usdToNanos } from '@llmobserve/shared';
import { IS_CALL_SQL, ROLLUP_DAILY, ROLLUP_DAILY_WIDE, ROLLUP_HOURLY, rowParams, encoders, type Table } from '../columns.js';
import { compactedDayDeltas, pgWideLock, WIDE_THROUGH_SQL } from '../wide-compaction.js';
import { PG_WINDOW_LOCK } from '../window-maintenance.js';
import { dailyDeltas, hourlyDeltas, runDeltas } from '../rollup.js';
import { rowToEvent, type Row } from '../rows.js';
import { upsertSql } from '../statements.js';
import type { BillingDb, SqlRunner } from './db.js';
import type { Offload } from './offload.js';
import { billingDeltas, billingRow, netDeltas, type BillingRow } from './deltas.js';
import { billingSegments, monthStarts } from './segments.js';
import { BILLING_HOURLY, BILLING_KEYS, BILLING_MEASURES, BILLING_MONTHLY } from './tables.js';
import {
  DEFAULT_BILLING_SETTINGS, type BillingSettings, type ClosedPeriod, type LateEvent, type MarkupRule, type OutboxRow, type RepriceChange,
  type RepriceCursor, type RepriceRecord, type StoredStatement,
} from './types.js';

const MEASURE_SUMS = BILLING_MEASURES.map((m) => `SUM(${m}) AS ${m}`).join(', ');
const KEYS = BILLING_KEYS.join(', ');
const MEASURES = BILLING_MEASURES.join(', ');
const json = (v: unknown) => (v === null || v === undefined ? null : typeof v === 'string' ? JSON.parse(v) : v);

/**
 * After a (started_at, id) cursor: the range starts at the cursor's started_at (so the index range scan starts
 * there, not at `from` again: pages stay O(page)), and rows of that same instant come after its id.
 */
const afterCursor = (after: RepriceCursor | null): [string, unknown[]] =>
  after ? [' AND (started_at > ? OR id > ?)', [after.started_at, after.id]] : ['', []];

/** An event row with its id (the export and re-pricing cursor). */
const withId = (r: Row) => ({ id: Number(r.id), event: rowToEvent(r) });

export interface ClosingSpec {
  period: string;
  from_ms: number;
  to_ms: number;
  timezone: string;
  price_version: string;
  closed_at: number;
}

/** What a closing computes from the period's usage, inside the closing transaction. */
export type BuildStatements = (input: { usage: BillingRow[]; late: LateEvent[]; closed: ClosedPeriod[] }) => StoredStatement[] | Promise<StoredStatement[]>;

export class BillingStore {
  /** `offload`: where the reads of every customer run (SQLite's billing reader thread), when not on `db`. */
  constructor(private readonly db: BillingDb, readonly tenantId: string, private readonly offload: Offload | null = null) {}

  private read<T>(fn: (r: SqlRunner) => Promise<T>) {
    return this.db.tx(this.tenantId, fn);
  }
  private write<T>(fn: (r: SqlRunner) => Promise<T>) {
    return this.db.tx(this.tenantId, fn, { write: true });
  }

  async getSettings(): Promise<BillingSettings> {
    const rows = await this.read((r) => r.all<BillingSettings>('SELECT timezone, currency, default_markup_percent, platform_fee_usd, minimum_usd, stripe_event_name, updated_at FROM billing_settings WHERE tenant_id = ?', [this.tenantId]));
    return rows[0] ?? { ...DEFAULT_BILLING_SETTINGS };
  }

  async putSettings(s: BillingSettings): Promise<BillingSettings> {
    await this.write((r) => r.run(
      `INSERT INTO billing_settings (tenant_id, timezone, currency, default_markup_percent, platform_fee_usd, minimum_usd, stripe_event_name, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant_id) DO UPDATE SET timezone = excluded.timezone, currency = excluded.currency,
         default_markup_percent = excluded.default_markup_percent, platform_fee_usd = excluded.platform_fee_usd,
         minimum_usd = excluded.minimum_usd, stripe_event_name = excluded.stripe_event_name, updated_at = excluded.updated_at`,
      [this.tenantId, s.timezone, s.currency, s.default_markup_percent, s.platform_fee_usd, s.minimum_usd, s.stripe_event_name, s.updated_at],
    ));
    return s;
  }

  async listRules(): Promise<MarkupRule[]> {
    return this.read((r) => r.all<MarkupRule>('SELECT id, scope, match, kind, type, value, created_at FROM billing_rules WHERE tenant_id = ? ORDER BY created_at, id', [this.tenantId]));
  }

  async putRule(rule: MarkupRule): Promise<MarkupRule> {
    await this.write((r) => r.run(
      `INSERT INTO billing_rules (tenant_id, id, scope, match, kind, type, value, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant_id, id) DO UPDATE SET scope = excluded.scope, match = excluded.match, kind = excluded.kind, type = excluded.type, value = excluded.value`,
      [this.tenantId, rule.id, rule.scope, rule.match, rule.kind, rule.type, rule.value, rule.created_at],
    ));
    return rule;
  }

  async deleteRule(id: string): Promise<boolean> {
    return (await this.write((r) => r.run('DELETE FROM billing_rules WHERE tenant_id = ? AND id = ?', [this.tenantId, id]))) === 1;
  }

  /** Usage of [from, to) per customer × provider × model × feature × unit (one customer's only, when given). */
  async usage(from: number, to: number, customer?: string): Promise<BillingRow[]> {
    if (customer === undefined && this.offload) return this.offload<BillingRow[]>(this.tenantId, 'usage', [from, to]);
    return this.read((r) => this.usageIn(r, from, to, customer));
  }

  private async usageIn(r: SqlRunner, from: number, to: number, customer?: string): Promise<BillingRow[]> {
    // the first row of a key becomes its accumulator (no copy per row); rows read as arrays, one literal per row
    const acc = new Map<string, BillingRow>();
    const add = (x: BillingRow, sign: 1 | -1) => {
      const key = `${x.customer_id}\u001f${x.provider}\u001f${x.model}\u001f${x.feature}\u001f${x.unit}`;
      const g = acc.get(key);
      if (g) {
        for (const m of BILLING_MEASURES) g[m] += sign * x[m];
        return;
      }
      if (sign === -1) for (const m of BILLING_MEASURES) x[m] = -x[m];
      acc.set(key, x);
    };
    const addRows = (rows: unknown[][], sign: 1 | -1) => {
      for (const a of rows) add(billingRow(a[0] as string, a[1] as string, a[2] as string, a[3] as string, a[4] as string, a, 5), sign);
    };
    const byCustomer = customer === undefined ? '' : ' AND customer_id = ?';
    const cust = customer === undefined ? [] : [customer];
    for (const s of billingSegments(from, to)) {
      if (s.source === 'raw') {
        const rows = await r.all(
          `SELECT tenant_id, span_type, started_at, customer_id, provider, model, section_path, input_tokens, output_tokens, cache_read_tokens,
             cache_write_tokens, reasoning_tokens, units, cost_nanos, cost_parts
           FROM trace_events WHERE tenant_id = ? AND started_at >= ? AND started_at < ? AND ${IS_CALL_SQL}${byCustomer}`,
          [this.tenantId, s.from, s.to, ...cust],
        );
        for (const d of billingDeltas(rows.map((x) => ({ ...x, cost_usd: nanosToUsd(x.cost_nanos as number | null), units: json(x.units), cost_parts: json(x.cost_parts) }) as never), 'hour', s.sign)) {
          const { tenant_id: _t, hour: _h, month: _m, ...row } = d;
          add(row, 1);
        }
        continue;
      }
      if (s.source === 'monthly') {
        // one month at a time: its rows are unique per key and come in primary-key order (no GROUP BY, no temp b-tree)
        for (const month of monthStarts(s.from, s.to)) {
          addRows(await r.rows(`SELECT ${KEYS}, ${MEASURES} FROM billing_monthly WHERE tenant_id = ? AND month = ?${byCustomer}`, [this.tenantId, month / 1000, ...cust]), s.sign);
        }
        continue;
      }
      addRows(await r.rows(
        `SELECT ${KEYS}, ${MEASURE_SUMS} FROM billing_hourly WHERE tenant_id = ?${byCustomer} AND hour >= ? AND hour < ? GROUP BY ${KEYS}`,
        [this.tenantId, ...cust, s.from / 1000, s.to / 1000],
      ), s.sign);
    }
    return [...acc.values()].filter((g) => BILLING_MEASURES.some((m) => g[m] !== 0));
  }

  async listPeriods(): Promise<ClosedPeriod[]> {
    return this.read((r) => this.periodsIn(r));
  }

  private periodsIn(r: SqlRunner): Promise<ClosedPeriod[]> {
    return r.all<ClosedPeriod>('SELECT period, from_ms, to_ms, timezone, closed_at, price_version, statements, content_hash FROM billing_periods WHERE tenant_id = ? ORDER BY period', [this.tenantId]);
  }

  /** Late events (started in a closed period, stored after it closed), of one customer or all. */
  async lateEvents(customer?: string): Promise<LateEvent[]> {
    if (customer === undefined && this.offload) return this.offload<LateEvent[]>(this.tenantId, 'lateEvents', []);
    return this.read((r) => this.lateIn(r, customer));
  }

  private async lateIn(r: SqlRunner, customer?: string): Promise<LateEvent[]> {
    // two steps (late rows, then their events by key): the join order cannot go wrong on either planner
    const late = await r.all<{ span_id: string; period: string; arrived_at: number }>(
      `SELECT span_id, period, arrived_at FROM billing_late WHERE tenant_id = ?${customer === undefined ? '' : ' AND customer_id = ?'}`,
      customer === undefined ? [this.tenantId] : [this.tenantId, customer],
    );
    const out: LateEvent[] = [];
    for (let i = 0; i < late.length; i += 500) {
      const page = late.slice(i, i + 500);
      const byId = new Map(page.map((l) => [l.span_id, l]));
      const rows = await r.all(`SELECT * FROM trace_events WHERE tenant_id = ? AND span_id IN (${page.map(() => '?').join(', ')})`, [this.tenantId, ...page.map((l) => l.span_id)]);
      for (const x of rows) {
        const l = byId.get(String(x.span_id))!;
        out.push({ period: l.period, arrived_at: Number(l.arrived_at), event: rowToEvent(x) });
      }
    }
    return out.sort((a, b) => a.event.started_at - b.event.started_at || (a.event.span_id < b.event.span_id ? -1 : 1));
  }

  async getStatement(period: string, customer: string): Promise<StoredStatement | null> {
    const rows = await this.read((r) => r.all<StoredStatement>(
      'SELECT period, customer_id, cost_nanos, amount_nanos, content_hash, content FROM billing_statements WHERE tenant_id = ? AND period = ? AND customer_id = ?',
      [this.tenantId, period, customer],
    ));
    return rows[0] ?? null;
  }

  async listStatements(period: string): Promise<StoredStatement[]> {
    return this.read((r) => r.all<StoredStatement>(
      'SELECT period, customer_id, cost_nanos, amount_nanos, content_hash, content FROM billing_statements WHERE tenant_id = ? AND period = ? ORDER BY customer_id',
      [this.tenantId, period],
    ));
  }

  /**
   * Closes a period: in one transaction that excludes ingest of this tenant, reads its usage and the late events,
   * lets `build` freeze the statements and stores them. Closing a closed period changes nothing.
   */
  async closePeriod(spec: ClosingSpec, build: BuildStatements, periodHash: (s: StoredStatement[]) => string): Promise<{ period: ClosedPeriod; created: boolean }> {
    return this.db.tx(this.tenantId, async (r) => {
      const closed = await this.periodsIn(r);
      const existing = closed.find((p) => p.period === spec.period);
      if (existing) return { period: existing, created: false };
      // Offloaded, the reads run on the reader thread's connection: it sees what this transaction sees, since this
      // one holds the write lock (BEGIN IMMEDIATE) and has written nothing yet, so no commit can come in between.
      const [usage, late] = this.offload
        ? await Promise.all([this.offload<BillingRow[]>(this.tenantId, 'usage', [spec.from_ms, spec.to_ms]), this.offload<LateEvent[]>(this.tenantId, 'lateEvents', [])])
        : [await this.usageIn(r, spec.from_ms, spec.to_ms), await this.lateIn(r)];
      const statements = await build({ usage, late, closed });
      for (const s of statements) {
        await r.run('INSERT INTO billing_statements (tenant_id, period, customer_id, cost_nanos, amount_nanos, content_hash, content) VALUES (?, ?, ?, ?, ?, ?, ?)',
          [this.tenantId, s.period, s.customer_id, s.cost_nanos, s.amount_nanos, s.content_hash, s.content]);
      }
      const period: ClosedPeriod = { ...spec, statements: statements.length, content_hash: periodHash(statements) };
      await r.run('INSERT INTO billing_periods (tenant_id, period, from_ms, to_ms, timezone, closed_at, price_version, statements, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [this.tenantId, period.period, period.from_ms, period.to_ms, period.timezone, period.closed_at, period.price_version, period.statements, period.content_hash]);
      return { period, created: true };
    }, { exclusive: true });
  }

  /** A page of the call and span events of [from, to), in (started_at, id) order after the cursor. */
  async exportPage(from: number, to: number, after: RepriceCursor | null, limit: number): Promise<{ id: number; event: StoredEvent }[]> {
    const [cursorSql, cursor] = afterCursor(after);
    const rows = await this.read((r) => r.all(
      `SELECT * FROM trace_events WHERE tenant_id = ? AND started_at >= ? AND started_at < ?${cursorSql} ORDER BY started_at, id LIMIT ?`,
      [this.tenantId, after ? Math.max(from, after.started_at) : from, to, ...cursor, limit],
    ));
    return rows.map(withId);
  }

  /**
   * Re-prices one chunk of call events of [from, to) after the cursor, in one transaction: `price` gives each event
   * its new cost (or null when unchanged); unless dry, the events and every aggregate (hourly and daily rollups, run
   * summaries, billing rollups) are updated by the difference. Answers the changes and the next cursor (null at the end).
   */
  async repriceChunk(
    from: number, to: number, after: RepriceCursor | null, limit: number, dryRun: boolean,
    price: (e: StoredEvent) => StoredEvent | null,
  ): Promise<{ scanned: number; changes: RepriceChange[]; next: RepriceCursor | null }> {
    return this.db.tx(this.tenantId, async (r) => {
      const [cursorSql, cursor] = afterCursor(after);
      const lock = r.dialect === 'postgres' && !dryRun ? ' FOR UPDATE' : '';
      const rows = (await r.all(
        `SELECT * FROM trace_events WHERE tenant_id = ? AND started_at >= ? AND started_at < ? AND ${IS_CALL_SQL}${cursorSql} ORDER BY started_at, id LIMIT ?${lock}`,
        [this.tenantId, after ? Math.max(from, after.started_at) : from, to, ...cursor, limit],
      )).map(withId);
      const changes: RepriceChange[] = [];
      const ids: number[] = [];
      for (const { id, event } of rows) {
        const next = price(event);
        if (next) {
          changes.push({ old: event, new: next });
          ids.push(id);
        }
      }
      if (!dryRun && changes.length > 0) await this.applyReprice(r, changes, ids);
      const last = rows[rows.length - 1];
      return { scanned: rows.length, changes, next: rows.length < limit || !last ? null : { started_at: last.event.started_at, id: last.id } };
    }, { write: !dryRun, exclusive: !dryRun, fold: !dryRun });
  }

  private async applyReprice(r: SqlRunner, changes: RepriceChange[], ids: number[]): Promise<void> {
    const parts = (e: StoredEvent) => (e.cost_parts ? JSON.stringify(e.cost_parts) : null);
    if (r.dialect === 'postgres') {
      // one statement for the chunk (unnest of column-wise arrays), as the ingest inserts
      await r.run(
        `UPDATE trace_events t SET cost_nanos = u.cost_nanos, cost_status = u.cost_status, cost_source = u.cost_source, cost_parts = u.cost_parts
         FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[]) AS u(id, cost_nanos, cost_status, cost_source, cost_parts)
         WHERE t.tenant_id = $1 AND t.id = u.id`,
        [this.tenantId, ids, changes.map((c) => usdToNanos(c.new.cost_usd)), changes.map((c) => c.new.cost_status), changes.map((c) => c.new.cost_source), changes.map((c) => parts(c.new))],
      );
    } else {
      for (let i = 0; i < changes.length; i++) {
        const n = changes[i]!.new;
        await r.run('UPDATE trace_events SET cost_nanos = ?, cost_status = ?, cost_source = ?, cost_parts = ? WHERE tenant_id = ? AND id = ?',
          [usdToNanos(n.cost_usd), n.cost_status, n.cost_source, parts(n), this.tenantId, ids[i]]);
      }
    }
    const olds = changes.map((c) => c.old);
    const news = changes.map((c) => c.new);
    await upsertRows(r, ROLLUP_HOURLY, net(ROLLUP_HOURLY, hourlyDeltas(news) as never, hourlyDeltas(olds) as never));
    await upsertRows(r, ROLLUP_DAILY, net(ROLLUP_DAILY, dailyDeltas(news, r.dialect) as never, dailyDeltas(olds, r.dialect) as never));
    // the wide families and the week rows follow on the compacted hours only (wide-compaction.ts: PostgreSQL takes
    // the lock shared first)
    if (r.dialect === 'postgres') await r.all(pgWideLock('shared'), [this.tenantId]);
    const through = Number((await r.all<{ through_day: number }>(WIDE_THROUGH_SQL[r.dialect], [this.tenantId]))[0]?.through_day ?? 0);
    const [added, removed] = [compactedDayDeltas(news, through, r.dialect), compactedDayDeltas(olds, through, r.dialect)];
    await upsertRows(r, ROLLUP_DAILY_WIDE, net(ROLLUP_DAILY_WIDE, added.wide as never, removed.wide as never));
    // and the families' week rows (week-grain.ts)
    await upsertRows(r, ROLLUP_DAILY, net(ROLLUP_DAILY, added.weekly as never, removed.weekly as never));
    // rollup_daily rewritten: the tenant's customer windows are cleared, and built again when read (customer-windows.ts);
    // on PostgreSQL under the tenant's window lock, so that an advance running now cannot write a state after this
    if (r.dialect === 'postgres') await r.all(PG_WINDOW_LOCK(false).replace('$1', '?'), [this.tenantId]);
    await r.run('UPDATE customer_totals_state SET first_day = 0, end_day = 0 WHERE tenant_id = ?', [this.tenantId]);
    for (const grain of ['hour', 'month'] as const) {
      const d = netDeltas([...billingDeltas(news, grain), ...billingDeltas(olds, grain, -1)], grain);
      await upsertRows(r, grain === 'hour' ? BILLING_HOURLY : BILLING_MONTHLY, d as never);
    }
    const runs = new Map<string, { cost: number; unpriced: number; est: number }>();
    const runOld = new Map(runDeltas(olds).map((x) => [x.run_id, x]));
    for (const x of runDeltas(news)) {
      const o = runOld.get(x.run_id)!;
      runs.set(x.run_id, { cost: x.cost_nanos - o.cost_nanos, unpriced: x.unpriced_calls - o.unpriced_calls, est: x.estimated_cost_nanos - o.estimated_cost_nanos });
    }
    const sorted = [...runs].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    if (r.dialect === 'postgres') {
      if (sorted.length > 0) {
        await r.run(
          `UPDATE runs x SET cost_nanos = x.cost_nanos + u.c, unpriced_calls = x.unpriced_calls + u.p, estimated_cost_nanos = x.estimated_cost_nanos + u.e
           FROM unnest($2::text[], $3::bigint[], $4::bigint[], $5::bigint[]) AS u(run_id, c, p, e) WHERE x.tenant_id = $1 AND x.run_id = u.run_id`,
          [this.tenantId, sorted.map(([id]) => id), sorted.map(([, d]) => d.cost), sorted.map(([, d]) => d.unpriced), sorted.map(([, d]) => d.est)],
        );
      }
      return;
    }
    for (const [runId, d] of sorted) {
      await r.run('UPDATE runs SET cost_nanos = cost_nanos + ?, unpriced_calls = unpriced_calls + ?, estimated_cost_nanos = estimated_cost_nanos + ? WHERE tenant_id = ? AND run_id = ?',
        [d.cost, d.unpriced, d.est, this.tenantId, runId]);
    }
  }

  async recordReprice(rec: RepriceRecord): Promise<void> {
    await this.write((r) => r.run('INSERT INTO billing_reprices (tenant_id, id, at, from_ms, to_ms, dry_run, events, changed, diff) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [this.tenantId, rec.id, rec.at, rec.from_ms, rec.to_ms, rec.dry_run ? 1 : 0, rec.events, rec.changed, rec.diff]));
  }

  async listReprices(): Promise<RepriceRecord[]> {
    const rows = await this.read((r) => r.all<RepriceRecord>('SELECT id, at, from_ms, to_ms, dry_run, events, changed, diff FROM billing_reprices WHERE tenant_id = ? ORDER BY at DESC, id LIMIT 100', [this.tenantId]));
    return rows.map((x) => ({ ...x, dry_run: Boolean(Number(x.dry_run)) }));
  }

  /** Queues meter events (an identifier already queued is left as it is). */
  async enqueue(rows: OutboxRow[]): Promise<number> {
    return this.write(async (r) => {
      let n = 0;
      for (const o of rows) {
        n += await r.run(
          `INSERT INTO billing_outbox (tenant_id, identifier, period, customer_id, line_key, event_name, stripe_customer_id, value, amount_nanos, timestamp_s, status, attempts, last_error, created_at, acked_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, identifier) DO NOTHING`,
          [this.tenantId, o.identifier, o.period, o.customer_id, o.line_key, o.event_name, o.stripe_customer_id, o.value, o.amount_nanos, o.timestamp_s, o.status, o.attempts, o.last_error, o.created_at, o.acked_at],
        );
      }
      return n;
    });
  }

  async outbox(filter: { period?: string; status?: OutboxRow['status'] }, limit = 10_000): Promise<OutboxRow[]> {
    const where = [filter.period === undefined ? '' : ' AND period = ?', filter.status === undefined ? '' : ' AND status = ?'].join('');
    const params = [this.tenantId, ...(filter.period === undefined ? [] : [filter.period]), ...(filter.status === undefined ? [] : [filter.status]), limit];
    return this.read((r) => r.all<OutboxRow>(`SELECT identifier, period, customer_id, line_key, event_name, stripe_customer_id, value, amount_nanos, timestamp_s, status, attempts, last_error, created_at, acked_at
      FROM billing_outbox WHERE tenant_id = ?${where} ORDER BY created_at, identifier LIMIT ?`, params));
  }

  /** Records an attempt before sending (durable: a crash after the send is replayed with the same identifier). */
  async markAttempt(identifier: string): Promise<void> {
    await this.write((r) => r.run('UPDATE billing_outbox SET attempts = attempts + 1 WHERE tenant_id = ? AND identifier = ?', [this.tenantId, identifier]));
  }

  async markOutcome(identifier: string, status: OutboxRow['status'], error: string | null, at: number | null): Promise<void> {
    await this.write((r) => r.run('UPDATE billing_outbox SET status = ?, last_error = ?, acked_at = ? WHERE tenant_id = ? AND identifier = ?', [status, error, at, this.tenantId, identifier]));
  }
}

/** A catalogue table's key and sum fields, worked out once per table. */
const shapes = new WeakMap<Table, { keys: string[]; sums: string[] }>();
function shapeOf(t: Table): { keys: string[]; sums: string[] } {
  let s = shapes.get(t);
  if (!s) {
    s = { keys: t.columns.filter((c) => c.merge === 'key' && c.name !== 'tenant_id').map((c) => c.field), sums: t.columns.filter((c) => c.merge === 'sum').map((c) => c.field) };
    shapes.set(t, s);
  }
  return s;
}

/** new − old per conflict key of a catalogue table (sum columns only), rows with no change dropped. */
function net(t: Table, plus: Record<string, unknown>[], minus: Record<string, unknown>[]): Record<string, unknown>[] {
  const { keys, sums } = shapeOf(t);
  const out = new Map<string, Record<string, unknown>>();
  const fold = (rows: Record<string, unknown>[], sign: number) => {
    for (const row of rows) {
      let k = '';
      for (const f of keys) k += `${String(row[f])}\u001f`;
      const g = out.get(k);
      if (!g) {
        // the delta row itself becomes the accumulator (deltas are built for this call only)
        if (sign !== 1) for (const s of sums) row[s] = sign * ((row[s] as number) ?? 0);
        out.set(k, row);
        continue;
      }
      for (const s of sums) (g[s] as number) += sign * ((row[s] as number) ?? 0);
    }
  };
  fold(plus, 1);
  fold(minus, -1);
  return [...out.values()].filter((g) => sums.some((s) => g[s] !== 0));
}

/** Folds delta rows into a catalogue table (the same upserts as ingest), in key order. */
async function upsertRows(r: SqlRunner, t: Table, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  // sorted by key (the same lock order as ingest), each row's sort key built once
  const cols = t.conflict.slice(1);
  const keyed = rows.map((x) => {
    let k = '';
    for (const c of cols) k += `${String(x[c]).padStart(12, '0')}\u0000`;
    return [k, x] as const;
  }).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  rows = keyed.map(([, x]) => x);
  if (r.dialect === 'sqlite') {
    const sql = upsertSql(t, 'sqlite');
    const params = rowParams<Record<string, unknown>>(t, 'sqlite');
    for (const x of rows) await r.run(sql, params(x));
    return;
  }
  const enc = encoders(t, 'postgres') as unknown as ((x: Record<string, unknown>) => unknown)[];
  const tenant = rows[0]!.tenant_id;
  await r.run(upsertSql(t, 'postgres'), [tenant, ...enc.map((f) => rows.map(f))]);
}

