/**
 * Versions the collector states, read from the package manifests rather than copied: its own (`/health`,
 * `--version`, /openapi.json) and that of the installed `@pydantic/genai-prices` (each priced event's
 * `cost_source`, e.g. `genai-prices@0.1.8`).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

function readManifest(file: string | URL): { name?: unknown; version?: unknown } {
  return JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
}

function versionOf(m: { version?: unknown }, where: string): string {
  if (typeof m.version !== 'string' || m.version === '') throw new Error(`no version in ${where}`);
  return m.version;
}

/** The installed version of a dependency: the manifest above its entry point (its exports hide package.json). */
function installedVersion(name: string): string {
  let dir = dirname(createRequire(import.meta.url).resolve(name));
  for (;;) {
    const file = join(dir, 'package.json');
    try {
      const m = readManifest(file);
      if (m.name === name) return versionOf(m, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`package.json of ${name} not found`);
    dir = up;
  }
}

/** packages/collector/package.json (this file is src/version.ts, built to dist/version.js). */
export const VERSION = versionOf(readManifest(new URL('../package.json', import.meta.url)), 'the collector package.json');
export const GENAI_PRICES_VERSION = installedVersion('@pydantic/genai-prices');
