/** isoTime() formats one Date per second of calls: it must equal Date#toISOString for every input it gets. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { isoTime } from '../src/events.js';

it('equals new Date(ms).toISOString() within a second, across seconds, for fractional and edge values', () => {
  const base = Date.UTC(2026, 11, 31, 23, 59, 59, 0);
  const inputs = [base, base + 1, base + 9.7, base + 10, base + 99, base + 100, base + 999.999, base + 1000, base + 1001, base - 1, 0, 1.5, Date.now()];
  for (let i = 0; i < 2000; i++) inputs.push(base + Math.random() * 5000);
  for (const ms of inputs) assert.equal(isoTime(ms), new Date(ms).toISOString(), String(ms));
  // going back to an earlier second re-formats its prefix
  assert.equal(isoTime(base + 3000), new Date(base + 3000).toISOString());
  assert.equal(isoTime(base), new Date(base).toISOString());
});

it('falls back to Date for values outside the four-digit-year range', () => {
  for (const ms of [-1, -86_400_000.5, 253402300800000]) assert.equal(isoTime(ms), new Date(ms).toISOString());
});
