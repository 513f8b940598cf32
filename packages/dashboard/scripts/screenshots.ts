/**
 * Screenshots of every page, from the demo's data: `npm run screenshots --workspace=@llmobserve/dashboard`
 * (after `npm run build`). Writes docs/screenshots/*.png (1280 px wide, full page; the overview also at phone width).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../test/helpers/browser.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const OUT = join(ROOT, 'docs/screenshots');
const CLI = join(ROOT, 'packages/collector/dist/cli/main.js');

function start(cmd: string[], pattern: RegExp): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, cmd, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  return new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`timeout:\n${out}`)), 90_000);
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = pattern.exec(out);
      if (m) {
        clearTimeout(timer);
        res({ url: m[1]!, proc });
      }
    });
    proc.once('exit', (code) => rej(new Error(`exited with ${code}:\n${out}`)));
  });
}
const stop = (p: ChildProcess) => new Promise((res) => (p.exitCode !== null ? res(null) : (p.once('exit', res), p.kill('SIGINT'))));

async function main() {
  mkdirSync(OUT, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'llmo-shots-'));
  const demo = await start(['--import', 'tsx', 'scripts/demo.ts', '--port', '0', '--db', join(tmp, 'demo.sqlite'), '--no-trickle'], /Dashboard: (http:\/\/\S+)\/dashboard\//);
  const required = await start([CLI, 'serve', '--host', '127.0.0.1', '--port', '0', '--db', join(tmp, 'required.sqlite'), '--auth', 'required'], /listening on (http:\/\/\S+)/);
  const empty = await start([CLI, 'serve', '--host', '127.0.0.1', '--port', '0', '--db', join(tmp, 'empty.sqlite')], /listening on (http:\/\/\S+)/);
  const ctx = await launchBrowser({ viewport: { width: 1280, height: 800 } });
  try {
    const runs = (await (await fetch(`${demo.url}/runs?customer_id=acme-corp&section=support_chat&limit=1`)).json()) as { runs: { run_id: string }[] };
    const runId = runs.runs[0]!.run_id;
    const page = await ctx.newPage();
    const shot = async (name: string, path: string, base = demo.url, prepare?: () => Promise<void>) => {
      await page.goto(`${base}${path}`);
      await page.waitForLoadState('networkidle');
      await prepare?.();
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
      console.log(`docs/screenshots/${name}.png`);
    };
    await shot('overview', '/dashboard/');
    await shot('customers', '/dashboard/customers');
    await shot('customer-detail', '/dashboard/customers/initech');
    await shot('features', '/dashboard/features');
    await shot('runs', '/dashboard/runs');
    await shot('run-detail', `/dashboard/runs/${encodeURIComponent(runId)}`);
    await shot('models', '/dashboard/models', demo.url, async () => {
      await page.getByRole('button', { name: 'Add custom price' }).first().click();
    });
    await shot('settings', '/dashboard/settings', demo.url, async () => {
      await page.getByLabel('Name').fill('production SDK');
      await page.getByRole('checkbox', { name: 'ingest' }).check();
      await page.getByRole('button', { name: 'Create key' }).click();
      await page.getByTestId('new-key').waitFor();
    });
    await shot('signin', '/dashboard/', required.url);
    await shot('empty', '/dashboard/', empty.url);
    await page.setViewportSize({ width: 390, height: 844 });
    await shot('overview-phone', '/dashboard/');
  } finally {
    await ctx.dispose();
    await Promise.all([stop(demo.proc), stop(required.proc), stop(empty.proc)]);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
