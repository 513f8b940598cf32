/**
 * npm run bench:faults — the collector under faults, counting acknowledged-but-lost and duplicated events:
 *  1. kill -9 under ingest load (SQLite), restarted on the same file, FAULT_KILLS times;
 *  2. PostgreSQL backends of the app role terminated every 150 ms under load (a throwaway cluster, or
 *     LLMOBSERVE_TEST_PG_URL);
 *  3. a full disk: SQLite on a small tmpfs (root only), filled under load, then freed.
 * Clients behave like the SDK: a batch that got no answer or a 5xx is sent again (same span ids) until acknowledged.
 * Every batch is one run of 50 spans; at the end every acknowledged run must hold exactly 50 calls (fewer: lost,
 * more: counted twice), and the tenant's rollup total must equal the sum over runs.
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { ev, freshDb, post, request, startCollector, tempDir, type RunningCollector } from '../packages/collector/test/helpers/collector.js';
import { freshPostgresDb, pgServerUrl, restartThrowawayCluster, TEST_APP_ROLE } from '../packages/collector/test/helpers/postgres.js';

const SPANS = 50;
const WORKERS = 4;
const KILLS = Number(process.env.FAULT_KILLS ?? 8);

interface Tally { acked: Set<string>; sent: number; retries: number; statuses: Map<number, number> }

const newTally = (): Tally => ({ acked: new Set(), sent: 0, retries: 0, statuses: new Map() });

/** Sends run batches until `until()` says stop; each batch is retried until acknowledged (or the run ends). */
async function load(target: () => string | null, tenant: string, tag: string, until: () => boolean, tally: Tally): Promise<void> {
  let seq = 0;
  await Promise.all(Array.from({ length: WORKERS }, async (_, w) => {
    while (!until()) {
      const run = `${tag}-${w}-${seq++}`;
      const batch = Array.from({ length: SPANS }, (_, k) => ev({ tenant_id: tenant, run_id: run, span_id: `${run}-${k}` }));
      tally.sent += 1;
      for (let attempt = 0; !until() || attempt === 0; attempt++) {
        const url = target();
        const r = url === null ? { status: 0 } : await post(url, batch, { signal: AbortSignal.timeout(5000) }).catch(() => ({ status: 0 }));
        tally.statuses.set(r.status, (tally.statuses.get(r.status) ?? 0) + 1);
        if (r.status === 200) {
          tally.acked.add(run);
          break;
        }
        tally.retries += 1;
        await new Promise((res) => setTimeout(res, 50));
        if (until()) break;
      }
    }
  }));
}

/** Calls per run of the tenant (all pages of /runs) and the rollup total. */
async function audit(url: string, tenant: string, tally: Tally) {
  const calls = new Map<string, number>();
  let cursor: string | null = null;
  do {
    const page: any = (await request(url, `/runs?tenant_id=${tenant}&limit=500${cursor ? `&cursor=${cursor}` : ''}`)).body;
    for (const r of page.runs) calls.set(r.run_id, r.calls);
    cursor = page.next_cursor;
  } while (cursor);
  let lost = 0;
  let duplicated = 0;
  for (const run of tally.acked) {
    const n = calls.get(run) ?? 0;
    if (n < SPANS) lost += SPANS - n;
    if (n > SPANS) duplicated += n - SPANS;
  }
  for (const [run, n] of calls) if (!tally.acked.has(run) && n > SPANS) duplicated += n - SPANS;
  const total = (await request(url, `/insights?tenant_id=${tenant}`)).body.totals.calls as number;
  const sumRuns = [...calls.values()].reduce((a, b) => a + b, 0);
  return { ackedEvents: tally.acked.size * SPANS, storedEvents: total, lost, duplicated, rollupMatchesRuns: total === sumRuns };
}

function report(name: string, extra: string, tally: Tally, a: Awaited<ReturnType<typeof audit>>) {
  const statuses = [...tally.statuses].sort((x, y) => x[0] - y[0]).map(([s, n]) => `${s === 0 ? 'no answer' : s}: ${n}`).join(', ');
  console.log(`${name} (${extra}): acknowledged ${a.ackedEvents} events, stored ${a.storedEvents}; ` +
    `acknowledged-but-lost ${a.lost}, duplicated ${a.duplicated}, rollup = sum of runs: ${a.rollupMatchesRuns}; ` +
    `retries ${tally.retries}; answers ${statuses}`);
  return a.lost === 0 && a.duplicated === 0 && a.rollupMatchesRuns;
}

async function killNine(): Promise<boolean> {
  const db = await freshDb('faults-kill.sqlite');
  let c: RunningCollector | null = await startCollector({ db });
  const tally = newTally();
  let done = false;
  const loader = load(() => c?.url ?? null, 'kill9', 'k', () => done, tally);
  for (let i = 0; i < KILLS; i++) {
    await new Promise((r) => setTimeout(r, 400 + Math.random() * 600));
    const victim = c!;
    c = null;
    victim.proc.kill('SIGKILL');
    await new Promise((r) => victim.proc.once('exit', r));
    c = await startCollector({ db });
  }
  await new Promise((r) => setTimeout(r, 500));
  done = true;
  await loader;
  const ok = report('kill -9 under load (SQLite)', `${KILLS} kills`, tally, await audit(c!.url, 'kill9', tally));
  await c!.stop();
  return ok;
}

async function pgTerminate(): Promise<boolean> {
  const db = await freshPostgresDb('faults');
  const c = await startCollector({ db });
  const admin = new pg.Client({ connectionString: pgServerUrl() });
  await admin.connect();
  const tally = newTally();
  let done = false;
  let kills = 0;
  const killer = (async () => {
    while (!done) {
      await new Promise((r) => setTimeout(r, 150));
      kills += Number((await admin.query('SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE usename = $1', [TEST_APP_ROLE])).rows[0].n);
    }
  })();
  const until = Date.now() + Number(process.env.FAULT_PG_MS ?? 10_000);
  await load(() => c.url, 'pgkill', 'p', () => Date.now() > until, tally);
  done = true;
  await killer;
  await admin.end();
  const alive = c.proc.exitCode === null;
  const ok = report('PostgreSQL backends terminated under load', `${kills} backends terminated, collector alive: ${alive}`, tally, await audit(c.url, 'pgkill', tally));
  await c.stop();
  return ok && alive;
}

async function pgRestart(): Promise<boolean | null> {
  const db = await freshPostgresDb('faults_restart');
  const c = await startCollector({ db });
  const tally = newTally();
  let done = false;
  const loader = load(() => c.url, 'pgrestart', 'r', () => done, tally);
  let restarts = 0;
  let readyWhileDown = 0;
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 1500));
    const ready = request(c.url, '/ready').then((r) => r.status).catch(() => 0);
    if (!restartThrowawayCluster()) break;
    restarts += 1;
    readyWhileDown = Math.max(readyWhileDown, await ready);
  }
  await new Promise((r) => setTimeout(r, 1500));
  done = true;
  await loader;
  if (restarts === 0) {
    await c.stop();
    return null;
  }
  const alive = c.proc.exitCode === null;
  const ok = report('PostgreSQL crashed and restarted under load (pg_ctl restart -m immediate)', `${restarts} restarts, collector alive: ${alive}`, tally, await audit(c.url, 'pgrestart', tally));
  await c.stop();
  return ok && alive;
}

async function diskFull(): Promise<boolean | null> {
  if (process.getuid?.() !== 0) return null;
  const dir = tempDir('llmo-fault-full-');
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', dir]).status !== 0) return null;
  try {
    const c = await startCollector({ db: join(dir, 'full.sqlite') });
    const tally = newTally();
    let done = false;
    const loader = load(() => c.url, 'full', 'f', () => done, tally);
    await new Promise((r) => setTimeout(r, 300));
    try {
      writeFileSync(join(dir, 'filler'), Buffer.alloc(8 * 1024 * 1024));
    } catch {
      /* ENOSPC: the disk is full */
    }
    await new Promise((r) => setTimeout(r, 2000));
    const readyWhileFull = (await request(c.url, '/ready')).status;
    rmSync(join(dir, 'filler'), { force: true });
    await new Promise((r) => setTimeout(r, 1500));
    done = true;
    await loader;
    const ok = report('disk full (SQLite on an 8 MB tmpfs)', `/ready while full: ${readyWhileFull}`, tally, await audit(c.url, 'full', tally));
    await c.stop();
    return ok && readyWhileFull === 503;
  } finally {
    spawnSync('umount', ['-l', dir]);
  }
}

const results = [await killNine(), await pgTerminate(), await pgRestart(), await diskFull()];
if (results[2] === null) console.log('PostgreSQL restart: skipped (the server is not a throwaway cluster)');
if (results[3] === null) console.log('disk full: skipped (needs root and mount -t tmpfs)');
process.exit(results.every((r) => r !== false) ? 0 : 1);

