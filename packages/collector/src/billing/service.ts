/**
 * Billing for one collector: statements (open ones computed from the billing rollups, closed ones read frozen),
 * closing periods, re-pricing, exports. Routes (billing/routes.ts) call it; the storage does the SQL.
 *
 * `onStatementClosed`: listeners told of every statement a closing froze (the `statement.closed` domain event);
 * the webhook sender subscribes here. A listener's failure is logged, never undoes the closing.
 */
import { createHash } from 'node:crypto';
import { nanosToUsd } from '@llmobserve/shared';
import { ApiError } from '../domain/errors.js';
import type { Storage } from '../storage/types.js';
import { billingStore } from '../storage/billing/open.js';
import type { BillingStore } from '../storage/billing/store.js';
import type { BillingRow } from '../storage/billing/deltas.js';
import type { BillingSettings, ClosedPeriod, LateEvent, StoredStatement } from '../storage/billing/types.js';
import { GENAI_PRICES_SOURCE } from '../pricing/price-event.js';
import { UNIT_PRICES_SOURCE } from '../pricing/unit-prices.js';
import { adjustmentsFor } from './adjustments.js';
import { parsePeriod, periodRange } from './periods.js';
import { buildStatement, type Statement } from './statement.js';

export const PRICE_VERSION = `${GENAI_PRICES_SOURCE}+${UNIT_PRICES_SOURCE}`;

export interface StatementClosedEvent {
  type: 'statement.closed';
  tenant_id: string;
  period: string;
  customer_id: string;
  cost_usd: number;
  amount_usd: number;
  content_hash: string;
  price_version: string;
  closed_at: string;
}
export type StatementClosedListener = (event: StatementClosedEvent) => void | Promise<void>;

/** A statement with what its status adds. */
export interface StatementView {
  statement: Statement;
  status: 'open' | 'closed';
  price_version: string;
  content_hash: string | null;
  closed_at: number | null;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Frozen content: the statement and the price-table version, as canonical JSON (fixed key order). */
function freeze(s: Statement, priceVersion: string): { content: string; hash: string } {
  const content = JSON.stringify({ ...s, price_version: priceVersion });
  return { content, hash: sha256(content) };
}

export function thaw(stored: StoredStatement, closedAt: number): StatementView {
  const parsed = JSON.parse(stored.content) as Statement & { price_version: string };
  const { price_version, ...statement } = parsed;
  return { statement, status: 'closed', price_version, content_hash: stored.content_hash, closed_at: closedAt };
}

/** Amounts beyond exact integers (an absurd markup on a huge cost) are the request's problem, never a 500. */
function exact<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof RangeError) throw new ApiError(409, 'amount_out_of_range', `a billed amount is out of range: ${err.message}`);
    throw err;
  }
}

async function exactAsync<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof RangeError) throw new ApiError(409, 'amount_out_of_range', `a billed amount is out of range: ${err.message}`);
    throw err;
  }
}

function requirePeriod(period: string): void {
  if (!parsePeriod(period)) throw new ApiError(400, 'invalid_request', `period: "${period}" is not a month (YYYY-MM)`);
}

export class BillingService {
  readonly onStatementClosed: StatementClosedListener[] = [];

  constructor(private readonly storage: Storage, private readonly log: (msg: string) => void = (m) => process.stderr.write(`${m}\n`)) {}

  store(tenant: string): BillingStore {
    return billingStore(this.storage, tenant);
  }

  private async context(tenant: string) {
    const store = this.store(tenant);
    const [settings, rules, closed] = await Promise.all([store.getSettings(), store.listRules(), store.listPeriods()]);
    return { store, settings, rules, closed };
  }

  /** One customer's statement for a period (closed: as frozen) or for a preview range. */
  async statement(tenant: string, customer: string, q: { period?: string; from?: number; to?: number }): Promise<StatementView> {
    const { store, settings, rules, closed } = await this.context(tenant);
    if (q.period !== undefined) {
      requirePeriod(q.period);
      const done = closed.find((p) => p.period === q.period);
      if (done) {
        const stored = await store.getStatement(q.period, customer);
        if (!stored) throw new ApiError(404, 'not_found', `customer ${customer} has no statement in the closed period ${q.period}`);
        return thaw(stored, done.closed_at);
      }
      const { from, to } = periodRange(q.period, settings.timezone);
      const [usage, late] = await Promise.all([store.usage(from, to, customer), store.lateEvents(customer)]);
      const adjustments = adjustmentsFor(q.period, late, closed, settings.timezone).get(customer) ?? [];
      const period = q.period;
      const statement = exact(() => buildStatement({ customer_id: customer, period, from, to, settings, rules, usage, adjustments }));
      return { statement, status: 'open', price_version: PRICE_VERSION, content_hash: null, closed_at: null };
    }
    if (q.from === undefined || q.to === undefined) throw new ApiError(400, 'invalid_request', 'give period=YYYY-MM, or from and to');
    if (q.to <= q.from) throw new ApiError(400, 'invalid_request', 'to must be after from');
    const { from, to } = q;
    const usage = await store.usage(from, to, customer);
    const statement = exact(() => buildStatement({ customer_id: customer, period: null, from, to, settings, rules, usage, adjustments: [] }));
    return { statement, status: 'open', price_version: PRICE_VERSION, content_hash: null, closed_at: null };
  }

  /** Every customer's statement of a period, in customer order. */
  async statements(tenant: string, period: string): Promise<{ status: 'open' | 'closed'; period: ClosedPeriod | null; statements: StatementView[]; from: number; to: number; timezone: string }> {
    requirePeriod(period);
    const { store, settings, rules, closed } = await this.context(tenant);
    const done = closed.find((p) => p.period === period);
    if (done) {
      const stored = await store.listStatements(period);
      return { status: 'closed', period: done, statements: stored.map((s) => thaw(s, done.closed_at)), from: done.from_ms, to: done.to_ms, timezone: done.timezone };
    }
    const { from, to } = periodRange(period, settings.timezone);
    const [usage, late] = await Promise.all([store.usage(from, to), store.lateEvents()]);
    const statements = (await exactAsync(() => buildAll(period, from, to, settings, rules, usage, late, closed))).map((statement) => ({
      statement, status: 'open' as const, price_version: PRICE_VERSION, content_hash: null, closed_at: null,
    }));
    return { status: 'open', period: null, statements, from, to, timezone: settings.timezone };
  }

  /** Freezes every statement of the period (no-op when already closed); tells the listeners of each new one. */
  async close(tenant: string, period: string, now = Date.now()): Promise<{ period: ClosedPeriod; created: boolean }> {
    requirePeriod(period);
    const { store, settings, rules } = await this.context(tenant);
    const { from, to } = periodRange(period, settings.timezone);
    if (to > now) throw new ApiError(409, 'period_not_over', `period ${period} ends at ${new Date(to).toISOString()}: it can be closed once it is over`);
    const frozen: StoredStatement[] = [];
    const result = await store.closePeriod(
      { period, from_ms: from, to_ms: to, timezone: settings.timezone, price_version: PRICE_VERSION, closed_at: now },
      async ({ usage, late, closed }) => {
        for (const s of await exactAsync(() => buildAll(period, from, to, settings, rules, usage, late, closed))) {
          const { content, hash } = freeze(s, PRICE_VERSION);
          frozen.push({ period, customer_id: s.customer_id, cost_nanos: s.cost_nanos, amount_nanos: s.amount_nanos, content_hash: hash, content });
        }
        return frozen;
      },
      (statements) => sha256(statements.map((s) => s.content_hash).join('\n')),
    );
    if (result.created) {
      for (const s of frozen) {
        const event: StatementClosedEvent = {
          type: 'statement.closed', tenant_id: tenant, period, customer_id: s.customer_id, cost_usd: nanosToUsd(s.cost_nanos),
          amount_usd: nanosToUsd(s.amount_nanos), content_hash: s.content_hash, price_version: PRICE_VERSION, closed_at: new Date(now).toISOString(),
        };
        for (const l of this.onStatementClosed) {
          try {
            await l(event);
          } catch (err) {
            this.log(`llmobserve: a statement.closed listener failed: ${(err as Error).message}`);
          }
        }
      }
    }
    return result;
  }

  async settings(tenant: string): Promise<BillingSettings> {
    return this.store(tenant).getSettings();
  }
}

/** Customers built between two turns of the event loop (a period of 10,000 customers is ~100 ms of work). */
const YIELD_EVERY = 500;

/**
 * Statements of every customer with usage or adjustments in the period (unattributed usage has none), letting the
 * event loop run every YIELD_EVERY customers so that other requests are served meanwhile.
 */
async function buildAll(period: string, from: number, to: number, settings: BillingSettings, rules: Parameters<typeof buildStatement>[0]['rules'], usage: BillingRow[], late: LateEvent[], closed: ClosedPeriod[]): Promise<Statement[]> {
  const byCustomer = new Map<string, BillingRow[]>();
  for (const r of usage) {
    if (r.customer_id === '') continue;
    const list = byCustomer.get(r.customer_id) ?? [];
    list.push(r);
    byCustomer.set(r.customer_id, list);
  }
  const adjustments = adjustmentsFor(period, late, closed, settings.timezone);
  const customers = [...new Set([...byCustomer.keys(), ...[...adjustments.keys()].filter((c) => c !== '')])].sort();
  const out: Statement[] = [];
  for (const customer_id of customers) {
    if (out.length > 0 && out.length % YIELD_EVERY === 0) await new Promise((r) => setImmediate(r));
    out.push(buildStatement({ customer_id, period, from, to, settings, rules, usage: byCustomer.get(customer_id) ?? [], adjustments: adjustments.get(customer_id) ?? [] }));
  }
  return out;
}
