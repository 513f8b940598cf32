// @storage sqlite
/**
 * scripts/pg-tests.ts: the PostgreSQL pass of `npm test` is chosen by `// @storage` tags, and untagged collector tests
 * are refused; scripts/node24-tests.ts: CI's Node 24 pass leaves out only existing files it names; scripts/test-order.ts:
 * the Node suite runs every file once, the slowest first.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixtureDir } from './helpers/fixture.js';
import { selectTests, startsCollector, storageTag, testFiles } from '../../../scripts/pg-tests.js';
import { NODE20_ONLY, node24Files } from '../../../scripts/node24-tests.js';
import { orderedTestFiles, SLOWEST } from '../../../scripts/test-order.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

const fixture = (files: Record<string, string>) => fixtureDir('llmo-pgtests-', files);

test('the repository: every test that starts a collector is tagged; the PostgreSQL pass holds the collector integration tests', () => {
  const sel = selectTests(ROOT);
  assert.deepEqual(sel.problems, []);
  for (const f of ['packages/collector/test/api.test.ts', 'packages/collector/test/postgres-rls.test.ts']) assert.ok(sel.postgres.includes(f), f);
  assert.ok(!sel.postgres.includes('packages/sdk/test/spool.test.ts'), 'reads the SQLite file itself: SQLite only');
  assert.ok(!sel.postgres.some((f) => f.endsWith('/pricing.test.ts')), 'a pure unit test runs once');
});

test('tags: read above the imports only, storages checked', () => {
  assert.deepEqual(storageTag('// @storage sqlite,postgres\n/** doc */\nimport x from "y";'), ['sqlite', 'postgres']);
  assert.deepEqual(storageTag('/** doc */\n// @storage sqlite\nimport x from "y";'), ['sqlite']);
  assert.equal(storageTag('import x from "y";\n// @storage postgres\n'), null, 'a tag below the code does not count');
  assert.match(String(storageTag('// @storage sqlite,mysql\n')), /unknown storage "mysql"/);
  assert.equal(startsCollector("const c = await startCollector({ args: ['--auth', 'required'] });"), true);
  assert.equal(startsCollector("spawnSync(process.execPath, [CLI, 'keys', 'create'])"), true);
  assert.equal(startsCollector("import { ev } from './helpers/collector.js';\nassert.ok(ev());"), false);
});

test('a file that starts a collector without a tag is a problem; tagged files are selected by their tag', () => {
  const dir = fixture({
    'packages/a/test/untagged.test.ts': `import { startCollector } from './helpers/collector.js';\nawait startCollector();\n`,
    'packages/a/test/both.test.ts': `// @storage sqlite,postgres\nimport { startCollector } from './helpers/collector.js';\nawait startCollector();\n`,
    'packages/b/test/sqlite.test.ts': `// @storage sqlite\nimport { startCollectorProcess } from './helpers/collector-process.js';\nawait startCollectorProcess();\n`,
    'packages/b/test/unit.test.ts': `import { test } from 'node:test';\ntest('x', () => {});\n`,
    'packages/b/test/helper.ts': `await startCollector();\n`,
  });
  const sel = selectTests(dir);
  assert.deepEqual(sel.postgres, ['packages/a/test/both.test.ts']);
  assert.equal(sel.problems.length, 1);
  assert.match(sel.problems[0]!, /^packages\/a\/test\/untagged\.test\.ts: starts a collector but has no/);
});

test('the Node 24 pass: every test file but the named ones, which all exist; the version-dependent ones stay in', () => {
  const { files, missing } = node24Files(ROOT);
  assert.deepEqual(missing, []);
  const all = testFiles(ROOT);
  assert.equal(files.length, all.length - Object.keys(NODE20_ONLY).length);
  for (const f of ['packages/sdk/test/attribution-cold-start-node.test.ts', 'packages/collector/test/api.test.ts', 'packages/collector/test/fold.test.ts', 'packages/collector/test/hardening.test.ts']) {
    assert.ok(files.includes(f), f);
  }
  assert.ok(!files.includes('packages/dashboard/test/e2e.test.ts'));
});

test('the order of the Node suite: every test file once, the listed slow ones first, slowest first', () => {
  const { files, missing } = orderedTestFiles(ROOT);
  assert.deepEqual(missing, []);
  assert.deepEqual([...files].sort(), [...testFiles(ROOT)].sort());
  const head = files.slice(0, Object.keys(SLOWEST).length);
  assert.deepEqual(head.map((f) => SLOWEST[f]), Object.values(SLOWEST).sort((a, b) => b - a));
});
