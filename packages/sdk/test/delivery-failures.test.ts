/**
 * Failures are said at once and truthfully: the first failed delivery is logged immediately (reason, what happens
 * next) and repeats are rate-limited; a collectorUrl ending in /events is corrected; flush() is true only when every
 * event was accepted (or a duplicate); a process ends within the exit bound even when the collector accepts
 * connections but never answers, and what it could not deliver is spooled or reported; process.exit() with pending
 * events writes them to the spool or says how many were lost; a short script replays an old spool, once; 503 with
 * Retry-After is retried; a tenant missing from tenantApiKeys is named.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import type { TraceEvent } from '@llmobserve/shared';
import { flush, observe, shutdown, stats, track, withTenant } from '../src/index.js';
import { EXIT_FLUSH_TIMEOUT_MS } from '../src/runtime.js';
import { HttpSender } from '../src/transport/sender.js';
import { FAILURE_LOG_INTERVAL_MS, Transport } from '../src/transport/transport.js';
import { ok, startFakeCollector } from './helpers/fake-collector.js';
import { captureWarnings, settings } from './helpers/transport.js';

const here = dirname(fileURLToPath(import.meta.url));
const SDK_SRC = resolve(here, '../src/index.ts');

function ev(i: number, tenant = 'default_tenant'): TraceEvent {
  return {
    span_id: `span-${i}`,
    run_id: `run-${i}`,
    span_type: 'api',
    tenant_id: tenant,
    provider: 'test',
    endpoint: 'x',
    started_at: new Date().toISOString(),
    latency_ms: 1,
    status: 'ok',
  } as TraceEvent;
}

/** A port where nothing listens. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Runs a script with the SDK (tsx) in a child process; resolves its exit code, stderr and wall time. */
function runScript(body: string, guardMs = 30_000): Promise<{ code: number | null; stderr: string; ms: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'llmo-fail-'));
  const script = join(dir, 'app.mts');
  writeFileSync(script, `import { observe, track, flush, stats } from ${JSON.stringify(SDK_SRC)};\n${body}\n`);
  return new Promise((res, rej) => {
    const t0 = Date.now();
    const p = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const guard = setTimeout(() => {
      p.kill('SIGKILL');
      rej(new Error(`the script did not exit within ${guardMs} ms; stderr: ${stderr}`));
    }, guardMs);
    p.on('exit', (code) => {
      clearTimeout(guard);
      res({ code, stderr, ms: Date.now() - t0 });
    });
  });
}

/** The time the process itself needs to start and load the SDK, measured on a script that sends nothing. */
let startupMs: number | null = null;
async function startup(): Promise<number> {
  startupMs ??= (await runScript(`observe({ collectorUrl: 'http://127.0.0.1:1' });`)).ms;
  return startupMs;
}

describe('failures are logged at once, repeats rate-limited', () => {
  it('a collector that refuses connections: the first failure is said immediately with what happens next, then quiet, then "works again"', async () => {
    const w = captureWarnings();
    const port = await closedPort();
    const t = new Transport(settings(), new HttpSender(`http://127.0.0.1:${port}`));
    t.enqueue(ev(1));
    assert.equal(await t.flush(1500), false);
    const failures = w.warnings.filter((m) => m.includes('delivery to the collector failed'));
    assert.equal(failures.length, 1, w.warnings.join('\n'));
    assert.match(failures[0]!, /ECONNREFUSED/);
    assert.match(failures[0]!, new RegExp(`POST http://127\\.0\\.0\\.1:${port}/events`));
    assert.match(failures[0]!, /retrying 1 event\(s\) in [\d.]+ s \(attempt 2 of 8, then dropped\)/);
    assert.ok(t.stats().consecutiveFailures >= 2, 'flush retried meanwhile');
    assert.ok(FAILURE_LOG_INTERVAL_MS >= 10_000);
    t.stop();
    // the same port, now answering: the next success is said
    const back = await startFakeCollector();
    const t2 = new Transport(settings(), new HttpSender(back.url));
    t2.enqueue(ev(2));
    assert.equal(await t2.flush(5000), true);
    t2.stop();
    await back.close();
    w.restore();
  });

  it('a 5xx: first failure logged at once; after recovery, a "works again" line; flush true', async () => {
    const w = captureWarnings();
    const fc = await startFakeCollector((b, n) => (n < 2 ? { status: 500, headers: { 'retry-after': '0' }, body: '{"error":{"code":"internal","message":"boom"}}' } : ok(b)));
    const t = new Transport(settings(), new HttpSender(fc.url));
    t.enqueue(ev(1));
    assert.equal(await t.flush(5000), true);
    assert.equal(w.warnings.filter((m) => m.includes('delivery to the collector failed')).length, 1);
    assert.match(w.warnings.find((m) => m.includes('failed'))!, /HTTP 500: boom/);
    assert.ok(w.warnings.some((m) => m.includes('works again, after 2 failed attempt(s)')));
    t.stop();
    await fc.close();
    w.restore();
  });

  it('HTTP 503 and 429 with Retry-After are retried no earlier than told (storage faults, rate limits)', async () => {
    for (const status of [503, 429]) {
      const fc = await startFakeCollector((b, n) => (n === 0 ? { status, headers: { 'retry-after': '1' }, body: '' } : ok(b)));
      const t = new Transport(settings(), new HttpSender(fc.url));
      t.enqueue(ev(1));
      // a flush shorter than Retry-After cannot have retried
      assert.equal(await t.flush(300), false, `${status}: not before Retry-After`);
      assert.equal(fc.requests, 1);
      assert.equal(await t.flush(10_000), true, `${status}: retried`);
      assert.equal(fc.events.length, 1);
      t.stop();
      await fc.close();
    }
  });
});

describe('flush() tells the truth', () => {
  it('a collectorUrl ending in /events is corrected at observe(), with a warning; events arrive', async () => {
    const fc = await startFakeCollector();
    const warnings: string[] = [];
    observe({ collectorUrl: `${fc.url}/events/`, logger: { warn: (m) => warnings.push(m) } });
    assert.ok(warnings.some((m) => m.includes('ends in /events') && m.includes(`${fc.url} is used`)), warnings.join('\n'));
    track({ provider: 'acme', endpoint: 'x', costUsd: 0.01 });
    assert.equal(await flush({ timeoutMs: 5000 }), true);
    assert.equal(fc.events.length, 1);
    await shutdown();
    await fc.close();
  });

  it('404 (wrong path), 400 and per-event rejections: flush() resolves false and stats() says why', async () => {
    const cases: Array<[string, (n: number, b: { events: TraceEvent[] }) => { status: number; body: string }, RegExp]> = [
      ['404', () => ({ status: 404, body: '{"error":{"code":"not_found","message":"no route POST /x/events"}}' }), /HTTP 404: no route/],
      ['400', () => ({ status: 400, body: '{"error":{"code":"invalid","message":"bad envelope"}}' }), /HTTP 400: bad envelope/],
      [
        'per-event',
        (_n, b) => ({ status: 207, body: JSON.stringify({ accepted: 0, duplicates: 0, rejected: [{ index: 0, span_id: b.events[0]!.span_id, message: 'latency_ms: negative' }] }) }),
        /rejected 1 event\(s\): latency_ms: negative/,
      ],
    ];
    for (const [name, reply, why] of cases) {
      const w = captureWarnings();
      const fc = await startFakeCollector((b, n) => reply(n, b));
      const t = new Transport(settings(), new HttpSender(fc.url));
      t.enqueue(ev(1));
      assert.equal(await t.flush(5000), false, name);
      assert.match(t.stats().lastError ?? '', why, name);
      assert.equal(t.stats().rejected, 1, name);
      assert.ok(w.warnings.length >= 1, `${name}: logged`);
      t.stop();
      await fc.close();
      w.restore();
    }
  });

  it('duplicates count as delivered: flush() true', async () => {
    const fc = await startFakeCollector((b) => ({ status: 200, body: JSON.stringify({ accepted: 0, duplicates: b.events.length, rejected: [] }) }));
    const t = new Transport(settings(), new HttpSender(fc.url));
    t.enqueue(ev(1));
    assert.equal(await t.flush(5000), true);
    t.stop();
    await fc.close();
  });

  it('a tenant missing from tenantApiKeys: the 401 warning and stats() name it', async () => {
    const fc = await startFakeCollector((b) =>
      b.headers.authorization === 'Bearer key-a' && b.events.every((e) => e.tenant_id === 'tenant_a')
        ? ok(b)
        : { status: 401, body: '{"error":{"code":"unauthorized","message":"invalid API key"}}' },
    );
    const warnings: string[] = [];
    observe({ collectorUrl: fc.url, apiKey: 'key-default', tenantApiKeys: { tenant_a: 'key-a' }, logger: { warn: (m) => warnings.push(m) } });
    withTenant('tenant_a', () => track({ provider: 'acme', endpoint: 'x', costUsd: 0.01 }));
    withTenant('tenant_b', () => track({ provider: 'acme', endpoint: 'x', costUsd: 0.01 }));
    assert.equal(await flush({ timeoutMs: 5000 }), false);
    const line = warnings.find((m) => m.includes('HTTP 401'));
    assert.ok(line, warnings.join('\n'));
    assert.match(line!, /tenant "tenant_b" is not in tenantApiKeys/);
    assert.match(stats().lastError ?? '', /tenant_b/);
    assert.equal(stats().accepted, 1);
    await shutdown();
    await fc.close();
  });
});

describe('exit', () => {
  it(`a collector that accepts connections but never answers: the process ends within the exit bound (${EXIT_FLUSH_TIMEOUT_MS} ms) and reports the loss in one line`, async () => {
    const fc = await startFakeCollector(() => 'hang');
    const base = await startup();
    for (const n of [1, 200]) {
      const r = await runScript(
        `observe({ collectorUrl: ${JSON.stringify(fc.url)}, flushIntervalMs: 600000 });\n` +
          `for (let i = 0; i < ${n}; i++) track({ provider: 'acme', endpoint: 'x', costUsd: 0.01 });`,
      );
      console.log(`hanging collector, ${n} event(s): exit after ${r.ms} ms (a script that sends nothing: ${base} ms)`);
      assert.equal(r.code, 0);
      const lines = r.stderr.split('\n').filter((l) => l.includes('[llmobserve]') && l.includes('lost'));
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0]!, new RegExp(`exiting: ${n} event\\(s\\) not delivered to the collector are lost`));
    }
    await fc.close();
  });

  it('with spoolDir: the hanging collector makes the exit spool the events; a short script then replays them at observe() and flush(), once', async () => {
    const hang = await startFakeCollector(() => 'hang');
    const spoolDir = mkdtempSync(join(tmpdir(), 'llmo-spool-'));
    const r = await runScript(
      `observe({ collectorUrl: ${JSON.stringify(hang.url)}, spoolDir: ${JSON.stringify(spoolDir)}, flushIntervalMs: 600000 });\n` +
        `for (let i = 0; i < 50; i++) track({ provider: 'acme', endpoint: 'x', costUsd: 0.01 });`,
    );
    assert.equal(r.code, 0);
    assert.match(r.stderr, /exiting: 50 undelivered event\(s\) written to the spool/);
    await hang.close();
    assert.ok(readdirSync(spoolDir).some((n) => n.endsWith('.jsonl')));
    const fc = await startFakeCollector();
    // a short script that makes no call of its own: observe() and flush() replay the spool
    const r2 = await runScript(
      `observe({ collectorUrl: ${JSON.stringify(fc.url)}, spoolDir: ${JSON.stringify(spoolDir)}, flushIntervalMs: 600000 });\n` +
        `if (!(await flush({ timeoutMs: 5000 }))) { console.error('flush false', JSON.stringify(stats())); process.exit(3); }`,
    );
    assert.equal(r2.code, 0, r2.stderr);
    assert.equal(fc.events.length, 50);
    assert.equal(new Set(fc.events.map((e) => e.span_id)).size, 50);
    // once: a second run finds nothing left to replay
    const r3 = await runScript(
      `observe({ collectorUrl: ${JSON.stringify(fc.url)}, spoolDir: ${JSON.stringify(spoolDir)} });\n` + `await flush({ timeoutMs: 5000 });`,
    );
    assert.equal(r3.code, 0);
    assert.equal(fc.events.length, 50);
    assert.deepEqual(readdirSync(spoolDir).filter((n) => n.includes('seg-')), []);
    await fc.close();
  });

  it('process.exit() with pending events: one stderr line says how many were lost; with spoolDir they are written synchronously', async () => {
    const fc = await startFakeCollector(() => 'hang');
    const r = await runScript(
      `observe({ collectorUrl: ${JSON.stringify(fc.url)}, flushIntervalMs: 600000 });\n` +
        `for (let i = 0; i < 7; i++) track({ provider: 'acme', endpoint: 'x', costUsd: 0.01 });\nprocess.exit(0);`,
    );
    assert.equal(r.code, 0);
    const lines = r.stderr.split('\n').filter((l) => l.includes('[llmobserve]'));
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, /process exit: 7 event\(s\) not delivered to the collector are lost/);

    const spoolDir = mkdtempSync(join(tmpdir(), 'llmo-spool-'));
    const r2 = await runScript(
      `observe({ collectorUrl: ${JSON.stringify(fc.url)}, spoolDir: ${JSON.stringify(spoolDir)}, flushIntervalMs: 600000 });\n` +
        `for (let i = 0; i < 7; i++) track({ provider: 'acme', endpoint: 'x', costUsd: 0.01 });\nprocess.exit(0);`,
    );
    assert.equal(r2.code, 0);
    assert.match(r2.stderr, /process exit: 7 undelivered event\(s\) written to the spool/);
    await fc.close();
    const back = await startFakeCollector();
    const r3 = await runScript(`observe({ collectorUrl: ${JSON.stringify(back.url)}, spoolDir: ${JSON.stringify(spoolDir)} });\nawait flush();`);
    assert.equal(r3.code, 0);
    assert.equal(back.events.length, 7);
    await back.close();
  });
});
