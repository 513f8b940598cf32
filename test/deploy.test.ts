/**
 * The container image and compose stack, for real, with podman (these machines have no Docker engine): the stand-in
 * base images (scripts/deploy/standins.sh), then the repository's Dockerfile and compose.yaml unchanged, in a copy
 * of the working tree with a .env made from .env.example. podman-compose 1.0 (Debian 12) ignores depends_on
 * conditions, so services are brought up in their dependency order here, as docs/deploy.md tells its users.
 * Ingests over HTTP with an API key, SIGKILLs the collector container mid-ingest, starts it again and finds every
 * acknowledged event; SIGTERM (podman stop) ends it cleanly.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO, run, scratchCopy, waitUntil } from './helpers/run.js';

const PODMAN = join(REPO, 'scripts/deploy/podman-runc');
const project = `llmodeploy${process.pid}`;
const containerOf = (service: string) => `${project}_${service}_1`;
let dir: string;
let port: number;
let base: string;

const freePort = () => new Promise<number>((res, rej) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = (s.address() as { port: number }).port;
    s.close(() => res(p));
  }).on('error', rej);
});
/** podman-compose with this project, the machine's podman wrapper, and HEALTHCHECK kept in built images. */
const compose = (args: string[], timeoutMs = 120_000, allowFail = false) =>
  run('podman-compose', ['--podman-path', PODMAN, '-p', project, ...args], { cwd: dir, timeoutMs, allowFail, env: { BUILDAH_FORMAT: 'docker' } });
const podman = (args: string[], timeoutMs = 60_000, allowFail = false) => run(PODMAN, args, { timeoutMs, allowFail });
const healthy = async (service: string) => (await podman(['healthcheck', 'run', containerOf(service)], 30_000, true)).code === 0;
/** Waits for the service's healthcheck to pass (podman runs it on demand here: no systemd timers); logs on failure. */
async function waitHealthy(service: string, timeoutMs: number): Promise<void> {
  try {
    await waitUntil(() => healthy(service), timeoutMs, `${service} healthy`, 1000);
  } catch (err) {
    const logs = await podman(['logs', '--tail', '40', containerOf(service)], 30_000, true);
    throw new Error(`${(err as Error).message}\n--- ${service} logs\n${logs.stdout}${logs.stderr}`);
  }
}
const api = async (path: string, key: string, init: RequestInit = {}) => {
  const r = await fetch(base + path, { ...init, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, signal: AbortSignal.timeout(15_000) });
  return { status: r.status, body: (await r.json()) as any };
};
/** The collector's CLI in its container, as docs/deploy.md shows it (`-T`: no terminal here). */
const cli = async (...args: string[]) => (await compose(['exec', '-T', 'collector', 'llmobserve', ...args], 60_000)).stdout;

describe('compose stack (podman): PostgreSQL 15, migrate, collector', () => {
  before(async () => {
    await run('bash', [join(REPO, 'scripts/deploy/standins.sh')], { timeoutMs: 20 * 60_000 });
    dir = scratchCopy('llmo-deploy-');
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const env = readFileSync(join(dir, '.env.example'), 'utf8')
      .replace(/^POSTGRES_PASSWORD=.*$/m, `POSTGRES_PASSWORD=${randomBytes(12).toString('hex')}`)
      .replace(/^LLMOBSERVE_APP_PASSWORD=.*$/m, `LLMOBSERVE_APP_PASSWORD=${randomBytes(12).toString('hex')}`)
      .replace(/^LLMOBSERVE_PUBLISH=.*$/m, `LLMOBSERVE_PUBLISH=127.0.0.1:${port}`);
    writeFileSync(join(dir, '.env'), env);
  });
  after(async () => {
    if (!dir) return;
    // The image's VOLUME /data gives each container an anonymous volume that `down -v` leaves behind: remove those too.
    const ids = (await podman(['ps', '-a', '-q', '--filter', `label=io.podman.compose.project=${project}`], 30_000, true)).stdout.split('\n').filter(Boolean);
    const volumes = ids.length ? (await podman(['inspect', '--format', '{{range .Mounts}}{{.Name}} {{end}}', ...ids], 30_000, true)).stdout.split(/\s+/).filter(Boolean) : [];
    await compose(['down', '-v'], 120_000, true);
    if (volumes.length) await podman(['volume', 'rm', '-f', ...volumes], 60_000, true);
  });

  it('builds the image from the Dockerfile: non-root, /data volume, port 8000, HEALTHCHECK on /ready', async () => {
    await compose(['build'], 15 * 60_000);
    const inspect = JSON.parse((await podman(['image', 'inspect', 'localhost/llmobserve-collector:latest'])).stdout)[0];
    const config = inspect.Config;
    assert.equal(config.User, 'node');
    assert.ok('/data' in (config.Volumes ?? {}), 'a /data volume');
    assert.ok('8000/tcp' in (config.ExposedPorts ?? {}), 'EXPOSE 8000');
    assert.match(JSON.stringify(inspect.Healthcheck ?? config.Healthcheck ?? {}), /healthcheck\.js/, "HEALTHCHECK (bin/healthcheck.js: GET /ready)");
    assert.ok(config.Env.includes('LLMOBSERVE_AUTH=required'), 'auth required unless opened');
    const ls = (await podman(['run', '--rm', '--entrypoint', 'sh', 'localhost/llmobserve-collector:latest', '-c', 'ls /app/node_modules; id -u'])).stdout;
    assert.doesNotMatch(ls, /\b(typescript|vite|vitest|tsx|openai|next)\b/, 'production dependencies only');
    assert.match(ls, /better-sqlite3/);
    console.log(`image size: ${inspect.Size} bytes (${(inspect.Size / 1e6).toFixed(0)} MB)`);
  });

  it('comes up in order: postgres healthy, migrate as the owner role, collector as the app role, healthy', async () => {
    await compose(['up', '-d', 'postgres']);
    await waitHealthy('postgres', 120_000);
    await compose(['up', '-d', 'migrate']);
    const code = (await podman(['wait', containerOf('migrate')], 120_000)).stdout.trim();
    const logs = (await podman(['logs', containerOf('migrate')])).stdout + (await podman(['logs', containerOf('migrate')])).stderr;
    assert.equal(code, '0', `migrate exit code\n${logs}`);
    assert.match(logs, /applied migration|up to date/);
    await compose(['up', '-d', 'collector']);
    await waitHealthy('collector', 60_000);
    const ready = await fetch(`${base}/ready`, { signal: AbortSignal.timeout(5000) });
    assert.deepEqual(await ready.json(), { status: 'ready', storage: 'postgres' });
    const unauth = await fetch(`${base}/insights`, { signal: AbortSignal.timeout(5000) });
    assert.equal(unauth.status, 401, 'auth is required');
    // The collector's database user is the app role, not the owner: it cannot change the schema.
    const ddl = await podman(['exec', containerOf('collector'), 'node', '-e', `
      const pg = require('/app/node_modules/pg'); const c = new pg.Client(process.env.DATABASE_URL);
      c.connect().then(() => c.query('select current_user')).then((r) => { console.log(r.rows[0].current_user); return c.query('drop table trace_events'); })
        .then(() => console.log('dropped'), (e) => console.log('refused: ' + e.message)).finally(() => c.end());`]);
    assert.match(ddl.stdout, /^llmobserve_app\n/);
    assert.match(ddl.stdout, /refused: (must be owner|permission denied)/);
  });

  it('keeps every acknowledged event through a SIGKILL of the collector container, then stops cleanly on SIGTERM', async () => {
    await cli('tenants', 'create', 'acme');
    const key = /llmo_sk_[A-Za-z0-9_-]+/.exec(await cli('keys', 'create', '--tenant', 'acme', '--scope', 'ingest,read'))?.[0];
    assert.ok(key, 'a key was printed');

    const acknowledged: string[] = [];
    let batch = 0;
    let killed = false;
    const ingest = async () => {
      while (!killed || batch < 3) {
        const run_id = `run-${batch++}`;
        const events = Array.from({ length: 50 }, (_, i) => ({ span_id: `${run_id}-${i}`, run_id, provider: 'openai', model: 'gpt-4o-mini', customer_id: `c${i % 5}`, input_tokens: 100 + i, output_tokens: 10 }));
        try {
          const r = await api('/events', key!, { method: 'POST', body: JSON.stringify(events) });
          if (r.status === 200 && r.body.accepted === 50) acknowledged.push(run_id);
        } catch {
          /* the collector is gone: this batch is not acknowledged */
        }
        if (killed) return;
      }
    };
    const writer = ingest();
    await waitUntil(async () => acknowledged.length >= 5, 30_000, 'five batches acknowledged', 50);
    await podman(['kill', '--signal', 'KILL', containerOf('collector')]);
    killed = true;
    await writer;
    await podman(['start', containerOf('collector')]);
    await waitHealthy('collector', 60_000);

    for (const run_id of acknowledged) {
      const r = await api(`/runs/${run_id}`, key!);
      assert.equal(r.status, 200, `${run_id}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.events.length, 50, `every event of acknowledged ${run_id}`);
    }
    const totals = (await api('/insights', key!)).body.totals;
    console.log(`SIGKILL mid-ingest: ${acknowledged.length} of ${batch} batches acknowledged, all found; ${totals.calls} calls stored`);
    assert.ok(totals.calls >= acknowledged.length * 50, `${totals.calls} calls ≥ ${acknowledged.length * 50} acknowledged`);

    // Backups and upgrades as docs/deploy.md shows them.
    const dump = await compose(['exec', '-T', 'postgres', 'pg_dump', '-U', 'postgres', '-d', 'llmobserve', '--format=custom'], 60_000);
    assert.ok(dump.stdout.includes('PGDMP') && dump.stdout.length > 10_000, `a pg_dump archive (${dump.stdout.length} bytes)`);
    assert.match((await compose(['run', '--rm', 'migrate'], 120_000)).stdout, /database is up to date/);

    await podman(['stop', '-t', '30', containerOf('collector')], 60_000);
    const state = JSON.parse((await podman(['inspect', containerOf('collector')])).stdout)[0].State;
    const logs = (await podman(['logs', containerOf('collector')])).stderr;
    assert.equal(state.ExitCode, 0, `exit code after SIGTERM\n${logs.slice(-2000)}`);
    assert.match(logs, /SIGTERM received, finishing in-flight requests/);
  });

  it('the image alone on SQLite (docs/deploy.md): /data volume, open by choice, online backup, clean stop', async () => {
    const name = `${project}-solo`;
    const volume = `${project}-data`;
    const soloPort = await freePort();
    try {
      // docker run -d --name llmobserve -p 127.0.0.1:8000:8000 -v llmobserve-data:/data -e LLMOBSERVE_AUTH=open llmobserve-collector
      await podman(['run', '-d', '--name', name, '-p', `127.0.0.1:${soloPort}:8000`, '-v', `${volume}:/data`, '-e', 'LLMOBSERVE_AUTH=open', 'llmobserve-collector']);
      await waitUntil(async () => (await podman(['healthcheck', 'run', name], 30_000, true)).code === 0, 60_000, 'solo container healthy', 1000);
      const url = `http://127.0.0.1:${soloPort}`;
      const posted = await fetch(`${url}/events`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(10_000),
        body: JSON.stringify([{ span_id: 'solo-1', provider: 'openai', model: 'gpt-4o-mini', customer_id: 'alice', input_tokens: 1000, output_tokens: 100 }]),
      });
      assert.equal(posted.status, 200);
      await podman(['exec', name, 'llmobserve', 'tenants', 'create', 'acme']);
      assert.match((await podman(['exec', name, 'llmobserve', 'keys', 'create', '--tenant', 'acme', '--scope', 'ingest,read'])).stdout, /llmo_sk_/);
      const backup = await podman(['exec', name, 'node', '-e', "require('/app/node_modules/better-sqlite3')('/data/llmobserve.sqlite').backup('/data/backup.sqlite').then(() => console.log('backup done'))"]);
      assert.match(backup.stdout, /backup done/);
      const count = await podman(['exec', name, 'node', '-e', "console.log(require('/app/node_modules/better-sqlite3')('/data/backup.sqlite', { readonly: true }).prepare('select count(*) n from trace_events').get().n)"]);
      assert.equal(count.stdout.trim(), '1', 'the backup holds the event');
      await podman(['stop', '-t', '30', name], 60_000);
      const state = JSON.parse((await podman(['inspect', name])).stdout)[0].State;
      assert.equal(state.ExitCode, 0);
    } finally {
      await podman(['rm', '-f', name], 60_000, true);
      await podman(['volume', 'rm', '-f', volume], 60_000, true);
    }
  });
});
