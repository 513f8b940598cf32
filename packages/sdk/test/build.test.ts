/**
 * The published package (dist/, built by `npm run build`): ESM and CommonJS entry points with the same default and
 * named exports, type declarations, no TypeBox at run time, and no double tracking when both builds are loaded.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { startMockOpenAI, type MockOpenAI } from '@llmobserve/mock-providers';
import { startFakeCollector, type FakeCollector } from './helpers/fake-collector.js';

const run = promisify(execFile);
const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(pkgDir, 'dist');

const API = [
  'observe',
  'flush',
  'shutdown',
  'stats',
  'isObserving',
  'setCustomerId',
  'getCustomerId',
  'withCustomer',
  'withTenant',
  'getTenantId',
  'withRun',
  'getRunId',
  'section',
  'agent',
  'tool',
  'LLMObserveConfigError',
];

let mock: MockOpenAI;
let fc: FakeCollector;
before(async () => {
  mock = await startMockOpenAI();
  fc = await startFakeCollector();
});
after(async () => {
  await mock.close();
  await fc.close();
});

describe('package build', () => {
  it('has ESM, CommonJS and declaration files, exposed through package.json exports', () => {
    for (const f of ['index.js', 'index.cjs', 'index.d.ts', 'index.d.cts']) assert.ok(existsSync(join(dist, f)), `dist/${f} (run npm run build)`);
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
    assert.equal(pkg.exports['.'].import.default, './dist/index.js');
    assert.equal(pkg.exports['.'].require.default, './dist/index.cjs');
    const dts = readFileSync(join(dist, 'index.d.ts'), 'utf8');
    for (const name of API) assert.match(dts, new RegExp(`\\b${name}\\b`), `declared: ${name}`);
    assert.doesNotMatch(dts, /@llmobserve\/shared|typebox/, 'declarations are self-contained');
    for (const f of ['index.js', 'index.cjs']) {
      const code = readFileSync(join(dist, f), 'utf8');
      assert.doesNotMatch(code, /typebox/i, `${f} does not bundle or load TypeBox`);
    }
  });

  it('require() and import() give the same API, named and default', async () => {
    const script = `
      const cjs = require('@llmobserve/sdk');
      import('@llmobserve/sdk').then((esm) => {
        const names = ${JSON.stringify(API)};
        const out = names.map((n) => [n, typeof cjs[n], typeof cjs.default[n], typeof esm[n], typeof esm.default[n]]);
        console.log(JSON.stringify(out));
      });`;
    const { stdout } = await run(process.execPath, ['-e', script], { cwd: pkgDir });
    for (const [name, ...types] of JSON.parse(stdout) as string[][]) {
      assert.deepEqual(types, ['function', 'function', 'function', 'function'], name);
    }
  });

  it('both builds loaded and both observing: each call is tracked once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmo-dual-'));
    const script = join(dir, 'dual.mjs');
    writeFileSync(
      script,
      `
      import { createRequire } from 'node:module';
      import * as esm from ${JSON.stringify(join(dist, 'index.js'))};
      const cjs = createRequire(import.meta.url)(${JSON.stringify(join(dist, 'index.cjs'))});
      const warnings = [];
      const opts = { collectorUrl: ${JSON.stringify(fc.url)}, providers: { ${JSON.stringify(mock.url)}: 'openai' }, logger: { warn: (m) => warnings.push(m) } };
      esm.observe(opts);
      cjs.observe(opts);
      const r = await fetch(${JSON.stringify(mock.baseURL + '/chat/completions')}, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
      });
      await r.json();
      await esm.flush(); await cjs.flush();
      console.log(JSON.stringify(warnings));
      await esm.shutdown(); await cjs.shutdown();
      `,
    );
    const { stdout } = await run(process.execPath, [script], { cwd: pkgDir });
    const warnings = JSON.parse(stdout) as string[];
    assert.equal(fc.events.filter((e) => e.endpoint === 'chat.completions').length, 1);
    assert.ok(warnings.some((w) => w.includes('another copy of llmobserve')));
  });
});
