/**
 * Evaluates budgets as events are committed: ingest hands over the events a batch stored (after the commit, off the
 * request's path); the evaluator adds them to the spend it keeps per budget instance (read from the rollups once,
 * see kept-spend.ts and deltas.ts), decides, and writes the new states and alerts in one transaction (the ledger's
 * unique key makes each alert happen once, whichever collector or concurrent batch gets there first). Evaluations of
 * one tenant run one at a time; batches arriving meanwhile are merged into the next run, at most every
 * `minIntervalMs`. A periodic tick decides every instance again (resets, forecasts, other collectors' states) and
 * re-reads the budgets read longest ago beside the evaluations.
 */
import { randomBytes } from 'node:crypto';
import type { StoredEventInput } from '../domain/event.js';
import { BudgetStore, type BudgetRecord, type BudgetStateRecord, type NewAlert } from '../storage/budget-store.js';
import type { Storage, TenantStore } from '../storage/types.js';
import { alertEventType, alertPayload, decide } from './evaluate.js';
import { periodAt, type PeriodRange } from './periods.js';
import { NO_SPEND, readExact, type ExactRead, type Spend } from './spend.js';
import { DeltaCounter } from './deltas.js';
import { KeptBudget, type Batch, type Reading } from './kept-spend.js';
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

/** A state row whose spend moves without changing its state is written at most this often (ms). */
const PERSIST_EVERY_MS = 5_000;
/** Each tick reads this share of a tenant's budgets again (those read longest ago): each is re-read every few ticks. */
const RESYNC_SHARE = 3;
const BUDGET_CACHE_MS = 5_000;
/** The tenant's blocked list (its ETag, which SDKs refresh on) is read again at most this often while it changes. */
const BLOCKED_ETAG_MS = 1_000;

/** A batch ingest handed over after its commit: numbered in hand-over order (see kept-spend.ts). */
export interface PendingBatch extends Batch {
  events: readonly StoredEventInput[];
}

/** What a tenant's next evaluation has to do. */
interface Pending {
  /** Every budget from a fresh read (the batches meanwhile are in that read). */
  all: boolean;
  tick: boolean;
  batches: PendingBatch[];
}

export class BudgetEvaluator {
  private readonly pending = new Map<string, Pending>();
  /** The number of the last batch handed over (all tenants). */
  private seq = 0;
  private readonly running = new Set<string>();
  /** Per tenant, when its next evaluation may start (at most one every minIntervalMs; batches meanwhile are merged). */
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
  private readonly blockedReadAt = new Map<string, number>();
  private readonly blockedDirty = new Set<string>();
  private readonly blockedTimers = new Map<string, NodeJS.Timeout>();
  /**
   * Per tenant, per budget: its spend per instance in its current period as read from the rollups once and kept up to
   * date from the committed events since (`version`: the budget's updated_at it was read for).
   */
  private readonly kept = new Map<string, Map<string, KeptBudget>>();
  /** Per tenant: budgets re-read beside the evaluations, for the next evaluation to take (see resync). */
  private readonly resynced = new Map<string, { id: string; beside: KeptBudget; fresh: KeptBudget }[]>();
  private readonly resyncing = new Set<string>();
  private readonly idle: Array<() => void> = [];
  private tickTimer: NodeJS.Timeout | null = null;
  private closed = false;
  readonly minIntervalMs: number;
  private readonly tickMs: number;

  constructor(private readonly storage: Storage, private readonly options: EvaluatorOptions = {}) {
    this.minIntervalMs = options.minIntervalMs ?? 200;
    const tick = (this.tickMs = options.tickMs ?? 30_000);
    if (tick > 0) {
      this.tickTimer = setInterval(() => void this.tick(), tick);
      this.tickTimer.unref();
    }
  }

  /** Ingest committed these events (only the ones really inserted: replays are not counted twice anyway). */
  committed(events: readonly StoredEventInput[]): void {
    if (this.closed || events.length === 0) return;
    const seq = ++this.seq;
    const byTenant = new Map<string, PendingBatch>();
    for (const e of events) {
      const b = byTenant.get(e.tenant_id);
      if (b === undefined) byTenant.set(e.tenant_id, { seq, received: e.received_at, events: [e] });
      else {
        (b.events as StoredEventInput[]).push(e);
        if (e.received_at < b.received) b.received = e.received_at;
      }
    }
    for (const [tenant, batch] of byTenant) {
      const p = this.pendingOf(tenant);
      if (!p.all) p.batches.push(batch); // (a fresh read of everything holds it)
      this.schedule(tenant);
    }
  }

  /** The tenant's current GET /budgets/blocked ETag, if it has blocking budgets and this process evaluated them. */
  blockedEtag(tenant: string): string | undefined {
    return this.blockedEtags.get(tenant);
  }

  /** Every budget of the tenant is evaluated on its next run (budget created or changed). */
  evaluateAll(tenant: string): void {
    this.budgetCache.delete(tenant);
    this.known.delete(tenant);
    this.kept.delete(tenant);
    const p = this.pendingOf(tenant);
    p.all = true;
    p.batches = [];
    this.schedule(tenant);
  }

  private pendingOf(tenant: string): Pending {
    let p = this.pending.get(tenant);
    if (p === undefined) this.pending.set(tenant, (p = { all: false, tick: false, batches: [] }));
    return p;
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
        this.pendingOf(tenant).tick = true;
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
    for (const t of [...this.timers.values(), ...this.blockedTimers.values()]) clearTimeout(t);
    this.timers.clear();
    this.blockedTimers.clear();
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
    const p = this.pending.get(tenant);
    if (p === undefined || this.closed) return this.checkIdle();
    this.pending.delete(tenant);
    this.running.add(tenant);
    const start = Date.now();
    try {
      if (p.all) await this.evaluate(tenant, 'all');
      else {
        // (no batch: a re-read to take, or a blocked list to read again)
        if (p.batches.length > 0 || (!p.tick && (this.resynced.get(tenant)?.length || this.blockedDirty.has(tenant)))) await this.evaluate(tenant, p.batches);
        if (p.tick) {
          await this.evaluate(tenant, 'tick');
          void this.resync(tenant);
        }
      }
    } catch (err) {
      this.options.onError?.(err);
    } finally {
      // at most one evaluation every minIntervalMs: the batches meanwhile are merged into the next
      this.nextRunAt.set(tenant, start + this.minIntervalMs);
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
   * Evaluates the tenant's budgets that the handed-over batches fall under; 'all': every budget from a fresh read of
   * the rollups (a budget created or changed; tests); 'tick': every instance again (resets, forecasts, other
   * collectors' states), re-reading the budgets read longest ago. Returns the alerts written.
   *
   * Incremental: a budget's spend in its current period is read from the rollups once (one grouped read for every
   * customer of a template) and kept up to date from the batches (KeptBudget, DeltaCounter), so an evaluation costs
   * what the batches changed. A decision is taken on the kept spend when it is exact (see kept-spend.ts); an instance
   * in doubt whose decision may change something is read again first. So an alert, its payload and a state change
   * always come from the stored cost, and the ledger's unique key makes each alert happen once.
   */
  async evaluate(tenant: string, touched: readonly PendingBatch[] | 'all' | 'tick', now = Date.now()): Promise<number> {
    const store = new BudgetStore(this.storage.budgetSql, tenant);
    const budgets = await this.budgets(tenant, store);
    if (budgets.length === 0) {
      this.kept.delete(tenant);
      return 0;
    }
    const reads = this.storage.forTenant(tenant);
    const whole = touched === 'all' || touched === 'tick';
    let known = this.known.get(tenant);
    if (whole || known === undefined) {
      // from the database: what other collectors decided too (periodic, and on budget changes)
      known = new Map((await store.listStates()).map((s) => [`${s.budget_id}\u0000${s.instance}`, { state: s, written: s }]));
      this.known.set(tenant, known);
    }
    let kept = this.kept.get(tenant);
    if (touched === 'all' || kept === undefined) this.kept.set(tenant, (kept = new Map()));
    const ranges = new Map(budgets.map((b) => [b.id, periodAt(b.period, b.timezone, now)]));
    const live = new Set(budgets.map((b) => b.id));
    for (const id of kept.keys()) if (!live.has(id)) kept.delete(id);
    const current = (b: BudgetRecord) => {
      const k = kept.get(b.id);
      return k !== undefined && k.period_start === ranges.get(b.id)!.start && k.version === b.updated_at ? k : undefined;
    };

    // 1. what the batches add, per budget and instance
    const counter = whole ? null : new DeltaCounter(budgets, (b) => ranges.get(b.id)!);
    const deltas = whole ? [] : touched.map((batch) => ({ batch, perBudget: counter!.of(batch.events) }));
    const hit = new Set<string>();
    for (const d of deltas) for (const id of d.perBudget.keys()) hit.add(id);

    // 2. budgets without a kept spend of this period read (a start, a new period, a changed budget; 'tick': the
    //    third read longest ago, so every budget is read again every few ticks and other collectors' events count)
    let unread = budgets.filter((b) => (whole || hit.has(b.id)) && current(b) === undefined);
    if (unread.length > 4) unread = budgets.filter((b) => current(b) === undefined); // grouped reads give them all at once
    // re-reads done meanwhile (resync): their result, with the batches added since they started
    const reread = new Set<string>();
    for (const r of this.resynced.get(tenant)?.splice(0) ?? []) {
      // (only onto the kept spend the re-read was started beside: a budget read afresh meanwhile keeps that read)
      const k = kept.get(r.id);
      if (k !== r.beside || k.period_start !== r.fresh.period_start || k.version !== r.fresh.version) continue;
      kept.set(r.id, k.replayOnto(r.fresh));
      reread.add(r.id);
    }
    const seeded = await this.read(reads, unread.map((b) => ({ b, range: ranges.get(b.id)!, instances: 'every' as const })));
    for (const b of unread) kept.set(b.id, new KeptBudget(ranges.get(b.id)!.start, b.updated_at, seeded.read, Date.now(), seeded.spends.get(b.id) ?? new Map()));

    // 3. the batches added (a budget read just now holds them already: KeptBudget.add skips them)
    const todo: { b: BudgetRecord; k: KeptBudget; instances: Set<string> }[] = [];
    const todoOf = new Map<string, { b: BudgetRecord; k: KeptBudget; instances: Set<string> }>();
    for (const b of budgets) {
      const k = current(b);
      if (k === undefined || (!whole && !hit.has(b.id) && !reread.has(b.id))) continue;
      const entry = { b, k, instances: new Set<string>() };
      todo.push(entry);
      todoOf.set(b.id, entry);
      if (whole || reread.has(b.id)) {
        for (const instance of k.instances.keys()) entry.instances.add(instance);
        // instances known from before (e.g. blocked last period, no spend yet in this one) are decided too
        for (const s of known.values()) if (s.state.budget_id === b.id) entry.instances.add(s.state.instance);
        if (b.scope.customer_id !== '*') entry.instances.add('');
      }
    }
    for (const { batch, perBudget } of deltas) {
      for (const [id, per] of perBudget) {
        const entry = todoOf.get(id);
        if (!entry) continue;
        for (const [instance, delta] of per) {
          entry.k.add(instance, batch, delta);
          entry.instances.add(instance);
        }
      }
    }

    // 4. instances in doubt whose decision may change something: read again
    const recheck: { b: BudgetRecord; range: PeriodRange; instances: string[] }[] = [];
    for (const { b, k, instances } of todo) {
      const range = ranges.get(b.id)!;
      const doubtful = [...instances].filter((instance) => {
        if (!k.inDoubt(instance)) return false;
        const prev = known.get(`${b.id}\u0000${instance}`)?.state;
        const d = decide(b, instance, k.spendOf(instance), range, prev, now);
        return d.alerts.length > 0 || prev === undefined || prev.state !== d.state.state || prev.period_start !== d.state.period_start;
      });
      if (doubtful.length > 0) recheck.push({ b, range, instances: doubtful });
    }
    const rechecked = await this.read(reads, recheck);
    for (const { b, instances } of recheck) {
      const spends = rechecked.spends.get(b.id);
      for (const instance of instances) todoOf.get(b.id)!.k.reread(instance, spends?.get(instance) ?? NO_SPEND, rechecked.read);
    }

    // 5. the states and alerts to write
    const states: BudgetStateRecord[] = [];
    const alerts: NewAlert[] = [];
    let blockedMoved = false; // a blocked instance's row is written (blocked, unblocked, or its spend moved)
    for (const { b, k, instances } of todo) {
      const range = ranges.get(b.id)!;
      const template = b.scope.customer_id === '*';
      for (const instance of instances) {
        const spend = k.spendOf(instance);
        const key = `${b.id}\u0000${instance}`;
        const entry = known.get(key);
        const prev = entry?.state;
        // a template's customer without spend and without history has no instance yet
        if (template && prev === undefined && spend.calls === 0) continue;
        const d = decide(b, instance, spend, range, prev, now);
        const written = entry?.written ?? null;
        // (an instance in doubt reaching here changes neither state nor period and raises no alert: step 4)
        const mustWrite = written === null || written.state !== d.state.state || written.period_start !== d.state.period_start || d.alerts.length > 0
          || (d.changed && !k.inDoubt(instance) && (whole || now - written.updated_at >= PERSIST_EVERY_MS));
        if (mustWrite && (d.changed || written === null || d.alerts.length > 0)) {
          if (d.state.state === 'blocked' || written?.state === 'blocked') blockedMoved = true;
          states.push(d.state);
          known.set(key, { state: d.state, written: d.state });
        } else known.set(key, { state: d.state, written });
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
      this.kept.delete(tenant);
      throw err;
    }
    if (written.length > 0) {
      this.options.onAlertTypes?.(written.map((a) => alertEventType(a.kind as Parameters<typeof alertEventType>[0])));
      this.options.onAlerts?.();
    }
    if (budgets.some((b) => b.action === 'block' || b.unpriced === 'block')) {
      // the blocked list changes only with a blocked instance's row: read again then (or when not known yet), at most
      // every BLOCKED_ETAG_MS (a template blocking thousands of customers is a read of thousands of rows); a change
      // meanwhile is read by an evaluation scheduled for the end of that interval
      if (blockedMoved) this.blockedDirty.add(tenant);
      const last = this.blockedReadAt.get(tenant) ?? 0;
      if (whole || !this.blockedEtags.has(tenant) || (this.blockedDirty.has(tenant) && Date.now() - last >= BLOCKED_ETAG_MS)) {
        this.blockedDirty.delete(tenant);
        this.blockedReadAt.set(tenant, Date.now());
        this.blockedEtags.set(tenant, (await blockedAnswer(this.storage, tenant)).etag);
      } else if (this.blockedDirty.has(tenant) && !this.blockedTimers.has(tenant)) {
        const timer = setTimeout(() => {
          this.blockedTimers.delete(tenant);
          this.pendingOf(tenant);
          this.schedule(tenant);
        }, BLOCKED_ETAG_MS - (Date.now() - last));
        timer.unref();
        this.blockedTimers.set(tenant, timer);
      }
    } else this.blockedEtags.delete(tenant);
    return written.length;
  }

  /**
   * Re-reads the third of a tenant's budgets read longest ago, beside its evaluations (a grouped read of a big
   * template takes seconds; evaluations go on meanwhile): the next evaluation takes the result, adds the batches
   * handed over since the read started (KeptBudget.replayOnto) and decides its instances again. So every budget is
   * read again every few ticks, and what other collectors stored counts.
   */
  private async resync(tenant: string): Promise<void> {
    if (this.resyncing.has(tenant) || this.closed) return;
    this.resyncing.add(tenant);
    try {
      const kept = this.kept.get(tenant);
      const budgets = this.budgetCache.get(tenant)?.budgets;
      if (!kept || !budgets) return;
      const now = Date.now();
      const due = budgets.filter((b) => kept.get(b.id)?.version === b.updated_at).sort((x, y) => kept.get(x.id)!.readAt - kept.get(y.id)!.readAt);
      const chosen = due.slice(0, Math.ceil(due.length / RESYNC_SHARE)).filter((b) => now - kept.get(b.id)!.readAt >= this.tickMs);
      if (chosen.length === 0) return;
      const wanted = chosen.map((b) => ({ b, k: kept.get(b.id)!, range: periodAt(b.period, b.timezone, now) })).filter((w) => w.k.period_start === w.range.start);
      for (const w of wanted) w.k.log = [];
      const got = await this.read(this.storage.forTenant(tenant), wanted.map((w) => ({ b: w.b, range: w.range, instances: 'every' as const })));
      const list = this.resynced.get(tenant) ?? [];
      for (const w of wanted) list.push({ id: w.b.id, beside: w.k, fresh: new KeptBudget(w.range.start, w.b.updated_at, got.read, Date.now(), got.spends.get(w.b.id) ?? new Map()) });
      this.resynced.set(tenant, list);
      this.pendingOf(tenant);
      this.schedule(tenant);
    } catch (err) {
      this.options.onError?.(err);
    } finally {
      this.resyncing.delete(tenant);
    }
  }

  /** Exact spends from the rollups, with the reading they are (which batches they hold: kept-spend.ts). */
  private async read(reads: TenantStore, wanted: ExactRead[]): Promise<{ spends: Map<string, Map<string, Spend>>; read: Reading }> {
    const seq = this.seq;
    const spends = wanted.length === 0 ? new Map<string, Map<string, Spend>>() : await readExact(reads, wanted);
    return { spends, read: { seq, end: Date.now() } };
  }

}
