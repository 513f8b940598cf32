/** Writes docs/providers.md from the provider registry. Run: npm run docs:providers -w llmobserve */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderProvidersDoc } from '../src/providers/docs.js';

export const PROVIDERS_DOC = resolve(dirname(fileURLToPath(import.meta.url)), '../../../docs/providers.md');

writeFileSync(PROVIDERS_DOC, renderProvidersDoc());
console.log(`wrote ${PROVIDERS_DOC}`);
