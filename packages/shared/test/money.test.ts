import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CENT_NANOS, NANOS_PER_USD, formatUsd, mulDiv, nanosToUsd, parseUsd, roundToCents, sumNanos, usdToNanos,
} from '../src/money.js';

test('usdToNanos rounds a float cost to the nearest nano-dollar, ties to even', () => {
  assert.equal(usdToNanos(0.1), 100_000_000);
  assert.equal(usdToNanos(0.0000002), 200); // 10 embedding tokens at $0.02 per million
  assert.equal(usdToNanos(2.5e-9), 2); // tie → even
  assert.equal(usdToNanos(3.5e-9), 4); // tie → even
  assert.equal(usdToNanos(-0.000000001), -1);
  assert.equal(usdToNanos(null), null);
  assert.throws(() => usdToNanos(Number.NaN), RangeError);
});

test('sums are exact integers where float sums drift', () => {
  const tenths = Array.from({ length: 10 }, () => usdToNanos(0.1));
  assert.equal(sumNanos(tenths), NANOS_PER_USD);
  let float = 0;
  for (let i = 0; i < 10; i++) float += 0.1;
  assert.notEqual(float, 1); // the drift this module exists to avoid
  assert.throws(() => sumNanos([Number.MAX_SAFE_INTEGER, 1]), RangeError);
  assert.throws(() => sumNanos([0.5]), RangeError);
});

test('mulDiv rounds once, half-even, in exact integer arithmetic', () => {
  assert.equal(mulDiv(1_000, 15, 100), 150); // 15 % of 1,000 nanos
  assert.equal(mulDiv(5, 1, 2), 2); // 2.5 → 2
  assert.equal(mulDiv(7, 1, 2), 4); // 3.5 → 4
  assert.equal(mulDiv(-5, 1, 2), -2);
  assert.equal(mulDiv(Number.MAX_SAFE_INTEGER, 1, 3), 3_002_399_751_580_330); // no float intermediate
  assert.throws(() => mulDiv(1, 1, 0), RangeError);
});

test('roundToCents: half a cent goes to the even cent', () => {
  assert.equal(roundToCents(5_000_000), 0); // $0.005 → $0.00
  assert.equal(roundToCents(15_000_000), 2 * CENT_NANOS); // $0.015 → $0.02
  assert.equal(roundToCents(25_000_000), 2 * CENT_NANOS); // $0.025 → $0.02
  assert.equal(roundToCents(25_000_001), 3 * CENT_NANOS);
  assert.equal(roundToCents(-15_000_000), -2 * CENT_NANOS);
});

test('parseUsd reads decimals exactly and refuses anything else', () => {
  assert.equal(parseUsd('12.50'), 12_500_000_000);
  assert.equal(parseUsd('.5'), 500_000_000);
  assert.equal(parseUsd('0.000000001'), 1);
  assert.equal(parseUsd('0.0000000015'), 2); // half-even on dropped digits
  assert.equal(parseUsd('0.0000000025'), 2);
  assert.equal(parseUsd('0.00000000251'), 3);
  assert.equal(parseUsd('-3'), -3_000_000_000);
  assert.equal(parseUsd(19.99), 19_990_000_000);
  for (const bad of ['', '1e3', '1,5', 'abc', '--1', '1.2.3']) assert.throws(() => parseUsd(bad), RangeError, bad);
});

test('formatUsd prints exact decimals', () => {
  assert.equal(formatUsd(1_234_567_891), '1.234567891');
  assert.equal(formatUsd(1_234_567_891, 2), '1.23');
  assert.equal(formatUsd(5_000_000, 2), '0.00');
  assert.equal(formatUsd(15_000_000, 2), '0.02');
  assert.equal(formatUsd(-1, 9), '-0.000000001');
  assert.equal(formatUsd(7, 0), '0');
  assert.equal(nanosToUsd(1_500_000_000), 1.5);
});

/** The BigInt definitions the number fast paths must equal (floor division, then half-even). */
function refDiv(n: bigint, d: bigint): bigint {
  let q = n / d;
  let r = n % d;
  if (r < 0n) { q -= 1n; r += d; }
  if (2n * r > d || (2n * r === d && q % 2n !== 0n)) q += 1n;
  return q;
}

test('the number fast paths of mulDiv, roundTo, sumNanos and formatUsd equal the BigInt arithmetic, also at ties and near the safe limit', () => {
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const big = (n: number) => BigInt(n);
  const samples: number[] = [0, 1, -1, 5_000_000, -5_000_000, 15_000_000, -25_000_000, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 52 + 1];
  for (let i = 0; i < 20_000; i++) samples.push(Math.round((rnd() - 0.3) * 10 ** Math.floor(rnd() * 16)));
  for (const a of samples) {
    for (const [num, den] of [[20_000_000_000, 100_000_000_000], [1, 2], [3, 2], [7, 3], [1_000_000, 1_000_000], [123_456_789, 1_000_000_000]] as const) {
      const exact = refDiv(big(a) * big(num), big(den));
      if (exact > BigInt(Number.MAX_SAFE_INTEGER) || exact < -BigInt(Number.MAX_SAFE_INTEGER)) assert.throws(() => mulDiv(a, num, den), RangeError);
      else assert.equal(mulDiv(a, num, den), Number(exact), `mulDiv(${a}, ${num}, ${den})`);
    }
    const cents = refDiv(big(a), big(CENT_NANOS)) * big(CENT_NANOS);
    if (cents <= BigInt(Number.MAX_SAFE_INTEGER) && cents >= -BigInt(Number.MAX_SAFE_INTEGER)) assert.equal(roundToCents(a), Number(cents), `roundToCents(${a})`);
    const c = refDiv(big(a), 10_000_000n);
    assert.equal(formatUsd(a, 2), `${c < 0n ? '-' : ''}${(c < 0n ? -c : c).toString().padStart(3, '0').replace(/(\d{2})$/, '.$1')}`, `formatUsd(${a}, 2)`);
  }
  const small = samples.filter((x) => Math.abs(x) < 1e12);
  assert.equal(sumNanos(small), Number(small.reduce((s, x) => s + big(x), 0n)));
  // a partial sum beyond the safe range that comes back into it is still exact (BigInt from there on)
  assert.equal(sumNanos([Number.MAX_SAFE_INTEGER, 10, -20]), Number.MAX_SAFE_INTEGER - 10);
  assert.throws(() => sumNanos([Number.MAX_SAFE_INTEGER, 10]), RangeError);
});
