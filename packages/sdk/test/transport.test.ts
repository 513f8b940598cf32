/**
 * Transport against a fake collector over real HTTP: batching, gzip, retries with backoff and Retry-After, 4xx not
 * retried, 413 split, garbage answers, bounded queue with drop reporting, exit flush, no interception of its own
 * requests.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import type { TraceEvent } from '@llmobserve/shared';
import { backoffDelay, parseRetryAfter } from '../src/transport/backoff.js';
import { BoundedQueue } from '../src/transport/queue.js';
import { HttpSender } from '../src/transport/sender.js';
import { MAX_ATTEMPTS, Transport } from '../src/transport/transport.js';
import { ok, startFakeCollector } from './helpers/fake-collector.js';
import { captureWarnings, settings } from './helpers/transport.js';

const here = dirname(fileURLToPath(import.meta.url));

function ev(i: number, extra: Partial<TraceEvent> = {}): TraceEvent {
  return { span_id: `span-${i}`, span_type: 'llm', tenant_id: 'default_tenant', input_tokens: i, ...extra };
}

describe('queue and backoff (units)', () => {
  it('bounded queue drops the oldest', () => {
    const q = new BoundedQueue<number>(3);
    assert.equal(q.push(1), undefined);
    q.push(2);
    q.push(3);
    assert.equal(q.push(4), 1);
    assert.deepEqual(q.take(10), [2, 3, 4]);
    for (let i = 0; i < 5000; i++) q.push(i);
    assert.equal(q.length, 3);
    assert.deepEqual(q.take(2), [4997, 4998]);
    assert.equal(q.resize(0 + 1), 0);
    assert.deepEqual(q.take(5), [4999]);
  });

  it('exponential backoff with jitter, capped', () => {
    assert.equal(backoffDelay(1, () => 0), 125);
    assert.equal(backoffDelay(1, () => 1), 250);
    assert.equal(backoffDelay(3, () => 1), 1000);
    assert.equal(backoffDelay(30, () => 1), 30_000);
    assert.equal(backoffDelay(30, () => 0), 15_000);
  });

  it('Retry-After: seconds or HTTP date, capped', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('2', now), 2000);
    assert.equal(parseRetryAfter('0.5', now), 500);
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:03 GMT', now), 3000);
    assert.equal(parseRetryAfter('99999', now), 300_000);
    assert.equal(parseRetryAfter('soon', now), null);
    assert.equal(parseRetryAfter(undefined, now), null);
  });
});

describe('transport over HTTP', () => {
  it('sends a batch as soon as it is full, the rest on flush; in order', async () => {
    const fc = await startFakeCollector();
    const t = new Transport(settings({ maxBatchSize: 10 }), new HttpSender(fc.url));
    for (let i = 0; i < 25; i++) t.enqueue(ev(i));
    assert.equal(await t.flush(5000), true);
    assert.deepEqual(
      fc.batches.map((b) => b.events.length),
      [10, 10, 5],
    );
    assert.deepEqual(
      fc.events.map((e) => e.span_id),
      Array.from({ length: 25 }, (_, i) => `span-${i}`),
    );
    const s = t.stats();
    assert.equal(s.accepted, 25);
    assert.equal(s.pending, 0);
    t.stop();
    await fc.close();
  });

  it('flush waits for what was queued before it, not for events arriving meanwhile', async () => {
    const fc = await startFakeCollector();
    const t = new Transport(settings({ maxBatchSize: 3 }), new HttpSender(fc.url));
    for (let i = 0; i < 5; i++) t.enqueue(ev(i));
    let n = 100;
    const feeder = setInterval(() => t.enqueue(ev(n++)), 1);
    const ok = await t.flush(10_000);
    clearInterval(feeder);
    assert.equal(ok, true);
    const ids = new Set(fc.events.map((e) => e.span_id));
    for (let i = 0; i < 5; i++) assert.ok(ids.has(`span-${i}`));
    t.stop();
    await fc.close();
  });

  it('sends on the interval without flush', async () => {
    const fc = await startFakeCollector();
    const t = new Transport(settings({ flushIntervalMs: 20 }), new HttpSender(fc.url));
    t.enqueue(ev(1));
    for (let i = 0; i < 500 && fc.events.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(fc.events.length, 1);
    t.stop();
    await fc.close();
  });

  it('gzips large batches; sends the API key per tenant', async () => {
    const fc = await startFakeCollector();
    const t = new Transport(
      settings({ apiKey: 'llmo_sk_default', tenantApiKeys: new Map([['acme', 'llmo_sk_acme']]) }),
      new HttpSender(fc.url),
    );
    const big = 'x'.repeat(500);
    for (let i = 0; i < 60; i++) t.enqueue(ev(i, { metadata: { note: big }, tenant_id: i % 2 ? 'acme' : 'default_tenant' }));
    t.enqueue(ev(999));
    assert.equal(await t.flush(5000), true);
    const auth = fc.batches.map((b) => [b.headers.authorization, b.events.length, b.gzipped]);
    assert.deepEqual(auth, [
      ['Bearer llmo_sk_default', 31, true],
      ['Bearer llmo_sk_acme', 30, true],
    ]);
    assert.ok(fc.batches.every((b) => b.events.every((e) => (e.tenant_id === 'acme') === (b.headers.authorization === 'Bearer llmo_sk_acme'))));
    assert.equal(fc.events.length, 61);
    t.stop();
    await fc.close();
  });

  it('retries network errors and 5xx with backoff, then delivers once', async () => {
    const fc = await startFakeCollector((b, n) => (n === 0 ? 'destroy' : n === 1 ? { status: 503, body: '<html>busy</html>' } : ok(b)));
    const t = new Transport(settings(), new HttpSender(fc.url));
    t.enqueue(ev(1));
    t.enqueue(ev(2));
    assert.equal(await t.flush(10_000), true);
    assert.equal(fc.requests, 3);
    assert.deepEqual(
      fc.events.map((e) => e.span_id),
      ['span-1', 'span-2'],
    );
    assert.equal(t.stats().retries, 2);
    t.stop();
    await fc.close();
  });

  it('429 honours Retry-After (no retry before it), then delivers', async () => {
    const fc = await startFakeCollector((b, n) => (n === 0 ? { status: 429, headers: { 'retry-after': '1' }, body: '{}' } : ok(b)));
    const t = new Transport(settings(), new HttpSender(fc.url));
    t.enqueue(ev(1));
    // a flush shorter than Retry-After cannot have retried (the machine being slow only delays more)
    assert.equal(await t.flush(300), false);
    assert.equal(fc.requests, 1);
    assert.equal(await t.flush(10_000), true);
    assert.equal(fc.requests, 2);
    assert.equal(fc.events.length, 1);
    t.stop();
    await fc.close();
  });

  it('4xx: logged once, not retried; per-event rejections logged once per message', async () => {
    const w = captureWarnings();
    const fc = await startFakeCollector((b, n) =>
      n < 2
        ? { status: 400, body: JSON.stringify({ error: { code: 'invalid', message: 'bad envelope' } }) }
        : {
            status: 207,
            body: JSON.stringify({ accepted: b.events.length - 1, duplicates: 0, rejected: [{ index: 0, span_id: b.events[0]!.span_id, message: 'input_tokens: too large' }] }),
          },
    );
    const t = new Transport(settings(), new HttpSender(fc.url));
    // flush() is false whenever an event was refused: not delivered
    t.enqueue(ev(1));
    assert.equal(await t.flush(5000), false);
    assert.match(t.stats().lastError ?? '', /HTTP 400: bad envelope/);
    t.enqueue(ev(2));
    assert.equal(await t.flush(5000), false);
    t.enqueue(ev(3));
    t.enqueue(ev(4));
    assert.equal(await t.flush(5000), false);
    assert.match(t.stats().lastError ?? '', /input_tokens: too large/);
    t.enqueue(ev(5));
    t.enqueue(ev(6));
    assert.equal(await t.flush(5000), false);
    assert.equal(fc.requests, 4, 'no retries of 4xx');
    assert.equal(w.warnings.filter((m) => m.includes('HTTP 400')).length, 1);
    assert.match(w.warnings.find((m) => m.includes('HTTP 400'))!, /bad envelope/);
    assert.equal(w.warnings.filter((m) => m.includes('input_tokens: too large')).length, 1);
    const s = t.stats();
    assert.equal(s.rejected, 2 + 2);
    assert.equal(s.accepted, 2);
    w.restore();
    t.stop();
    await fc.close();
  });

  it('413: the batch is split until it fits', async () => {
    const fc = await startFakeCollector((b) => (b.events.length > 2 ? { status: 413, body: '{}' } : ok(b)));
    const t = new Transport(settings(), new HttpSender(fc.url));
    for (let i = 0; i < 7; i++) t.enqueue(ev(i));
    assert.equal(await t.flush(5000), true);
    assert.deepEqual(
      fc.events.map((e) => e.span_id),
      Array.from({ length: 7 }, (_, i) => `span-${i}`),
    );
    t.stop();
    await fc.close();
  });

  it('a 200 with a garbage body counts as acknowledged', async () => {
    const fc = await startFakeCollector(() => ({ status: 200, body: 'not json at all' }));
    const t = new Transport(settings(), new HttpSender(fc.url));
    t.enqueue(ev(1));
    assert.equal(await t.flush(5000), true);
    assert.equal(t.stats().accepted, 1);
    t.stop();
    await fc.close();
  });

  it('gives up on a batch after MAX_ATTEMPTS and counts it as dropped', async () => {
    const w = captureWarnings();
    const fc = await startFakeCollector(() => ({ status: 500, headers: { 'retry-after': '0' }, body: '' }));
    const t = new Transport(settings(), new HttpSender(fc.url));
    t.enqueue(ev(1));
    assert.equal(await t.flush(10_000), false, 'settled, but not delivered');
    assert.equal(fc.requests, MAX_ATTEMPTS);
    assert.equal(t.stats().dropped, 1);
    assert.ok(w.warnings.some((m) => m.includes(`after ${MAX_ATTEMPTS} attempts`)));
    w.restore();
    t.stop();
    await fc.close();
  });

  it('bounded queue while the collector is down: oldest dropped, logged, reported in the next request', async () => {
    const w = captureWarnings();
    const fc = await startFakeCollector();
    await fc.close(); // nothing listens on that port now
    const t = new Transport(settings({ maxQueueSize: 5, maxBatchSize: 100 }), new HttpSender(fc.url));
    for (let i = 0; i < 12; i++) t.enqueue(ev(i));
    assert.equal(await t.flush(200), false);
    assert.equal(t.stats().dropped, 7);
    assert.match(t.stats().lastError ?? '', /ECONNREFUSED/);
    assert.equal(w.warnings.filter((m) => m.includes('queue is full')).length, 1);
    // a collector is reachable again (a new one, given by a reconfiguration)
    const back = await startFakeCollector();
    t.reconfigure(settings({ maxQueueSize: 5 }), new HttpSender(back.url));
    assert.equal(await t.flush(10_000), true);
    assert.deepEqual(
      back.events.map((e) => e.span_id),
      ['span-7', 'span-8', 'span-9', 'span-10', 'span-11'],
    );
    assert.equal(back.batches[0]!.headers['x-llmobserve-dropped'], '7');
    w.restore();
    t.stop();
    await back.close();
  });

  it('a process that exits without flush() still delivers (beforeExit), and its timers do not keep it alive', async () => {
    const fc = await startFakeCollector();
    const dir = mkdtempSync(join(tmpdir(), 'llmo-sdk-'));
    const script = join(dir, 'exit.ts');
    const src = resolve(here, '../src/index.ts');
    writeFileSync(
      script,
      `import { observe, section } from ${JSON.stringify(src)};\n` +
        `observe({ collectorUrl: ${JSON.stringify(fc.url)}, flushIntervalMs: 600000 });\n` +
        `section('exiting', () => 1);\n`,
    );
    const code = await new Promise<number | null>((res, rej) => {
      const p = spawn(process.execPath, ['--import', 'tsx', script], { stdio: 'inherit' });
      const timer = setTimeout(() => {
        p.kill('SIGKILL');
        rej(new Error('the child did not exit by itself'));
      }, 30_000);
      p.on('exit', (c) => {
        clearTimeout(timer);
        res(c);
      });
    });
    assert.equal(code, 0);
    assert.equal(fc.events.length, 1);
    assert.equal(fc.events[0]!.section, 'exiting');
    await fc.close();
  });
});
