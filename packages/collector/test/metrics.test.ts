// @storage sqlite,postgres
/**
 * GET /metrics (Prometheus) on a real collector process: usage counters by tenant/provider/model (customer opt-in,
 * capped), ingest results and latency, SDK-reported drops, process metrics; the `metrics` scope in required mode;
 * the separate listen address; the series count bounded with 100,000 customers.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { CLI, ev, freshDb, gpt4oMiniCost, only, post, request, startCollector, type RunningCollector } from './helpers/collector.js';
import { Receiver, until } from './helpers/webhook-receiver.js';

interface Sample { name: string; labels: Record<string, string>; value: number }

/** The samples of a Prometheus text exposition (comments left out). */
function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(m, `not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

const pick = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
const sum = (samples: Sample[]) => samples.reduce((a, s) => a + s.value, 0);

async function metricsOf(url: string, headers: Record<string, string> = {}): Promise<Sample[]> {
  const r = await request<string>(url, '/metrics', { headers });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.match(r.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return parseMetrics(r.body);
}

describe('GET /metrics in open mode', () => {
  let c: RunningCollector;
  before(async () => {
    c = await startCollector();
  });
  after(async () => {
    await c.stop();
  });

  it('counts calls, tokens and cost by tenant, provider and model from what was stored, once per replay', async () => {
    const batch = [
      ev({ tenant_id: 'acme', input_tokens: 1000, output_tokens: 100, cache_read_tokens: 400, customer_id: 'c1' }),
      ev({ tenant_id: 'acme', input_tokens: 2000, output_tokens: 300, reasoning_tokens: 50, customer_id: 'c2', status: 'error' }),
      ev({ tenant_id: 'globex', provider: 'anthropic', endpoint: 'messages', model: 'claude-sonnet-4-20250514', input_tokens: 500, cache_write_tokens: 200, output_tokens: 10 }),
      ev({ tenant_id: 'acme', span_type: 'section', provider: null, endpoint: null, model: null, input_tokens: 0, output_tokens: 0, section: 'feature' }),
    ];
    assert.equal((await post(c.url, batch, { headers: { 'x-llmobserve-dropped': '7' } })).status, 200);
    // a replay of the first two, and one invalid event: duplicates and rejected, nothing counted twice
    const again = await post(c.url, [batch[0], batch[1], { span_id: 'bad', input_tokens: -1 }]);
    assert.equal(again.status, 207);
    const m = await metricsOf(c.url);

    const acme = { tenant: 'acme', provider: 'openai', model: 'gpt-4o-mini' };
    const acmeCost = pick(m, 'llmobserve_cost_usd_total', acme);
    assert.equal(acmeCost.length, 1);
    assert.ok(Math.abs(acmeCost[0]!.value - (gpt4oMiniCost(1000, 100, 400) + gpt4oMiniCost(2000, 300))) < 1e-9, `acme cost ${acmeCost[0]!.value}`);
    assert.equal(acmeCost[0]!.labels.customer, undefined, 'no customer label unless opted in');
    const tokens = (labels: Record<string, string>, type: string) => sum(pick(m, 'llmobserve_tokens_total', { ...labels, type }));
    assert.deepEqual(['input', 'output', 'cache_read', 'cache_write', 'reasoning'].map((t) => tokens(acme, t)), [3000, 400, 400, 0, 50]);
    const globex = { tenant: 'globex', provider: 'anthropic', model: 'claude-sonnet-4-20250514' };
    assert.deepEqual(['input', 'cache_write', 'output'].map((t) => tokens(globex, t)), [500, 200, 10]);
    assert.equal(sum(pick(m, 'llmobserve_calls_total', { ...acme, status: 'ok' })), 1);
    assert.equal(sum(pick(m, 'llmobserve_calls_total', { ...acme, status: 'error' })), 1);
    assert.equal(sum(pick(m, 'llmobserve_calls_total')), 3, 'the section span is no call');
    assert.equal(pick(m, 'llmobserve_cost_usd_total', { tenant: 'acme', provider: 'unknown' }).length, 0, 'a section has no cost series');

    assert.deepEqual(['accepted', 'duplicate', 'rejected'].map((result) => sum(pick(m, 'llmobserve_ingest_events_total', { result }))), [4, 2, 1]);
    assert.equal(sum(pick(m, 'llmobserve_sdk_dropped_events_total', { tenant: 'default_tenant' })), 7);
    assert.equal(sum(pick(m, 'llmobserve_ingest_request_duration_seconds_count', { status_code: '200' })), 1);
    assert.equal(sum(pick(m, 'llmobserve_ingest_request_duration_seconds_count', { status_code: '207' })), 1);
    assert.ok(pick(m, 'process_cpu_user_seconds_total').length === 1 && pick(m, 'nodejs_heap_size_used_bytes').length === 1, 'process metrics');
  });

  it('counts spans stored through POST /v1/traces like events of POST /events', async () => {
    const before = await metricsOf(c.url);
    const kv = (key: string, v: string | number) => ({ key, value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v } });
    const span = {
      traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', name: 'chat gpt-4o-mini', kind: 3,
      startTimeUnixNano: '1765000000000000000', endTimeUnixNano: '1765000000250000000',
      attributes: [kv('gen_ai.operation.name', 'chat'), kv('gen_ai.system', 'openai'), kv('gen_ai.request.model', 'gpt-4o-mini'), kv('gen_ai.usage.input_tokens', 1000), kv('gen_ai.usage.output_tokens', 100)],
    };
    const body = { resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: 'metrics-test' }, spans: [span] }] }] };
    for (let i = 0; i < 2; i++) {
      const r = await request(c.url, '/v1/traces', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    const m = await metricsOf(c.url);
    const delta = (name: string, labels: Record<string, string>) => sum(pick(m, name, labels)) - sum(pick(before, name, labels));
    assert.equal(delta('llmobserve_ingest_events_total', { result: 'accepted' }), 1);
    assert.equal(delta('llmobserve_ingest_events_total', { result: 'duplicate' }), 1, 'the re-sent span counted as a duplicate, not twice');
    assert.equal(delta('llmobserve_calls_total', { provider: 'openai', model: 'gpt-4o-mini', status: 'ok' }), 1);
  });

  it('counts budget alerts, webhook deliveries and budget instances by state', async () => {
    const rx = await new Receiver().start();
    try {
      const price = await request(c.url, '/prices', { method: 'PUT', json: { provider: 'acme', model: 'mx', input_per_mtok: 1, output_per_mtok: 1 } });
      assert.equal(price.status, 200, JSON.stringify(price.body));
      const hook = await request(c.url, '/webhooks', { method: 'POST', json: { url: rx.url, events: ['budget.threshold_crossed'] } });
      assert.equal(hook.status, 201, JSON.stringify(hook.body));
      const budget = await request(c.url, '/budgets', { method: 'POST', json: { name: 'metrics', amount_usd: '0.001', period: 'total', thresholds: [1], action: 'block', scope: { model: 'mx' } } });
      assert.equal(budget.status, 201, JSON.stringify(budget.body));
      // $0.001: 1,000 input tokens at $1 per million — spend equals the amount: crossed and blocked
      const e = ev({ provider: 'acme', model: 'mx', input_tokens: 1000, output_tokens: 0, started_at: new Date().toISOString() });
      assert.equal((await post(c.url, [e])).status, 200);
      await rx.waitFor(1);
      await until(async () => sum(pick(await metricsOf(c.url), 'llmobserve_webhook_deliveries_total', { event_type: 'budget.threshold_crossed', result: 'ok' })) === 1, 10_000, 'the delivery counted');
      const m = await metricsOf(c.url);
      assert.equal(sum(pick(m, 'llmobserve_budget_alerts_total', { type: 'budget.threshold_crossed' })), 1);
      assert.equal(sum(pick(m, 'llmobserve_budget_instances', { state: 'blocked' })), 1);
      assert.deepEqual(pick(m, 'llmobserve_budget_instances').map((s) => s.labels.state).sort(), ['blocked', 'ok', 'warning']);
    } finally {
      await rx.stop();
    }
  });

  it('counts a refused request in the latency histogram and nothing as accepted', async () => {
    const before = await metricsOf(c.url);
    assert.equal((await request(c.url, '/events', { method: 'POST', body: '{"nope":1}', headers: { 'content-type': 'application/json' } })).status, 400);
    const m = await metricsOf(c.url);
    assert.equal(sum(pick(m, 'llmobserve_ingest_request_duration_seconds_count', { status_code: '400' })) - sum(pick(before, 'llmobserve_ingest_request_duration_seconds_count', { status_code: '400' })), 1);
    assert.equal(sum(pick(m, 'llmobserve_ingest_events_total', { result: 'accepted' })), sum(pick(before, 'llmobserve_ingest_events_total', { result: 'accepted' })));
  });

  it('is described in /openapi.json', async () => {
    const doc = await request(c.url, '/openapi.json');
    assert.ok(doc.body.paths['/metrics']?.get, 'GET /metrics documented');
  });
});

describe('GET /metrics: series bounded with 100,000 customers', { skip: only('sqlite') }, () => {
  let c: RunningCollector;
  const MAX_CUSTOMERS = 50;
  const MAX_SERIES = 100;
  before(async () => {
    c = await startCollector({ env: { LLMOBSERVE_METRICS_CUSTOMER_LABEL: 'true', LLMOBSERVE_METRICS_MAX_CUSTOMERS: String(MAX_CUSTOMERS), LLMOBSERVE_METRICS_MAX_SERIES: String(MAX_SERIES) } });
  });
  after(async () => {
    await c.stop();
  });

  it('keeps the first customers and combinations, counts the rest as "other", and loses no call or token', async () => {
    const N = 100_000;
    const BATCH = 10_000;
    for (let b = 0; b < N / BATCH; b++) {
      const events = Array.from({ length: BATCH }, (_, i) => {
        const n = b * BATCH + i;
        // 100,000 customers; 300 models, so that the combinations outgrow the series cap too
        return { span_id: `s${n}`, provider: 'openai', model: `m-${n % 300}`, customer_id: `cust_${n}`, input_tokens: 10, output_tokens: 1, status: 'ok' };
      });
      const r = await post(c.url, events);
      assert.equal(r.status, 200, JSON.stringify(r.body).slice(0, 300));
      assert.equal(r.body.accepted, BATCH);
    }
    const m = await metricsOf(c.url);
    const calls = pick(m, 'llmobserve_calls_total');
    assert.equal(sum(calls), N, 'every call counted');
    assert.equal(sum(pick(m, 'llmobserve_tokens_total', { type: 'input' })), 10 * N, 'every token counted');
    const customers = new Set(calls.map((s) => s.labels.customer));
    assert.ok(customers.size <= MAX_CUSTOMERS + 1, `customer values: ${customers.size}`);
    assert.ok(customers.has('other'));
    // (tenant, provider, model, customer) combinations: the cap, plus one (tenant, other, other, other) per tenant
    assert.ok(calls.length <= MAX_SERIES + 1, `call series: ${calls.length}`);
    assert.ok(pick(m, 'llmobserve_tokens_total').length <= (MAX_SERIES + 1) * 2, 'token series (input and output) bounded');
    assert.ok(pick(m, 'llmobserve_cost_usd_total').length <= MAX_SERIES + 1, 'cost series bounded (the made-up models are unpriced)');
    assert.ok(m.length < 2000, `whole exposition bounded: ${m.length} samples`);
  });
});

describe('GET /metrics in required mode: the metrics scope on a platform-tenant key', () => {
  let c: RunningCollector;
  const keys: Record<string, string> = {};
  const cliKey = (db: string, tenant: string, scope: string) => {
    const r = spawnSync(process.execPath, [CLI, 'keys', 'create', '--db', db, '--tenant', tenant, '--scope', scope, '--create-tenant', '--json'], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout).key as string;
  };
  before(async () => {
    const db = await freshDb('metrics_auth.sqlite');
    keys.platformMetrics = cliKey(db, 'platform', 'metrics');
    keys.platformRead = cliKey(db, 'platform', 'read');
    keys.acmeMetrics = cliKey(db, 'acme', 'metrics');
    keys.acmeIngest = cliKey(db, 'acme', 'ingest');
    c = await startCollector({ db, args: ['--auth', 'required'] });
  });
  after(async () => {
    await c.stop();
  });

  it('answers the metrics scope of the platform tenant, refuses everything else', async () => {
    const bearer = (k: string) => ({ authorization: `Bearer ${k}` });
    assert.equal((await post(c.url, [ev()], { headers: bearer(keys.acmeIngest!) })).status, 200);
    const m = await metricsOf(c.url, bearer(keys.platformMetrics!));
    assert.equal(sum(pick(m, 'llmobserve_calls_total', { tenant: 'acme' })), 1);
    assert.equal((await request(c.url, '/metrics')).status, 401);
    const read = await request(c.url, '/metrics', { headers: bearer(keys.platformRead!) });
    assert.deepEqual([read.status, read.body.error.code], [403, 'forbidden']);
    const tenantKey = await request(c.url, '/metrics', { headers: bearer(keys.acmeMetrics!) });
    assert.equal(tenantKey.status, 403, 'a tenant key never sees the other tenants');
    assert.match(tenantKey.body.error.message, /platform tenant/);
  });
});

describe('GET /metrics on a separate listen address (LLMOBSERVE_METRICS_LISTEN)', () => {
  let c: RunningCollector;
  let metricsUrl: string;
  before(async () => {
    c = await startCollector({ args: ['--auth', 'required'], env: { LLMOBSERVE_METRICS_LISTEN: '127.0.0.1:0' } });
    const deadline = Date.now() + 10_000;
    while (!/metrics on (http:\/\/\S+)\/metrics/.test(c.stdout()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    metricsUrl = /metrics on (http:\/\/\S+)\/metrics/.exec(c.stdout())?.[1] ?? assert.fail(`no metrics address printed:\n${c.stdout()}`);
  });
  after(async () => {
    assert.equal(await c.stop(), 0);
  });

  it('serves /metrics there without credentials, and not on the API port', async () => {
    const m = await metricsOf(metricsUrl);
    assert.ok(pick(m, 'llmobserve_ingest_events_total', { result: 'accepted' }).length === 1);
    assert.equal((await request(metricsUrl, '/events', { method: 'POST', body: '[]' })).status, 404);
    assert.equal((await request(c.url, '/metrics')).status, 401, 'the API port: required mode, and no such route behind it');
  });
});
