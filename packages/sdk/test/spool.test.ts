// @storage sqlite
/**
 * Durable delivery (`spoolDir`) with a real collector process and the app in a child process:
 *  1. the collector is stopped under steady traffic and restarted after an outage (LLMOBSERVE_SPOOL_OUTAGE_MS,
 *     default 60 s as the issue asks; shorter for quick local runs, e.g. LLMOBSERVE_SPOOL_OUTAGE_MS=8000) -> every event is stored exactly once;
 *  2. the app is SIGKILLed while the collector is down, then restarted -> every event that reached the spool is
 *     stored, exactly once.
 * Peak RSS of the app is reported (test diagnostics); its memory queue is bounded by maxQueueSize.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { collectorBuilt, startCollector, type RunningCollector } from '../../collector/test/helpers/collector.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SDK_ENTRY = path.resolve(here, '../src/index.ts');
const OUTAGE_MS = Number(process.env.LLMOBSERVE_SPOOL_OUTAGE_MS ?? 60_000);
const skip = collectorBuilt() ? false : 'collector not built (npm run build)';

/** The app: emits one span event every `INTERVAL_MS` in one run, reports progress as JSON lines on stdout. */
const APP = `
import fs from 'node:fs';
import { observe, withRun, section, stats, flush, shutdown } from ${JSON.stringify(SDK_ENTRY)};
const env = process.env;
observe({ collectorUrl: env.COLLECTOR_URL, spoolDir: env.SPOOL_DIR, maxQueueSize: Number(env.MAX_QUEUE), maxBatchSize: 50,
  flushIntervalMs: 50, logger: { warn: () => {} } });
let peak = 0;
const sample = () => { peak = Math.max(peak, process.memoryUsage().rss); };
const report = (kind) => { sample(); process.stdout.write(JSON.stringify({ kind, peakRss: peak, ...stats() }) + '\\n'); };
const timer = setInterval(() => report('progress'), 100);
const count = Number(env.COUNT);
const payload = 'x'.repeat(200);
for (let i = 0; i < count; i++) {
  withRun(env.RUN_ID, () => section('step-' + i + '-' + payload, () => {}));
  if (i % 10 === 9) await new Promise((r) => setTimeout(r, Number(env.INTERVAL_MS)));
}
report('emitted');
const spoolEmpty = () => !fs.readdirSync(env.SPOOL_DIR).some((n) => n.startsWith('seg-'));
for (;;) {
  const ok = await flush({ timeoutMs: 2000 });
  if (ok && stats().pending === 0 && spoolEmpty()) break;
  await new Promise((r) => setTimeout(r, 200));
}
report('drained');
clearInterval(timer);
await shutdown();
`;

interface Report {
  kind: string;
  peakRss: number;
  spooled: number;
  replayed: number;
  accepted: number;
  duplicates: number;
  dropped: number;
  pending: number;
}

function startApp(dir: string, env: Record<string, string>) {
  const script = path.join(dir, 'app.mts');
  fs.writeFileSync(script, APP);
  const proc = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, INTERVAL_MS: '10', MAX_QUEUE: '100', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: here,
  });
  const reports: Report[] = [];
  let buf = '';
  let err = '';
  proc.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    let i: number;
    while ((i = buf.indexOf('\n')) !== -1) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      try {
        reports.push(JSON.parse(line) as Report);
      } catch {
        /* not ours */
      }
    }
  });
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const until = async (pred: (r: Report) => boolean, what: string, ms = 60_000): Promise<Report> => {
    const end = Date.now() + ms;
    for (;;) {
      const r = reports.find(pred);
      if (r) return r;
      if (proc.exitCode !== null && !reports.find(pred)) throw new Error(`app exited (${proc.exitCode}) before ${what}:\n${err}`);
      if (Date.now() > end) throw new Error(`app: no ${what} within ${ms} ms; last report ${JSON.stringify(reports.at(-1))}:\n${err}`);
      await sleep(50);
    }
  };
  const peak = () => Math.max(0, ...reports.map((r) => r.peakRss));
  return { proc, reports, until, peak };
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function stop(proc: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((r) => {
    proc.once('exit', () => r());
    proc.kill(signal);
  });
}

/** span_id -> number of stored rows, for one run. */
function stored(db: string, runId: string): Map<string, number> {
  const d = new Database(db, { readonly: true });
  try {
    const rows = d.prepare('SELECT span_id, COUNT(*) AS n FROM trace_events WHERE run_id = ? GROUP BY span_id').all(runId) as Array<{
      span_id: string;
      n: number;
    }>;
    return new Map(rows.map((r) => [r.span_id, r.n]));
  } finally {
    d.close();
  }
}

function spooledSpanIds(dir: string): Set<string> {
  const ids = new Set<string>();
  for (const n of fs.readdirSync(dir)) {
    if (!n.startsWith('seg-')) continue;
    for (const line of fs.readFileSync(path.join(dir, n), 'utf8').split('\n')) {
      try {
        ids.add((JSON.parse(line) as { span_id: string }).span_id);
      } catch {
        /* partial line */
      }
    }
  }
  return ids;
}

test(`collector stopped for ${OUTAGE_MS} ms under steady traffic, then restarted: every event stored exactly once`, { skip, timeout: OUTAGE_MS + 150_000 }, async (t) => {
  const dir = fs.mkdtempSync(path.join(tmpdir(), 'llmo-spool-'));
  const db = path.join(dir, 'collector.sqlite');
  const spoolDir = path.join(dir, 'spool');
  const port = await freePort();
  let collector = await startCollector({ db, port });
  // ~1000 events/s: 10 every 10 ms; the run lasts the outage plus ~4 s
  const count = Math.round(((OUTAGE_MS + 4000) / 1000) * 800);
  const app = startApp(dir, { COLLECTOR_URL: `http://127.0.0.1:${port}`, SPOOL_DIR: spoolDir, COUNT: String(count), RUN_ID: 'outage-run' });
  try {
    await app.until((r) => r.accepted >= 300, '300 accepted');
    await collector.stop();
    await sleep(OUTAGE_MS);
    const during = app.reports.at(-1)!;
    assert.ok(during.spooled > 0, `events were spooled during the outage: ${JSON.stringify(during)}`);
    collector = await startCollector({ db, port });
    const drained = await app.until((r) => r.kind === 'drained', 'drained');
    if (app.proc.exitCode === null) await new Promise((r) => app.proc.once('exit', r));
    const rows = stored(db, 'outage-run');
    assert.equal(rows.size, count, `all ${count} events stored (got ${rows.size})`);
    assert.ok([...rows.values()].every((n) => n === 1), 'each exactly once');
    assert.equal(drained.dropped, 0);
    t.diagnostic(
      `outage ${OUTAGE_MS} ms, ${count} events: spooled ${drained.spooled}, replayed ${drained.replayed}, duplicates ${drained.duplicates}, app peak RSS ${(app.peak() / 1048576).toFixed(1)} MiB`,
    );
  } finally {
    await stop(app.proc, 'SIGKILL');
    await collector.stop();
  }
});

test('app SIGKILLed mid-outage and restarted: nothing that reached the spool is lost, nothing stored twice', { skip, timeout: 150_000 }, async (t) => {
  const dir = fs.mkdtempSync(path.join(tmpdir(), 'llmo-spool-kill-'));
  const db = path.join(dir, 'collector.sqlite');
  const spoolDir = path.join(dir, 'spool');
  const port = await freePort(); // nothing listens: the collector is down
  const app = startApp(dir, {
    COLLECTOR_URL: `http://127.0.0.1:${port}`,
    SPOOL_DIR: spoolDir,
    COUNT: '100000',
    RUN_ID: 'kill-run',
  });
  let collector: RunningCollector | null = null;
  let app2: ReturnType<typeof startApp> | null = null;
  try {
    const before = await app.until((r) => r.spooled >= 3000, '3000 spooled');
    await stop(app.proc, 'SIGKILL');
    const ids = spooledSpanIds(spoolDir);
    assert.ok(ids.size >= before.spooled, `spool holds ${ids.size} events, the app had reported ${before.spooled}`);
    collector = await startCollector({ db, port });
    app2 = startApp(dir, { COLLECTOR_URL: `http://127.0.0.1:${port}`, SPOOL_DIR: spoolDir, COUNT: '0', RUN_ID: 'kill-run' });
    const drained = await app2.until((r) => r.kind === 'drained', 'drained');
    const rows = stored(db, 'kill-run');
    const missing = [...ids].filter((id) => !rows.has(id));
    assert.deepEqual(missing.slice(0, 5), [], `${missing.length} spooled event(s) missing`);
    assert.ok([...rows.values()].every((n) => n === 1), 'each exactly once');
    assert.equal(drained.replayed >= ids.size, true);
    t.diagnostic(
      `killed with ${ids.size} events in the spool; replayed ${drained.replayed}, stored ${rows.size}; peak RSS: app ${(app.peak() / 1048576).toFixed(1)} MiB, restarted app ${(app2.peak() / 1048576).toFixed(1)} MiB`,
    );
  } finally {
    await stop(app.proc, 'SIGKILL');
    if (app2) await stop(app2.proc, 'SIGKILL');
    if (collector) await collector.stop();
  }
});
