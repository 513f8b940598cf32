/** docs/providers.md is generated from the provider registry: the committed file must equal the generated one. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { renderProvidersDoc } from '../src/providers/docs.js';
import { allAdapters } from '../src/providers/registry.js';

const DOC = resolve(dirname(fileURLToPath(import.meta.url)), '../../../docs/providers.md');

it('docs/providers.md equals the output of the generator (run `npm run docs:providers -w llmobserve`)', () => {
  assert.equal(readFileSync(DOC, 'utf8'), renderProvidersDoc());
});

it('every registered provider appears in the table', () => {
  const doc = renderProvidersDoc();
  for (const a of allAdapters()) assert.match(doc, new RegExp(`^\\| ${a.name} \\|`, 'm'), a.name);
});
