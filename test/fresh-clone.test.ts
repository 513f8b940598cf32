/**
 * The README's commands from a fresh clone's point of view: a copy of the working tree without node_modules or dist,
 * `npm install` (which links the `llmobserve` bin before `prepare` builds dist/), then every `npx llmobserve …`
 * command the README shows, `npm start` and the README's curl lines against it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO, run, scratchCopy, startUntil } from './helpers/run.js';

let dir: string;
const exercised = new Set<string>();
/** `npx llmobserve <args>` in the clone, remembered as exercised by its first two words. */
const npxLlmobserve = async (args: string[], env: Record<string, string> = {}, allowFail = false) => {
  exercised.add(args.filter((a) => !a.startsWith('-')).slice(0, 2).join(' '));
  return run('npx', ['llmobserve', ...args], { cwd: dir, env, timeoutMs: 60_000, allowFail });
};
const LISTENING = /listening on (http:\/\/\S+) /;

describe('a fresh clone, as the README tells a newcomer', () => {
  before(async () => {
    dir = scratchCopy('llmo-clone-');
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: dir, timeoutMs: 15 * 60_000 });
  });

  it('npx llmobserve --help, and each command\'s --help', async () => {
    assert.match((await npxLlmobserve(['--help'])).stdout, /Usage: llmobserve <command>/);
    for (const command of ['serve', 'migrate', 'tenants', 'keys']) {
      assert.match((await npxLlmobserve([command, '--help'])).stdout, new RegExp(`llmobserve ${command}`));
    }
  });

  it('npm start, then the README\'s curl lines', async () => {
    const started = await startUntil('npm', ['start', '--', '--port', '0'], LISTENING, { cwd: dir });
    try {
      const url = started.match[1]!;
      const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
      const curls = [...readme.matchAll(/^curl [\s\S]*?(?=\n(?:curl|```))/gm)].map((m) => m[0].replaceAll('http://127.0.0.1:8000', url));
      assert.ok(curls.length >= 2, 'the README shows curl lines');
      const posted = await run('bash', ['-c', curls[0]!], { timeoutMs: 20_000 });
      assert.match(posted.stdout, /"accepted":1/);
      const read = await run('bash', ['-c', curls[1]!], { timeoutMs: 20_000 });
      assert.match(read.stdout, /"totals"/);
    } finally {
      await started.stop('SIGINT', 'npm start after Ctrl-C');
      assert.match(started.output(), /SIGINT received, finishing in-flight requests/);
    }
  });

  it('tenants, keys and serve with --auth required, as the README shows them', async () => {
    assert.match((await npxLlmobserve(['migrate'])).stdout, /applied migration|up to date/);
    await npxLlmobserve(['tenants', 'create', 'acme']);
    assert.match((await npxLlmobserve(['tenants', 'list'])).stdout, /acme/);
    const created = (await npxLlmobserve(['keys', 'create', '--tenant', 'acme', '--scope', 'ingest,read'])).stdout;
    const key = /llmo_sk_[A-Za-z0-9_-]+/.exec(created)?.[0];
    const id = /key_[A-Za-z0-9]+/.exec(created)?.[0];
    assert.ok(key && id, created);
    assert.match((await npxLlmobserve(['keys', 'list', '--tenant', 'acme'])).stdout, new RegExp(id!));

    exercised.add('serve');
    const served = await startUntil('npx', ['llmobserve', 'serve', '--port', '0'], LISTENING, { cwd: dir, env: { LLMOBSERVE_AUTH: 'required' } });
    try {
      const url = served.match[1]!;
      const get = (headers: Record<string, string> = {}) => fetch(`${url}/insights`, { headers, signal: AbortSignal.timeout(10_000) });
      assert.equal((await get()).status, 401);
      assert.equal((await get({ authorization: `Bearer ${key}` })).status, 200);
      await npxLlmobserve(['keys', 'revoke', id!, '--tenant', 'acme']);
      await new Promise((r) => setTimeout(r, 1100)); // a key is cached for at most a second
      assert.equal((await get({ authorization: `Bearer ${key}` })).status, 401, 'revoked');
    } finally {
      await served.stop('SIGTERM', 'npx llmobserve serve after SIGTERM');
      assert.match(served.output(), /SIGTERM received, finishing in-flight requests/);
    }
  });

  after(() => {
    // Every `npx llmobserve <command> <action>` line of the README was run above.
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const shown = [...readme.matchAll(/(?:^|\s)npx llmobserve ((?:[a-z]+)(?: (?:create|list|revoke))?)/gm)].map((m) => m[1]!);
    for (const command of new Set(shown)) assert.ok(exercised.has(command) || exercised.has(command.split(' ')[0]!), `README command "npx llmobserve ${command}" is exercised`);
  });
});
