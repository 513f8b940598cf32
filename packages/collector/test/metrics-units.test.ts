/** The metrics' pure parts: settings from the environment, bounded label values, per-batch aggregation. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BoundedValues, createCollectorMetrics, DEFAULT_METRICS_CONFIG, resolveMetricsConfig, type UsageFacts } from '../src/metrics/index.js';
import { ConfigError } from '../src/config.js';

const facts = (o: Partial<UsageFacts> = {}): UsageFacts => ({
  tenant_id: 't', provider: 'openai', model: 'gpt-4o-mini', customer_id: null, status: 'ok', span_type: 'llm',
  input_tokens: 10, output_tokens: 2, cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0, cost_usd: 0.000001, ...o,
});

describe('metrics settings', () => {
  it('defaults, and every variable read', () => {
    assert.deepEqual(resolveMetricsConfig({}), DEFAULT_METRICS_CONFIG);
    assert.deepEqual(resolveMetricsConfig({
      LLMOBSERVE_METRICS: 'off', LLMOBSERVE_METRICS_CUSTOMER_LABEL: 'true', LLMOBSERVE_METRICS_MAX_CUSTOMERS: '5',
      LLMOBSERVE_METRICS_MAX_TENANTS: '6', LLMOBSERVE_METRICS_MAX_SERIES: '7', LLMOBSERVE_METRICS_LISTEN: '[::1]:9464',
    }), { enabled: false, customerLabel: true, maxCustomers: 5, maxTenants: 6, maxSeries: 7, listen: { host: '::1', port: 9464 } });
  });

  it('refuses what it cannot read, naming the variable', () => {
    for (const [name, value] of [['LLMOBSERVE_METRICS', 'maybe'], ['LLMOBSERVE_METRICS_MAX_SERIES', '0'], ['LLMOBSERVE_METRICS_MAX_CUSTOMERS', '1e3'], ['LLMOBSERVE_METRICS_LISTEN', '9464'], ['LLMOBSERVE_METRICS_LISTEN', 'host:70000']]) {
      assert.throws(() => resolveMetricsConfig({ [name!]: value }), (err: Error) => err instanceof ConfigError && err.message.startsWith(name!), `${name}=${value}`);
    }
  });
});

describe('bounded label values and the ingest counters', () => {
  it('keeps the first values and answers "other" for the rest', () => {
    const b = new BoundedValues(2);
    assert.deepEqual(['a', 'b', 'c', 'a', 'd', 'b'].map((v) => b.admit(v)), ['a', 'b', 'other', 'a', 'other', 'b']);
    assert.equal(b.size, 2);
  });

  it('100,000 customers in one process: bounded series, exact totals, nano-dollar costs summed without float drift', async () => {
    const m = createCollectorMetrics({ customerLabel: true, maxCustomers: 20, maxSeries: 50 }, { processMetrics: false });
    for (let b = 0; b < 10; b++) {
      m.ingest.recordBatch(Array.from({ length: 10_000 }, (_, i) => facts({ customer_id: `c${b * 10_000 + i}`, model: `m${i % 7}` })), 1, 2);
    }
    const json = await m.registry.registry.getMetricsAsJSON();
    const values = (name: string) => json.find((x) => x.name === name)!.values as Array<{ value: number; labels: Record<string, string> }>;
    const calls = values('llmobserve_calls_total');
    assert.equal(calls.reduce((a, v) => a + v.value, 0), 100_000);
    assert.ok(calls.length <= 51, `${calls.length} call series`);
    assert.ok(new Set(calls.map((v) => v.labels.customer)).size <= 21);
    const cost = values('llmobserve_cost_usd_total').reduce((a, v) => a + v.value, 0);
    assert.ok(Math.abs(cost - 0.1) < 1e-12, `cost ${cost}`);
    assert.deepEqual(values('llmobserve_ingest_events_total').map((v) => [v.labels.result, v.value]), [['accepted', 100_000], ['duplicate', 10], ['rejected', 20]]);
  });

  it('a section span adds tokens and cost but is no call; unknown provider and model are labelled "unknown"', async () => {
    const m = createCollectorMetrics({}, { processMetrics: false });
    m.ingest.recordBatch([facts({ span_type: 'section', provider: null, model: null, input_tokens: 0, output_tokens: 0, cost_usd: null }), facts({ status: 'rate_limited', cost_usd: 0 })], 0, 0);
    const text = await m.registry.render();
    assert.match(text, /^llmobserve_calls_total\{tenant="t",provider="openai",model="gpt-4o-mini",status="rate_limited"\} 1$/m);
    assert.doesNotMatch(text, /provider="unknown"/, 'a section with nothing to count makes no series');
    assert.doesNotMatch(text, /^llmobserve_cost_usd_total\{/m, 'a $0 call adds no cost series');
  });
});
