// @storage sqlite,postgres
/** The collector through its real HTTP server, as a separate process on a real SQLite file or PostgreSQL database. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { close, ev, gpt4oMiniCost, post, request, startCollector, STORAGE, tempDir, type RunningCollector } from './helpers/collector.js';

let c: RunningCollector;
before(async () => {
  c = await startCollector();
});
after(async () => {
  assert.equal(await c.stop(), 0, 'collector exits cleanly on SIGTERM');
});

const get = (path: string) => request(c.url, path);

describe('ingest and query', () => {
  const T = 'acme_corp';
  const run = 'run-acme-1';
  const events = [
    ev({ tenant_id: T, span_id: 'sec-1', run_id: run, span_type: 'agent', section: 'agent:research', section_path: 'agent:research',
      provider: null, model: null, input_tokens: 0, output_tokens: 0, customer_id: 'alice', started_at: '2026-01-15T10:00:00Z', latency_ms: 3000 }),
    ev({ tenant_id: T, span_id: 'llm-1', run_id: run, parent_span_id: 'sec-1', section: 'agent:research', section_path: 'agent:research',
      customer_id: 'alice', input_tokens: 1000, cache_read_tokens: 200, output_tokens: 100, started_at: '2026-01-15T10:00:01Z' }),
    ev({ tenant_id: T, span_id: 'tool-1', run_id: run, parent_span_id: 'sec-1', span_type: 'tool', section: 'tool:search',
      section_path: 'agent:research/tool:search', provider: null, model: null, input_tokens: 0, output_tokens: 0, customer_id: 'alice',
      started_at: '2026-01-15T10:00:02Z', latency_ms: 500 }),
    ev({ tenant_id: T, span_id: 'llm-2', run_id: run, parent_span_id: 'tool-1', section: 'tool:search', section_path: 'agent:research/tool:search',
      customer_id: 'alice', input_tokens: 2000, output_tokens: 300, started_at: '2026-01-15T10:00:02.100Z' }),
    ev({ tenant_id: T, span_id: 'llm-bob', run_id: 'run-acme-2', customer_id: 'bob', model: 'gpt-4o', input_tokens: 10_000,
      cache_read_tokens: 4000, output_tokens: 500, started_at: '2026-01-16T09:00:00Z' }),
    ev({ tenant_id: T, span_id: 'llm-unpriced', run_id: 'run-acme-3', customer_id: 'bob', provider: 'ollama', model: 'llama-local',
      input_tokens: 50, output_tokens: 5, started_at: '2026-01-16T09:30:00Z' }),
  ];
  const alice = gpt4oMiniCost(1000, 100, 200) + gpt4oMiniCost(2000, 300);
  const bob = (6000 * 2.5 + 4000 * 1.25 + 500 * 10) / 1e6;

  before(async () => {
    const r = await post(c.url, { events });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { accepted: 6, duplicates: 0, rejected: [] });
  });

  it('GET /insights: totals, breakdowns, unpriced models and a time series', async () => {
    const r = await get(`/insights?tenant_id=${T}`);
    assert.equal(r.status, 200);
    const b = r.body;
    assert.equal(b.tenant_id, T);
    assert.ok(close(b.totals.cost_usd, alice + bob), `${b.totals.cost_usd} vs ${alice + bob}`);
    assert.equal(b.totals.calls, 4, 'agent/tool spans are not calls');
    assert.equal(b.totals.unpriced_calls, 1);
    assert.equal(b.totals.input_tokens, 1000 + 2000 + 10_000 + 50);
    assert.equal(b.totals.cache_read_tokens, 4200);
    assert.deepEqual(b.by_customer.map((x: any) => x.customer_id), ['bob', 'alice']);
    assert.ok(close(b.by_customer[1].cost_usd, alice));
    assert.deepEqual(b.unpriced_models, [{ provider: 'ollama', model: 'llama-local', unpriced_calls: 1 }]);
    assert.deepEqual(b.by_section.map((x: any) => x.section_path).sort(), [null, 'agent:research', 'agent:research/tool:search'].sort());
    assert.equal(b.bucket, 'day');
    assert.deepEqual(b.timeseries.map((p: any) => [p.start, p.calls]), [['2026-01-15T00:00:00.000Z', 2], ['2026-01-16T00:00:00.000Z', 2]]);
    const hourly = (await get(`/insights?tenant_id=${T}&from=2026-01-15&to=2026-01-17`)).body;
    assert.equal(hourly.bucket, 'hour');
    assert.deepEqual(hourly.timeseries.map((p: any) => p.start), ['2026-01-15T10:00:00.000Z', '2026-01-16T09:00:00.000Z']);
  });

  it('filters: customer, provider, model, section (nested labels roll up), time', async () => {
    const q = async (qs: string) => (await get(`/insights?tenant_id=${T}&${qs}`)).body.totals;
    assert.ok(close((await q('customer_id=alice')).cost_usd, alice));
    assert.equal((await q('provider=ollama')).calls, 1);
    assert.equal((await q('model=gpt-4o')).calls, 1);
    assert.equal((await q('section=agent:research')).calls, 2, 'outer section includes its nested tool');
    assert.equal((await q('section=tool:search')).calls, 1, 'inner label matches anywhere in the path');
    assert.equal((await q('section=agent:res')).calls, 0, 'only whole segments match');
    // Partial hours are exact: 10:00:01 is inside [10:00:00.500, 10:00:02.050), 10:00:02.100 is not.
    const edge = await q('from=2026-01-15T10:00:00.500Z&to=2026-01-15T10:00:02.050Z');
    assert.equal(edge.calls, 1);
    assert.ok(close(edge.cost_usd, gpt4oMiniCost(1000, 100, 200)));
    const day2 = await q('from=2026-01-16T00:00:00Z&to=2026-01-16T09:15:00Z');
    assert.equal(day2.calls, 1);
    assert.ok(close(day2.cost_usd, bob));
  });

  it('GET /customers and /customers/:id: totals and share of spend', async () => {
    const list = (await get(`/customers?tenant_id=${T}`)).body;
    assert.equal(list.total_customers, 2);
    const [first, second] = list.customers;
    assert.equal(first.customer_id, 'bob');
    assert.ok(close(first.share + second.share, 1, 1e-9));
    assert.ok(close(second.share, alice / (alice + bob), 1e-9));
    const one = await get(`/customers/alice?tenant_id=${T}`);
    assert.equal(one.status, 200);
    assert.ok(close(one.body.totals.cost_usd, alice));
    assert.ok(close(one.body.share, alice / (alice + bob), 1e-9));
    assert.deepEqual(one.body.by_model.map((m: any) => m.model), ['gpt-4o-mini']);
    assert.equal((await get(`/customers/nobody?tenant_id=${T}`)).status, 404);
  });

  it('GET /customers with a range: previous-period cost and a trend per bucket', async () => {
    const TT = 'trend';
    await post(c.url, [
      ev({ tenant_id: TT, span_id: 't1', customer_id: 'alice', started_at: '2026-01-10T08:30:00Z' }),
      ev({ tenant_id: TT, span_id: 't2', customer_id: 'alice', input_tokens: 3000, started_at: '2026-01-11T05:10:00Z' }),
      ev({ tenant_id: TT, span_id: 't3', customer_id: 'alice', input_tokens: 2000, started_at: '2026-01-11T05:50:00Z' }),
      ev({ tenant_id: TT, span_id: 't4', customer_id: 'bob', started_at: '2026-01-11T23:59:00Z' }),
    ]);
    const r = (await get(`/customers?tenant_id=${TT}&from=2026-01-11&to=2026-01-12`)).body;
    assert.equal(r.bucket, 'hour');
    assert.equal(r.buckets.length, 24);
    assert.equal(r.buckets[5], '2026-01-11T05:00:00.000Z');
    const a = r.customers.find((x: any) => x.customer_id === 'alice');
    assert.ok(close(a.cost_usd, gpt4oMiniCost(3000, 100) + gpt4oMiniCost(2000, 100)));
    assert.ok(close(a.previous_cost_usd, gpt4oMiniCost(1000, 100)), 'the 10th is the previous period');
    assert.ok(close(a.trend[5], a.cost_usd));
    assert.equal(a.trend.filter((x: number) => x > 0).length, 1);
    const b = r.customers.find((x: any) => x.customer_id === 'bob');
    assert.equal(b.previous_cost_usd, 0);
    assert.ok(close(b.trend[23], gpt4oMiniCost(1000, 100)));
    const week = (await get(`/customers?tenant_id=${TT}&from=2026-01-05&to=2026-01-12`)).body;
    assert.equal(week.bucket, 'day');
    assert.equal(week.buckets.length, 7);
    assert.ok(close(week.customers.find((x: any) => x.customer_id === 'alice').trend[5], gpt4oMiniCost(1000, 100)));
    const open = (await get(`/customers?tenant_id=${TT}`)).body;
    assert.equal(open.customers[0].trend, null, 'no range, no trend');
  });

  it('GET /runs and /runs/:id: summaries, span tree with rolled-up cost', async () => {
    const runs = (await get(`/runs?tenant_id=${T}`)).body;
    assert.deepEqual(runs.runs.map((r: any) => r.run_id), ['run-acme-3', 'run-acme-2', 'run-acme-1']);
    const r1 = runs.runs[2];
    assert.equal(r1.calls, 2);
    assert.equal(r1.spans, 4);
    assert.equal(r1.customer_id, 'alice');
    assert.equal(r1.top_section, 'agent:research');
    assert.ok(close(r1.cost_usd, alice));
    assert.equal(r1.started_at, '2026-01-15T10:00:00.000Z');
    assert.equal(r1.ended_at, '2026-01-15T10:00:03.000Z');
    const detail = (await get(`/runs/${run}?tenant_id=${T}`)).body;
    assert.equal(detail.events.length, 4);
    assert.equal(detail.tree.length, 1);
    const root = detail.tree[0];
    assert.equal(root.span_id, 'sec-1');
    assert.ok(close(root.total_cost_usd, alice));
    assert.deepEqual(root.children.map((n: any) => n.span_id), ['llm-1', 'tool-1']);
    assert.equal(root.children[1].children[0].span_id, 'llm-2');
    assert.ok(close(root.children[1].total_cost_usd, gpt4oMiniCost(2000, 300)));
    const llm1 = detail.events.find((e: any) => e.span_id === 'llm-1');
    assert.equal(llm1.cost_status, 'priced');
    assert.match(llm1.cost_source, /^genai-prices@/);
    assert.equal(llm1.tenant_id, T);
    const unpriced = (await get(`/runs/run-acme-3?tenant_id=${T}`)).body.events[0];
    assert.equal(unpriced.cost_usd, null);
    assert.equal(unpriced.cost_status, 'unpriced');
    assert.equal((await get(`/runs/none?tenant_id=${T}`)).status, 404);
    const filtered = (await get(`/runs?tenant_id=${T}&model=gpt-4o`)).body.runs.map((r: any) => r.run_id);
    assert.deepEqual(filtered, ['run-acme-2']);
    assert.deepEqual((await get(`/runs?tenant_id=${T}&section=tool:search`)).body.runs.map((r: any) => r.run_id), ['run-acme-1']);
    assert.deepEqual((await get(`/runs?tenant_id=${T}&customer_id=bob`)).body.runs.map((r: any) => r.run_id), ['run-acme-3', 'run-acme-2']);
  });
});

describe('token details (1-hour cache writes, other modalities)', () => {
  it('are stored, returned by /runs/:id and priced at their own rates', async () => {
    const T = 'details_corp';
    const events = [
      ev({ tenant_id: T, run_id: 'run-d', span_id: 'd-anthropic', provider: 'anthropic', endpoint: 'messages', model: 'claude-sonnet-4-5',
        input_tokens: 100_000, cache_write_tokens: 10_000, cache_write_1h_tokens: 6000, output_tokens: 1000 }),
      ev({ tenant_id: T, run_id: 'run-d', span_id: 'd-gemini', provider: 'google', endpoint: 'generateContent', model: 'gemini-2.5-flash',
        input_tokens: 100_000, output_tokens: 1000, token_details: { input_audio_tokens: 80_000, output_image_tokens: 0 } }),
    ];
    assert.equal((await post(c.url, { events })).status, 200);
    const detail = (await get(`/runs/run-d?tenant_id=${T}`)).body;
    const byId = new Map(detail.events.map((e: any) => [e.span_id, e]));
    const a = byId.get('d-anthropic') as any;
    assert.deepEqual([a.cache_write_tokens, a.cache_write_1h_tokens, a.token_details], [10_000, 6000, null]);
    assert.ok(close(a.cost_usd, (90_000 * 3 + 4000 * 3.75 + 6000 * 6 + 1000 * 15) / 1e6));
    const g = byId.get('d-gemini') as any;
    assert.deepEqual([g.cache_write_1h_tokens, g.token_details], [0, { input_audio_tokens: 80_000 }]);
    assert.ok(close(g.cost_usd, (20_000 * 0.3 + 80_000 * 1 + 1000 * 2.5) / 1e6));
  });
});

describe('idempotency and partial batches', () => {
  const T = 'idem';
  it('a replayed batch is stored once and never counted twice', async () => {
    const batch = [ev({ tenant_id: T, span_id: 'r1' }), ev({ tenant_id: T, span_id: 'r2' }), ev({ tenant_id: T, span_id: 'r2' })];
    const first = await post(c.url, batch);
    assert.deepEqual(first.body, { accepted: 2, duplicates: 1, rejected: [] });
    const again = await post(c.url, batch);
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, { accepted: 0, duplicates: 3, rejected: [] });
    const t = (await get(`/insights?tenant_id=${T}`)).body.totals;
    assert.equal(t.calls, 2);
    assert.ok(close(t.cost_usd, 2 * gpt4oMiniCost(1000, 100)));
    assert.equal((await get(`/runs?tenant_id=${T}`)).body.runs.length, 2);
  });
  it('valid events are stored when others are rejected (207), and named by index and span_id', async () => {
    const r = await post(c.url, [ev({ tenant_id: T, span_id: 'ok-1' }), ev({ tenant_id: T, span_id: 'bad-1', input_tokens: 'lots' }), 42]);
    assert.equal(r.status, 207);
    assert.equal(r.body.accepted, 1);
    assert.deepEqual(r.body.rejected, [
      { index: 1, span_id: 'bad-1', message: 'input_tokens: expected integer' },
      { index: 2, span_id: null, message: 'event: must be a JSON object' },
    ]);
    assert.ok((await get(`/runs/ok-1?tenant_id=${T}`)).status === 200);
  });
  it('a batch with no valid event is a 400 with the per-event reasons', async () => {
    const r = await post(c.url, [{ span_id: 'x', status: 'weird' }]);
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, 'no_valid_events');
    assert.equal(r.body.error.message, 'none of the 1 events is valid; first: status: must be one of ok, error, cancelled, rate_limited, timeout');
    assert.equal(r.body.rejected[0].message, 'status: must be one of ok, error, cancelled, rate_limited, timeout');
  });
});

describe('tenancy (open mode)', () => {
  it('events without tenant_id go to default_tenant, and reads default to it', async () => {
    await post(c.url, [ev({ span_id: 'default-1', customer_id: 'solo' })]);
    const d = (await get('/customers')).body;
    assert.equal(d.tenant_id, 'default_tenant');
    assert.ok(d.customers.some((x: any) => x.customer_id === 'solo'));
    assert.equal((await get('/runs/default-1')).body.events[0].tenant_id, 'default_tenant');
  });
  it('no route shows one tenant another tenant\'s data, even with identical ids', async () => {
    const same = (tenant: string, tokens: number) =>
      ev({ tenant_id: tenant, span_id: 'shared-span', run_id: 'shared-run', customer_id: 'shared-customer', input_tokens: tokens, section_path: 'feature:x' });
    const r = await post(c.url, [same('tenant_a', 1000), same('tenant_b', 5000)]);
    assert.deepEqual(r.body, { accepted: 2, duplicates: 0, rejected: [] }, 'span ids are unique per tenant, not globally');
    for (const [tenant, tokens] of [['tenant_a', 1000], ['tenant_b', 5000]] as const) {
      const cost = gpt4oMiniCost(tokens, 100);
      const ins = (await get(`/insights?tenant_id=${tenant}`)).body;
      assert.equal(ins.totals.input_tokens, tokens);
      assert.ok(close(ins.totals.cost_usd, cost));
      const runs = (await get(`/runs?tenant_id=${tenant}`)).body.runs;
      assert.deepEqual(runs.map((x: any) => x.run_id), ['shared-run']);
      assert.ok(close(runs[0].cost_usd, cost));
      const run = (await get(`/runs/shared-run?tenant_id=${tenant}`)).body;
      assert.deepEqual(run.events.map((e: any) => [e.tenant_id, e.input_tokens]), [[tenant, tokens]]);
      const cust = (await get(`/customers?tenant_id=${tenant}`)).body.customers;
      assert.deepEqual(cust.map((x: any) => [x.customer_id, x.input_tokens]), [['shared-customer', tokens]]);
      const one = (await get(`/customers/shared-customer?tenant_id=${tenant}`)).body;
      assert.equal(one.totals.input_tokens, tokens);
      assert.equal(one.share, 1);
    }
    assert.equal((await get('/runs/shared-run?tenant_id=tenant_c')).status, 404);
    assert.equal((await get('/insights?tenant_id=tenant_c')).body.totals.calls, 0);
    assert.equal((await get('/customers/shared-customer?tenant_id=tenant_c')).status, 404);
  });
  it('rejects malformed tenant ids on reads', async () => {
    const r = await get('/insights?tenant_id=' + encodeURIComponent("x' OR 1=1 --"));
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, 'invalid_request');
  });
});

describe('paging', () => {
  it('walks all runs newest first with the cursor, without repeats', async () => {
    const T = 'pager';
    const batch = Array.from({ length: 7 }, (_, i) => ev({ tenant_id: T, span_id: `p${i}`, started_at: `2026-02-0${1 + (i % 3)}T00:00:00Z` }));
    await post(c.url, batch);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: any = (await get(`/runs?tenant_id=${T}&limit=3${cursor ? `&cursor=${cursor}` : ''}`)).body;
      seen.push(...page.runs.map((r: any) => `${r.started_at}|${r.run_id}`));
      cursor = page.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    assert.equal(pages, 3);
    assert.equal(new Set(seen).size, 7);
    assert.deepEqual(seen, [...seen].sort().reverse());
    assert.equal((await get(`/runs?tenant_id=${T}&cursor=garbage`)).status, 400);
  });
});

describe('bad input never crashes the collector and never gets a 500', () => {
  const raw = (body: string | Buffer, headers: Record<string, string>) =>
    request(c.url, '/events', { method: 'POST', body, headers });

  it('truncated JSON → 400 invalid_json', async () => {
    const r = await raw('[{"span_id": "a", "model": "gpt', { 'content-type': 'application/json' });
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, 'invalid_json');
  });
  it('wrong envelope and empty body → 400', async () => {
    assert.equal((await raw('{"nope": 1}', { 'content-type': 'application/json' })).body.error.code, 'invalid_envelope');
    assert.equal((await raw('"text"', { 'content-type': 'application/json' })).body.error.code, 'invalid_envelope');
    assert.equal((await raw('', { 'content-type': 'application/json' })).status, 400);
  });
  it('wrong content type → 415', async () => {
    const r = await raw(JSON.stringify([ev()]), { 'content-type': 'text/plain' });
    assert.equal(r.status, 415);
    assert.equal(r.body.error.code, 'unsupported_media_type');
  });
  it('wrong types → per-event messages', async () => {
    const r = await post(c.url, [ev({ latency_ms: 'fast' }), ev({ is_streaming: 'yes' }), ev({ metadata: [1, 2] })]);
    assert.equal(r.status, 400);
    assert.deepEqual(r.body.rejected.map((x: any) => x.message.split(':')[0]), ['latency_ms', 'is_streaming', 'metadata']);
  });
  it('100 KB strings are refused by field (or truncated for error messages)', async () => {
    const big = 'x'.repeat(100 * 1024);
    const r = await post(c.url, [ev({ model: big }), ev({ span_id: big }), ev({ tenant_id: 'big', status: 'error', error: big, span_id: 'big-error' })]);
    assert.equal(r.status, 207);
    assert.match(r.body.rejected[0].message, /^model: /);
    assert.match(r.body.rejected[1].message, /^span_id: /);
    assert.equal(r.body.rejected[1].span_id.length, 128, 'the echoed span_id is bounded too');
    const stored = (await get('/runs/big-error?tenant_id=big')).body.events[0];
    assert.equal(stored.error.length, 1000);
  });
  it('a 10,000-event batch is accepted whole', async () => {
    const T = 'bulk';
    const batch = Array.from({ length: 10_000 }, (_, i) => ev({ tenant_id: T, span_id: `b${i}`, customer_id: `c${i % 10}`, input_tokens: 10, output_tokens: 1 }));
    const r = await post(c.url, batch, { gzip: true });
    assert.equal(r.status, 200);
    assert.equal(r.body.accepted, 10_000);
    const t = (await get(`/insights?tenant_id=${T}`)).body.totals;
    assert.equal(t.calls, 10_000);
    assert.ok(close(t.cost_usd, 10_000 * gpt4oMiniCost(10, 1), 1e-9));
    const over = await post(c.url, Array.from({ length: 10_001 }, (_, i) => ({ span_id: `o${i}` })), { gzip: true });
    assert.equal(over.status, 413);
    assert.equal(over.body.error.code, 'too_many_events');
  });
  it('gzip bodies are accepted; corrupt gzip → 400; a gzip bomb → 413', async () => {
    const ok = await post(c.url, [ev({ tenant_id: 'gz', span_id: 'gz-1' })], { gzip: true });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.accepted, 1);
    const corrupt = await raw(Buffer.from('definitely not gzip'), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    assert.equal(corrupt.status, 400);
    const bomb = gzipSync(Buffer.concat([Buffer.from('['), Buffer.alloc(200 * 1024 * 1024, 0x20), Buffer.from(']')]));
    assert.ok(bomb.length < 1024 * 1024, 'the bomb is small on the wire');
    const r = await raw(bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    assert.equal(r.status, 413);
    assert.equal(r.body.error.code, 'payload_too_large');
    const enc = await raw('[]', { 'content-type': 'application/json', 'content-encoding': 'br' });
    assert.equal(enc.status, 415);
  });
  it('bodies over 5 MB → 413, also to a client still writing (the refused body is read and discarded, up to a bound)', async () => {
    const json = JSON.stringify([ev({ metadata: { pad: 'x'.repeat(6 * 1024 * 1024) } })]);
    for (const [what, body, chunked] of [['6 MB with content-length', Buffer.from(json), false], ['20 MB chunked', Buffer.alloc(20 * 1024 * 1024, 0x20), true]] as const) {
      // node:http rather than fetch: the collector decides on the 413 while the client is still writing. The exchange
      // settles on an answer, on a socket error or after 15 s, whichever first; only an answer passes.
      const outcome = await new Promise<{ status: number; text: string } | { error: string }>((resolve) => {
        const timer = setTimeout(() => resolve({ error: 'no answer in 15 s' }), 15_000);
        const headers: Record<string, string | number> = { 'content-type': 'application/json' };
        if (!chunked) headers['content-length'] = body.length;
        const req = httpRequest(c.url + '/events', { method: 'POST', headers }, (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => {
            clearTimeout(timer);
            resolve({ status: res.statusCode ?? 0, text });
          });
        });
        req.on('error', (err: NodeJS.ErrnoException) => {
          clearTimeout(timer);
          resolve({ error: err.code ?? err.message });
        });
        req.end(body);
      });
      assert.ok('status' in outcome, `${what}: the client got ${JSON.stringify(outcome)} instead of the 413 (a reset while writing)`);
      assert.equal(outcome.status, 413, what);
      assert.equal(JSON.parse(outcome.text).error.code, 'payload_too_large', what);
    }
  });
  it('bad query parameters → 400, unknown routes → 404, all as {"error": {code, message}}', async () => {
    for (const path of ['/insights?from=yesterday', '/insights?from=2026-02-02&to=2026-02-01', '/runs?limit=0', '/runs?limit=abc', '/insights?bucket=week']) {
      const r = await get(path);
      assert.equal(r.status, 400, path);
      assert.equal(typeof r.body.error.message, 'string', path);
    }
    const nf = await get('/nope');
    assert.equal(nf.status, 404);
    assert.equal(nf.body.error.code, 'not_found');
  });
  it('NUL characters in strings are stored (PostgreSQL text cannot hold them: stored as U+FFFD there), never a 500', async () => {
    const r = await post(c.url, [ev({ tenant_id: 'nul', span_id: 'nul-1', run_id: 'nul-run', model: 'gpt\u0000x', customer_id: 'a\u0000b', error: 'e\u0000' })]);
    assert.equal(r.status, 200);
    assert.equal(r.body.accepted, 1);
    const run = await get('/runs/nul-run?tenant_id=nul');
    assert.equal(run.status, 200);
    assert.match(run.body.events[0].model, /^gpt.x$/);
    assert.equal((await get(`/insights?tenant_id=nul&customer_id=${encodeURIComponent('a\u0000b')}`)).body.totals.calls, 1);
    assert.equal((await get(`/runs/${encodeURIComponent('x\u0000')}?tenant_id=nul`)).status, 404);
  });
  it('is still healthy and ready afterwards', async () => {
    assert.deepEqual((await get('/health')).body.status, 'ok');
    assert.deepEqual((await get('/ready')).body, { status: 'ready', storage: STORAGE });
    assert.equal(c.proc.exitCode, null);
    assert.doesNotMatch(c.stderr(), /internal error|"level":50/);
  });
  it('/ redirects to the dashboard and the API is described at /openapi.json', async () => {
    const r = await fetch(c.url + '/', { redirect: 'manual' });
    assert.equal(r.status, 302);
    assert.equal(r.headers.get('location'), '/dashboard/');
    const doc = (await get('/openapi.json')).body;
    assert.ok(doc.paths['/events'] && doc.paths['/insights'] && doc.paths['/runs/{run_id}']);
    assert.ok(doc.components.schemas.Event.properties.span_id);
  });
});

describe('dashboard serving', () => {
  it('serves the built SPA at /dashboard/ with client-side routes, immutable assets and 404 for missing files', async () => {
    const dir = tempDir('llmo-dash-');
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>LLMObserve dashboard</title><script type="module" src="/dashboard/assets/app-1a2b.js"></script>');
    writeFileSync(join(dir, 'assets', 'app-1a2b.js'), 'console.log(1)');
    const d = await startCollector({ env: { LLMOBSERVE_DASHBOARD_DIR: dir } });
    try {
      for (const path of ['/dashboard/', '/dashboard/customers', '/dashboard/runs/abc?from=2026-01-01']) {
        const r = await request(d.url, path);
        assert.equal(r.status, 200, path);
        assert.match(String(r.body), /LLMObserve dashboard/, path);
        assert.equal(r.headers.get('cache-control'), 'no-cache', path);
      }
      const asset = await request(d.url, '/dashboard/assets/app-1a2b.js');
      assert.equal(asset.status, 200);
      assert.match(asset.headers.get('content-type') ?? '', /javascript/);
      assert.match(asset.headers.get('cache-control') ?? '', /immutable/);
      assert.equal((await request(d.url, '/dashboard/assets/nope.js')).status, 404);
      assert.equal((await request(d.url, '/dashboard/../package.json')).status, 404);
      assert.equal((await fetch(d.url + '/dashboard', { redirect: 'manual' })).headers.get('location'), '/dashboard/');
    } finally {
      await d.stop();
    }
  });
  it('explains how to build the dashboard when it is missing', async () => {
    const d = await startCollector({ env: { LLMOBSERVE_DASHBOARD_DIR: tempDir('llmo-empty-') } });
    try {
      const r = await request(d.url, '/dashboard/');
      assert.equal(r.status, 200);
      assert.match(String(r.body), /npm run build/);
    } finally {
      await d.stop();
    }
  });
});

describe('tenant custom prices', () => {
  const T = 'pricing';
  const put = (body: Record<string, unknown>) => request(c.url, `/prices?tenant_id=${T}`, { method: 'PUT', json: body });

  it('price models the defaults do not know, and override known ones from effective_from on', async () => {
    const local = await put({ provider: 'ollama', model: 'llama-local', input_per_mtok: 1, output_per_mtok: 2 });
    assert.equal(local.status, 200);
    const localId = local.body.price.id;
    const negotiated = await put({ provider: 'openai', model: 'gpt-4o-mini', input_per_mtok: 0.1, output_per_mtok: 0.4, effective_from: '2026-02-01T00:00:00Z' });
    assert.equal(negotiated.status, 200);
    const r = await post(c.url, [
      ev({ tenant_id: T, span_id: 'cp-local', provider: 'ollama', model: 'llama-local', input_tokens: 500_000, output_tokens: 100_000 }),
      ev({ tenant_id: T, span_id: 'cp-before', started_at: '2026-01-31T23:59:59Z', input_tokens: 1000, cache_read_tokens: 200, output_tokens: 100 }),
      ev({ tenant_id: T, span_id: 'cp-after', started_at: '2026-02-01T00:00:00Z', input_tokens: 1000, cache_read_tokens: 200, output_tokens: 100 }),
      ev({ tenant_id: 'pricing_other', span_id: 'cp-other', started_at: '2026-02-02T00:00:00Z' }),
    ]);
    assert.equal(r.body.accepted, 4);
    const stored = async (tenant: string, span: string) => (await request(c.url, `/runs/${span}?tenant_id=${tenant}`)).body.events[0];
    const l = await stored(T, 'cp-local');
    assert.ok(close(l.cost_usd, (500_000 * 1 + 100_000 * 2) / 1e6));
    assert.equal(l.cost_status, 'priced');
    assert.equal(l.cost_source, `custom:${localId}`);
    assert.ok(close((await stored(T, 'cp-before')).cost_usd, gpt4oMiniCost(1000, 100, 200)), 'before effective_from: the default price');
    const after = await stored(T, 'cp-after');
    assert.ok(close(after.cost_usd, (1000 * 0.1 + 100 * 0.4) / 1e6), 'cache reads at the custom input rate when no cache rate is set');
    assert.match(after.cost_source, /^custom:price_/);
    assert.ok(close((await stored('pricing_other', 'cp-other')).cost_usd, gpt4oMiniCost(1000, 100)), "another tenant's events keep the defaults");
    assert.deepEqual((await request(c.url, '/prices?tenant_id=pricing_other')).body.prices, []);
  });

  it('prices non-token units, lists, replaces and deletes prices, and refuses empty ones', async () => {
    await put({ provider: 'pinecone', model: 'serverless', unit_prices: { read_units: 0.000016, write_units: 0.000004 } });
    await post(c.url, [ev({ tenant_id: T, span_id: 'cp-vec', span_type: 'vector', provider: 'pinecone', endpoint: 'query', model: 'serverless', input_tokens: 0, output_tokens: 0, units: { read_units: 10, write_units: 5 } })]);
    const vec = (await request(c.url, `/runs/cp-vec?tenant_id=${T}`)).body.events[0];
    assert.ok(close(vec.cost_usd, 10 * 0.000016 + 5 * 0.000004));
    const list = (await request(c.url, `/prices?tenant_id=${T}`)).body.prices;
    assert.deepEqual(list.map((p: any) => `${p.provider}/${p.model}`), ['ollama/llama-local', 'openai/gpt-4o-mini', 'pinecone/serverless']);
    const again = await put({ provider: 'ollama', model: 'llama-local', input_per_mtok: 3 });
    assert.equal(again.body.price.id, list[0].id, 'same provider, model and effective_from: replaced in place');
    assert.equal((await request(c.url, `/prices?tenant_id=${T}`)).body.prices.length, 3);
    const bad = await put({ provider: 'x', model: 'y' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /needs input_per_mtok/);
    assert.equal((await request(c.url, `/prices/${list[0].id}?tenant_id=${T}`, { method: 'DELETE' })).status, 200);
    assert.equal((await request(c.url, `/prices/${list[0].id}?tenant_id=${T}`, { method: 'DELETE' })).status, 404);
    await post(c.url, [ev({ tenant_id: T, span_id: 'cp-gone', provider: 'ollama', model: 'llama-local' })]);
    assert.equal((await request(c.url, `/runs/cp-gone?tenant_id=${T}`)).body.events[0].cost_status, 'unpriced', 'deleted prices stop applying');
  });
});
