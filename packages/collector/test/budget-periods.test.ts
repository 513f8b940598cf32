/** Budget periods in IANA zones (DST, month ends, 45-minute offsets) and the spend read over them from a real SQLite file. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { isTimeZone, periodAt, startOfLocalDay } from '../src/budgets/periods.js';
import { readSpend, readSpendOfBudgets } from '../src/budgets/spend.js';
import { crosses, projectedSpend } from '../src/budgets/evaluate.js';
import { SqliteStorage } from '../src/storage/sqlite/sqlite-storage.js';
import { normalizeEvent } from '../src/ingest/normalize.js';
import { priceEvent } from '../src/pricing/price-event.js';
import { TokenPricer } from '../src/pricing/token-prices.js';
import type { StoredEventInput } from '../src/domain/event.js';
import { tempDir } from './helpers/collector.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const at = (s: string) => Date.parse(s);

describe('budget periods', () => {
  it('Europe/Berlin months: March (DST starts on the 29th) and October (DST ends on the 25th)', () => {
    const march = periodAt('month', 'Europe/Berlin', at('2026-03-15T12:00:00Z'));
    assert.deepEqual([iso(march.start), iso(march.end)], ['2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z']);
    const oct = periodAt('month', 'Europe/Berlin', at('2026-10-31T22:59:59.999Z'));
    assert.deepEqual([iso(oct.start), iso(oct.end)], ['2026-09-30T22:00:00.000Z', '2026-10-31T23:00:00.000Z']);
    // the last millisecond of March in Berlin is March; the next is April
    assert.equal(iso(periodAt('month', 'Europe/Berlin', at('2026-03-31T21:59:59.999Z')).start), '2026-02-28T23:00:00.000Z');
    assert.equal(iso(periodAt('month', 'Europe/Berlin', at('2026-03-31T22:00:00.000Z')).start), '2026-03-31T22:00:00.000Z');
  });

  it('Europe/Berlin ISO weeks start on Monday, also across the DST change (a 167-hour week)', () => {
    const w = periodAt('week', 'Europe/Berlin', at('2026-03-29T12:00:00Z')); // a Sunday, the day DST starts
    assert.deepEqual([iso(w.start), iso(w.end)], ['2026-03-22T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
    assert.equal((w.end! - w.start) / 3_600_000, 167);
    const after = periodAt('week', 'Europe/Berlin', at('2026-03-29T22:00:00Z')); // Monday 00:00 CEST
    assert.equal(iso(after.start), '2026-03-29T22:00:00.000Z');
    const autumn = periodAt('week', 'Europe/Berlin', at('2026-10-25T12:00:00Z'));
    assert.equal((autumn.end! - autumn.start) / 3_600_000, 169);
  });

  it('days in UTC, in a 45-minute zone, in a zone that skips midnight; total never ends', () => {
    assert.deepEqual(periodAt('day', 'UTC', at('2026-01-15T10:00:00Z')), { start: at('2026-01-15T00:00:00Z'), end: at('2026-01-16T00:00:00Z') });
    assert.equal(iso(periodAt('day', 'Asia/Kathmandu', at('2026-01-15T10:00:00Z')).start), '2026-01-14T18:15:00.000Z');
    // America/Havana moves from 00:00 to 01:00 on 2026-03-08: that day starts at 01:00 local (05:00Z)
    assert.equal(iso(startOfLocalDay('America/Havana', 2026, 3, 8)), '2026-03-08T05:00:00.000Z');
    assert.deepEqual(periodAt('total', 'UTC', 123), { start: 0, end: null });
    assert.equal(isTimeZone('Europe/Berlin'), true);
    assert.equal(isTimeZone('Mars/Olympus'), false);
  });

  it('one comparator: spent ≥ fraction × amount, exact, equality crosses', () => {
    assert.equal(crosses(800_000_000, 1_000_000_000, '0.8'), true);
    assert.equal(crosses(799_999_999, 1_000_000_000, '0.8'), false);
    assert.equal(crosses(1, 3, '0.333333333'), true);
    assert.equal(crosses(3, 10, '0.333333333'), false);
    assert.equal(projectedSpend(100, { start: 0, end: 1000 }, 10), null, 'too early to project');
    assert.equal(projectedSpend(100, { start: 0, end: 1000 }, 500), 200);
  });
});

describe('spend over a Berlin month, read from the rollups of a real SQLite file', () => {
  it('counts exactly the events inside the local month, edges from raw events, replays once', async () => {
    const storage = new SqliteStorage(join(tempDir(), 'periods.sqlite'), { writerThread: false });
    try {
      const tokens = new TokenPricer();
      const mk = (span: string, startedAt: string, customer = 'c1'): StoredEventInput => {
        const n = normalizeEvent({ span_id: span, span_type: 'llm', provider: 'openai', model: 'gpt-4o-mini', input_tokens: 1_000_000, output_tokens: 0, started_at: startedAt, customer_id: customer }, Date.now(), 'default_tenant');
        assert.ok(n.ok);
        return Object.assign(n.event, priceEvent(n.event, tokens, null));
      };
      await storage.writeEvents([
        mk('before', '2026-02-28T22:59:59.999Z'), // February in Berlin
        mk('first', '2026-02-28T23:00:00.000Z'), // the first millisecond of March in Berlin
        mk('mid', '2026-03-15T12:34:56.000Z'),
        mk('last', '2026-03-31T21:59:59.999Z'),
        mk('april', '2026-03-31T22:00:00.000Z'),
        mk('other', '2026-03-15T12:00:00.000Z', 'c2'),
      ]);
      await storage.writeEvents([mk('mid', '2026-03-15T12:34:56.000Z')]); // a replay: stored once
      const range = periodAt('month', 'Europe/Berlin', at('2026-03-20T00:00:00Z'));
      const store = storage.forTenant('default_tenant');
      const one = await readSpend(store, { customer_id: 'c1' }, range, null);
      assert.deepEqual(one.get(''), { spent_nanos: 3 * 150_000_000, unpriced_calls: 0, calls: 3 }); // $0.15 per M input tokens
      const perCustomer = await readSpend(store, { customer_id: '*' }, range, 'all');
      assert.equal(perCustomer.get('c1')!.calls, 3);
      assert.equal(perCustomer.get('c2')!.spent_nanos, 150_000_000);
      // the grouped read of many budgets gives each the same spend as its own filtered read
      const scopes = [{}, { customer_id: 'c1' }, { customer_id: '*' }, { model: 'gpt-4o-mini' }, { provider: 'openai', customer_id: 'c2' }, { section: 'nope' }, { customer_id: '*', model: 'other' }];
      const grouped = await readSpendOfBudgets(store, range, scopes.map((scope, i) => ({ id: `b${i}`, scope })));
      for (const [i, scope] of scopes.entries()) {
        const alone = await readSpend(store, scope, range, scope.customer_id === '*' ? 'all' : null);
        assert.deepEqual(Object.fromEntries(grouped.get(`b${i}`)!), Object.fromEntries(alone), JSON.stringify(scope));
      }
    } finally {
      await storage.close();
    }
  });
});
