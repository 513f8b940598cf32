/**
 * npm run bench:budgets — what budgets cost, measured in one run:
 *
 * 1. ingest: events/s over HTTP into a collector with no budget, then into one with 1,000 budgets (a
 *    `customer_id: "*"` template, and 999 budgets on single customers, sections and models) over 10,000 customers,
 *    same events, same machine, one after the other; and their ratio (target ≥ 0.8).
 * 2. ack-to-webhook: per crossing, the time from the ingest acknowledgement to the signed webhook request reaching a
 *    loopback receiver (default settings: evaluation after each commit, outbox kicked by the new alert); median, p99;
 *    on an idle collector ('latency'), and under sustained ingest ('load': the same 1,000 budgets and traffic as 1.,
 *    a webhook endpoint receiving every alert, and a probe batch every BENCH_PROBE_MS crossing a budget of its own).
 * 3. SDK: time added per call by `enforceBudgets` (the real `openai` client against the mock, paired alternating
 *    blocks with enforceBudgets off/on while a budget instance of another customer is blocked, so the check runs on
 *    every call), and the check alone (ns per call, 100 blocked instances).
 *
 * Env: BENCH_EVENTS (default 100000), BENCH_CONCURRENCY (4), BENCH_LATENCY_SAMPLES (40), BENCH_ROUNDS (30),
 * BENCH_PROBES (60), BENCH_PROBE_MS (250), BENCH_PARTS (default ingest,load,load-calm,latency,sdk).
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import OpenAI from 'openai';
import { startMockOpenAI } from '@llmobserve/mock-providers';
import { startCollector } from '../packages/collector/test/helpers/collector.js';
import { Receiver } from '../packages/collector/test/helpers/webhook-receiver.js';
import { BudgetGuard, type BlockedInstance } from '../packages/sdk/src/budgets/guard.js';
import { budgetRefusal } from '../packages/sdk/src/budgets/hook.js';
import { currentContext } from '../packages/sdk/src/context/store.js';

const TOTAL = Number(process.env.BENCH_EVENTS ?? 100_000);
const BATCH = 500;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const CUSTOMERS = 10_000;
const LATENCY_SAMPLES = Number(process.env.BENCH_LATENCY_SAMPLES ?? 40);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const NOW = Date.now();
const MODELS = ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini', 'o3-mini'];

function makeEvent(i: number, tag: string) {
  return {
    span_id: `${tag}-${i}`, span_type: 'llm', tenant_id: 'bench', customer_id: `customer_${(i * 7919) % CUSTOMERS}`,
    section: `feature:${i % 7}`, section_path: `agent:${i % 3}/feature:${i % 7}`, provider: 'openai', endpoint: 'chat.completions',
    model: MODELS[i % MODELS.length], input_tokens: 1000 + (i % 900), output_tokens: 100 + (i % 90),
    started_at: new Date(NOW - 600_000 + (i % 600_000)).toISOString(), latency_ms: 250, status: 'ok', sdk: 'bench/0',
  };
}

function postBody(url: URL, agent: Agent, body: string): Promise<{ status: number; at: number }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, at: performance.now() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function json(base: string, path: string, body?: unknown): Promise<any> {
  const r = await fetch(base + path, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r.json();
}

/** 1,000 budgets: the template, and 999 on single customers, sections, models (amounts that some cross). */
async function createBudgets(base: string, probes = 0, templateUsd = '0.01'): Promise<void> {
  await json(base, '/budgets?tenant_id=bench', { name: 'per customer', scope: { customer_id: '*' }, amount_usd: templateUsd, period: 'month', thresholds: [0.5, 0.8, 1], action: 'block' });
  for (let i = 0; i < probes; i++) await json(base, '/budgets?tenant_id=bench', { name: `probe${i}`, scope: { customer_id: `probe-${i}` }, amount_usd: '0.000001', thresholds: [1] });
  for (let i = 0; i < 999; i++) {
    const scope = i % 3 === 0 ? { customer_id: `customer_${i * 10}` } : i % 3 === 1 ? { section: `feature:${i % 7}`, model: MODELS[i % MODELS.length] } : { customer_id: `customer_${i}`, model: MODELS[i % MODELS.length] };
    await json(base, '/budgets?tenant_id=bench', { name: `b${i}`, scope, amount_usd: i % 2 ? '0.005' : '1000', period: i % 2 ? 'day' : 'week', timezone: i % 5 === 0 ? 'Europe/Berlin' : 'UTC', thresholds: [0.8, 1] });
  }
}

async function ingestRate(withBudgets: boolean): Promise<{ rate: number; seconds: number; settleSeconds: number; alerts: number }> {
  const c = await startCollector();
  try {
    if (withBudgets) await createBudgets(c.url);
    const url = new URL('/events', c.url);
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const bodies = Array.from({ length: TOTAL / BATCH }, (_, b) => JSON.stringify(Array.from({ length: BATCH }, (_, j) => makeEvent(b * BATCH + j, 'e'))));
    await postBody(url, agent, JSON.stringify(Array.from({ length: BATCH }, (_, j) => makeEvent(j, 'warm'))));
    let next = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) {
        const r = await postBody(url, agent, bodies[next++]!);
        if (r.status !== 200) throw new Error(`collector answered ${r.status}`);
      }
    }));
    const seconds = (performance.now() - t0) / 1000;
    agent.destroy();
    // the evaluation is behind the acknowledgements: how long until the template's instances are all evaluated
    let settleSeconds = 0;
    let alerts = 0;
    if (withBudgets) {
      const t1 = performance.now();
      const template = (await json(c.url, '/budgets?tenant_id=bench')).budgets.find((b: { name: string }) => b.name === 'per customer');
      for (;;) {
        const s = await json(c.url, `/budgets/${template.id}/status?tenant_id=bench&limit=1`);
        if (s.total >= CUSTOMERS || performance.now() - t1 > 120_000) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      settleSeconds = (performance.now() - t1) / 1000;
      alerts = (await json(c.url, '/alerts?tenant_id=bench&limit=1000')).alerts.length;
    }
    return { rate: TOTAL / seconds, seconds, settleSeconds, alerts };
  } finally {
    await c.stop();
  }
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

async function ackToWebhook(): Promise<{ median: number; p99: number; max: number }> {
  const rx = await new Receiver().start();
  const c = await startCollector();
  try {
    await json(c.url, '/webhooks', { url: rx.url });
    const url = new URL('/events', c.url);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const samples: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      await json(c.url, '/budgets', { name: `lat${i}`, scope: { customer_id: `lat-${i}` }, amount_usd: '0.000001', thresholds: [1] });
      await new Promise((r) => setTimeout(r, 250)); // the creation's own evaluation is done
      const seen = rx.received.length;
      const { at } = await postBody(url, agent, JSON.stringify([{ ...makeEvent(i, 'lat'), customer_id: `lat-${i}`, tenant_id: 'default_tenant', started_at: new Date().toISOString() }]));
      const t = performance.now();
      while (rx.received.length === seen && performance.now() - t < 10_000) await new Promise((r) => setImmediate(r));
      samples.push(rx.received.length > seen ? performance.now() - at : Infinity);
    }
    agent.destroy();
    return { median: quantile(samples, 0.5), p99: quantile(samples, 0.99), max: Math.max(...samples) };
  } finally {
    await c.stop();
    await rx.stop();
  }
}

/** A collector stand-in for the SDK: takes event batches, and reports one blocked instance of another customer. */
async function fakeCollector(): Promise<{ url: string; close(): Promise<void> }> {
  const blocked = { tenant_id: 'default_tenant', blocked: [{ budget_id: 'bud_x', customer_id: 'someone-else', scope: { customer_id: '*' }, amount_usd: 1, spent_usd: 2, period_end: null }] };
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url?.startsWith('/budgets/blocked')) res.writeHead(200, { 'content-type': 'application/json', etag: '"x"' }).end(JSON.stringify(blocked));
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":0,"duplicates":0,"rejected":[]}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

/**
 * ns per call of what enforceBudgets adds on the dispatcher's path while something is blocked: the attribution from
 * the context the tracker reads anyway, and the lookup in the blocked list (nothing is allocated unless refused).
 */
function hookNs(blockedCount: number): number {
  const guard = new BudgetGuard({ collectorUrl: 'http://127.0.0.1:9', apiKey: null, tenantApiKeys: new Map(), defaultTenant: 't', refreshMs: 3_600_000 });
  const list: BlockedInstance[] = Array.from({ length: blockedCount }, (_, i) => ({ budget_id: `b${i}`, customer_id: `c${i}`, scope: { customer_id: '*' }, amount_usd: 1, spent_usd: 1, period_end: null }));
  (guard as unknown as { blocked: Map<string, unknown> }).blocked.set('t', { etag: null, list });
  guard.any = true;
  const body = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
  const ctx = currentContext();
  const once = () => (guard.any ? budgetRefusal(guard, ctx, 'openai', body, 't', 'me') : null);
  for (let i = 0; i < 200_000; i++) once();
  const n = 1_000_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) if (once() !== null) throw new Error('refused');
  guard.close();
  return ((performance.now() - t0) * 1e6) / n;
}

async function sdkAdded(): Promise<{ addedMedianUs: number; offMedianUs: number; onMedianUs: number; hook1Ns: number; hook100Ns: number }> {
  const sdk = await import('../packages/sdk/dist/index.js');
  const mock = await startMockOpenAI();
  const collector = await fakeCollector();
  const client = new OpenAI({ apiKey: 'sk-bench', baseURL: mock.baseURL, maxRetries: 0 });
  const base = { collectorUrl: collector.url, providers: { [mock.url]: 'openai' }, customerId: 'me', budgetRefreshMs: 60_000 };
  const block = async (n: number) => {
    const xs: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
      xs.push((performance.now() - t) * 1000);
    }
    return xs;
  };
  const diffs: number[] = [];
  const off: number[] = [];
  const on: number[] = [];
  try {
    sdk.observe({ ...base, enforceBudgets: false });
    await block(200);
    for (let r = 0; r < ROUNDS; r++) {
      // the order of the two blocks alternates, so that drift within a round does not favour either
      const measure = async (enforce: boolean) => {
        sdk.observe({ ...base, enforceBudgets: enforce });
        await new Promise((res) => setTimeout(res, 20)); // its first refresh learned the blocked instance
        return block(50);
      };
      const [a, b] = r % 2 === 0 ? [await measure(false), await measure(true)] : (await Promise.all([measure(true)]).then(async ([x]) => [await measure(false), x!]));
      off.push(...a);
      on.push(...b);
      diffs.push(quantile(b, 0.5) - quantile(a, 0.5));
    }
  } finally {
    await sdk.shutdown({ timeoutMs: 2000 });
    await mock.close();
    await collector.close();
  }
  return { addedMedianUs: quantile(diffs, 0.5), offMedianUs: quantile(off, 0.5), onMedianUs: quantile(on, 0.5), hook1Ns: hookNs(1), hook100Ns: hookNs(100) };
}

const PROBES = Number(process.env.BENCH_PROBES ?? 60);
const PROBE_MS = Number(process.env.BENCH_PROBE_MS ?? 250);

/**
 * Ack-to-webhook under sustained ingest: the 1,000 budgets (plus one budget per probe customer, so 1,000 + PROBES),
 * a loopback receiver subscribed to every alert (the template's and the 999 budgets' crossings too), the ingest of
 * part 1 running CONCURRENCY batches in flight for as long as the probes last; every PROBE_MS one probe batch of
 * one event crosses its customer's budget, and its lag is from its acknowledgement to its webhook's arrival.
 */
async function ackToWebhookUnderLoad(templateUsd: string): Promise<{ median: number; p99: number; max: number; lost: number; rate: number; webhooks: number }> {
  const rx = await new Receiver().start();
  const c = await startCollector();
  try {
    await createBudgets(c.url, PROBES, templateUsd);
    await json(c.url, '/webhooks?tenant_id=bench', { url: rx.url });
    const url = new URL('/events', c.url);
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const probeAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    await postBody(url, agent, JSON.stringify(Array.from({ length: BATCH }, (_, j) => makeEvent(j, 'warm'))));
    let done = false;
    let sent = 0;
    const t0 = performance.now();
    const load = Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (!done) {
        const b = sent++;
        const body = JSON.stringify(Array.from({ length: BATCH }, (_, j) => makeEvent(b * BATCH + j, 'load')));
        const r = await postBody(url, agent, body);
        if (r.status !== 200) throw new Error(`collector answered ${r.status}`);
      }
    }));
    const acks: number[] = [];
    await new Promise((r) => setTimeout(r, 2_000)); // the first batches' evaluation (every budget read once) is behind us
    for (let i = 0; i < PROBES; i++) {
      const next = performance.now() + PROBE_MS;
      await postBody(url, probeAgent, JSON.stringify([{ ...makeEvent(i, 'probe'), customer_id: `probe-${i}`, started_at: new Date().toISOString() }]));
      acks.push(Date.now());
      await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
    }
    done = true;
    await load;
    const seconds = (performance.now() - t0) / 1000;
    agent.destroy();
    probeAgent.destroy();
    const arrived = new Map<string, number>();
    const deadline = Date.now() + 30_000;
    while (arrived.size < PROBES && Date.now() < deadline) {
      for (const m of rx.received) {
        const id = (JSON.parse(m.body) as { data: { customer_id: string | null } }).data.customer_id;
        if (id?.startsWith('probe-') && !arrived.has(id)) arrived.set(id, m.at);
      }
      if (arrived.size < PROBES) await new Promise((r) => setTimeout(r, 200));
    }
    const samples = acks.map((at, i) => (arrived.has(`probe-${i}`) ? arrived.get(`probe-${i}`)! - at : Infinity));
    // where the time went: from the ack to the alert's ledger row (evaluation), and from there to the receiver
    const evalLag: number[] = [];
    for (let i = 0; i < PROBES; i++) {
      const [a] = (await json(c.url, `/alerts?tenant_id=bench&customer_id=probe-${i}&limit=1`)).alerts;
      evalLag.push(a ? Date.parse(a.created_at) - acks[i]! : Infinity);
    }
    const hooks = (await json(c.url, '/webhooks?tenant_id=bench')).webhooks.map((w: Record<string, unknown>) => ({ failures: w.consecutive_failures, error: w.last_error, ...(w.deliveries ?? {}) as object }));
    console.log(`  (webhook endpoint: ${JSON.stringify(hooks)})`);
    console.log(`  (ack to alert committed: median ${quantile(evalLag, 0.5)} ms, p99 ${quantile(evalLag, 0.99)} ms; ${rx.received.length} webhooks in ${((rx.received.at(-1)?.at ?? 0) - (rx.received[0]?.at ?? 0)) / 1000} s)`);
    return {
      median: quantile(samples, 0.5), p99: quantile(samples, 0.99), max: Math.max(...samples), lost: samples.filter((x) => x === Infinity).length,
      rate: (sent * BATCH) / seconds, webhooks: rx.received.length,
    };
  } finally {
    await c.stop();
    await rx.stop();
  }
}

const PARTS = new Set((process.env.BENCH_PARTS ?? 'ingest,load,load-calm,latency,sdk').split(','));
if (PARTS.has('ingest')) {
  const none = await ingestRate(false);
  const withBudgets = await ingestRate(true);
  console.log(`ingest, ${TOTAL} events in batches of ${BATCH}, ${CONCURRENCY} in flight, ${CUSTOMERS} customers:`);
  console.log(`  no budgets:    ${Math.round(none.rate)} events/s (${none.seconds.toFixed(2)} s)`);
  console.log(`  1,000 budgets: ${Math.round(withBudgets.rate)} events/s (${withBudgets.seconds.toFixed(2)} s); evaluation settled ${withBudgets.settleSeconds.toFixed(2)} s after the last ack; ${withBudgets.alerts} alerts (first 1000 counted)`);
  console.log(`  ratio: ${(withBudgets.rate / none.rate).toFixed(3)} (target >= 0.8)`);
}
for (const [part, templateUsd, what] of [['load', '0.01', 'the template at $0.01: nearly every customer crosses its thresholds, an alert storm'], ['load-calm', '1000', 'the template at $1,000: the 999 budgets\' and the probes\' crossings only']] as const) {
  if (!PARTS.has(part)) continue;
  const l = await ackToWebhookUnderLoad(templateUsd);
  console.log(`ack-to-webhook under sustained ingest, ${what} (1,000 budgets + ${PROBES} probe budgets, ${CONCURRENCY} batches of ${BATCH} in flight, ${Math.round(l.rate)} events/s meanwhile), ${PROBES} probes every ${PROBE_MS} ms: median ${l.median.toFixed(0)} ms, p99 ${l.p99.toFixed(0)} ms, max ${l.max.toFixed(0)} ms, ${l.lost} not delivered within 30 s; ${l.webhooks} webhooks received in all (target <= 2000 ms)`);
}
if (PARTS.has('latency')) {
  const lat = await ackToWebhook();
  console.log(`ack-to-webhook, ${LATENCY_SAMPLES} crossings: median ${lat.median.toFixed(1)} ms, p99 ${lat.p99.toFixed(1)} ms, max ${lat.max.toFixed(1)} ms (target <= 2000 ms)`);
}
if (PARTS.has('sdk')) {
  const s = await sdkAdded();
  console.log(`SDK enforceBudgets (one instance of another customer blocked), ${ROUNDS} paired rounds of 50 calls: added ${s.addedMedianUs.toFixed(1)} µs per call (median of paired block medians; off ${s.offMedianUs.toFixed(0)} µs, on ${s.onMedianUs.toFixed(0)} µs per call); the hook on the call path ${s.hook1Ns.toFixed(0)} ns with 1 blocked instance, ${s.hook100Ns.toFixed(0)} ns with 100; nothing blocked: one property read (target <= 5 µs)`);
}
