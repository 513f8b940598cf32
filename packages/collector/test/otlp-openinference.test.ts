// @storage sqlite,postgres
/**
 * OpenInference's OpenAI instrumentation (@arizeai/openinference-instrumentation-openai) on the official `openai`
 * client, exporting with the OTLP exporter to a real collector. Its own file (its own process): instrumentations
 * patch the shared `openai` classes, and the other emitter tests install OpenLLMetry's on them. The last case installs
 * OpenLLMetry's too, as an app with two instrumentations might: each request is still priced once.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OpenAIInstrumentation as OpenInference } from '@arizeai/openinference-instrumentation-openai';
import { OpenAIInstrumentation as OpenLLMetry } from '@traceloop/instrumentation-openai';
import OpenAI from 'openai';
import { close, gpt4oMiniCost, STORAGE } from './helpers/collector.js';
import { calls, mockUsage, startOtelHarness, type OtelHarness } from './helpers/otel.js';

describe(`OTLP receiver with OpenInference (${STORAGE})`, () => {
  let h: OtelHarness;
  let client: OpenAI;
  before(async () => {
    h = await startOtelHarness();
    const instrumentation = new OpenInference();
    instrumentation.setTracerProvider(h.provider);
    instrumentation.manuallyInstrument(OpenAI);
    client = new OpenAI({
      apiKey: 'sk-test', baseURL: h.openai.baseURL, timeout: 10_000, maxRetries: 0,
      defaultHeaders: mockUsage({ prompt_tokens: 1000, completion_tokens: 50, cached_tokens: 400, reasoning_tokens: 10 }),
    });
  });
  after(async () => {
    await h?.stop();
  });

  const work = async () => {
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    await client.responses.create({ model: 'gpt-4o-mini', input: 'hi' });
  };

  it('llm.token_count.* with the cached and reasoning parts: chat and responses priced', async () => {
    const { events } = await h.traced('proto', { 'llmobserve.customer_id': 'oi-co' }, work);
    const llm = calls(events);
    assert.equal(llm.length, 2, JSON.stringify(events.map((e) => [e.span_type, e.metadata])));
    for (const call of llm) {
      assert.equal(call.metadata.otel_scope, '@arizeai/openinference-instrumentation-openai');
      assert.deepEqual([call.provider, call.model, call.customer_id], ['openai', 'gpt-4o-mini-2024-07-18', 'oi-co']);
      assert.deepEqual([call.input_tokens, call.cache_read_tokens, call.output_tokens, call.reasoning_tokens], [1000, 400, 50, 10]);
      assert.ok(close(call.cost_usd!, gpt4oMiniCost(1000, 50, 400)), `cost ${call.cost_usd}`);
    }
  });

  it('with OpenLLMetry installed too: each request is still one priced call', async () => {
    const second = new OpenLLMetry({ traceContent: false, enrichTokens: false });
    second.setTracerProvider(h.provider);
    second.manuallyInstrument(OpenAI);
    const { events } = await h.traced('json', {}, work);
    const llm = calls(events);
    // Whether the second instrumentation's span wraps the first's (the outer becomes a section) or replaces it,
    // two requests are two priced calls.
    assert.equal(llm.length, 2, JSON.stringify(events.map((e) => [e.span_type, e.metadata])));
    for (const call of llm) assert.equal(call.cost_status, 'priced');
  });
});
