/**
 * The incremental evaluation's arithmetic against the rollups of a real SQLite file: what DeltaCounter adds per
 * budget instance for the batches that were stored equals what readExact reads for every scope kind and period
 * (calls only, unpriced calls counted, events outside the period left out); KeptBudget skips the batches a read
 * holds and marks an instance in doubt for a batch in flight during its read; the evaluator's alerts and states come
 * from the stored cost when batches are handed over while it reads.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { BudgetEvaluator } from '../src/budgets/evaluator.js';
import { DeltaCounter } from '../src/budgets/deltas.js';
import { KeptBudget } from '../src/budgets/kept-spend.js';
import { periodAt } from '../src/budgets/periods.js';
import { readExact, type Spend } from '../src/budgets/spend.js';
import { BudgetStore, type BudgetRecord } from '../src/storage/budget-store.js';
import { SqliteStorage } from '../src/storage/sqlite/sqlite-storage.js';
import { normalizeEvent } from '../src/ingest/normalize.js';
import { priceEvent } from '../src/pricing/price-event.js';
import { TokenPricer } from '../src/pricing/token-prices.js';
import type { StoredEventInput } from '../src/domain/event.js';
import { tempDir } from './helpers/collector.js';

const tokens = new TokenPricer();
const NOW = Date.parse('2026-03-18T12:00:00Z');
const MODELS = ['gpt-4o-mini', 'gpt-4o', 'no-such-model-xyz'];

function event(i: number): StoredEventInput {
  const n = normalizeEvent({
    span_id: `s${i}`, span_type: i % 11 === 0 ? 'tool' : 'llm', provider: 'openai', model: MODELS[i % 3], input_tokens: 1000 + i, output_tokens: 10 * i,
    // spread over three weeks around NOW: some before this week/day
    started_at: new Date(NOW - (i % 21) * 86_400_000 + (i % 7) * 3_600_000).toISOString(), customer_id: i % 5 === 0 ? null : `c${i % 4}`,
    section: i % 2 ? 'chat' : 'search', section_path: i % 2 ? 'agent/chat' : 'search',
  }, NOW, 't1');
  assert.ok(n.ok);
  return Object.assign(n.event, priceEvent(n.event, tokens, null));
}

const budget = (id: string, o: Partial<BudgetRecord>): BudgetRecord => ({
  id, name: id, scope: {}, amount_nanos: 1_000_000_000, period: 'month', timezone: 'UTC', thresholds: ['1'], action: 'alert', unpriced: 'flag',
  created_at: 0, updated_at: 0, ...o,
});

const BUDGETS = [
  budget('all', {}), budget('cust', { scope: { customer_id: 'c1' } }), budget('tmpl', { scope: { customer_id: '*' }, period: 'week', timezone: 'Europe/Berlin' }),
  budget('sect', { scope: { section: 'chat' }, period: 'day' }), budget('model', { scope: { model: 'gpt-4o' } }),
  budget('prov', { scope: { provider: 'openai', section: 'agent' }, period: 'total' }), budget('unpriced', { scope: { model: 'no-such-model-xyz', customer_id: '*' } }),
];

const plain = (m: Map<string, Spend> | undefined) => Object.fromEntries([...(m ?? new Map<string, Spend>())].filter(([, s]) => s.calls > 0).map(([k, s]) => [k, { ...s }]).sort());

describe('incremental budget spend', () => {
  it('the deltas of the stored batches add up to what the rollups say, for every scope kind and period', async () => {
    const storage = new SqliteStorage(join(tempDir(), 'deltas.sqlite'), { writerThread: false });
    try {
      const events = Array.from({ length: 600 }, (_, i) => event(i));
      const counter = new DeltaCounter(BUDGETS, (b) => periodAt(b.period, b.timezone, NOW));
      const sums = new Map<string, Map<string, Spend>>();
      for (let k = 0; k < events.length; k += 50) {
        const batch = events.slice(k, k + 50);
        const written = await storage.writeEvents([...batch, ...events.slice(0, 5)]); // replays are not stored twice
        const dup = new Set(written.duplicateIndexes);
        const stored = [...batch, ...events.slice(0, 5)].filter((_, i) => !dup.has(i));
        for (const [id, per] of counter.of(stored)) {
          const acc = sums.get(id) ?? new Map<string, Spend>();
          for (const [inst, d] of per) {
            const s = acc.get(inst) ?? { spent_nanos: 0, unpriced_calls: 0, calls: 0 };
            acc.set(inst, { spent_nanos: s.spent_nanos + d.spent_nanos, unpriced_calls: s.unpriced_calls + d.unpriced_calls, calls: s.calls + d.calls });
          }
          sums.set(id, acc);
        }
      }
      const exact = await readExact(storage.forTenant('t1'), BUDGETS.map((b) => ({ b, range: periodAt(b.period, b.timezone, NOW), instances: 'every' as const })));
      for (const b of BUDGETS) assert.deepEqual(plain(sums.get(b.id)), plain(exact.get(b.id)), b.id);
      assert.ok((exact.get('unpriced')!.get('c1')?.unpriced_calls ?? 0) > 0, 'unpriced calls are counted');
    } finally {
      await storage.close();
    }
  });

  it('KeptBudget: a batch the read holds is skipped, one in flight during the read puts the instance in doubt', () => {
    const k = new KeptBudget(0, 0, { seq: 5, end: 1_000 }, 1_000, new Map([['', { spent_nanos: 100, unpriced_calls: 0, calls: 1 }]]));
    const d = { spent_nanos: 10, unpriced_calls: 1, calls: 2 };
    k.add('', { seq: 4, received: 900 }, d); // handed over before the read: in it
    assert.deepEqual([k.spendOf('').spent_nanos, k.inDoubt('')], [100, false]);
    k.add('', { seq: 6, received: 1_001 }, d); // received after the read ended: not in it
    assert.deepEqual([k.spendOf('').spent_nanos, k.spendOf('').unpriced_calls, k.inDoubt('')], [110, 1, false]);
    k.add('', { seq: 7, received: 999 }, d); // in flight during the read
    assert.deepEqual([k.spendOf('').spent_nanos, k.inDoubt('')], [120, true]);
    k.reread('', { spent_nanos: 115, unpriced_calls: 1, calls: 3 }, { seq: 7, end: 2_000 });
    assert.deepEqual([k.spendOf('').spent_nanos, k.inDoubt('')], [115, false]);
    assert.equal(k.spendOf('new customer').calls, 0);
  });

  it('evaluating handed-over batches: the alert and the states carry the stored cost, once', async () => {
    const storage = new SqliteStorage(join(tempDir(), 'handover.sqlite'), { writerThread: false });
    const ev = new BudgetEvaluator(storage, { tickMs: 0, minIntervalMs: 0 });
    try {
      const store = new BudgetStore(storage.budgetSql, 't1');
      // $0.0012 for c1 this month (two gpt-4o-mini calls of 4,000 input tokens = $0.0006 each)
      await store.saveBudget(budget('tmpl', { scope: { customer_id: '*' }, amount_nanos: 1_200_000, thresholds: ['0.5', '1'] }));
      const mk = (i: number) => {
        const n = normalizeEvent({ span_id: `h${i}`, span_type: 'llm', provider: 'openai', model: 'gpt-4o-mini', input_tokens: 4000, output_tokens: 0, started_at: new Date().toISOString(), customer_id: 'c1' }, Date.now(), 't1');
        assert.ok(n.ok);
        return Object.assign(n.event, priceEvent(n.event, tokens, null));
      };
      for (let i = 0; i < 4; i++) {
        const e = mk(i);
        await storage.writeEvents([e]);
        ev.committed([e]);
      }
      await ev.settled();
      const alerts = await store.listAlerts({ limit: 10 });
      assert.deepEqual(alerts.map((a) => a.threshold).sort(), ['0.5', '1']);
      const [s] = await store.listStates();
      const exact = (await readExact(storage.forTenant('t1'), [{ b: (await store.listBudgets())[0]!, range: periodAt('month', 'UTC', Date.now()), instances: ['c1'] }])).get('tmpl')!.get('c1')!;
      assert.equal(exact.spent_nanos, 2_400_000);
      for (const a of alerts) {
        const spent = Math.round(JSON.parse(a.payload).data.spent_usd * 1e9);
        assert.ok(spent >= Number(a.threshold) * 1_200_000 && spent <= exact.spent_nanos, `the alert's spend ${spent} is a stored figure past its threshold`);
      }
      assert.ok(s!.spent_nanos <= exact.spent_nanos, 'the state row never counts more than is stored');
    } finally {
      await ev.close();
      await storage.close();
    }
  });
});
