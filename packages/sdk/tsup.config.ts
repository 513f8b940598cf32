import { defineConfig } from 'tsup';

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
});
