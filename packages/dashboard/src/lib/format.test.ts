import { describe, expect, it } from 'vitest';
import { change, formatDuration, formatUsd } from './format';

describe('formatUsd', () => {
  it('keeps small costs readable instead of $0.00', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(0.000123456)).toBe('$0.000123');
    expect(formatUsd(0.0123456)).toBe('$0.0123');
    expect(formatUsd(1234.567)).toBe('$1,234.57');
    expect(formatUsd(null)).toBe('—');
  });
});

describe('change', () => {
  it('says up, down, new or nothing', () => {
    expect(change(125, 100)).toMatchObject({ text: '+25.0%', direction: 'up' });
    expect(change(90, 100)).toMatchObject({ text: '−10.0%', direction: 'down' });
    expect(change(5, 0)).toMatchObject({ text: 'new', direction: 'new' });
    expect(change(5, null)).toMatchObject({ text: '—', direction: 'none' });
  });
});

it('formats durations', () => {
  expect(formatDuration(250)).toBe('250 ms');
  expect(formatDuration(1520)).toBe('1.52 s');
  expect(formatDuration(125_000)).toBe('2 min 5 s');
});
