/** Lists derived from the column catalogue instead of written by hand: the API's metrics and PostgreSQL's text fields. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { EVENTS, METRIC_NAMES, MONEY_METRICS, presentedMetricName, zeroMetrics, type Metrics } from '../src/storage/columns.js';
import { pgSafe, TEXT_FIELDS } from '../src/storage/postgres/sql.js';
import { presentMetrics } from '../src/query/present.js';
import type { StoredEventInput } from '../src/domain/event.js';

it('presentMetrics reports every catalogue metric: integer nano-dollars as dollars (…_usd), counts unchanged', () => {
  const m = zeroMetrics() as Metrics;
  METRIC_NAMES.forEach((n, i) => (m[n] = i + 1));
  m.cost_nanos = 300_000_001;
  m.estimated_cost_nanos = 1;
  const p = presentMetrics(m) as Record<string, number>;
  assert.deepEqual([...MONEY_METRICS].sort(), ['cost_nanos', 'estimated_cost_nanos']);
  assert.deepEqual(Object.keys(p).sort(), METRIC_NAMES.map(presentedMetricName).sort());
  assert.ok(!('cost_nanos' in p), 'nanos stay inside the collector');
  assert.equal(p.cost_usd, 0.300000001);
  assert.equal(p.estimated_cost_usd, 1e-9);
  for (const n of METRIC_NAMES) if (!MONEY_METRICS.has(n)) assert.equal(p[n], m[n], n);
});

it('TEXT_FIELDS are the fields of every text column of trace_events (the former hand list included)', () => {
  const textColumns = EVENTS.columns.filter((c) => c.kind === 'text').map((c) => c.field);
  assert.deepEqual([...TEXT_FIELDS], textColumns);
  for (const f of ['span_id', 'run_id', 'parent_span_id', 'section', 'section_path', 'customer_id', 'provider', 'endpoint', 'model', 'cost_source', 'error', 'metadata', 'sdk']) {
    assert.ok((TEXT_FIELDS as readonly string[]).includes(f), f);
  }
});

it('pgSafe replaces NUL and lone surrogates in every text field, keeps pairs, and returns a clean event as it is', () => {
  const base = { span_id: 's', run_id: 'r', section: 'a', model: 'm', error: null, input_tokens: 3 } as unknown as StoredEventInput;
  assert.equal(pgSafe(base), base);
  for (const f of TEXT_FIELDS) {
    const dirty = { ...base, [f]: `x\u0000y\ud800z\ud83d\ude00` } as StoredEventInput;
    const safe = pgSafe(dirty) as unknown as Record<string, unknown>;
    assert.notEqual(safe, dirty);
    assert.equal(safe[f], 'x\uFFFDy\uFFFDz\ud83d\ude00', f);
    assert.equal(safe.input_tokens, 3);
    assert.equal((dirty as unknown as Record<string, unknown>)[f], `x\u0000y\ud800z\ud83d\ude00`, 'the input is not changed');
  }
});
