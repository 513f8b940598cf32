/**
 * Renders docs/providers.md from the provider registry, so the table cannot drift from what the SDK tracks
 * (`npm run docs:providers -w llmobserve` rewrites it; a test checks the committed file equals the output).
 */
import { allAdapters } from './registry.js';

const esc = (s: string) => s.replace(/\|/g, '\\|');

export function renderProvidersDoc(): string {
  const lines = [
    '# Providers',
    '',
    '<!-- Generated from packages/sdk/src/providers (the registry) by `npm run docs:providers -w llmobserve`. Do not edit. -->',
    '',
    'Calls to these providers are tracked by `observe()` when they go to the listed hosts, or to any base URL mapped',
    'to the provider with `observe({ providers: { "<base url>": "<provider>" } })`. Usage is normalised to the',
    'canonical convention (input includes cached tokens, output includes reasoning tokens) and priced by the',
    'collector: tokens with `@pydantic/genai-prices`, non-token units with our price overlay',
    '(`packages/collector/src/pricing/unit-prices.ts`), tenant custom prices first. Streams that end without usage',
    'are recorded with an estimated usage (`usage_estimated: true`). Any other API: `track({ provider, endpoint, units, costUsd })`.',
    '',
    '| provider | hosts | operation | endpoint | streaming | what is priced and how |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const a of allAdapters()) {
    const hosts = [...a.origins.map((o) => o.replace(/^https:\/\//, '')), ...(a.hostSuffixes ?? []).map((s) => `*${s}`)].join(', ') || '(mapped base URLs)';
    for (const d of a.docs ?? []) {
      lines.push(`| ${a.name} | ${esc(hosts)} | \`${esc(d.operation)}\` | \`${esc(d.endpoint)}\` | ${d.streaming ? 'yes' : 'no'} | ${esc(d.priced)} |`);
    }
  }
  lines.push('', '| manual | any | `track()` | as given | no | units by the overlay or custom prices; else the given `costUsd` (`manual`); else unpriced |', '');
  return lines.join('\n');
}
