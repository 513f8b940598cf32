/** scripts/check-layers.ts (npm run check:layers): it finds cycles, layer violations and escaping imports, and the repository has none. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixtureDir } from './helpers/fixture.js';
import { checkPackages, workspacePackages } from '../../../scripts/check-layers.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

const fixture = (files: Record<string, string>) => fixtureDir('llmo-layers-', files);

test('the repository has no import cycle and no layer violation', () => {
  assert.deepEqual(checkPackages(workspacePackages(ROOT)), []);
});

test('a cycle between files is found, type-only imports included', () => {
  const dir = fixture({
    'src/a.ts': `import type { B } from './b.js';\nexport type A = B;`,
    'src/b.ts': `import { c } from './sub/c.js';\nexport type B = number; export const b = c;`,
    'src/sub/c.ts': `export { a } from '../a.js';\nexport const c = 1;`,
    'src/d.ts': `import { c } from './sub/c.js';\nexport const d = c;`,
  });
  const problems = checkPackages([{ name: 'fx', dir }]);
  assert.equal(problems.length, 1, problems.join('\n'));
  assert.match(problems[0]!, /import cycle in fx: .*src\/a\.ts → .*src\/b\.ts → .*src\/sub\/c\.ts$/);
});

test('a layer importing a higher one, an unlisted module and an import leaving src/ are found', () => {
  const dir = fixture({
    'src/storage/s.ts': `import { h } from '../server/h.js';\nexport const s = h;`,
    'src/server/h.ts': `export const h = 1;`,
    'src/extra/x.ts': `import { s } from '../storage/s.js';\nimport { t } from '../../test/t.js';\nexport const x = s + t;`,
    'test/t.ts': `export const t = 1;`,
  });
  const problems = checkPackages([{ name: 'fx', dir, layers: { storage: [], server: ['storage'] } }]);
  assert.equal(problems.length, 3, problems.join('\n'));
  assert.ok(problems.some((p) => /storage\/s\.ts: layer "storage" may not import "server"/.test(p)));
  assert.ok(problems.some((p) => /extra\/x\.ts: module "extra" has no layer/.test(p)));
  assert.ok(problems.some((p) => /extra\/x\.ts: "\.\.\/\.\.\/test\/t\.js" leaves/.test(p)));
});

test('a cycle between workspace packages is found', () => {
  const one = fixture({ 'src/index.ts': `import { b } from '@fx/two';\nexport const a = b;` });
  const two = fixture({ 'src/index.ts': `export { a } from '@fx/one/sub';\nexport const b = 1;` });
  const problems = checkPackages([{ name: '@fx/one', dir: one }, { name: '@fx/two', dir: two }]);
  assert.deepEqual(problems, ['package cycle: @fx/one → @fx/two']);
});
