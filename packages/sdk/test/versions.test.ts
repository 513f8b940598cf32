/**
 * The SDK's version comes from its package.json alone: run from source, as built (ESM and CommonJS), and as stamped
 * in events (`sdk: llmobserve-js/<version>`) and in the collector requests' user-agent.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { SDK_ID, SDK_VERSION } from '../src/constants.js';
import { callEvent } from '../src/events.js';

const run = promisify(execFile);
const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string };

describe('SDK version', () => {
  it('from source: the manifest version, in SDK_ID and in events', () => {
    assert.match(manifest.version, /^\d+\.\d+\.\d+/);
    assert.equal(SDK_VERSION, manifest.version);
    assert.equal(SDK_ID, `llmobserve-js/${manifest.version}`);
    const attribution = { tenant_id: 't', customer_id: null, run_id: 'r', parent_span_id: null, section: null, section_path: null };
    const e = callEvent('s', attribution, {
      spanType: 'llm',
      provider: 'openai',
      endpoint: 'chat.completions',
      model: 'm',
      usage: null,
      startedAt: 0,
      latencyMs: 1,
      status: 'ok',
      error: null,
      isStreaming: false,
      usageEstimated: false,
    });
    assert.equal(e.sdk, `llmobserve-js/${manifest.version}`);
  });

  it('as built: written in at build time (no manifest read), the same in ESM and CommonJS', async () => {
    for (const f of ['index.js', 'index.cjs']) {
      const file = join(pkgDir, 'dist', f);
      assert.ok(existsSync(file), `dist/${f} (run npm run build)`);
      const code = readFileSync(file, 'utf8');
      assert.doesNotMatch(code, /__LLMOBSERVE_SDK_VERSION__/, `${f}: the build defines the version`);
      assert.ok(code.includes(JSON.stringify(manifest.version)), `${f} holds the manifest version`);
    }
    const script = `
      const cjs = require('./dist/index.cjs');
      import('./dist/index.js').then((esm) => console.log(JSON.stringify([cjs.SDK_VERSION, esm.SDK_VERSION, esm.default.SDK_VERSION])));`;
    const { stdout } = await run(process.execPath, ['-e', script], { cwd: pkgDir, timeout: 20_000 });
    assert.deepEqual(JSON.parse(stdout), [manifest.version, manifest.version, manifest.version]);
  });
});
