/**
 * The evaluator on a real SQLite file, in-process with the clock given: a blocked instance's new period raises
 * budget.reset and unblocks; the burn rate raises budget.forecast_exceeded once per period; each ledger key is
 * taken once however often the same spend is evaluated.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { BudgetEvaluator } from '../src/budgets/evaluator.js';
import { decide } from '../src/budgets/evaluate.js';
import { BudgetStore, type BudgetRecord } from '../src/storage/budget-store.js';
import { SqliteStorage } from '../src/storage/sqlite/sqlite-storage.js';
import { normalizeEvent } from '../src/ingest/normalize.js';
import { priceEvent } from '../src/pricing/price-event.js';
import { TokenPricer } from '../src/pricing/token-prices.js';
import type { StoredEventInput } from '../src/domain/event.js';
import { tempDir } from './helpers/collector.js';

const at = (s: string) => Date.parse(s);
const tokens = new TokenPricer();
/** $0.15 each (1M gpt-4o-mini input tokens). */
function event(span: string, startedAt: string, customer: string | null = 'c1', model = 'gpt-4o-mini'): StoredEventInput {
  const n = normalizeEvent({ span_id: span, span_type: 'llm', provider: 'openai', model, input_tokens: 1_000_000, output_tokens: 0, started_at: startedAt, customer_id: customer }, Date.now(), 't1');
  assert.ok(n.ok);
  return Object.assign(n.event, priceEvent(n.event, tokens, null));
}
const budget = (o: Partial<BudgetRecord>): BudgetRecord => ({
  id: 'b1', name: 'b', scope: {}, amount_nanos: 300_000_000, period: 'day', timezone: 'UTC', thresholds: ['0.5', '1'], action: 'block', unpriced: 'flag',
  created_at: 0, updated_at: 0, ...o,
});

describe('budget evaluation on SQLite with a given clock', () => {
  it('blocks at the amount, resets (once) when the next period starts, unblocks', async () => {
    const storage = new SqliteStorage(join(tempDir(), 'eval.sqlite'), { writerThread: false });
    const ev = new BudgetEvaluator(storage, { tickMs: 0 });
    try {
      const store = new BudgetStore(storage.budgetSql, 't1');
      await store.saveBudget(budget({ scope: { customer_id: '*' } }));
      await storage.writeEvents([event('a', '2026-01-15T10:00:00Z'), event('b', '2026-01-15T11:00:00Z')]);
      assert.equal(await ev.evaluate('t1', 'all', at('2026-01-15T12:00:00Z')), 2, 'the 50% and 100% thresholds');
      assert.equal((await store.blockedStates()).length, 1);
      assert.equal(await ev.evaluate('t1', 'all', at('2026-01-15T12:00:01Z')), 0, 'nothing again for the same spend');
      // the next day: budget.reset, the instance unblocked
      assert.equal(await ev.evaluate('t1', 'all', at('2026-01-16T00:00:05Z')), 1);
      const alerts = await store.listAlerts({ limit: 10 });
      assert.deepEqual(alerts.map((a) => a.kind).sort(), ['reset', 'threshold_crossed', 'threshold_crossed']);
      const reset = JSON.parse(alerts.find((a) => a.kind === 'reset')!.payload);
      assert.equal(reset.type, 'budget.reset');
      assert.equal(reset.data.customer_id, 'c1');
      assert.equal(reset.data.period_start, '2026-01-16T00:00:00.000Z');
      assert.equal((await store.blockedStates()).length, 0);
      assert.equal(await ev.evaluate('t1', 'all', at('2026-01-16T00:00:10Z')), 0, 'reset once');
    } finally {
      await ev.close();
      await storage.close();
    }
  });

  it('forecast_exceeded once per period when the burn rate projects past the amount', async () => {
    const storage = new SqliteStorage(join(tempDir(), 'forecast.sqlite'), { writerThread: false });
    const ev = new BudgetEvaluator(storage, { tickMs: 0 });
    try {
      const store = new BudgetStore(storage.budgetSql, 't1');
      await store.saveBudget(budget({ amount_nanos: 1_000_000_000, thresholds: ['0.9'], action: 'alert' }));
      await storage.writeEvents([event('a', '2026-01-15T01:00:00Z'), event('b', '2026-01-15T02:00:00Z')]);
      // $0.30 in the first 6 hours of the day: $1.20 projected, past $1
      assert.equal(await ev.evaluate('t1', 'all', at('2026-01-15T06:00:00Z')), 1);
      await storage.writeEvents([event('c', '2026-01-15T06:30:00Z')]);
      assert.equal(await ev.evaluate('t1', 'all', at('2026-01-15T07:00:00Z')), 0, 'at most once per period');
      const [a] = await store.listAlerts({ limit: 10 });
      const body = JSON.parse(a!.payload);
      assert.equal(body.type, 'budget.forecast_exceeded');
      assert.equal(body.data.projected_usd, 1.2);
      const [s] = await store.listStates();
      assert.equal(s!.state, 'ok');
    } finally {
      await ev.close();
      await storage.close();
    }
  });

  it('unpriced calls are counted (never $0) and block under unpriced: block', async () => {
    const storage = new SqliteStorage(join(tempDir(), 'unpriced.sqlite'), { writerThread: false });
    const ev = new BudgetEvaluator(storage, { tickMs: 0 });
    try {
      const store = new BudgetStore(storage.budgetSql, 't1');
      await store.saveBudget(budget({ unpriced: 'block', action: 'alert' }));
      await storage.writeEvents([event('u', '2026-01-15T10:00:00Z', 'c1', 'no-such-model-xyz')]);
      await ev.evaluate('t1', 'all', at('2026-01-15T12:00:00Z'));
      const [s] = await store.listStates();
      assert.deepEqual([s!.state, s!.unpriced_calls, s!.spent_nanos], ['blocked', 1, 0]);
    } finally {
      await ev.close();
      await storage.close();
    }
  });

  it('decide: equality crosses; the previous state of the same period suppresses a repeat', () => {
    const b = budget({ thresholds: ['0.5', '1'] });
    const range = { start: 0, end: 86_400_000 };
    const first = decide(b, '', { spent_nanos: 150_000_000, unpriced_calls: 0, calls: 1 }, range, undefined, 1000);
    assert.deepEqual(first.alerts, [{ kind: 'threshold_crossed', threshold: '0.5' }]);
    const second = decide(b, '', { spent_nanos: 300_000_000, unpriced_calls: 0, calls: 2 }, range, first.state, 2000);
    assert.deepEqual(second.alerts, [{ kind: 'threshold_crossed', threshold: '1' }]);
    assert.equal(second.state.state, 'blocked');
  });
});
