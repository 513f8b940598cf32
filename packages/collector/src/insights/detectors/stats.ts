import { mulDiv } from '@llmobserve/shared';
import type { FindingInput, FindingKind } from '../../storage/insights/types.js';
import { severityOf } from '../config.js';
/** Small exact-enough statistics for the detectors (pure). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Median absolute deviation from the median. */
export function mad(xs: readonly number[], med = median(xs)): number {
  return median(xs.map((x) => Math.abs(x - med)));
}

export const sum = (xs: Iterable<number>) => {
  let t = 0;
  for (const x of xs) t += x;
  return t;
};

/** Groups items by a string key, keeping first-seen order. */
export function groupBy<T>(items: Iterable<T>, key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const g = m.get(k);
    if (g) g.push(it);
    else m.set(k, [it]);
  }
  return m;
}

const nz = (s: string) => (s === '' ? null : s);
/** A finding scope from rollup keys ('' = none). */
export const scopeOf = (s: { customer_id?: string; section_path?: string; provider?: string; model?: string }) => ({
  customer_id: nz(s.customer_id ?? ''), section_path: nz(s.section_path ?? ''), provider: nz(s.provider ?? ''), model: nz(s.model ?? ''),
});

const MAX = Number.MAX_SAFE_INTEGER;
/**
 * round(amount × num / den) in nano-dollars, half-even (shared money's mulDiv), saturating at the largest exact
 * amount instead of throwing: absurd costs (a fuzzer's, a mis-reported one) give a huge finding, never a failed evaluation.
 */
export function scale(amount: number, num: number, den: number): number {
  const a = Math.min(MAX, Math.max(0, Math.round(amount)));
  if ((BigInt(a) * BigInt(num)) / BigInt(den) >= BigInt(MAX)) return MAX;
  return mulDiv(a, num, den);
}

type Scope = Parameters<typeof scopeOf>[0];

/**
 * The finding of `amount` nano-dollars saved (or wasted) over `windowDays` days, at stake per month (scaled to 30
 * days), over the window from `from` to `now`; null when the monthly stake is below `floorNanos`. `describe` gets it.
 */
export function windowFinding(
  kind: FindingKind, scope: Scope, amount: number, w: { windowDays: number; floorNanos: number; from: number; now: number },
  describe: (monthly: number) => Pick<FindingInput, 'title' | 'evidence'>,
): FindingInput | null {
  const monthly = scale(amount, 30, w.windowDays);
  if (monthly < w.floorNanos) return null;
  const { title, evidence } = describe(monthly);
  return { kind, scope: scopeOf(scope), severity: severityOf(monthly), title, evidence, window_from: w.from, window_to: w.now, at_stake_nanos: monthly };
}
