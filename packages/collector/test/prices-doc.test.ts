/** docs/prices.md is generated from the overlay: it must equal the generator's output and list every entry. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { humanPrice, renderPricesDoc } from '../src/pricing/prices-doc.js';
import { UNIT_PRICES, UNIT_PRICES_VERSION } from '../src/pricing/unit-prices.js';

const DOC = resolve(dirname(fileURLToPath(import.meta.url)), '../../../docs/prices.md');

it('docs/prices.md equals the output of the generator (run `npm run docs:prices -w @llmobserve/collector`)', () => {
  assert.equal(readFileSync(DOC, 'utf8'), renderPricesDoc());
});

it('lists every overlay entry with its source and date, and the overlay version', () => {
  const doc = renderPricesDoc();
  const rows = doc.split('\n').filter((l) => /^\| (pinecone|openai|anthropic|cohere) \| [^|]+ \| [^|]+ \| [^|]* \| `/.test(l));
  assert.equal(rows.length, UNIT_PRICES.length);
  for (const e of UNIT_PRICES) assert.match(e.checked_on, /^\d{4}-\d{2}-\d{2}$/);
  assert.ok(doc.includes(`\`${UNIT_PRICES_VERSION}\``));
});

it('prices read as a person would: per minute, per 1M, per 1,000, each, free', () => {
  assert.equal(humanPrice(0.006 / 60, 'audio_seconds'), '$0.006 per minute');
  assert.equal(humanPrice(16 / 1e6), '$16 per 1M');
  assert.equal(humanPrice(2 / 1000), '$2 per 1,000');
  assert.equal(humanPrice(0.04), '$0.04 each');
  assert.equal(humanPrice(0), 'free');
});
