// @storage sqlite,postgres
/**
 * POST /v1/traces fed by the real emitters, not by hand-written payloads: the OpenTelemetry JS SDK with its OTLP
 * exporters (protobuf and JSON), OpenLLMetry's OpenAI instrumentation (@traceloop/instrumentation-openai) on the
 * official `openai` client, and the Vercel AI SDK (`ai` with @ai-sdk/otel, legacy `ai.*` spans and GenAI-semconv
 * spans) on @ai-sdk/openai and @ai-sdk/anthropic — all against the local mock providers and a real collector process.
 * The tests assert the stored events (tree, customer, section, usage by our convention) and their costs.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { context, propagation } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { OpenAIInstrumentation } from '@traceloop/instrumentation-openai';
import OpenAI from 'openai';
import { AnthropicInstrumentation } from '@traceloop/instrumentation-anthropic';
// OpenLLMetry 0.27's Anthropic instrumentation patches Anthropic.Completions, which @anthropic-ai/sdk 1.x removed: 0.x.
import * as AnthropicV0 from 'anthropic-sdk-v0';
import { generateText as generateTextV5, streamText as streamTextV5 } from 'ai-v5';
import { createAnthropic as createAnthropicV2 } from 'ai-sdk-anthropic-v2';
import { createOpenAI as createOpenAIV2 } from 'ai-sdk-openai-v2';
import { generateText, streamText, embed } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { createAnthropic } from '@ai-sdk/anthropic';
import { LegacyOpenTelemetry, OpenTelemetry } from '@ai-sdk/otel';
import { close, gpt4oMiniCost, request, STORAGE } from './helpers/collector.js';
import { calls, mockUsage as headers, startOtelHarness, type OtelHarness, type StoredEvent } from './helpers/otel.js';

describe(`OTLP receiver with real emitters (${STORAGE})`, () => {
  let h: OtelHarness;
  before(async () => {
    h = await startOtelHarness();
  });
  after(async () => {
    await h?.stop();
  });
  const traced: OtelHarness['traced'] = (...args) => h.traced(...args);

  it('OpenTelemetry SDK, protobuf and JSON exporters: GenAI semconv spans are stored once, priced, in their tree', async () => {
    for (const kind of ['proto', 'json'] as const) {
      const { traceId, events } = await traced(kind, { 'enduser.id': `cust-${kind}`, 'llmobserve.section': 'support-bot' }, async () => {
        await h.tracer.startActiveSpan('retrieve context', async (child) => {
          const span = h.tracer.startSpan('chat gpt-4o-mini', {
            attributes: {
              'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini',
              'gen_ai.response.model': 'gpt-4o-mini-2024-07-18', 'gen_ai.usage.input_tokens': 1200, 'gen_ai.usage.output_tokens': 300,
              'gen_ai.usage.cache_read.input_tokens': 200,
            },
          });
          span.end();
          child.end();
        });
      });
      assert.equal(events.length, 3, `${kind}: root, child and the call`);
      const [call] = calls(events);
      assert.ok(call, `${kind}: one call`);
      assert.equal(call.customer_id, `cust-${kind}`);
      assert.equal(call.section_path, 'support-bot/retrieve context');
      assert.equal(call.section, 'retrieve context');
      assert.equal(call.provider, 'openai');
      assert.equal(call.model, 'gpt-4o-mini-2024-07-18');
      assert.deepEqual([call.input_tokens, call.output_tokens, call.cache_read_tokens], [1200, 300, 200]);
      assert.ok(close(call.cost_usd!, gpt4oMiniCost(1200, 300, 200)), `${kind}: cost ${call.cost_usd}`);
      const root = events.find((e) => e.parent_span_id === null)!;
      assert.equal(root.span_type, 'section');
      assert.equal(root.section, 'support-bot');
      assert.equal(events.find((e) => e.span_id === call.parent_span_id)?.section, 'retrieve context', `${kind}: tree kept`);
      assert.ok(traceId.length === 32);
    }
  });

  it('OpenLLMetry (@traceloop/instrumentation-openai) on the official openai client: chat and stream, priced', async () => {
    const instrumentation = new OpenAIInstrumentation({ traceContent: false, enrichTokens: false });
    instrumentation.setTracerProvider(h.provider);
    instrumentation.manuallyInstrument(OpenAI);
    const client = new OpenAI({
      apiKey: 'sk-test', baseURL: h.openai.baseURL, timeout: 10_000, maxRetries: 0,
      defaultHeaders: { 'x-mock-usage': JSON.stringify({ prompt_tokens: 800, completion_tokens: 120, cached_tokens: 300 }) },
    });
    const { events } = await traced('proto', { 'llmobserve.customer_id': 'acme' }, async () => {
      await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
      const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } });
      for await (const _chunk of stream) { /* drain */ }
    });
    const llm = calls(events);
    assert.equal(llm.length, 2, JSON.stringify(events.map((e) => [e.span_type, e.metadata])));
    for (const call of llm) {
      assert.equal(call.provider, 'openai');
      assert.match(call.model!, /^gpt-4o-mini/);
      assert.equal(call.customer_id, 'acme');
    }
    const [plain, streamed] = [llm.find((e) => e.input_tokens > 0)!, llm.find((e) => e.input_tokens === 0)!];
    // OpenLLMetry reports OpenAI's prompt_tokens (cached included) and no cached count: priced as uncached input.
    assert.deepEqual([plain.input_tokens, plain.output_tokens, plain.cache_read_tokens], [800, 120, 0]);
    assert.equal(plain.cost_status, 'priced');
    assert.ok(close(plain.cost_usd!, gpt4oMiniCost(800, 120)), `cost ${plain.cost_usd}`);
    // Its stream spans carry no usage at all (without enrichTokens): stored as one request, unpriced, never $0.
    assert.ok(streamed, 'the stream is stored');
    assert.equal(streamed.cost_status, 'unpriced');
    assert.equal(streamed.cost_usd, null);
  });

  it('Vercel AI SDK, legacy ai.* spans: outer ai.generateText and inner doGenerate are one priced call; Anthropic cache counted once', async () => {
    const integration = new LegacyOpenTelemetry({ tracer: h.tracer });
    const oa = createOpenAI({ baseURL: h.openai.baseURL, apiKey: 'sk-test', headers: headers({ prompt_tokens: 1000, completion_tokens: 50, cached_tokens: 400 }) });
    const an = createAnthropic({ baseURL: `${h.anthropic.url}/v1`, apiKey: 'sk-ant-test', headers: headers({ input_tokens: 100, output_tokens: 40, cache_read_input_tokens: 900, cache_creation_input_tokens: 50 }) });
    const { events } = await traced('json', { 'user.id': 'vercel-user' }, async () => {
      await generateText({ model: oa.chat('gpt-4o-mini'), prompt: 'hi', experimental_telemetry: { integrations: [integration], functionId: 'answer' } });
      await generateText({ model: an('claude-sonnet-4-5'), prompt: 'hi', experimental_telemetry: { integrations: [integration] } });
      const s = streamText({ model: oa.chat('gpt-4o-mini'), prompt: 'hi', experimental_telemetry: { integrations: [integration] } });
      await s.text;
    });
    const llm = calls(events);
    assert.equal(llm.length, 3, JSON.stringify(events.map((e) => [e.span_type, e.metadata.otel_span_name])));
    const outer = events.filter((e) => /^ai\.(generateText|streamText)$/.test(String(e.metadata.otel_span_name)));
    assert.equal(outer.length, 3);
    for (const o of outer) assert.equal(o.span_type, 'section', 'the outer span only structures the run');
    const [gpt, claude, streamed] = [llm.find((e) => e.provider === 'openai' && !e.is_streaming), llm.find((e) => e.provider === 'anthropic'), llm.find((e) => e.is_streaming)];
    assert.ok(gpt && claude && streamed);
    assert.deepEqual([gpt.input_tokens, gpt.cache_read_tokens, gpt.output_tokens], [1000, 400, 50]);
    assert.ok(close(gpt.cost_usd!, gpt4oMiniCost(1000, 50, 400)));
    assert.equal(gpt.customer_id, 'vercel-user');
    // Anthropic: 100 uncached + 900 read + 50 written = 1050 input tokens (vercel/ai#8794).
    assert.deepEqual([claude.input_tokens, claude.cache_read_tokens, claude.cache_write_tokens, claude.output_tokens], [1050, 900, 50, 40]);
    assert.ok(close(claude.cost_usd!, (100 * 3 + 900 * 0.3 + 50 * 3.75 + 40 * 15) / 1e6), `claude cost ${claude.cost_usd}`);
    assert.equal(claude.endpoint, 'messages');
  });

  it('Vercel AI SDK, GenAI-semconv spans (@ai-sdk/otel OpenTelemetry): one priced call per model call, embeddings too', async () => {
    const integration = new OpenTelemetry({ tracer: h.tracer });
    const oa = createOpenAI({ baseURL: h.openai.baseURL, apiKey: 'sk-test', headers: headers({ prompt_tokens: 500, completion_tokens: 20, cached_tokens: 0 }) });
    const { events } = await traced('proto', { 'llmobserve.customer_id': 'semconv-co' }, async () => {
      await generateText({ model: oa.chat('gpt-4o-mini'), prompt: 'hi', experimental_telemetry: { integrations: [integration] } });
      await embed({ model: oa.embedding('text-embedding-3-small'), value: 'hello', experimental_telemetry: { integrations: [integration] } });
    });
    const llm = calls(events);
    assert.equal(llm.length, 2, JSON.stringify(events.map((e) => [e.span_type, e.metadata.otel_span_name])));
    const chat = llm.find((e) => e.span_type === 'llm')!;
    assert.deepEqual([chat.input_tokens, chat.output_tokens], [500, 20]);
    assert.ok(close(chat.cost_usd!, gpt4oMiniCost(500, 20)));
    const emb = llm.find((e) => e.span_type === 'embedding')!;
    assert.equal(emb.cost_status, 'priced');
    assert.ok(emb.input_tokens > 0);
    for (const e of llm) assert.equal(e.customer_id, 'semconv-co');
  });

  const anthropicCacheUsage = { input_tokens: 100, output_tokens: 40, cache_read_input_tokens: 900, cache_creation_input_tokens: 50 };
  /** claude-sonnet-4-5 by hand ($/M: input 3, cache read 0.30, 5-minute cache write 3.75, output 15). */
  const claudeCost = (uncached: number, read: number, write: number, output: number) => (uncached * 3 + read * 0.3 + write * 3.75 + output * 15) / 1e6;

  it("OpenLLMetry's Anthropic instrumentation (and the Anthropic SDK's own spans): one priced call each, cache counted once", async () => {
    const instrumentation = new AnthropicInstrumentation({ traceContent: false });
    instrumentation.setTracerProvider(h.provider);
    // Its types name the 1.x module; the 0.x one is what it patches at run time.
    instrumentation.manuallyInstrument(AnthropicV0 as never);
    const client = new AnthropicV0.Anthropic({ apiKey: 'sk-ant-test', baseURL: h.anthropic.url, maxRetries: 0, timeout: 10_000, defaultHeaders: headers(anthropicCacheUsage) });
    const { events } = await traced('proto', { 'enduser.id': 'anthropic-co' }, async () => {
      await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
      const stream = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }], stream: true });
      for await (const _event of stream) { /* drain */ }
    });
    const scopes = new Set(events.map((e) => e.metadata.otel_scope));
    assert.ok(scopes.has('@traceloop/instrumentation-anthropic'), [...scopes].join());
    const llm = calls(events);
    assert.equal(llm.length, 2, `one call per request, whichever instrumentation's span is innermost: ${JSON.stringify(events.map((e) => [e.span_type, e.metadata.otel_scope]))}`);
    for (const call of llm) {
      assert.deepEqual([call.provider, call.endpoint, call.customer_id], ['anthropic', 'messages', 'anthropic-co']);
      assert.deepEqual([call.input_tokens, call.cache_read_tokens, call.cache_write_tokens, call.output_tokens], [1050, 900, 50, 40], `${call.metadata.otel_scope}`);
      assert.ok(close(call.cost_usd!, claudeCost(100, 900, 50, 40)), `cost ${call.cost_usd}`);
    }
  });

  it('Vercel AI SDK 5 (built-in telemetry): Anthropic cache writes from providerMetadata, OpenAI cached tokens kept inside the input', async () => {
    const telemetry = { isEnabled: true, tracer: h.tracer, metadata: { 'llmobserve.customer_id': 'v5-co', 'llmobserve.section': 'summarize' } };
    const an = createAnthropicV2({ baseURL: `${h.anthropic.url}/v1`, apiKey: 'sk-ant-test', headers: headers(anthropicCacheUsage) });
    const oa = createOpenAIV2({ baseURL: h.openai.baseURL, apiKey: 'sk-test', headers: headers({ prompt_tokens: 1000, completion_tokens: 50, cached_tokens: 400 }) });
    const { events } = await traced('json', {}, async () => {
      await generateTextV5({ model: an('claude-sonnet-4-5'), prompt: 'hi', experimental_telemetry: telemetry });
      const s = streamTextV5({ model: an('claude-sonnet-4-5'), prompt: 'hi', experimental_telemetry: telemetry });
      await s.text;
      const o = streamTextV5({ model: oa.chat('gpt-4o-mini'), prompt: 'hi', experimental_telemetry: telemetry });
      await o.text;
    });
    const llm = calls(events);
    assert.equal(llm.length, 3, JSON.stringify(events.map((e) => [e.span_type, e.metadata.otel_span_name])));
    for (const call of llm) {
      assert.equal(call.customer_id, 'v5-co', 'experimental_telemetry.metadata names the customer');
      assert.equal(call.section, 'summarize');
      assert.equal(call.section_path, 'handle request/summarize', 'the label copied onto the outer and inner span counts once');
    }
    for (const call of llm.filter((e) => e.provider === 'anthropic')) {
      assert.deepEqual([call.input_tokens, call.cache_read_tokens, call.cache_write_tokens, call.output_tokens], [1050, 900, 50, 40], String(call.metadata.otel_span_name));
      assert.ok(close(call.cost_usd!, claudeCost(100, 900, 50, 40)));
    }
    const gpt = llm.find((e) => e.provider === 'openai')!;
    assert.deepEqual([gpt.input_tokens, gpt.cache_read_tokens, gpt.is_streaming], [1000, 400, true]);
    assert.ok(close(gpt.cost_usd!, gpt4oMiniCost(1000, 50, 400)));
  });

  it('a call exported before its root span: the customer reaches it through baggage (BaggageSpanProcessor), not through the root', async () => {
    h.switcher.target = h.exporter('proto');
    const chat = { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': 100, 'gen_ai.usage.output_tokens': 10 };
    const run = async (baggage: boolean) => {
      const ctx = baggage ? propagation.setBaggage(context.active(), propagation.createBaggage({ 'llmobserve.customer_id': { value: 'bag-co' } })) : context.active();
      let traceId = '';
      await context.with(ctx, () => h.tracer.startActiveSpan('long request', { attributes: { 'enduser.id': 'root-only' } }, async (root) => {
        traceId = root.spanContext().traceId;
        h.tracer.startSpan('chat gpt-4o-mini', { attributes: chat }).end();
        await h.provider.forceFlush(); // the batch processor's timer fired while the request was still running
        root.end();
      }));
      await h.provider.forceFlush();
      const events = (await request(h.collector.url, `/runs/${traceId}`)).body.events as StoredEvent[];
      return calls(events)[0]!;
    };
    assert.equal((await run(true)).customer_id, 'bag-co');
    assert.equal((await run(false)).customer_id, null, 'the root came in a later request: its attributes cannot reach the call already stored');
  });

  it('a re-sent batch is stored once (span id is the idempotency key)', async () => {
    let captured: ReadableSpan[] = [];
    const capture: SpanExporter = { export: (spans, done) => ((captured = spans), done({ code: 0 })), shutdown: async () => {} };
    h.switcher.target = capture;
    const span = h.tracer.startSpan('chat gpt-4o-mini', { root: true, attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.system': 'openai', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 5 } });
    span.end();
    await h.provider.forceFlush();
    assert.equal(captured.length, 1);
    for (const kind of ['proto', 'json', 'proto'] as const) {
      const result = await new Promise<ExportResult>((resolve) => h.exporter(kind).export(captured, resolve));
      assert.equal(result.code, 0, `${kind} export: ${result.error?.message}`);
    }
    const res = await request(h.collector.url, `/runs/${span.spanContext().traceId}`);
    assert.equal(res.body.events.length, 1);
  });
});
