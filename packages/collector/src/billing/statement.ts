/**
 * A customer's statement (pure): usage rows become lines — one per provider × model × feature × kind — each priced
 * by the markup rule that wins for it, then adjustment lines (late events of closed periods), the platform fee and
 * the minimum. Money is integer nano-dollars throughout (packages/shared/src/money.ts):
 *
 *  - a percentage markup: amount = roundToCents(cost + mulDiv(cost, percent, 100)), half-even;
 *  - a fixed price per unit: amount = roundToCents(quantity × price), half-even;
 *  - each line is rounded once, to the cent; the statement's amount is the exact sum of its rounded lines, its cost
 *    the exact sum of the lines' costs (docs/billing.md).
 *
 * Rule precedence: customer > feature > model > tenant (a rule), then the tenant's default percentage; within a
 * scope a rule for the line's kind beats a rule for every kind, and the newest wins among equals.
 */
import { formatUsd, mulDiv, parseUsd, roundToCents, sumNanos, type Nanos } from '@llmobserve/shared';
import type { BillingRow } from '../storage/billing/deltas.js';
import type { BillingSettings, MarkupRule, RuleScope } from '../storage/billing/types.js';

export const TOKEN_KINDS = [
  ['input', 'input_tokens', 'input_nanos'],
  ['cached_input', 'cached_input_tokens', 'cached_input_nanos'],
  ['cache_write', 'cache_write_tokens', 'cache_write_nanos'],
  ['output', 'output_tokens', 'output_nanos'],
  ['reasoning', 'reasoning_tokens', 'reasoning_nanos'],
] as const;

export interface AppliedRule {
  id: string;
  scope: RuleScope | 'default';
  type: MarkupRule['type'];
  value: string;
}

export interface StatementLine {
  provider: string | null;
  model: string | null;
  feature: string | null;
  /** input, cached_input, cache_write, output, reasoning, other, a unit name, platform_fee, minimum */
  kind: string;
  /** tokens, usd, or the unit's name */
  unit: string;
  quantity: number;
  cost_nanos: Nanos;
  markup_nanos: Nanos;
  amount_nanos: Nanos;
  rule: AppliedRule | null;
  /** an adjustment: a late event of a closed period, with its original period and date */
  adjustment: { period: string; date: string } | null;
}

export interface Statement {
  customer_id: string;
  period: string | null;
  from: number;
  to: number;
  timezone: string;
  cost_nanos: Nanos;
  amount_nanos: Nanos;
  unpriced_calls: number;
  lines: StatementLine[];
}

/** Usage rows of late events, with the closed period and local date they belong to. */
export interface AdjustmentRows {
  period: string;
  date: string;
  rows: BillingRow[];
}

const SCOPE_RANK: Record<RuleScope, number> = { customer: 4, feature: 3, model: 2, tenant: 1 };
const HUNDRED_PERCENT = 100 * 1_000_000_000;

function matches(rule: MarkupRule, line: { customer: string; provider: string; model: string; feature: string; kind: string }): boolean {
  if (rule.kind !== null && rule.kind !== line.kind) return false;
  switch (rule.scope) {
    case 'customer': return rule.match === line.customer;
    case 'feature': return rule.match === line.feature;
    case 'model': return rule.match === line.model || rule.match === `${line.provider}/${line.model}`;
    case 'tenant': return true;
  }
}

/** The rule that prices a line (precedence above); unit prices never price reported (`other`) costs. */
export function winningRule(rules: readonly MarkupRule[], settings: BillingSettings, line: { customer: string; provider: string; model: string; feature: string; kind: string }): AppliedRule {
  let best: MarkupRule | null = null;
  const rank = (r: MarkupRule) => SCOPE_RANK[r.scope] * 4 + (r.kind === null ? 0 : 2);
  for (const r of rules) {
    if (r.type !== 'percent' && r.type !== 'unit_price') continue;
    if (r.type === 'unit_price' && line.kind === 'other') continue;
    if (!matches(r, line)) continue;
    if (!best || rank(r) > rank(best) || (rank(r) === rank(best) && r.created_at >= best.created_at)) best = r;
  }
  if (best) return applied(best);
  return defaultRule(settings);
}

// one AppliedRule object per rule (and per default percentage): lines share it instead of a copy per line
const appliedOf = new WeakMap<MarkupRule, AppliedRule>();
function applied(r: MarkupRule): AppliedRule {
  let a = appliedOf.get(r);
  if (!a || a.value !== r.value) appliedOf.set(r, (a = { id: r.id, scope: r.scope, type: r.type, value: r.value }));
  return a;
}
const defaults = new Map<string, AppliedRule>();
function defaultRule(settings: BillingSettings): AppliedRule {
  const v = settings.default_markup_percent;
  let a = defaults.get(v);
  if (!a) {
    if (defaults.size > 1000) defaults.clear();
    defaults.set(v, (a = { id: 'default', scope: 'default', type: 'percent', value: v }));
  }
  return a;
}

// a rule's value parsed once (parseUsd is exact; the cache only saves re-parsing the same string per line)
const parsed = new Map<string, number>();
function parsedUsd(value: string): number {
  let n = parsed.get(value);
  if (n === undefined) {
    if (parsed.size > 10_000) parsed.clear();
    parsed.set(value, (n = parseUsd(value)));
  }
  return n;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
// percent / 100 as a reduced fraction (20 % = 1/5): the same rational, so the same rounding, with products that stay
// within exact numbers (mulDiv then needs no BigInt)
const ratios = new Map<string, [number, number]>();
function percentRatio(value: string): [number, number] {
  let r = ratios.get(value);
  if (!r) {
    const pct = parsedUsd(value);
    const g = gcd(Math.abs(pct), HUNDRED_PERCENT);
    if (ratios.size > 10_000) ratios.clear();
    ratios.set(value, (r = [pct / g, HUNDRED_PERCENT / g]));
  }
  return r;
}

/** quantity × USD-per-unit price, exact: the quantity is taken to 6 decimals (units such as audio seconds). */
function perUnit(quantity: number, price: string): Nanos {
  const micro = Math.round(quantity * 1e6);
  return mulDiv(parsedUsd(price), micro, 1_000_000);
}

/** The billed amount of a line's cost under a rule, rounded to the cent (half-even). */
export function billedAmount(cost: Nanos, quantity: number, rule: AppliedRule): Nanos {
  if (rule.type === 'unit_price') return roundToCents(perUnit(quantity, rule.value));
  const [num, den] = percentRatio(rule.value);
  return roundToCents(cost + mulDiv(cost, num, den));
}

function feeRule(rules: readonly MarkupRule[], type: 'platform_fee' | 'minimum', customer: string, fallback: string): AppliedRule | null {
  const own = rules.filter((r) => r.type === type && r.scope === 'customer' && r.match === customer).at(-1);
  const tenant = rules.filter((r) => r.type === type && r.scope === 'tenant').at(-1);
  const r = own ?? tenant;
  if (r) return { id: r.id, scope: r.scope, type, value: r.value };
  return parseUsd(fallback) === 0 ? null : { id: 'default', scope: 'default', type, value: fallback };
}

const orNull = (s: string) => (s === '' ? null : s);

function usageLines(customer: string, rows: readonly BillingRow[], rules: readonly MarkupRule[], settings: BillingSettings, adjustment: StatementLine['adjustment']): StatementLine[] {
  const lines: StatementLine[] = [];
  const push = (r: BillingRow, kind: string, unit: string, quantity: number, cost: Nanos) => {
    if (quantity === 0 && cost === 0) return;
    const rule = winningRule(rules, settings, { customer, provider: r.provider, model: r.model, feature: r.feature, kind });
    const amount = billedAmount(cost, quantity, rule);
    lines.push({
      provider: orNull(r.provider), model: orNull(r.model), feature: orNull(r.feature), kind, unit, quantity,
      cost_nanos: cost, markup_nanos: amount - cost, amount_nanos: amount, rule, adjustment,
    });
  };
  const sorted = rows.map((r) => [key(r), r] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [, r] of sorted) {
    if (r.unit === '') {
      for (const [kind, q, c] of TOKEN_KINDS) push(r, kind, 'tokens', r[q], r[c]);
      if (r.other_nanos !== 0) push(r, 'other', 'usd', Number(formatUsd(r.other_nanos)), r.other_nanos);
    } else {
      push(r, r.unit, r.unit, r.unit_quantity, r.unit_nanos);
    }
  }
  return lines;
}

const key = (r: BillingRow) => `${r.provider}\u0000${r.model}\u0000${r.feature}\u0000${r.unit}`;

export interface StatementInput {
  customer_id: string;
  period: string | null;
  from: number;
  to: number;
  settings: BillingSettings;
  rules: readonly MarkupRule[];
  /** this customer's usage rows */
  usage: readonly BillingRow[];
  adjustments: readonly AdjustmentRows[];
}

export function buildStatement(input: StatementInput): Statement {
  const { customer_id: customer, rules, settings } = input;
  const lines = usageLines(customer, input.usage, rules, settings, null);
  for (const a of input.adjustments) lines.push(...usageLines(customer, a.rows, rules, settings, { period: a.period, date: a.date }));
  if (input.period !== null) {
    const fee = feeRule(rules, 'platform_fee', customer, settings.platform_fee_usd);
    if (fee) {
      const amount = roundToCents(parseUsd(fee.value));
      lines.push({ provider: null, model: null, feature: null, kind: 'platform_fee', unit: 'month', quantity: 1, cost_nanos: 0, markup_nanos: amount, amount_nanos: amount, rule: fee, adjustment: null });
    }
    const min = feeRule(rules, 'minimum', customer, settings.minimum_usd);
    const sofar = sumNanos(lines.map((l) => l.amount_nanos));
    if (min) {
      const minimum = roundToCents(parseUsd(min.value));
      if (sofar < minimum) {
        lines.push({ provider: null, model: null, feature: null, kind: 'minimum', unit: 'month', quantity: 1, cost_nanos: 0, markup_nanos: minimum - sofar, amount_nanos: minimum - sofar, rule: min, adjustment: null });
      }
    }
  }
  return {
    customer_id: customer, period: input.period, from: input.from, to: input.to, timezone: settings.timezone,
    cost_nanos: sumNanos(lines.map((l) => l.cost_nanos)),
    amount_nanos: sumNanos(lines.map((l) => l.amount_nanos)),
    unpriced_calls: [...input.usage, ...input.adjustments.flatMap((a) => a.rows)].reduce((s, r) => s + r.unpriced_calls, 0),
    lines,
  };
}
