// @storage sqlite,postgres
/**
 * Collector hardening (issue 12): each defect of the adversarial run, against a real collector process (SQLite, or
 * PostgreSQL in the PostgreSQL pass), plus the storage boundary and the group commit's isolation on real storage.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { ev, only, post, request, startCollector, type RunningCollector } from './helpers/collector.js';

let c: RunningCollector;
before(async () => {
  c = await startCollector({ env: { LLMOBSERVE_REQUEST_TIMEOUT_MS: '1500', LLMOBSERVE_HEADERS_TIMEOUT_MS: '1000' } });
});
after(async () => {
  assert.equal(await c.stop(), 0);
});

const get = (path: string) => request(c.url, path);
const isErrorShape = (body: any) => typeof body?.error?.code === 'string' && typeof body?.error?.message === 'string';

/** Sends raw bytes on a new socket; resolves with what came back once the server closed it (or after `ms`). */
function rawExchange(bytes: string | Buffer, ms = 5000): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const u = new URL(c.url);
    const socket: Socket = connect(Number(u.port), u.hostname);
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, closed: false });
    }, ms);
    socket.on('data', (d) => (text += d.toString()));
    socket.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' || err.code === 'EPIPE' ? undefined : reject(err)));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closed: true });
    });
    socket.write(bytes);
  });
}

const bodyOf = (text: string) => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));

describe('D2: user keys never reach inherited properties; a bad value never fails other events', () => {
  it('units {"constructor": 2} under a custom unit price: the event is stored and priced by its real units', async () => {
    const T = 'proto_units';
    const price = await request(c.url, '/prices', { method: 'PUT', json: { tenant_id: T, provider: 'acme-ai', model: 'm1', unit_prices: { images: 0.5 } } });
    assert.equal(price.status, 200, JSON.stringify(price.body));
    const r = await post(c.url, [
      ev({ tenant_id: T, span_id: 'p1', provider: 'acme-ai', model: 'm1', input_tokens: 0, output_tokens: 0, units: { constructor: 2, images: 2 } }),
      ev({ tenant_id: T, span_id: 'p2', provider: 'acme-ai', model: 'm1', input_tokens: 0, output_tokens: 0, units: { toString: 1, __proto__: 3, images: 1 } }),
    ]);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.accepted, 2);
    const totals = (await get(`/insights?tenant_id=${T}`)).body.totals;
    assert.equal(totals.calls, 2);
    assert.equal(totals.cost_usd, 1.5, 'cost from images only: a finite number, not NaN/null');
  });
});

describe('D3/D10: JSON shape bounds before parsing', () => {
  it('metadata nested 5,000 deep → 413 payload_too_complex, not a stack overflow', async () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const body = `[{"span_id":"deep","metadata":{"x":${deep}}}]`;
    const r = await request(c.url, '/events', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    assert.equal(r.status, 413);
    assert.equal(r.body.error.code, 'payload_too_complex');
  });
  it('a 5 MB body of 1.7M empty arrays → 413 before JSON.parse; modest nesting still ingests', async () => {
    const body = '[' + Array.from({ length: 1_700_000 }, () => '[]').join(',') + ']';
    const r = await request(c.url, '/events', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    assert.equal(r.status, 413);
    assert.equal(r.body.error.code, 'payload_too_complex');
    const ok = await post(c.url, [ev({ tenant_id: 'nest', metadata: { a: { b: { c: [1, [2, [3]]] } }, s: '[[[[{{{{' } })]);
    assert.equal(ok.status, 200, 'brackets inside strings do not count');
  });
});

describe('D5/D6: every numeric query parameter is finite; cursors are checked', () => {
  it('limit/offset of ±Infinity, 1e400, 1e300 → 400 in the error shape', async () => {
    for (const path of ['/runs?limit=Infinity', '/runs?limit=-Infinity', '/customers?limit=1e400', '/insights?limit=Infinity', '/customers?offset=1e300', '/customers?offset=Infinity']) {
      const r = await get(path);
      assert.equal(r.status, 400, path);
      assert.ok(isErrorShape(r.body), path);
    }
  });
  it('a crafted /runs cursor [1e300, "r"] → 400', async () => {
    const cursor = Buffer.from(JSON.stringify([1e300, 'r'])).toString('base64url');
    const r = await get(`/runs?cursor=${cursor}`);
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, 'invalid_request');
  });
});

describe('D7: lone UTF-16 surrogates', () => {
  it('a span id with one is stored once and counted; two customers that differ only by one never 500', async () => {
    const T = 'surrogates';
    const r = await post(c.url, [
      ev({ tenant_id: T, span_id: 's\ud800', run_id: 'run-s', customer_id: 'c\ud800' }),
      ev({ tenant_id: T, span_id: 's2', run_id: 'run-s', customer_id: 'c\udbff' }),
      ev({ tenant_id: T, span_id: 's3', run_id: 'run-s', customer_id: 'ok\ud83d\ude00' }),
    ]);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.accepted, 3);
    assert.equal(r.body.duplicates, 0);
    const totals = (await get(`/insights?tenant_id=${T}`)).body.totals;
    assert.equal(totals.calls, 3, 'all three in the rollup');
    const runs = (await get(`/runs?tenant_id=${T}`)).body.runs;
    assert.equal(runs[0].calls, 3);
    const customers = (await get(`/customers?tenant_id=${T}`)).body.customers.map((x: any) => x.customer_id);
    assert.ok(customers.includes('ok\ud83d\ude00'), 'a well-formed pair is kept as is');
  });
});

describe('D11: errors from Fastify and the HTTP parser keep the API shape', () => {
  it('bad percent-encoding, too long path parameter, too large headers', async () => {
    const bad = await get('/runs/%ZZ');
    assert.equal(bad.status, 400);
    assert.ok(isErrorShape(bad.body), JSON.stringify(bad.body));
    const long = await get(`/runs/${'r'.repeat(2000)}`);
    assert.ok(long.status === 414 || long.status === 400, String(long.status));
    assert.ok(isErrorShape(long.body), JSON.stringify(long.body));
    const huge = await rawExchange(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    assert.match(huge.text, /^HTTP\/1.1 431/);
    assert.ok(isErrorShape(bodyOf(huge.text)), huge.text);
  });
});

describe('D9: slow clients are timed out', () => {
  it('a body that never finishes is cut off after LLMOBSERVE_REQUEST_TIMEOUT_MS (408 in the error shape)', async () => {
    const started = Date.now();
    const r = await rawExchange('POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n[{"span', 8000);
    assert.ok(r.closed, 'the server closed the socket');
    assert.ok(Date.now() - started < 7000);
    assert.match(r.text, /^HTTP\/1.1 408/);
    assert.ok(isErrorShape(bodyOf(r.text)));
  });
  it('headers that never finish are cut off too', async () => {
    const r = await rawExchange('GET /health HTTP/1.1\r\nHost: x\r\n', 8000);
    assert.ok(r.closed, 'the server closed the socket');
  });
});

describe('D13: credentials in a query string are never logged', () => {
  it('?api_key=llmo_sk_… does not appear in the log at info level', async () => {
    const d = await startCollector({ args: ['--log-level', 'info'] });
    try {
      const secret = 'llmo_sk_' + 'Q'.repeat(32);
      await request(d.url, `/insights?api_key=${secret}&token=abc.def.ghi`);
      await request(d.url, `/nope?key=${secret}`);
    } finally {
      await d.stop();
    }
    assert.ok(d.stderr().includes('/insights'), 'requests are logged at info');
    assert.ok(!d.stderr().includes('llmo_sk_QQQQ'), 'the key is redacted');
    assert.ok(!d.stderr().includes('abc.def.ghi'));
  });
});

describe('D10: heavy reads are bounded and off the event loop (SQLite reader thread)', { skip: only('sqlite') }, () => {
  it('a read over LLMOBSERVE_READ_TIMEOUT_MS answers 503 + Retry-After; /health and ingest are not held up', async () => {
    const d = await startCollector({ env: { LLMOBSERVE_READ_TIMEOUT_MS: '3' } });
    try {
      for (let b = 0; b < 3; b++) {
        const batch = Array.from({ length: 10_000 }, (_, i) => ev({ tenant_id: 'heavy', span_id: `h${b}-${i}`, customer_id: `cust-${b}-${i}` }));
        assert.equal((await post(d.url, batch, { gzip: true })).status, 200);
      }
      const [customers, health, ingest] = await Promise.all([
        request(d.url, '/customers?tenant_id=heavy&from=2026-01-01'),
        request(d.url, '/health'),
        post(d.url, [ev({ tenant_id: 'heavy', span_id: 'during' })]),
      ]);
      assert.equal(customers.status, 503, JSON.stringify(customers.body).slice(0, 200));
      assert.equal(customers.body.error.code, 'storage_unavailable');
      assert.ok(Number(customers.headers.get('retry-after')) > 0);
      assert.equal(health.status, 200);
      assert.equal(ingest.status, 200);
      assert.equal((await request(d.url, '/ready')).status, 200, 'the reader thread is replaced; the collector is ready');
    } finally {
      await d.stop();
    }
  });
});
