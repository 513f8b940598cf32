/**
 * The spend of a tenant's budget instances as this collector keeps it between reads: read from the rollups (exact, as
 * of the read), then kept up to date from the batches ingest hands over after their commit.
 *
 * Which batches a read already holds: ingest hands a batch over (BudgetEvaluator.committed, numbered `seq`) after it
 * committed, and stamps its events with the time it received them (`received`, before the commit). A read started
 * after hand-over `seq` holds every batch numbered up to it; a batch received after the read ended is not in it.
 * A batch between the two (in flight while the read ran) may or may not be: it is added, and the instance marked in
 * doubt (its kept spend may count that batch twice, never too little). A decision that an instance in doubt may
 * change (a threshold, a state, a forecast) is taken only on a fresh read; one without doubt on the kept spend, which
 * is then the exact stored cost.
 */
import type { Spend } from './spend.js';

/** A read from the rollups: `seq`, the last batch handed over when it started; `end`, when it ended (epoch ms). */
export interface Reading {
  seq: number;
  end: number;
}

export interface KeptInstance {
  spend: Spend;
  read: Reading;
  /** A batch in flight during the read was added: the spend may count it twice. */
  doubt: boolean;
}

export interface Batch {
  seq: number;
  /** When ingest received the batch (the earliest received_at of its events). */
  received: number;
}

const ZERO = (): Spend => ({ spent_nanos: 0, unpriced_calls: 0, calls: 0 });

/** One budget's instances in one period and budget version. */
export class KeptBudget {
  readonly instances = new Map<string, KeptInstance>();
  /** While a re-read of this budget runs: the batches added since it started, to add again to its result (replayOnto). */
  log: { instance: string; batch: Batch; delta: Spend }[] | null = null;

  /**
   * `read`: the read of every instance (a template's customers without spend have none, as of that read); `readAt`:
   * when, for the periodic re-read.
   */
  constructor(readonly period_start: number, readonly version: number, private read: Reading, readonly readAt: number, spends: Map<string, Spend>) {
    for (const [instance, spend] of spends) this.instances.set(instance, { spend: { ...spend }, read, doubt: false });
  }

  spendOf(instance: string): Spend {
    return this.instances.get(instance)?.spend ?? ZERO();
  }

  inDoubt(instance: string): boolean {
    return this.instances.get(instance)?.doubt ?? false;
  }

  /** Adds a batch's delta to an instance unless the instance's read holds it already. */
  add(instance: string, batch: Batch, delta: Spend): void {
    let k = this.instances.get(instance);
    if (k === undefined) this.instances.set(instance, (k = { spend: ZERO(), read: this.read, doubt: false }));
    if (this.log !== null) this.log.push({ instance, batch, delta });
    if (batch.seq <= k.read.seq) return;
    k.spend.spent_nanos += delta.spent_nanos;
    k.spend.unpriced_calls += delta.unpriced_calls;
    k.spend.calls += delta.calls;
    if (batch.received <= k.read.end) k.doubt = true;
  }

  /** A re-read of the whole budget that ran while this one was kept up to date: the batches meanwhile added to it. */
  replayOnto(fresh: KeptBudget): KeptBudget {
    for (const { instance, batch, delta } of this.log ?? []) fresh.add(instance, batch, delta);
    return fresh;
  }

  /** An instance read again (exact as of `read`). */
  reread(instance: string, spend: Spend, read: Reading): void {
    this.instances.set(instance, { spend: { ...spend }, read, doubt: false });
  }
}
