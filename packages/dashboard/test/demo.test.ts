// @storage sqlite
/** `npm run demo` starts a collector, feeds it (SDK + backfill) and prints the dashboard URL; Ctrl-C stops it all. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join, resolve, dirname } from 'node:path';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { exitOf } from '@llmobserve/mock-providers';
import { request, tempDir } from '../../collector/test/helpers/collector.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

it('the demo populates a fresh collector through the SDK and backfilled days, then stops on Ctrl-C', async () => {
  const db = join(tempDir('llmo-demo-'), 'demo.sqlite');
  const proc = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/demo.ts'), '--port', '0', '--db', db, '--days', '3', '--live-runs', '8'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  try {
    const url = await new Promise<string>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`no dashboard URL in 60 s:\n${out}\n${err}`)), 60_000);
      proc.stdout.on('data', () => {
        const m = /Dashboard: (http:\/\/\S+)\/dashboard\//.exec(out);
        if (m) {
          clearTimeout(timer);
          res(m[1]!);
        }
      });
      proc.once('exit', (code) => rej(new Error(`demo exited with ${code}:\n${out}\n${err}`)));
    });
    assert.match(out, /backfilled \d+ events for the 3 previous days by POSTing them/);
    const all = (await request(url, '/insights?bucket=day')).body;
    assert.ok(all.by_customer.length >= 6, `several customers (${all.by_customer.length})`);
    assert.ok(all.by_model.length >= 4, 'several models');
    assert.ok(all.by_section.some((s: any) => s.section_path === 'support_chat/agent:research/tool:search'), 'nested sections');
    assert.ok(all.unpriced_models.some((m: any) => m.model === 'acme-llm-7b'), 'an unpriced model for the warning');
    assert.ok(all.timeseries.length >= 4, 'several days');
    // Today's events came through the SDK (observe + the openai client against the mock).
    const today = new Date().toISOString().slice(0, 10);
    const runs = (await request(url, `/runs?from=${today}&limit=100`)).body.runs;
    const detail = (await request(url, `/runs/${runs[0].run_id}`)).body;
    assert.ok(detail.events.some((e: any) => /^llmobserve-js\//.test(e.sdk ?? '')), `SDK events today: ${detail.events.map((e: any) => e.sdk)}`);
    assert.equal(all.totals.cost_usd > 0, true);
    const page = await fetch(`${url}/dashboard/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<div id="root">/);
  } finally {
    if (proc.exitCode === null) proc.kill('SIGINT');
    const code = await exitOf(proc, 20_000, 'the demo stopping after Ctrl-C (SIGINT)');
    assert.equal(code, 0, `demo exit code\n${err}`);
  }
});
