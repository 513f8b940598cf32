/**
 * The order of `npm run test:node` (and CI's Node 24 pass): every test file, the slowest first. The runner starts
 * files in the order given, two at a time; started alphabetically, a long file that comes late (the 60 s spool
 * outage, the cold-start attribution runs) ran alone at the end while the other slot was idle. Slowest first, the
 * short files fill the gaps. Seconds: each file's test time in a fresh clone's `npm test` (2026-12-02; the cold-start
 * files scaled to 6 runs per scenario instead of 10, 2026-12-03); a file not listed runs after these, in alphabetical order.
 *
 *   node --import tsx scripts/test-order.ts    prints the files, one per line (exits 1 if a name below is not a test file)
 */
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testFiles } from './pg-tests.js';

export const SLOWEST: Record<string, number> = {
  'packages/sdk/test/attribution-cold-start-frameworks.test.ts': 79,
  'packages/sdk/test/attribution-cold-start-node.test.ts': 60,
  'packages/sdk/test/spool.test.ts': 86,
  'packages/sdk/test/attribution-cold-start-flows.test.ts': 47,
  'packages/collector/test/auth.test.ts': 70,
  'packages/dashboard/test/e2e.test.ts': 43,
  'packages/collector/test/fuzz.test.ts': 41,
  'packages/collector/test/budgets.test.ts': 34,
  'packages/collector/test/metrics.test.ts': 33,
  'packages/collector/test/api.test.ts': 32,
  'packages/collector/test/cli-migrate.test.ts': 21,
  'packages/collector/test/hardening.test.ts': 20,
};

/** Every test file of the repository, the ones above first (slowest first), then the rest alphabetically. */
export function orderedTestFiles(root: string): { files: string[]; missing: string[] } {
  const all = testFiles(root);
  const first = Object.keys(SLOWEST).sort((a, b) => SLOWEST[b]! - SLOWEST[a]!);
  return {
    files: [...first.filter((f) => all.includes(f)), ...all.filter((f) => !Object.hasOwn(SLOWEST, f))],
    missing: first.filter((f) => !all.includes(f)),
  };
}

/**
 * Run as a script (`import.meta.url` of the caller): prints the files one per line, or exits 1 naming the listed
 * files that are not test files of the suite (gone or renamed).
 */
export function printTestList(scriptUrl: string, list: (root: string) => { files: string[]; missing: string[] }): void {
  if (!process.argv[1] || resolve(process.argv[1]) !== fileURLToPath(scriptUrl)) return;
  const root = resolve(dirname(fileURLToPath(scriptUrl)), '..');
  const { files, missing } = list(root);
  if (missing.length > 0) {
    process.stderr.write(`${relative(root, fileURLToPath(scriptUrl))} names files that are not test files of the suite: ${missing.join(', ')}\n`);
    process.exit(1);
  }
  process.stdout.write(files.join('\n') + '\n');
}

printTestList(import.meta.url, orderedTestFiles);
