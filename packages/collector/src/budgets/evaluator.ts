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
import { NO_SPEND, readExact, type Spend } from './spend.js';
import { spendDeltas } from './deltas.js';
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

export { sectionMatches } from './deltas.js';

/** A state row whose spend moves without changing its state is written at most this often (ms). */
const PERSIST_EVERY_MS = 5_000;
/** The largest share of the time one tenant's evaluations may take (the rest is left to ingest and reads). */
const MAX_DUTY = 0.25;
const BUDGET_CACHE_MS = 5_000;

export class BudgetEvaluator {
  private readonly pending = new Map<string, StoredEventInput[] | 'all'>();
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
  /**
   * Per tenant, per budget: its spend per instance in its current period as read from the rollups once and kept up to
   * date from the committed events since (`version`: the budget's updated_at it was read for).
   */
  private readonly spends = new Map<string, Map<string, { period_start: number; version: number; spends: Map<string, Spend> }>>();
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
    const tenants = new Set<string>();
    for (const e of events) {
      const t = this.pending.get(e.tenant_id);
      if (t === 'all') continue;
      if (t === undefined) this.pending.set(e.tenant_id, [e]);
      else t.push(e);
      tenants.add(e.tenant_id);
    }
    for (const tenant of tenants) this.schedule(tenant);
  }

  /** The tenant's current GET /budgets/blocked ETag, if it has blocking budgets and this process evaluated them. */
  blockedEtag(tenant: string): string | undefined {
    return this.blockedEtags.get(tenant);
  }

  /** Every budget of the tenant is evaluated on its next run (budget created or changed). */
  evaluateAll(tenant: string): void {
    this.budgetCache.delete(tenant);
    this.known.delete(tenant);
    this.spends.delete(tenant);
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

  /**
   * Evaluates the tenant's budgets that the committed events fall under (or, 'all', every budget from a fresh read of
   * the rollups: the periodic re-sync); returns the alerts written.
   *
   * Incremental: each budget's spend in its current period is read from the rollups once (one grouped read for a
   * template's every customer) and then kept up to date from the events each batch stored (spendDeltas), so an
   * evaluation costs what the batch changed. Wherever the kept spend says a threshold, a forecast or a state may
   * have changed, the instance's spend is read again from the rollups and the decision taken on that exact figure:
   * an alert, its payload and a state change always come from the stored cost, and the ledger's unique key makes
   * each alert happen once. Kept spends are dropped on every 'all' run (the tick), which also sees other collectors'
   * events.
   */
  async evaluate(tenant: string, touched: readonly StoredEventInput[] | 'all', now = Date.now()): Promise<number> {
    const store = new BudgetStore(this.storage.budgetSql, tenant);
    const budgets = await this.budgets(tenant, store);
    if (budgets.length === 0) {
      this.spends.delete(tenant);
      return 0;
    }
    const reads = this.storage.forTenant(tenant);
    let known = this.known.get(tenant);
    if (touched === 'all' || known === undefined) {
      // from the database: what other collectors decided too (periodic, and on budget changes)
      known = new Map((await store.listStates()).map((s) => [`${s.budget_id}\u0000${s.instance}`, { state: s, written: s }]));
      this.known.set(tenant, known);
    }
    let kept = this.spends.get(tenant);
    if (touched === 'all' || kept === undefined) this.spends.set(tenant, (kept = new Map()));
    const ranges = new Map(budgets.map((b) => [b.id, periodAt(b.period, b.timezone, now)]));
    const live = new Set(budgets.map((b) => b.id));
    for (const id of kept.keys()) if (!live.has(id)) kept.delete(id);

    // 1. the instances to decide, with their spend as kept (read now if not kept for this period and budget version)
    const deltas = touched === 'all' ? null : spendDeltas(budgets, (b) => ranges.get(b.id)!, touched);
    const current = (b: BudgetRecord) => {
      const k = kept.get(b.id);
      return k !== undefined && k.period_start === ranges.get(b.id)!.start && k.version === b.updated_at ? k : undefined;
    };
    let unread = budgets.filter((b) => (deltas === null || deltas.has(b.id)) && current(b) === undefined);
    // many to read: grouped reads, which give every budget's spend at once (the first batch after a start)
    if (unread.length > 4) unread = budgets.filter((b) => current(b) === undefined);
    const fresh = new Set<string>(); // budgets read in this evaluation: their spend includes these events already
    for (const [id, spends] of await readExact(reads, unread.map((b) => ({ b, range: ranges.get(b.id)!, instances: 'every' as const })))) {
      const b = unread.find((x) => x.id === id)!;
      kept.set(id, { period_start: ranges.get(id)!.start, version: b.updated_at, spends });
      fresh.add(id);
    }
    const todo: { b: BudgetRecord; instances: string[] }[] = [];
    for (const b of budgets) {
      const k = current(b);
      if (k === undefined) continue;
      const template = b.scope.customer_id === '*';
      let instances: string[];
      if (deltas === null) {
        instances = [...k.spends.keys()];
        // instances known from before (e.g. blocked last period, no spend yet in this one) are decided too
        if (template) for (const s of known.values()) if (s.state.budget_id === b.id && !k.spends.has(s.state.instance)) instances.push(s.state.instance);
        if (!template && instances.length === 0) instances.push('');
      } else {
        const d = deltas.get(b.id);
        if (d === undefined) continue;
        instances = [...d.keys()];
        if (!fresh.has(b.id)) {
          for (const [instance, add] of d) {
            const s = k.spends.get(instance);
            if (s === undefined) k.spends.set(instance, { ...add });
            else {
              s.spent_nanos += add.spent_nanos;
              s.unpriced_calls += add.unpriced_calls;
              s.calls += add.calls;
            }
          }
        }
      }
      todo.push({ b, instances });
    }

    // 2. decisions on the kept spend; where one may change something, the exact spend is read and decided on
    const spendOf = (b: BudgetRecord, instance: string) => kept.get(b.id)?.spends.get(instance) ?? NO_SPEND;
    const recheck: { b: BudgetRecord; range: PeriodRange; instances: string[] }[] = [];
    for (const { b, instances } of todo) {
      if (fresh.has(b.id)) continue;
      const range = ranges.get(b.id)!;
      const doubtful = instances.filter((instance) => {
        const prev = known.get(`${b.id}\u0000${instance}`)?.state;
        const d = decide(b, instance, spendOf(b, instance), range, prev, now);
        return d.alerts.length > 0 || prev === undefined || prev.state !== d.state.state || prev.period_start !== d.state.period_start;
      });
      if (doubtful.length > 0) recheck.push({ b, range, instances: doubtful });
    }
    for (const [id, spends] of await readExact(reads, recheck)) {
      const k = kept.get(id)!;
      for (const [instance, s] of spends) k.spends.set(instance, s);
    }

    // 3. the states and alerts to write
    const states: BudgetStateRecord[] = [];
    const alerts: NewAlert[] = [];
    let blockedMoved = false; // a blocked instance's row is written (blocked, unblocked, or its spend moved)
    for (const { b, instances } of todo) {
      const range = ranges.get(b.id)!;
      const template = b.scope.customer_id === '*';
      for (const instance of instances) {
        const spend = spendOf(b, instance);
        const k = `${b.id}\u0000${instance}`;
        const entry = known.get(k);
        const prev = entry?.state;
        // a template's customer without spend and without history has no instance yet
        if (template && prev === undefined && spend.calls === 0) continue;
        const d = decide(b, instance, spend, range, prev, now);
        const written = entry?.written ?? null;
        const mustWrite = written === null || written.state !== d.state.state || written.period_start !== d.state.period_start || d.alerts.length > 0
          || (d.changed && (touched === 'all' || now - written.updated_at >= PERSIST_EVERY_MS));
        if (mustWrite && (d.changed || written === null || d.alerts.length > 0)) {
          if (d.state.state === 'blocked' || written?.state === 'blocked') blockedMoved = true;
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
    let written;
    try {
      written = await store.commitEvaluation(states, alerts);
    } catch (err) {
      // what it says was written may not be: read from the database next time
      this.known.delete(tenant);
      this.spends.delete(tenant);
      throw err;
    }
    if (written.length > 0) {
      this.options.onAlertTypes?.(written.map((a) => alertEventType(a.kind as Parameters<typeof alertEventType>[0])));
      this.options.onAlerts?.();
    }
    if (budgets.some((b) => b.action === 'block' || b.unpriced === 'block')) {
      // the blocked list changes only with a state: read it again only then (or when not known yet)
      if (blockedMoved || touched === 'all' || !this.blockedEtags.has(tenant)) {
        this.blockedEtags.set(tenant, (await blockedAnswer(this.storage, tenant)).etag);
      }
    } else this.blockedEtags.delete(tenant);
    return written.length;
  }
}
