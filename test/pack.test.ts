/**
 * The packages as a user installs them: `npm pack` of @llmobserve/sdk, @llmobserve/collector and the
 * @llmobserve/shared it depends on, installed from the tarballs into a scratch app (third-party dependencies from the
 * npm cache or registry). The app imports the SDK, and `npx llmobserve` in it runs the collector, which receives the
 * app's events.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO, run, startUntil } from './helpers/run.js';

describe('npm pack, installed into an app', () => {
  it('the app imports @llmobserve/sdk and `npx llmobserve` runs the collector it installed', async () => {
    const tarballs = mkdtempSync(join(tmpdir(), 'llmo-tarballs-'));
    for (const ws of ['@llmobserve/shared', '@llmobserve/collector', '@llmobserve/sdk']) {
      await run('npm', ['pack', '--silent', `--workspace=${ws}`, '--pack-destination', tarballs], { cwd: REPO, timeoutMs: 60_000 });
    }
    const files = readdirSync(tarballs).map((f) => join(tarballs, f));
    assert.deepEqual(readdirSync(tarballs).map((f) => f.replace(/-\d+\.\d+\.\d+\.tgz$/, '')).sort(), ['llmobserve-collector', 'llmobserve-sdk', 'llmobserve-shared']);

    const app = mkdtempSync(join(tmpdir(), 'llmo-app-'));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'scratch-app', private: true, type: 'module' }));
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...files], { cwd: app, timeoutMs: 10 * 60_000 });

    const help = await run('npx', ['llmobserve', '--help'], { cwd: app, timeoutMs: 60_000 });
    assert.match(help.stdout, /the LLMObserve collector/);
    const served = await startUntil('npx', ['llmobserve', 'serve', '--port', '0', '--db', './data/app.sqlite'], /listening on (http:\/\/\S+) /, { cwd: app });
    try {
      const url = served.match[1]!;
      writeFileSync(join(app, 'app.mjs'), `
        import { observe, setCustomerId, track, flush, shutdown } from '@llmobserve/sdk';
        import llmobserve from '@llmobserve/sdk';
        import { createRequire } from 'node:module';
        const cjs = createRequire(import.meta.url)('@llmobserve/sdk');
        if (typeof cjs.observe !== 'function' || typeof llmobserve.withRun !== 'function') throw new Error('API missing');
        observe({ collectorUrl: ${JSON.stringify(url)} });
        setCustomerId('alice');
        track({ provider: 'acme-search', endpoint: 'search', units: { requests: 1 } });
        if (!(await flush({ timeoutMs: 10000 }))) throw new Error('flush failed');
        await shutdown();
        console.log('sent');`);
      assert.match((await run('node', ['app.mjs'], { cwd: app, timeoutMs: 30_000 })).stdout, /sent/);
      const customers = await (await fetch(`${url}/customers`, { signal: AbortSignal.timeout(10_000) })).json() as { customers: { customer_id: string }[] };
      assert.ok(customers.customers.some((c) => c.customer_id === 'alice'), JSON.stringify(customers));
    } finally {
      await served.stop('SIGTERM', 'npx llmobserve serve after SIGTERM');
      assert.match(served.output(), /SIGTERM received, finishing in-flight requests/);
    }
  });
});
