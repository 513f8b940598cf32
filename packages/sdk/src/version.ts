/**
 * The SDK's version (stamped in every event's `sdk` field and the collector requests' user-agent), from
 * packages/sdk/package.json: the build writes it in as a constant (tsup.config.ts `define`), so a bundled app needs
 * no manifest at run time; run from source (tests, tsx), it is read from the manifest.
 */
import { readFileSync } from 'node:fs';

declare const __LLMOBSERVE_SDK_VERSION__: string | undefined;

function manifestVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}

export const SDK_VERSION: string =
  typeof __LLMOBSERVE_SDK_VERSION__ === 'string' ? __LLMOBSERVE_SDK_VERSION__ : manifestVersion();
