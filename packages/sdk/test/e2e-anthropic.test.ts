// @storage sqlite
/**
 * End to end: the official `@anthropic-ai/sdk` client -> mock Anthropic server (documented JSON and SSE wire
 * formats), observed by the SDK, events delivered to a real collector process; assertions on what it stored and
 * priced.
 *
 * Prices (genai-prices, as the collector uses them): claude-sonnet-4 $3/M input, $3.75/M cache write (5 min),
 * $6/M cache write (1 hour), $0.30/M cache read, $15/M output.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { startMockAnthropic, ANTHROPIC_DEFAULT_REPLY, type MockServer } from '@llmobserve/mock-providers';
import { observe, shutdown } from '../src/index.js';
import { startCollectorProcess, type CollectorProcess } from './helpers/collector-process.js';
import { storedRunEvents } from './helpers/provider-e2e.js';

let collector: CollectorProcess;
let mock: MockServer;
let client: Anthropic;

const M = 1e6;
const SONNET = 'claude-sonnet-4-20250514';
const close = (actual: unknown, expected: number, what: string) => {
  assert.equal(typeof actual, 'number', `${what} is a number`);
  assert.ok(Math.abs((actual as number) - expected) < 1e-12, `${what}: ${actual} != ${expected}`);
};
const opts = (h: Record<string, string>) => ({ headers: h });
const usage = (u: object) => ({ 'x-mock-usage': JSON.stringify(u) });

before(async () => {
  [collector, mock] = await Promise.all([startCollectorProcess(), startMockAnthropic()]);
  client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: mock.url, maxRetries: 0 });
  observe({ collectorUrl: collector.url, tenantId: 'acme_corp', providers: { [mock.url]: 'anthropic' }, flushIntervalMs: 50 });
});

after(async () => {
  await shutdown({ timeoutMs: 5000 });
  await mock.close();
  await collector.stop();
});

const runEvents = (fn: () => Promise<void>) => storedRunEvents(collector, 'acme_corp', fn);

const tokens = (e: Record<string, any>) => [e.input_tokens, e.output_tokens, e.cache_read_tokens, e.cache_write_tokens];

describe('Anthropic through @anthropic-ai/sdk, stored by the real collector', () => {
  it('messages.create with prompt caching: cache reads and writes on top of input_tokens, each at its own rate', async () => {
    const events = await runEvents(async () => {
      const msg = await client.messages.create(
        { model: SONNET, max_tokens: 100, system: 'You are terse.', messages: [{ role: 'user', content: 'Hi' }] },
        opts(usage({ input_tokens: 1000, cache_creation_input_tokens: 2000, cache_read_input_tokens: 5000, output_tokens: 500 })),
      );
      assert.equal((msg.content[0] as { text: string }).text, ANTHROPIC_DEFAULT_REPLY);
    });
    assert.equal(events.length, 1);
    const e = events[0]!;
    assert.deepEqual([e.provider, e.endpoint, e.model, e.span_type, e.status, e.is_streaming, e.usage_estimated],
      ['anthropic', 'messages', SONNET, 'llm', 'ok', false, false]);
    assert.deepEqual(tokens(e), [8000, 500, 5000, 2000]);
    assert.match(e.metadata.provider_response_id, /^msg_/);
    close(e.cost_usd, (1000 * 3 + 2000 * 3.75 + 5000 * 0.3 + 500 * 15) / M, 'cost');
    assert.equal(e.cost_status, 'priced');
    assert.match(e.cost_source, /^genai-prices@/);
  });

  it('1-hour cache writes (cache_creation.ephemeral_1h_input_tokens) at 2x input, plain and streamed', async () => {
    const u = usage({ input_tokens: 1000, cache_creation_input_tokens: 4000, ephemeral_1h_input_tokens: 3000, output_tokens: 200 });
    const events = await runEvents(async () => {
      await client.messages.create({ model: SONNET, max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] }, opts(u));
      const stream = await client.messages.create({ model: SONNET, max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'Hi' }] }, opts(u));
      for await (const _ of stream) {
        /* consume */
      }
    });
    assert.equal(events.length, 2);
    for (const e of events) {
      assert.deepEqual([...tokens(e), e.cache_write_1h_tokens, e.usage_estimated], [5000, 200, 0, 4000, 3000, false]);
      close(e.cost_usd, (1000 * 3 + 1000 * 3.75 + 3000 * 6 + 200 * 15) / M, `cost (${e.is_streaming ? 'streamed' : 'plain'})`);
    }
  });

  it('streamed create: usage from message_start + message_delta; the caller gets every delta', async () => {
    let text = '';
    const events = await runEvents(async () => {
      const stream = await client.messages.create(
        { model: SONNET, max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'Hi' }] },
        opts(usage({ input_tokens: 300, cache_read_input_tokens: 700, output_tokens: 40 })),
      );
      for await (const ev of stream) if (ev.type === 'content_block_delta' && ev.delta.type === 'text_delta') text += ev.delta.text;
    });
    assert.equal(text, ANTHROPIC_DEFAULT_REPLY);
    const e = events[0]!;
    assert.deepEqual([e.endpoint, e.is_streaming, e.usage_estimated, e.status], ['messages', true, false, 'ok']);
    assert.deepEqual(tokens(e), [1000, 40, 700, 0]);
    close(e.cost_usd, (300 * 3 + 700 * 0.3 + 40 * 15) / M, 'cost');
  });

  it('messages.stream() helper with tool use', async () => {
    const events = await runEvents(async () => {
      const stream = client.messages.stream(
        {
          model: SONNET,
          max_tokens: 100,
          tools: [{ name: 'search', description: 'web search', input_schema: { type: 'object', properties: { query: { type: 'string' } } } }],
          messages: [{ role: 'user', content: 'Find it' }],
        },
        opts({ ...usage({ input_tokens: 400, cache_creation_input_tokens: 1000, output_tokens: 60 }), 'x-mock-tool': '1' }),
      );
      const final = await stream.finalMessage();
      assert.equal(final.stop_reason, 'tool_use');
      assert.equal(final.usage.output_tokens, 60);
    });
    const e = events[0]!;
    assert.deepEqual([e.is_streaming, e.usage_estimated, e.status], [true, false, 'ok']);
    assert.deepEqual(tokens(e), [1400, 60, 0, 1000]);
    close(e.cost_usd, (400 * 3 + 1000 * 3.75 + 60 * 15) / M, 'cost');
  });

  it('an interrupted stream keeps the reported input and estimates the output (usage_estimated)', async () => {
    const events = await runEvents(async () => {
      const stream = await client.messages.create(
        { model: SONNET, max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'Hi' }] },
        opts({ ...usage({ input_tokens: 900, cache_read_input_tokens: 100, output_tokens: 40 }), 'x-mock-fail-after': '6', 'x-mock-reply': 'one two three four five six seven eight' }),
      );
      await assert.rejects(async () => {
        for await (const _ of stream) {
          /* consume */
        }
      });
    });
    const e = events[0]!;
    assert.equal(e.usage_estimated, true);
    assert.equal(e.is_streaming, true);
    assert.equal(e.status, 'error');
    // frames: message_start, content_block_start, ping, then 3 deltas " one", " two", " three" = 13 chars -> 4 tokens
    assert.deepEqual(tokens(e), [1000, 4, 100, 0]);
    close(e.cost_usd, (900 * 3 + 100 * 0.3 + 4 * 15) / M, 'cost');
  });

  it('count_tokens is free; an error response is recorded as rate_limited with no cost', async () => {
    const events = await runEvents(async () => {
      const n = await client.messages.countTokens({ model: SONNET, messages: [{ role: 'user', content: 'x'.repeat(40) }] });
      assert.equal(n.input_tokens, 10);
      await assert.rejects(client.messages.create({ model: SONNET, max_tokens: 5, messages: [{ role: 'user', content: 'Hi' }] }, opts({ 'x-mock-status': '429' })));
    });
    assert.equal(events.length, 2);
    const ct = events.find((e) => e.endpoint === 'messages.count_tokens')!;
    assert.deepEqual([ct.span_type, ct.status, ct.usage_estimated, ct.input_tokens, ct.cost_usd, ct.cost_source], ['api', 'ok', false, 0, 0, 'no_usage']);
    const rl = events.find((e) => e.endpoint === 'messages')!;
    assert.deepEqual([rl.status, rl.error, rl.cost_usd, rl.input_tokens], ['rate_limited', 'Mock error 429', 0, 0]);
  });
});
