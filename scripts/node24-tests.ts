/**
 * The test files of CI's second Node pass (`.ci/run`, on Node 24), in test:node's order: every file of it but those named
 * below, which exercise nothing that depends on the Node version and are the slowest of the suite (together about a
 * third of its time). They all run on Node 20 in `npm test`. What depends on the version stays in: the SDK's
 * context propagation and fetch/undici interception (cold starts included), the collector's native SQLite module,
 * worker threads, processes, HTTP server and CLI.
 *
 *   node --import tsx scripts/node24-tests.ts    prints the files, one per line (exits 1 if a name below is not a test file)
 */
import { orderedTestFiles, printTestList } from './test-order.js';

/** file → why it needs no second Node version. */
export const NODE20_ONLY: Record<string, string> = {
  'packages/collector/test/fuzz.test.ts': 'generated inputs against validation and routes: the same code paths as api.test.ts and hardening.test.ts',
  'packages/collector/test/auth.test.ts': 'key hashing, JWT/JWKS (jose) and sessions: library logic over the HTTP server that api.test.ts covers',
  'packages/collector/test/budgets.test.ts': 'budget evaluation and webhook delivery: pure logic and outbound HTTP covered elsewhere',
  'packages/collector/test/metrics.test.ts': 'Prometheus series (prom-client): pure logic',
  'packages/collector/test/retention.test.ts': 'SQL of retention batches: the storage code that fold.test.ts and api.test.ts load',
  'packages/dashboard/test/e2e.test.ts': 'the dashboard in Chromium: the browser runs it, not Node',
  'packages/dashboard/test/billing-e2e.test.ts': 'the dashboard in Chromium',
  'packages/dashboard/test/budgets-e2e.test.ts': 'the dashboard in Chromium',
};

export function node24Files(root: string): { files: string[]; missing: string[] } {
  const all = orderedTestFiles(root).files;
  return {
    files: all.filter((f) => !Object.hasOwn(NODE20_ONLY, f)),
    missing: Object.keys(NODE20_ONLY).filter((f) => !all.includes(f)),
  };
}

printTestList(import.meta.url, node24Files);
