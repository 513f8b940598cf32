/**
 * The budget decision, pure: given a budget instance's spend in its current period and its previous state, the new
 * state and the alerts due. One comparator for every scope: a threshold is crossed when spent ≥ fraction × amount,
 * compared exactly in integers (spent × 10^9 ≥ amount × fraction in nano-units); equality crosses.
 */
import { NANOS_PER_USD, nanosToUsd, parseUsd, type Nanos } from '@llmobserve/shared';
import type { BudgetRecord, BudgetStateRecord, InstanceState } from '../storage/budget-store.js';
import type { PeriodRange } from './periods.js';
import type { Spend } from './spend.js';

export const ALERT_KINDS = ['threshold_crossed', 'forecast_exceeded', 'reset'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const alertEventType = (kind: AlertKind) => `budget.${kind}`;

/** spent ≥ fraction × amount, exactly (fraction a decimal string, at most 9 decimals). */
export function crosses(spent: Nanos, amount: Nanos, fraction: string): boolean {
  return BigInt(spent) * BigInt(NANOS_PER_USD) >= BigInt(amount) * BigInt(parseUsd(fraction));
}

/** Spend projected to the period's end at the burn rate so far; null for `total` or too early to say. */
export function projectedSpend(spent: Nanos, range: PeriodRange, now: number): Nanos | null {
  if (range.end === null) return null;
  const length = range.end - range.start;
  const elapsed = Math.min(length, Math.max(0, now - range.start));
  // the first 1/24 of a period (an hour of a day) is too short a sample to project from
  if (elapsed * 24 < length || elapsed === 0) return null;
  return Number((BigInt(spent) * BigInt(length)) / BigInt(elapsed));
}

export interface DueAlert {
  kind: AlertKind;
  threshold: string;
}

export interface InstanceDecision {
  state: BudgetStateRecord;
  alerts: DueAlert[];
  /** The state differs from the previous one (it needs writing). */
  changed: boolean;
}

function stateOf(b: BudgetRecord, spend: Spend): InstanceState {
  const over = crosses(spend.spent_nanos, b.amount_nanos, '1');
  if ((b.action === 'block' && over) || (b.unpriced === 'block' && spend.unpriced_calls > 0)) return 'blocked';
  const lowest = b.thresholds[0];
  return (lowest !== undefined && crosses(spend.spent_nanos, b.amount_nanos, lowest)) || over ? 'warning' : 'ok';
}

export function decide(b: BudgetRecord, instance: string, spend: Spend, range: PeriodRange, prev: BudgetStateRecord | undefined, now: number): InstanceDecision {
  const samePeriod = prev !== undefined && prev.period_start === range.start;
  const before = samePeriod ? prev : undefined;
  const projected = projectedSpend(spend.spent_nanos, range, now);
  const state: BudgetStateRecord = {
    budget_id: b.id, instance, period_start: range.start, period_end: range.end, state: stateOf(b, spend),
    spent_nanos: spend.spent_nanos, unpriced_calls: spend.unpriced_calls, projected_nanos: projected, updated_at: now,
  };
  const alerts: DueAlert[] = [];
  // An alert whose crossing the previous state (same period) already showed was committed with that state.
  for (const t of b.thresholds) {
    if (crosses(spend.spent_nanos, b.amount_nanos, t) && !(before && crosses(before.spent_nanos, b.amount_nanos, t))) alerts.push({ kind: 'threshold_crossed', threshold: t });
  }
  const projectedOver = (p: Nanos | null, spent: Nanos) => p !== null && p >= b.amount_nanos && spent < b.amount_nanos;
  if (projectedOver(projected, spend.spent_nanos) && !(before && projectedOver(before.projected_nanos, before.spent_nanos))) {
    alerts.push({ kind: 'forecast_exceeded', threshold: '' });
  }
  if (prev !== undefined && prev.state === 'blocked' && prev.period_start < range.start) alerts.push({ kind: 'reset', threshold: '' });
  const changed = !before || before.state !== state.state || before.spent_nanos !== state.spent_nanos
    || before.unpriced_calls !== state.unpriced_calls || before.projected_nanos !== state.projected_nanos || before.period_end !== state.period_end;
  return { state, alerts, changed };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The webhook body of a budget alert (stored in the ledger as delivered). */
export function alertPayload(b: BudgetRecord, instance: string, kind: AlertKind, threshold: string, s: BudgetStateRecord, at: number): string {
  return JSON.stringify({
    type: alertEventType(kind),
    timestamp: new Date(at).toISOString(),
    data: {
      budget_id: b.id,
      budget_name: b.name,
      customer_id: instance !== '' ? instance : (b.scope.customer_id ?? null),
      scope: b.scope,
      threshold: threshold === '' ? null : Number(threshold),
      spent_usd: nanosToUsd(s.spent_nanos),
      amount_usd: nanosToUsd(b.amount_nanos),
      projected_usd: s.projected_nanos === null ? null : nanosToUsd(s.projected_nanos),
      period_start: iso(s.period_start === 0 ? null : s.period_start),
      period_end: iso(s.period_end),
      unpriced_calls: s.unpriced_calls,
      state: s.state,
    },
  });
}
