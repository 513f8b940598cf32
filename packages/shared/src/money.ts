/**
 * Exact money (pure, TypeBox-free so the SDK can bundle it).
 *
 * Amounts are integer NANO-dollars (1 USD = 1,000,000,000 nanos) held in JS numbers: exact up to
 * Number.MAX_SAFE_INTEGER nanos (about $9,007,199), which bounds one stored value or one sum over a period; beyond
 * that the helpers switch to BigInt (`sumNanos`) or refuse (`assertNanos`) rather than silently lose digits.
 * Nano-dollars rather than micro-dollars because one cheap call (10 embedding tokens at $0.02 per million = $0.0000002)
 * is a fraction of a micro-dollar and would round to zero.
 *
 * Rounding rules (written once, here):
 * - a float cost coming from a price table is rounded to the nearest nano-dollar, ties to even (`usdToNanos`);
 * - amounts are added as integers, never as floats;
 * - products and ratios (markup percentages, per-unit prices, fractions of a budget) are computed in BigInt and
 *   rounded once, half-even (`mulDiv`);
 * - billed amounts are rounded half-even to the cent per line (`roundToCents`); totals are the sum of rounded lines.
 * - `nanosToUsd` is for presentation only (JSON numbers); never feed its result back into arithmetic.
 */

export const NANOS_PER_USD = 1_000_000_000;
export const CENT_NANOS = 10_000_000;

/** An integer number of nano-dollars. */
export type Nanos = number;

export function isNanos(n: unknown): n is Nanos {
  return typeof n === 'number' && Number.isSafeInteger(n);
}

export function assertNanos(n: number, what = 'amount'): Nanos {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} is not an exact integer of nano-dollars: ${n}`);
  return n;
}

function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** A float USD amount (a price table's product) to integer nanos, ties to even. null stays null (unpriced). */
export function usdToNanos(usd: number): Nanos;
export function usdToNanos(usd: number | null): Nanos | null;
export function usdToNanos(usd: number | null): Nanos | null {
  if (usd === null) return null;
  if (!Number.isFinite(usd)) throw new RangeError(`not a finite USD amount: ${usd}`);
  return assertNanos(roundHalfEven(usd * NANOS_PER_USD) + 0, 'USD amount');
}

/** Presentation only: nanos as a JSON number of dollars. */
export function nanosToUsd(n: Nanos): number;
export function nanosToUsd(n: Nanos | null): number | null;
export function nanosToUsd(n: Nanos | null): number | null {
  return n === null ? null : n / NANOS_PER_USD;
}

/**
 * Exact sum; throws rather than lose precision when the total leaves the safe-integer range. Added as numbers while
 * every partial sum is a safe integer (then each float addition is exact), in BigInt from the first that is not.
 */
export function sumNanos(values: Iterable<Nanos>): Nanos {
  const list = Array.isArray(values) ? (values as Nanos[]) : [...values];
  let total = 0;
  for (const v of list) {
    total += assertNanos(v);
    if (!Number.isSafeInteger(total)) return sumBig(list);
  }
  return total + 0;
}

function sumBig(values: readonly Nanos[]): Nanos {
  let total = 0n;
  for (const v of values) total += BigInt(v);
  return assertNanos(Number(total), 'sum');
}

/**
 * round(a × num / den), half-even, exact: in numbers when the product is a safe integer (a float product of
 * integers is exact exactly then), else in BigInt. den must be positive.
 */
export function mulDiv(a: Nanos, num: number | bigint, den: number | bigint): Nanos {
  if (typeof num === 'number' && typeof den === 'number' && Number.isSafeInteger(a) && Number.isSafeInteger(den) && den > 0) {
    const p = a * num;
    if (Number.isSafeInteger(p)) return divHalfEvenNumber(p, den);
  }
  const n = BigInt(a) * BigInt(num);
  const d = BigInt(den);
  if (d <= 0n) throw new RangeError('mulDiv: denominator must be positive');
  return assertNanos(Number(divHalfEven(n, d)), 'product');
}

/** divHalfEven for safe integers (n, d > 0): % and the division of a multiple of d are exact on numbers. */
function divHalfEvenNumber(n: number, d: number): number {
  let r = n % d;
  let q = (n - r) / d;
  if (r < 0) { q -= 1; r += d; } // floor division
  const twice = 2 * r;
  if (twice > d || (twice === d && q % 2 !== 0)) q += 1;
  return q + 0;
}

function divHalfEven(n: bigint, d: bigint): bigint {
  let q = n / d;
  let r = n % d;
  if (r < 0n) { q -= 1n; r += d; } // floor division
  const twice = 2n * r;
  if (twice > d || (twice === d && q % 2n !== 0n)) q += 1n;
  return q;
}

/** Rounds to a multiple of `quantum` nanos, half-even (CENT_NANOS: to the cent). */
export function roundTo(n: Nanos, quantum: Nanos): Nanos {
  if (Number.isSafeInteger(n) && Number.isSafeInteger(quantum) && quantum > 0) return assertNanos(divHalfEvenNumber(n, quantum) * quantum + 0);
  return assertNanos(Number(divHalfEven(BigInt(assertNanos(n)), BigInt(quantum)) * BigInt(quantum)));
}

export const roundToCents = (n: Nanos): Nanos => roundTo(n, CENT_NANOS);

/**
 * A decimal USD amount as written by a person or an API client ("12.5", "0.000000123", 3) to exact nanos. Digits
 * beyond the ninth decimal are rounded half-even. Throws on anything that is not a plain decimal number.
 */
export function parseUsd(input: string | number): Nanos {
  const s = typeof input === 'number' ? numberToPlain(input) : input.trim();
  const m = /^([+-]?)(\d+)(?:\.(\d*))?$|^([+-]?)\.(\d+)$/.exec(s);
  if (!m) throw new RangeError(`not a decimal USD amount: ${JSON.stringify(input)}`);
  const sign = (m[1] ?? m[4]) === '-' ? -1n : 1n;
  const int = m[2] ?? '0';
  const frac = m[3] ?? m[5] ?? '';
  const digits = BigInt(int + frac.padEnd(9, '0').slice(0, 9));
  let n = digits;
  if (frac.length > 9) {
    // round half-even on the dropped digits
    const rest = frac.slice(9);
    const half = '5'.padEnd(rest.length, '0');
    if (rest > half || (rest === half && n % 2n === 1n)) n += 1n;
  }
  return assertNanos(Number(sign * n), 'USD amount');
}

function numberToPlain(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite USD amount: ${n}`);
  // toFixed(12) is exact enough for inputs meant at nano precision, and never uses exponent notation below 1e21
  return Math.abs(n) >= 1e21 ? String(n) : n.toFixed(12).replace(/0+$/, '').replace(/\.$/, '');
}

/** Exact decimal string of an amount: `formatUsd(1_234_567_891)` = "1.234567891", `formatUsd(n, 2)` rounds half-even. */
export function formatUsd(n: Nanos, decimals = 9): string {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 9) throw new RangeError('decimals must be 0..9');
  const v = decimals === 9 ? assertNanos(n) : divHalfEvenNumber(assertNanos(n), 10 ** (9 - decimals));
  const neg = v < 0;
  const abs = (neg ? -v : v).toString().padStart(decimals + 1, '0');
  const whole = abs.slice(0, abs.length - decimals);
  const frac = abs.slice(abs.length - decimals);
  return `${neg ? '-' : ''}${whole}${decimals ? `.${frac}` : ''}`;
}
