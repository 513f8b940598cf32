/**
 * The test files of CI's second Node pass (`.ci/run`, on Node 24), in test:node's order: every file of it but those named
 * below, which exercise nothing that depends on the Node version: the slowest of the suite (together about a third
 * of its time), then the longest of the rest whose code is pure logic, SQL or a browser's (about a third of what was
 * left: the pass took 196 s with them on this machine). They all run on Node 20 in `npm test`. What depends on the version stays in: the SDK's
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
  'packages/dashboard/test/lan-http.test.ts': 'the dashboard in Chromium, over a network namespace of its own',
  'packages/collector/test/customer-windows.test.ts': 'window SQL and its maintenance steps: SQL that SQLite (in the native module) runs, not Node; the module, its worker threads and the windows\' reads over HTTP run in api, sqlite-wal, storage-faults and writer-message',
  'packages/collector/test/scoped-windows.test.ts': 'the same, for the scoped windows',
  'packages/collector/test/read-plans.test.ts': 'query plans: chosen by SQLite\'s planner inside the native module',
  'packages/collector/test/otlp-emitters.test.ts': 'OTLP payloads of each emitter mapped to events: pure mapping (otlp-receiver covers the HTTP and protobuf side)',
  'packages/collector/test/otlp-openinference.test.ts': 'the same, for OpenInference attributes',
  'packages/collector/test/billing.test.ts': 'statements, lines and money rules: pure logic and SQL over the server api.test.ts covers',
  'packages/collector/test/billing-deltas.test.ts': 'statement deltas: pure logic',
  'packages/collector/test/billing-stripe.test.ts': 'Stripe payloads through the official client against a mock: outbound HTTP that feature-webhooks covers',
  'packages/collector/test/budgets-tenancy.test.ts': 'tenant isolation of the budget routes: route and SQL logic; isolation over HTTP runs in api.test.ts',
  'packages/collector/test/estimated.test.ts': 'estimated usage and its pricing: pure logic',
  'packages/collector/test/response-schemas.test.ts': 'TypeBox response schemas against the routes\' answers: pure',
  'packages/collector/test/insights.test.ts': 'insight detectors over rollups: pure logic and SQL',
};

export function node24Files(root: string): { files: string[]; missing: string[] } {
  const all = orderedTestFiles(root).files;
  return {
    files: all.filter((f) => !Object.hasOwn(NODE20_ONLY, f)),
    missing: Object.keys(NODE20_ONLY).filter((f) => !all.includes(f)),
  };
}

printTestList(import.meta.url, node24Files);
