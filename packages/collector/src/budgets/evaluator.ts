/**
 * Evaluates budgets as events are committed: ingest tells it which events a batch stored (after the commit, off the
 * request's path), and it re-reads the spend of every budget those events fall under, decides, and writes the new
 * states and alerts in one transaction (the ledger's unique key makes each alert happen once, whichever collector
 * or concurrent batch gets there first). Evaluations of one tenant run one at a time; batches arriving meanwhile are
 * merged into the next run, at most every `minIntervalMs`. A periodic tick evaluates every budget of every tenant
 * (period changes: resets, forecasts, other collectors' budgets).
 */
import { randomBytes } from 'node:crypto';
import type { StoredEventInput } from '../domain/event.js';
import { BudgetStore, type BudgetRecord, type BudgetStateRecord, type NewAlert } from '../storage/budget-store.js';
import type { Storage } from '../storage/types.js';
import { alertEventType, alertPayload, decide } from './evaluate.js';
import { periodAt, type PeriodRange } from './periods.js';
import { readSpend, readSpendOfBudgets, type Spend } from './spend.js';
import { blockedAnswer } from './blocked.js';

export interface EvaluatorOptions {
  /** Least time between two evaluations of one tenant (ms, default 200; env LLMOBSERVE_BUDGET_EVAL_INTERVAL_MS). */
  minIntervalMs?: number;
  /** Period of the full evaluation (ms, default 30000; env LLMOBSERVE_BUDGET_TICK_MS). */
  tickMs?: number;
  /** Called when alerts were written (the outbox has work). */
  onAlerts?: () => void;
  onError?: (err: unknown) => void;
  /** Told of the alerts an evaluation committed (metrics): their event types. */
  onAlertTypes?: (types: string[]) => void;
}

/** What a batch touched, per tenant: the distinct attribution keys and the time span. */
interface Touched {
  keys: Map<string, { customer_id: string | null; provider: string | null; model: string | null; section_path: string | null }>;
  min: number;
  max: number;
}

/** Section filter of a scope: the label (or label path) as whole segments of the event's section path. */
export function sectionMatches(path: string | null, section: string): boolean {
  return `/${path ?? ''}/`.includes(`/${section}/`);
}

/** Up to this many touched customers of a template are read one by one; more, all in one grouped read. */
const PER_CUSTOMER_READS = 20;
/** Up to this many budgets of one period are read one by one (filtered reads); more, grouped by scope shape. */
const GROUPED_READS_FROM = 4;
/** A state row whose spend moves without changing its state is written at most this often (ms). */
const PERSIST_EVERY_MS = 5_000;
/** The largest share of the time one tenant's evaluations may take (the rest is left to ingest and reads). */
const MAX_DUTY = 0.25;
const BUDGET_CACHE_MS = 5_000;

export class BudgetEvaluator {
  private readonly pending = new Map<string, Touched | 'all'>();
  private readonly running = new Set<string>();
  /** Per tenant, when its next evaluation may start (see schedule). */
  private readonly nextRunAt = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly budgetCache = new Map<string, { at: number; budgets: BudgetRecord[] }>();
  /**
   * Per tenant, the latest decided state of each instance (key budget\0instance) and when its row was last written.
   * A state row is written when the instance's state or period changes, with an alert, and at most every
   * PERSIST_EVERY_MS while only its spend moves: a hot template does not rewrite thousands of rows per batch. The
   * ledger, not this cache, makes alerts exactly once; the cache only spares re-trying alerts already taken.
   */
  private readonly known = new Map<string, Map<string, { state: BudgetStateRecord; written: BudgetStateRecord | null }>>();
  /** The ETag of GET /budgets/blocked per tenant, as of this process's last evaluation (tenants with blocking budgets). */
  private readonly blockedEtags = new Map<string, string>();
  private readonly idle: Array<() => void> = [];
  private tickTimer: NodeJS.Timeout | null = null;
  private closed = false;
  readonly minIntervalMs: number;

  constructor(private readonly storage: Storage, private readonly options: EvaluatorOptions = {}) {
    this.minIntervalMs = options.minIntervalMs ?? 200;
    const tick = options.tickMs ?? 30_000;
    if (tick > 0) {
      this.tickTimer = setInterval(() => void this.tick(), tick);
      this.tickTimer.unref();
    }
  }

  /** Ingest committed these events (only the ones really inserted: replays are not counted twice anyway). */
  committed(events: readonly StoredEventInput[]): void {
    if (this.closed || events.length === 0) return;
    for (const e of events) {
      let t = this.pending.get(e.tenant_id);
      if (t === 'all') continue;
      if (!t) this.pending.set(e.tenant_id, (t = { keys: new Map(), min: e.started_at, max: e.started_at }));
      const key = `${e.customer_id ?? ''}\u0000${e.provider ?? ''}\u0000${e.model ?? ''}\u0000${e.section_path ?? ''}`;
      if (!t.keys.has(key)) t.keys.set(key, { customer_id: e.customer_id, provider: e.provider, model: e.model, section_path: e.section_path });
      if (e.started_at < t.min) t.min = e.started_at;
      if (e.started_at > t.max) t.max = e.started_at;
    }
    for (const tenant of new Set(events.map((e) => e.tenant_id))) this.schedule(tenant);
  }

  /** The tenant's current GET /budgets/blocked ETag, if it has blocking budgets and this process evaluated them. */
  blockedEtag(tenant: string): string | undefined {
    return this.blockedEtags.get(tenant);
  }

  /** Every budget of the tenant is evaluated on its next run (budget created or changed). */
  evaluateAll(tenant: string): void {
    this.budgetCache.delete(tenant);
    this.known.delete(tenant);
    this.pending.set(tenant, 'all');
    this.schedule(tenant);
  }

  /** How many budget instances this collector last decided to be in each state (all tenants it evaluated). */
  stateCounts(): Record<'ok' | 'warning' | 'blocked', number> {
    const out = { ok: 0, warning: 0, blocked: 0 };
    for (const tenant of this.known.values()) for (const { state } of tenant.values()) out[state.state as keyof typeof out] += 1;
    return out;
  }

  async tick(): Promise<void> {
    if (this.closed) return;
    try {
      for (const tenant of await this.storage.budgetSql.budgetTenants()) {
        this.budgetCache.delete(tenant);
        this.pending.set(tenant, 'all');
        this.schedule(tenant);
      }
    } catch (err) {
      this.options.onError?.(err);
    }
  }

  /** Resolves when no evaluation is pending or running (tests, shutdown). */
  settled(): Promise<void> {
    if (this.pending.size === 0 && this.running.size === 0) return Promise.resolve();
    return new Promise((r) => this.idle.push(r));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.tickTimer) clearInterval(this.tickTimer);
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.pending.clear();
    if (this.running.size > 0) await new Promise<void>((r) => this.idle.push(r));
  }

  private schedule(tenant: string): void {
    if (this.closed || this.running.has(tenant) || this.timers.has(tenant)) return;
    const wait = Math.max(0, (this.nextRunAt.get(tenant) ?? 0) - Date.now());
    if (wait === 0) {
      void this.run(tenant);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(tenant);
      void this.run(tenant);
    }, wait);
    timer.unref();
    this.timers.set(tenant, timer);
  }

  private async run(tenant: string): Promise<void> {
    const touched = this.pending.get(tenant);
    if (touched === undefined || this.closed) return this.checkIdle();
    this.pending.delete(tenant);
    this.running.add(tenant);
    const start = Date.now();
    try {
      await this.evaluate(tenant, touched);
    } catch (err) {
      this.options.onError?.(err);
    } finally {
      // At most every minIntervalMs, and evaluating at most a quarter of the time (MAX_DUTY): under a sustained
      // ingest of many budgets the evaluation keeps its share of the CPU and the batches meanwhile are merged.
      const end = Date.now();
      this.nextRunAt.set(tenant, Math.max(start + this.minIntervalMs, end + ((end - start) * (1 - MAX_DUTY)) / MAX_DUTY));
      this.running.delete(tenant);
      if (this.pending.has(tenant)) this.schedule(tenant);
      this.checkIdle();
    }
  }

  private checkIdle(): void {
    if (this.pending.size === 0 && this.running.size === 0) for (const r of this.idle.splice(0)) r();
  }

  private async budgets(tenant: string, store: BudgetStore): Promise<BudgetRecord[]> {
    const cached = this.budgetCache.get(tenant);
    if (cached && Date.now() - cached.at < BUDGET_CACHE_MS) return cached.budgets;
    const budgets = await store.listBudgets();
    this.budgetCache.set(tenant, { at: Date.now(), budgets });
    return budgets;
  }

  /** Evaluates the tenant's budgets that the touched events fall under (or all of them); returns the alerts written. */
  async evaluate(tenant: string, touched: Touched | 'all', now = Date.now()): Promise<number> {
    const store = new BudgetStore(this.storage.budgetSql, tenant);
    const budgets = await this.budgets(tenant, store);
    if (budgets.length === 0) return 0;
    const reads = this.storage.forTenant(tenant);
    let known = this.known.get(tenant);
    if (touched === 'all' || known === undefined) {
      // from the database: what other collectors decided too (periodic, and on budget changes)
      known = new Map((await store.listStates()).map((s) => [`${s.budget_id}\u0000${s.instance}`, { state: s, written: s }]));
      this.known.set(tenant, known);
    }
    const prevStates = new Map<string, BudgetStateRecord>();
    for (const [k, v] of known) prevStates.set(k, v.state);
    const states: BudgetStateRecord[] = [];
    const alerts: NewAlert[] = [];
    // the budgets the events fall under, by period (budgets of one period and zone share their reads)
    const byPeriod = new Map<string, { range: PeriodRange; budgets: { b: BudgetRecord; customers: string[] | 'every' }[] }>();
    for (const b of budgets) {
      const range = periodAt(b.period, b.timezone, now);
      const customers = touched === 'all' ? 'every' : matchingCustomers(b, touched, range);
      if (customers === null) continue;
      const k = `${range.start}:${range.end}`;
      const group = byPeriod.get(k) ?? { range, budgets: [] };
      group.budgets.push({ b, customers });
      byPeriod.set(k, group);
    }
    for (const { range, budgets: group } of byPeriod.values()) {
      // one budget alone (a small tenant, a template touched by a few customers): filtered reads; many: grouped reads
      const spendOf = new Map<string, Map<string, Spend>>();
      if (group.length <= GROUPED_READS_FROM) {
        for (const { b, customers } of group) {
          const template = b.scope.customer_id === '*';
          const which = !template ? null : customers === 'every' || customers.length > PER_CUSTOMER_READS ? 'all' : customers;
          spendOf.set(b.id, await readSpend(reads, b.scope, range, which));
        }
      } else {
        for (const [id, spends] of await readSpendOfBudgets(reads, range, group.map((g) => g.b))) spendOf.set(id, spends);
      }
      for (const { b, customers } of group) {
        let spends = spendOf.get(b.id)!;
        const template = b.scope.customer_id === '*';
        if (template && customers !== 'every' && spends.size > customers.length) {
          // a template read for every customer: only the touched ones changed
          const only = new Map<string, Spend>();
          for (const c of customers) only.set(c, spends.get(c) ?? { spent_nanos: 0, unpriced_calls: 0, calls: 0 });
          spends = only;
        }
        if (template && touched === 'all') {
          // instances known from before (e.g. blocked last period, no spend yet in this one) are evaluated too
          for (const s of prevStates.values()) if (s.budget_id === b.id && !spends.has(s.instance)) spends.set(s.instance, { spent_nanos: 0, unpriced_calls: 0, calls: 0 });
        }
        for (const [instance, spend] of spends) {
          const prev = prevStates.get(`${b.id}\u0000${instance}`);
          // a template's customer without spend and without history has no instance yet
          if (template && prev === undefined && spend.calls === 0) continue;
          const d = decide(b, instance, spend, range, prev, now);
          const k = `${b.id}\u0000${instance}`;
          const entry = known.get(k);
          const written = entry?.written ?? null;
          const mustWrite = written === null || written.state !== d.state.state || written.period_start !== d.state.period_start || d.alerts.length > 0
            || (d.changed && (touched === 'all' || now - written.updated_at >= PERSIST_EVERY_MS));
          if (mustWrite && (d.changed || written === null || d.alerts.length > 0)) {
            states.push(d.state);
            known.set(k, { state: d.state, written: d.state });
          } else known.set(k, { state: d.state, written });
          for (const a of d.alerts) {
            const id = `alrt_${randomBytes(9).toString('base64url')}`;
            alerts.push({
              id, budget_id: b.id, instance, period_start: range.start, kind: a.kind, threshold: a.threshold, created_at: now,
              payload: alertPayload(b, instance, a.kind, a.threshold, d.state, now), event_type: alertEventType(a.kind),
            });
          }
        }
      }
    }
    let written;
    try {
      written = await store.commitEvaluation(states, alerts);
    } catch (err) {
      this.known.delete(tenant); // what it says was written may not be: read from the database next time
      throw err;
    }
    if (written.length > 0) {
      this.options.onAlertTypes?.(written.map((a) => alertEventType(a.kind as Parameters<typeof alertEventType>[0])));
      this.options.onAlerts?.();
    }
    if (budgets.some((b) => b.action === 'block' || b.unpriced === 'block')) this.blockedEtags.set(tenant, (await blockedAnswer(this.storage, tenant)).etag);
    else this.blockedEtags.delete(tenant);
    return written.length;
  }
}

/** The customers (template) or [''] (one instance) of b that touched events fall under in its current period; null if none. */
function matchingCustomers(b: BudgetRecord, t: Touched, range: PeriodRange): string[] | null {
  if (t.max < range.start || (range.end !== null && t.min >= range.end)) return null;
  const s = b.scope;
  const out = new Set<string>();
  for (const k of t.keys.values()) {
    if (s.provider !== undefined && k.provider !== s.provider) continue;
    if (s.model !== undefined && k.model !== s.model) continue;
    if (s.section !== undefined && !sectionMatches(k.section_path, s.section)) continue;
    if (s.customer_id === '*') {
      if (k.customer_id !== null && k.customer_id !== '') out.add(k.customer_id);
    } else if (s.customer_id === undefined || k.customer_id === s.customer_id) return [''];
  }
  return out.size > 0 ? [...out] : null;
}
