// @storage sqlite,postgres
/**
 * Versions the collector states come from the package manifests: its own (`--version`, /health, /openapi.json) and
 * the installed @pydantic/genai-prices one (in `cost_source`), equal to the exact version the collector pins.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { GENAI_PRICES_VERSION, VERSION } from '../src/version.js';
import { GENAI_PRICES_SOURCE } from '../src/pricing/price-event.js';
import { CLI } from './helpers/collector.js';

const run = promisify(execFile);
const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as { version: string; dependencies: Record<string, string> };
const collector = read(join(pkgDir, 'package.json'));
// installed at the workspace root (npm workspaces hoist it)
const genaiPrices = read(resolve(pkgDir, '../../node_modules/@pydantic/genai-prices/package.json'));

describe('collector versions', () => {
  it('the collector version is its package.json version, as built too', async () => {
    assert.equal(VERSION, collector.version);
    const { stdout } = await run(process.execPath, [CLI, '--version'], { timeout: 20_000 });
    assert.equal(stdout.trim(), collector.version);
  });

  it('cost_source names the installed genai-prices version, the one package.json pins', () => {
    assert.equal(GENAI_PRICES_VERSION, genaiPrices.version);
    assert.equal(collector.dependencies['@pydantic/genai-prices'], genaiPrices.version, 'pinned exactly');
    assert.equal(GENAI_PRICES_SOURCE, `genai-prices@${genaiPrices.version}`);
  });
});
