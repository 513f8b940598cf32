/** Writes docs/prices.md from the price overlay. Run: npm run docs:prices -w @llmobserve/collector */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderPricesDoc } from '../src/pricing/prices-doc.js';

const DOC = resolve(dirname(fileURLToPath(import.meta.url)), '../../../docs/prices.md');
writeFileSync(DOC, renderPricesDoc());
console.log(`wrote ${DOC}`);
