/**
 * Renders docs/providers.md from the provider registry (names, hosts) and PROVIDER_DOCS, so the table cannot drift
 * from what the SDK tracks (`npm run docs:providers -w llmobserve` rewrites it; a test checks the committed file
 * equals the output).
 */
import { allAdapters } from './registry.js';

/** One row of docs/providers.md: an operation of a provider and how it is priced. */
export interface ProviderDoc {
  operation: string;
  endpoint: string;
  streaming: boolean;
  priced: string;
}

/** The OpenAI-compatible hosts (compatible.ts): chat and embeddings in OpenAI's format, with a note of their own. */
function chatDocs(note: string): ProviderDoc[] {
  return [
    { operation: 'chat.completions.create', endpoint: 'chat.completions', streaming: true, priced: `tokens (genai-prices)${note}` },
    { operation: 'embeddings.create', endpoint: 'embeddings', streaming: false, priced: 'input tokens (genai-prices)' },
  ];
}

/**
 * What each provider's adapter tracks and how it is priced, one row per operation, keyed by the adapter's name. Kept
 * here, beside the generator, and not on the adapters: it is documentation, not something the SDK needs at run time
 * (the bundle does not carry it). A test checks that every registered adapter has rows and every row names one.
 */
export const PROVIDER_DOCS: Readonly<Record<string, readonly ProviderDoc[]>> = {
  openai: [
    { operation: 'chat.completions.create', endpoint: 'chat.completions', streaming: true, priced: 'tokens (genai-prices): input, cached input, output (reasoning included); audio tokens in and out (gpt-audio) at their own rates' },
    { operation: 'responses.create', endpoint: 'responses', streaming: true, priced: 'tokens (genai-prices): input, cached input, output (reasoning included)' },
    { operation: 'embeddings.create', endpoint: 'embeddings', streaming: false, priced: 'input tokens (genai-prices)' },
    { operation: 'images.generate', endpoint: 'images.generations', streaming: false, priced: 'gpt-image-*: tokens (genai-prices), image input and output at their own rates; DALL·E: per image by model, size and quality (unit images_<size>_<quality> = n), overlay' },
    { operation: 'images.edit', endpoint: 'images.edits', streaming: false, priced: 'gpt-image-*: tokens (genai-prices), input images at the image input rate (token_details.input_image_tokens); DALL·E 2: unit images_<size>_<quality> (no overlay price: the model is removed)' },
    { operation: 'audio.transcriptions.create', endpoint: 'audio.transcriptions', streaming: false, priced: 'audio_seconds (response duration / usage.seconds; else estimated from the file size), overlay' },
    { operation: 'audio.translations.create', endpoint: 'audio.translations', streaming: false, priced: 'audio_seconds (response duration / usage.seconds; else estimated from the file size), overlay' },
    { operation: 'audio.speech.create', endpoint: 'audio.speech', streaming: false, priced: 'characters of the input, overlay' },
    { operation: 'moderations.create', endpoint: 'moderations', streaming: false, priced: 'free (requests at $0, overlay)' },
    { operation: 'batches.create', endpoint: 'batches.create', streaming: false, priced: 'free ($0, no usage)' },
    { operation: 'files.content (a batch output or error file)', endpoint: 'batch', streaming: false, priced: 'one event per request of the batch, with the usage of its result, tokens (genai-prices) at the 50 % batch discount (overlay); failed requests $0; stored once however often the file is read' },
  ],
  anthropic: [
    { operation: 'messages.create', endpoint: 'messages', streaming: true, priced: 'tokens (genai-prices): input, cache write (5-minute and 1-hour at their own rates), cache read, output (thinking included); web_search_requests as a unit' },
    { operation: 'messages.stream', endpoint: 'messages', streaming: true, priced: 'as messages.create (usage from message_start + message_delta)' },
    { operation: 'messages.countTokens', endpoint: 'messages.count_tokens', streaming: false, priced: 'free ($0, no usage)' },
    { operation: 'messages.batches.create', endpoint: 'messages.batches.create', streaming: false, priced: 'free ($0, no usage)' },
    { operation: 'messages.batches.results', endpoint: 'messages.batches', streaming: false, priced: 'one event per request of the batch, with the usage of its result, tokens (genai-prices, cache included) at the 50 % batch discount (overlay); errored, canceled and expired requests $0; stored once however often the results are read' },
  ],
  google: [
    { operation: 'models.generateContent', endpoint: 'generateContent', streaming: false, priced: 'tokens (genai-prices): prompt (cached content at the cache rate), output = candidates + thoughts; long-context tiers' },
    { operation: 'models.generateContentStream', endpoint: 'streamGenerateContent', streaming: true, priced: 'as generateContent (last cumulative usageMetadata)' },
    { operation: 'models.embedContent', endpoint: 'embedContent / batchEmbedContents', streaming: false, priced: 'input tokens (genai-prices); estimated from the input when the response has no usage' },
    { operation: 'models.countTokens', endpoint: 'countTokens', streaming: false, priced: 'free ($0, no usage)' },
  ],
  mistral: [
    { operation: 'chat.complete / chat.stream', endpoint: 'chat.completions', streaming: true, priced: 'tokens (genai-prices): prompt_tokens, completion_tokens (stream: usage of the last chunk)' },
    { operation: 'fim.complete / fim.stream', endpoint: 'fim.completions', streaming: true, priced: 'tokens (genai-prices), as chat' },
    { operation: 'embeddings.create', endpoint: 'embeddings', streaming: false, priced: 'input tokens (genai-prices)' },
  ],
  cohere: [
    { operation: 'chat / chatStream (v2 and v1)', endpoint: 'chat', streaming: true, priced: 'tokens (genai-prices): billed_units input/output (else tokens); v2 stream (SSE): usage of message-end; v1 stream (JSON lines): meta of stream-end' },
    { operation: 'embed', endpoint: 'embed', streaming: false, priced: 'input tokens (genai-prices): meta.billed_units.input_tokens' },
    { operation: 'rerank', endpoint: 'rerank', streaming: false, priced: 'units {search_units} (meta.billed_units.search_units) by the overlay' },
  ],
  voyage: [
    { operation: 'embed', endpoint: 'embeddings', streaming: false, priced: 'input tokens (genai-prices): usage.total_tokens' },
    { operation: 'rerank', endpoint: 'rerank', streaming: false, priced: 'usage.total_tokens recorded as input tokens; unpriced (genai-prices has no Voyage rerank model): set a custom price' },
  ],
  pinecone: [
    { operation: 'index.query', endpoint: 'query', streaming: false, priced: 'read_units as reported (usage.readUnits), overlay by plan' },
    { operation: 'index.upsert', endpoint: 'upsert', streaming: false, priced: 'write_units estimated from the request (no response reports them): 1 per KB of records (id, values, sparse values, metadata), minimum 5; overlay by plan' },
    { operation: 'index.fetch', endpoint: 'fetch', streaming: false, priced: 'read_units as reported (usage.readUnits), overlay by plan' },
    { operation: 'index.update', endpoint: 'update', streaming: false, priced: 'write_units estimated from the request: 1 per KB of the new and (same-size) existing record, minimum 5; overlay by plan' },
    { operation: 'index.deleteOne/deleteMany/deleteAll', endpoint: 'delete', streaming: false, priced: 'write_units = 5 (the per-request minimum; the size of the deleted records is unknown to the client), estimated; overlay by plan' },
    { operation: 'index.listPaginated', endpoint: 'list', streaming: false, priced: 'read_units as reported (usage.readUnits), overlay by plan' },
    { operation: 'index.describeIndexStats', endpoint: 'describe_index_stats', streaming: false, priced: 'free ($0, no usage)' },
    { operation: 'inference.embed', endpoint: 'inference.embed', streaming: false, priced: 'embed_tokens (usage.total_tokens) by model, overlay' },
    { operation: 'inference.rerank', endpoint: 'inference.rerank', streaming: false, priced: 'rerank_units (usage.rerank_units) by model, overlay' },
  ],
  ...Object.fromEntries(
    (
      [
        ['groq', ''],
        ['together', ''],
        ['deepseek', ': cache hit tokens at the cache rate, misses at the input rate'],
        ['fireworks', ''],
        ['perplexity', ''],
        ['xai', ''],
        ['openrouter', '; the cost OpenRouter reports (usage.cost) is kept'],
        ['azure', '; model from the response (deployment URLs)'],
      ] as const
    ).map(([name, note]) => [name, chatDocs(note)]),
  ),
};

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
    for (const d of PROVIDER_DOCS[a.name] ?? []) {
      lines.push(`| ${a.name} | ${esc(hosts)} | \`${esc(d.operation)}\` | \`${esc(d.endpoint)}\` | ${d.streaming ? 'yes' : 'no'} | ${esc(d.priced)} |`);
    }
  }
  lines.push('', '| manual | any | `track()` | as given | no | units by the overlay or custom prices; else the given `costUsd` (`manual`); else unpriced |', '');
  return lines.join('\n');
}
