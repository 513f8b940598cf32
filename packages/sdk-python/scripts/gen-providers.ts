/**
 * Generates src/llmobserve/providers/providers.json from the TypeScript SDK's provider registry, so that both SDKs
 * recognise the same hosts and endpoints: one table, two languages. The endpoint rules are derived from the TS
 * matchers themselves (each probe below is asked to `matchEndpoint`), not copied by hand.
 *
 *   node --import tsx packages/sdk-python/scripts/gen-providers.ts           # writes the JSON
 *   node --import tsx packages/sdk-python/scripts/gen-providers.ts --check   # exits 1 if the JSON is stale (tests)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { anthropic } from '../../sdk/src/providers/anthropic.js';
import { openai } from '../../sdk/src/providers/openai.js';
import { pinecone } from '../../sdk/src/providers/pinecone.js';
import { allAdapters } from '../../sdk/src/providers/registry.js';
import type { ProviderAdapter } from '../../sdk/src/providers/types.js';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '../src/llmobserve/providers/providers.json');

/** Every request path any adapter knows, as (method, path); the matchers say which are whose. */
const PROBES: ReadonlyArray<readonly [string, string]> = [
  ...[
    '/v1/chat/completions', '/v1/responses', '/v1/embeddings', '/v1/images/generations', '/v1/images/edits',
    '/v1/audio/transcriptions', '/v1/audio/translations', '/v1/audio/speech', '/v1/moderations', '/v1/batches',
    '/v1/fim/completions', '/v1/messages', '/v1/messages/count_tokens', '/v1/messages/batches',
    '/query', '/vectors/upsert', '/vectors/update', '/vectors/delete', '/describe_index_stats', '/embed', '/rerank',
    '/v2/chat', '/v1/chat', '/v2/embed', '/v1/embed', '/v2/rerank', '/v1/rerank', '/v1/multimodalembeddings',
    ...['generateContent', 'streamGenerateContent', 'embedContent', 'batchEmbedContents', 'countTokens'].map(
      (verb) => `/v1beta/models/gemini-2.5-flash:${verb}`,
    ),
  ].map((p) => ['POST', p] as const),
  ...['/vectors/fetch', '/vectors/list', '/describe_index_stats'].map((p) => ['GET', p] as const),
];

/** The wire format the Python SDK parses an adapter's bodies with (its module in llmobserve/providers/). */
function wireOf(a: ProviderAdapter): string {
  if (a === anthropic) return 'anthropic';
  if (a === pinecone) return 'pinecone';
  // OpenAI and the OpenAI-compatible hosts (same parsers; Mistral's are OpenAI's with FIM read as chat)
  if (a.summarizeRequest === openai.summarizeRequest || a.summarizeStream === openai.summarizeStream || a.name === 'mistral') return 'openai';
  return a.name; // a wire format only the TypeScript SDK reads for now
}

/** Whether the adapter keeps a cost the provider reports in `usage.cost` (OpenRouter). */
function reportsCost(a: ProviderAdapter): boolean {
  const s = a.summarizeJson('chat.completions', { usage: { prompt_tokens: 1, completion_tokens: 1, cost: 0.25 } });
  return s.costUsd === 0.25;
}

interface Rule {
  method: string;
  /**
   * `suffix`: the path ends with `path` (proxies may prefix it); `exact`: the path is `path`; `method`: the path ends
   * with `path` (`:generateContent`) after a model name, which is the call's model (`/models/<model>:generateContent`)
   */
  match: 'suffix' | 'exact' | 'method';
  path: string;
  endpoint: string;
  span_type: string;
}

/** The shortest path suffix the adapter matches (with any prefix) as it matches `path`, or null (exact paths). */
function shortestSuffix(a: ProviderAdapter, method: string, path: string, endpoint: string): string | null {
  const segments = path.split('/').filter((x) => x !== '');
  for (let k = 1; k <= segments.length; k++) {
    const cand = '/' + segments.slice(-k).join('/');
    const same = (p: string) => a.matchEndpoint(method, p)?.endpoint === endpoint;
    if (same(cand) && same(`/some/proxy${cand}`)) return cand;
  }
  return null;
}

function rulesOf(a: ProviderAdapter): Rule[] {
  const rules = new Map<string, Rule>();
  for (const [method, path] of PROBES) {
    const m = a.matchEndpoint(method, path);
    if (!m) continue;
    const colon = path.lastIndexOf(':');
    if (colon !== -1) {
      const verb = path.slice(colon);
      const other = a.matchEndpoint(method, `/v9/models/some-model${verb}`);
      if (m.model !== undefined && other?.endpoint === m.endpoint && other.model === 'some-model') {
        const rule: Rule = { method, match: 'method', path: verb, endpoint: m.endpoint, span_type: m.spanType };
        rules.set(`${rule.method} ${rule.match} ${rule.path}`, rule);
        continue;
      }
    }
    const suffix = shortestSuffix(a, method, path, m.endpoint);
    const rule: Rule = { method, match: suffix ? 'suffix' : 'exact', path: suffix ?? path, endpoint: m.endpoint, span_type: m.spanType };
    rules.set(`${rule.method} ${rule.match} ${rule.path}`, rule);
  }
  // longest paths first, so that `/messages/count_tokens` wins over `/messages`
  return [...rules.values()].sort((x, y) => y.path.length - x.path.length || x.path.localeCompare(y.path) || x.method.localeCompare(y.method));
}

export function generate(): string {
  const providers = allAdapters().map((a) => ({
    name: a.name,
    wire: wireOf(a),
    origins: [...a.origins],
    host_suffixes: [...(a.hostSuffixes ?? [])],
    reports_cost: reportsCost(a),
    endpoints: rulesOf(a),
  }));
  const doc = {
    $comment: 'Generated by packages/sdk-python/scripts/gen-providers.ts from packages/sdk/src/providers (do not edit).',
    providers,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

const text = generate();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(OUT, 'utf8');
  } catch {
    // missing: stale
  }
  if (current !== text) {
    process.stderr.write(`${OUT} is stale: run node --import tsx packages/sdk-python/scripts/gen-providers.ts\n`);
    process.exit(1);
  }
  process.stdout.write('providers.json is up to date\n');
} else {
  writeFileSync(OUT, text);
  process.stdout.write(`wrote ${OUT}\n`);
}
