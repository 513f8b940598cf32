#!/usr/bin/env node
// The `llmobserve` command. A committed file rather than dist/cli/main.js itself: npm links a package's bin only if
// the target exists at install time, and in a fresh clone dist/ is built after linking (by `prepare`).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('llmobserve: the collector is not built (dist/cli/main.js is missing); run "npm run build" in the repository\n');
  process.exit(1);
}
await import(cli.href);
