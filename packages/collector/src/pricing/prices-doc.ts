/**
 * Renders docs/prices.md from the price overlay (unit-prices.ts), so the published table of non-token prices, their
 * sources and the dates they were checked cannot drift from what the collector charges
 * (`npm run docs:prices -w @llmobserve/collector` rewrites it; a test checks the committed file equals the output).
 */
import { GENAI_PRICES_VERSION } from './token-prices.js';
import { TOKEN_DISCOUNTS, UNIT_PRICES, UNIT_PRICES_VERSION, type UnitPriceEntry } from './unit-prices.js';

const esc = (s: string) => s.replace(/\|/g, '\\|');

/** A price per unit, as a person reads it: audio per minute, tiny prices per 1M, small ones per 1,000. */
export function humanPrice(usd: number, unit = ''): string {
  if (usd === 0) return 'free';
  const fmt = (n: number) => `$${Number(n.toPrecision(6))}`;
  if (unit === 'audio_seconds') return `${fmt(usd * 60)} per minute`;
  if (usd < 0.001) return `${fmt(usd * 1e6)} per 1M`;
  if (usd < 0.01) return `${fmt(usd * 1000)} per 1,000`;
  return `${fmt(usd)} each`;
}

function plan(e: UnitPriceEntry): string {
  if (e.plan === undefined) return '';
  return e.default_plan ? `${e.plan} (default)` : e.plan;
}

export function renderPricesDoc(): string {
  const lines = [
    '# Prices',
    '',
    '<!-- Generated from packages/collector/src/pricing/unit-prices.ts by `npm run docs:prices -w @llmobserve/collector`. Do not edit. -->',
    '',
    `Tokens are priced with \`@pydantic/genai-prices\` ${GENAI_PRICES_VERSION} (about 1,700 models, long-context tiers, cache`,
    'reads, 5-minute / 1-hour cache writes, and audio, image and video tokens where a model has rates of its own).',
    'What it does not price comes from our versioned overlay below',
    `(version \`${UNIT_PRICES_VERSION}\`, recorded in each event's \`cost_source\`). A tenant's custom prices (\`PUT /prices\`)`,
    'win over both. A unit without a price leaves its event `unpriced`, never a silent $0.',
    '',
    '## Discounts on token prices',
    '',
    '| provider | endpoint | multiplier | source | checked |',
    '| --- | --- | --- | --- | --- |',
    ...TOKEN_DISCOUNTS.map((d) => `| ${d.provider} | \`${d.endpoint}\` | ×${d.token_multiplier} | ${d.source_url} | ${d.checked_on} |`),
    '',
    '## Non-token units',
    '',
    'Plans: `LLMOBSERVE_PRICE_PLANS="pinecone=enterprise"` (default: the plan marked default).',
    '',
    '| provider | endpoint | model | plan | unit | price | source | checked | note |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const e of UNIT_PRICES) {
    lines.push(
      `| ${e.provider} | ${e.endpoint ? `\`${e.endpoint}\`` : 'any'} | ${e.model ? `\`${esc(e.model)}\`` : 'any'} | ${plan(e)} | \`${e.unit}\` | ` +
        `${humanPrice(e.usd_per_unit, e.unit)} | ${e.source_url} | ${e.checked_on} | ${esc(e.note ?? '')} |`,
    );
  }
  lines.push('');
  return lines.join('\n');
}
