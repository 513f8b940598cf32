import { describe, expect, it } from 'vitest';
import { apiQuery, calendarPeriods, parseFilters, previousPeriod, selectedPeriod, writeFilters } from './filters';

const NOW = Date.parse('2026-03-18T15:30:00Z'); // a Wednesday

describe('filters in the URL', () => {
  it('round-trips and keeps other params', () => {
    const s = new URLSearchParams('range=custom&from=2026-03-01&to=2026-03-10&customer=alice&model=gpt-4o&sort=calls');
    const f = parseFilters(s);
    expect(f).toEqual({ range: 'custom', from: '2026-03-01', to: '2026-03-10', customer: 'alice', model: 'gpt-4o' });
    const out = writeFilters(s, { ...f, customer: undefined, provider: 'openai' });
    expect(out.toString()).toBe('sort=calls&range=custom&from=2026-03-01&to=2026-03-10&provider=openai&model=gpt-4o');
  });
  it('defaults to the last 30 days and ignores garbage', () => {
    expect(parseFilters(new URLSearchParams('range=forever&from=yesterday'))).toEqual({ range: 'custom' });
    expect(parseFilters(new URLSearchParams(''))).toEqual({ range: '30d' });
    expect(writeFilters(new URLSearchParams(), { range: '30d' }).toString()).toBe('');
  });
});

describe('periods (UTC)', () => {
  it('custom ranges include the last day; the previous period has the same length', () => {
    const p = selectedPeriod({ range: 'custom', from: '2026-03-01', to: '2026-03-10' }, NOW);
    expect(p).toEqual({ from: Date.parse('2026-03-01T00:00:00Z'), to: Date.parse('2026-03-11T00:00:00Z') });
    expect(previousPeriod(p, NOW)).toEqual({ from: Date.parse('2026-02-19T00:00:00Z'), to: Date.parse('2026-03-01T00:00:00Z') });
  });
  it('presets end now; all time has no previous period', () => {
    expect(selectedPeriod({ range: '7d' }, NOW)).toEqual({ from: Date.parse('2026-03-12T00:00:00Z'), to: null });
    expect(previousPeriod(selectedPeriod({ range: 'all' }, NOW), NOW)).toBeNull();
  });
  it('compares today, this week and this month with the same point of the previous one', () => {
    const [today, week, month] = calendarPeriods(NOW);
    expect(today!.previous).toEqual({ from: Date.parse('2026-03-17T00:00:00Z'), to: Date.parse('2026-03-17T15:30:00Z') });
    expect(week!.current.from).toBe(Date.parse('2026-03-16T00:00:00Z'));
    expect(week!.previous).toEqual({ from: Date.parse('2026-03-09T00:00:00Z'), to: Date.parse('2026-03-11T15:30:00Z') });
    expect(month!.previous).toEqual({ from: Date.parse('2026-02-01T00:00:00Z'), to: Date.parse('2026-02-18T15:30:00Z') });
  });
  it('builds API queries from the filters', () => {
    expect(apiQuery({ range: '7d', customer: 'alice', tenant: 'acme' }, { from: 1, to: null }, { limit: 5 })).toEqual({
      tenant_id: 'acme', customer_id: 'alice', provider: undefined, model: undefined, section: undefined, from: 1, to: undefined, limit: 5,
    });
  });
});
