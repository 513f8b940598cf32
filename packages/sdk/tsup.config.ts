import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

// One bundle per format. `@llmobserve/shared` is only imported for types (erased): not a runtime dependency,
// and the public declarations do not reference it.
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  target: 'node20',
  platform: 'node',
  dts: { compilerOptions: { composite: false, noEmit: false } },
  tsconfig: 'tsconfig.build.json',
  sourcemap: true,
  clean: true,
  splitting: false,
  treeshake: true,
  external: ['undici'],
  shims: true,
  // src/version.ts: the version of package.json, written in at build time
  define: { __LLMOBSERVE_SDK_VERSION__: JSON.stringify(version) },
});
