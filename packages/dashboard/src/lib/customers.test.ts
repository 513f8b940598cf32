import { describe, expect, it } from 'vitest';
import { metrics } from '../test-utils/mock-api';
import { buildRows, filterRows, isSpiking, sortRows, toCsv } from './customers';

const rows = buildRows(
  [
    { customer_id: 'alice', ...metrics({ cost_usd: 6, calls: 10 }), share: 0.6, previous_cost_usd: null, trend: null },
    { customer_id: 'bob', ...metrics({ cost_usd: 3, calls: 30, unpriced_calls: 10 }), share: 0.3, previous_cost_usd: null, trend: null },
    { customer_id: '=cmd', ...metrics({ cost_usd: 1, calls: 1 }), share: 0.1, previous_cost_usd: null, trend: null },
  ],
  new Map([['alice', 2], ['bob', 3]]),
);

describe('customer rows', () => {
  it('computes change, cost per priced call and spikes', () => {
    expect(rows.map((r) => [r.customer_id, r.previous_cost_usd, r.change, r.cost_per_call, r.spiking])).toEqual([
      ['alice', 2, 2, 0.6, true],
      ['bob', 3, 0, 0.15, false],
      ['=cmd', 0, null, 1, false],
    ]);
  });
  it('prefers the collector previous_cost_usd and flags a trend jump', () => {
    const [r] = buildRows([{ customer_id: 'c', ...metrics({ cost_usd: 10, calls: 1 }), share: 0.5, previous_cost_usd: 9, trend: [1, 1, 1, 7] }], null);
    expect(r!.previous_cost_usd).toBe(9);
    expect(r!.spiking).toBe(true);
    expect(isSpiking(10, 9, 0.5, [2, 3, 2, 3])).toBe(false);
    expect(isSpiking(10, 1, 0.005)).toBe(false);
  });
  it('sorts, searches and exports', () => {
    expect(sortRows(rows, 'calls', 'desc').map((r) => r.customer_id)).toEqual(['bob', 'alice', '=cmd']);
    expect(sortRows(rows, 'customer', 'asc').map((r) => r.customer_id)).toEqual(['=cmd', 'alice', 'bob']);
    expect(sortRows(rows, 'change', 'desc').map((r) => r.customer_id)).toEqual(['=cmd', 'alice', 'bob']); // new first
    expect(filterRows(rows, 'AL').map((r) => r.customer_id)).toEqual(['alice']);
    const csv = toCsv(rows).split('\r\n');
    expect(csv[0]).toBe('customer_id,cost_usd,share,calls,unpriced_calls,estimated_cost_usd,estimated_calls,cost_per_call_usd,previous_cost_usd,change,spiking');
    expect(csv[1]).toBe('alice,6,0.6,10,0,0,0,0.6,2,2,yes');
    expect(csv[3]).toBe("'=cmd,1,0.1,1,0,0,0,1,0,,no");
  });
});
