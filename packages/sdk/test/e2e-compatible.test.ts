// @storage sqlite
/**
 * End to end: OpenAI-compatible hosts through the official `openai` client (and `AzureOpenAI`), each mock server
 * mapped to a host's provider name with `observe({ providers })`, into a real collector; plus `track()` manual
 * events priced by the collector's overlay.
 *
 * Prices: deepseek-chat $0.27/M input (cache miss), $0.07/M cache hit, $1.10/M output (genai-prices); Azure gpt-4o
 * $2.50/M input, $10/M output; Pinecone standard plan $16 per million read units (our overlay).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI, { AzureOpenAI } from 'openai';
import { startMockOpenAI, type MockOpenAI } from '@llmobserve/mock-providers';
import { observe, section, setCustomerId, shutdown, track } from '../src/index.js';
import { startCollectorProcess, type CollectorProcess } from './helpers/collector-process.js';
import { storedRunEvents } from './helpers/provider-e2e.js';

let collector: CollectorProcess;
let deepseekMock: MockOpenAI;
let openrouterMock: MockOpenAI;
let azureMock: MockOpenAI;

const M = 1e6;
const close = (actual: unknown, expected: number, what: string) => {
  assert.equal(typeof actual, 'number', `${what} is a number`);
  assert.ok(Math.abs((actual as number) - expected) < 1e-12, `${what}: ${actual} != ${expected}`);
};
const headers = (usage: object, extra?: object) => ({
  headers: { 'x-mock-usage': JSON.stringify(usage), ...(extra ? { 'x-mock-usage-extra': JSON.stringify(extra) } : {}) },
});

before(async () => {
  [collector, deepseekMock, openrouterMock, azureMock] = await Promise.all([startCollectorProcess(), startMockOpenAI(), startMockOpenAI(), startMockOpenAI()]);
  observe({
    collectorUrl: collector.url,
    tenantId: 'acme_corp',
    providers: { [deepseekMock.url]: 'deepseek', [openrouterMock.url]: 'openrouter', [azureMock.url]: 'azure' },
    flushIntervalMs: 50,
  });
});

after(async () => {
  await shutdown({ timeoutMs: 5000 });
  await Promise.all([deepseekMock.close(), openrouterMock.close(), azureMock.close()]);
  await collector.stop();
});

const runEvents = (fn: () => Promise<void>) => storedRunEvents(collector, 'acme_corp', fn);

describe('OpenAI-compatible hosts into the real collector', () => {
  it('DeepSeek: cache hit tokens stored as cache reads and priced at the cache rate (plain and streamed)', async () => {
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: deepseekMock.baseURL, maxRetries: 0 });
    const events = await runEvents(async () => {
      await client.chat.completions.create(
        { model: 'deepseek-chat', messages: [{ role: 'user', content: 'hi' }] },
        headers({ prompt_tokens: 10_000, completion_tokens: 1000 }, { prompt_cache_hit_tokens: 6000, prompt_cache_miss_tokens: 4000, prompt_tokens_details: null }),
      );
      const s = await client.chat.completions.create(
        { model: 'deepseek-chat', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] },
        headers({ prompt_tokens: 10_000, completion_tokens: 1000 }, { prompt_cache_hit_tokens: 6000, prompt_cache_miss_tokens: 4000, prompt_tokens_details: null }),
      );
      for await (const _ of s) {
        /* consume */
      }
    });
    assert.equal(events.length, 2);
    for (const e of events) {
      assert.deepEqual([e.provider, e.model, e.input_tokens, e.cache_read_tokens, e.output_tokens, e.usage_estimated], ['deepseek', 'deepseek-chat', 10_000, 6000, 1000, false]);
      // DeepSeek's off-peak discount (50 % from 16:30 to 00:30 UTC) applies by the call's start time
      const t = new Date(e.started_at);
      const minutes = t.getUTCHours() * 60 + t.getUTCMinutes();
      const offPeak = minutes >= 16 * 60 + 30 || minutes < 30;
      close(e.cost_usd, ((4000 * 0.27 + 6000 * 0.07 + 1000 * 1.1) / M) * (offPeak ? 0.5 : 1), 'deepseek cost');
      assert.equal(e.cost_status, 'priced');
    }
    assert.deepEqual(events.map((e) => e.is_streaming).sort(), [false, true]);
  });

  it('OpenRouter: the cost it reports is kept (cost_source provider), plain and streamed', async () => {
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: openrouterMock.baseURL, maxRetries: 0 });
    const events = await runEvents(async () => {
      await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }, headers({ prompt_tokens: 100, completion_tokens: 10 }, { cost: 0.0123 }));
      const s = await client.chat.completions.create(
        { model: 'openai/gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] },
        headers({ prompt_tokens: 100, completion_tokens: 10 }, { cost: 0.0456 }),
      );
      for await (const _ of s) {
        /* consume */
      }
    });
    const costs = events.map((e) => [e.provider, e.cost_usd, e.cost_status, e.cost_source]).sort((a, b) => (a[1] as number) - (b[1] as number));
    assert.deepEqual(costs, [['openrouter', 0.0123, 'reported', 'provider'], ['openrouter', 0.0456, 'reported', 'provider']]);
  });

  it('Azure OpenAI: deployment URL, model from the response, priced with Azure prices', async () => {
    const client = new AzureOpenAI({ apiKey: 'k', endpoint: azureMock.url, apiVersion: '2024-10-21', deployment: 'my-gpt4o', maxRetries: 0 });
    const events = await runEvents(async () => {
      await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }, headers({ prompt_tokens: 1000, completion_tokens: 100 }));
    });
    const e = events[0]!;
    assert.match(azureMock.requests.at(-1)!.path, /^\/openai\/deployments\/my-gpt4o\/chat\/completions/);
    assert.deepEqual([e.provider, e.endpoint, e.model, e.input_tokens, e.output_tokens], ['azure', 'chat.completions', 'gpt-4o-2024-08-06', 1000, 100]);
    close(e.cost_usd, (1000 * 2.5 + 100 * 10) / M, 'azure cost');
  });
});

describe('track(): manual events for any other API', () => {
  it('records units, costs and attribution in the current context; the collector prices or keeps them', async () => {
    const events = await runEvents(async () => {
      setCustomerId('customer_bob');
      await section('billing', async () => {
        track({ provider: 'stripe', endpoint: 'charge_fee', costUsd: 0.59, metadata: { charge: 'ch_1' } });
        track({ provider: 'pinecone', endpoint: 'query', spanType: 'vector', units: { read_units: 1000 } });
        track({ provider: 'twilio', endpoint: 'calls', units: { minutes: 3 } });
      });
      assert.equal(track({ provider: '', endpoint: 'x' }), null);
    });
    const by = (p: string) => events.find((e) => e.provider === p)!;
    const sec = events.find((e) => e.span_type === 'section')!;
    for (const p of ['stripe', 'pinecone', 'twilio']) {
      assert.equal(by(p).customer_id, 'customer_bob');
      assert.equal(by(p).parent_span_id, sec.span_id);
      assert.equal(by(p).section_path, 'billing');
    }
    assert.deepEqual([by('stripe').span_type, by('stripe').cost_usd, by('stripe').cost_status, by('stripe').cost_source], ['api', 0.59, 'reported', 'manual']);
    assert.deepEqual([by('pinecone').span_type, by('pinecone').cost_status], ['vector', 'priced']);
    close(by('pinecone').cost_usd, (1000 * 16) / M, 'pinecone overlay cost');
    assert.match(by('pinecone').cost_source, /^overlay@/);
    assert.deepEqual([by('twilio').cost_usd, by('twilio').cost_status], [null, 'unpriced']);
    assert.equal(events.length, 4);
  });
});
