// @storage sqlite
/**
 * End to end: the official `cohere-ai` client (CohereClientV2) -> mock Cohere server (documented v2 JSON and SSE
 * formats), observed by the SDK, into a real collector.
 *
 * Prices: genai-prices command-r-08-2024 $0.15/M input, $0.60/M output; embed-v4.0 $0.12/M input; our overlay
 * rerank-v3.5 $2 per 1000 search units. Costs use `billed_units` (the mock's `tokens` count 100 more input tokens).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CohereClient, CohereClientV2 } from 'cohere-ai';
import { startMockCohere, COHERE_DEFAULT_REPLY } from '@llmobserve/mock-providers';
import { close, M, mockUsage, providerE2E, tokensOf } from './helpers/provider-e2e.js';

const e2e = providerE2E(startMockCohere, 'cohere');
const { runEvents } = e2e;
const client = () => new CohereClientV2({ token: 'test-key', environment: e2e.mock.url });
const clientV1 = () => new CohereClient({ token: 'test-key', environment: e2e.mock.url });
const opts = (headers: Record<string, string> = {}) => ({ headers, maxRetries: 0 });

const messages = [{ role: 'user' as const, content: 'Hi' }];

describe('Cohere through cohere-ai (v2 and v1), stored by the real collector', () => {
  it('chat: billed_units (not tokens) as usage, model as requested', async () => {
    const events = await runEvents(async () => {
      const r = await client().chat({ model: 'command-r-08-2024', messages }, opts(mockUsage({ input_tokens: 20_000, output_tokens: 1000 })));
      assert.equal((r.message.content as Array<{ text: string }>)[0]!.text, COHERE_DEFAULT_REPLY);
    });
    assert.equal(events.length, 1);
    const e = events[0]!;
    assert.deepEqual([e.provider, e.endpoint, e.model, e.span_type, e.is_streaming, e.usage_estimated, e.status],
      ['cohere', 'chat', 'command-r-08-2024', 'llm', false, false, 'ok']);
    assert.deepEqual(tokensOf(e), [20_000, 1000, 0, 0]);
    close(e.cost_usd, (20_000 * 0.15 + 1000 * 0.6) / M, 'cost');
    assert.match(String(e.cost_source), /genai-prices/);
  });

  it('chatStream: the usage of message-end', async () => {
    let text = '';
    const events = await runEvents(async () => {
      const s = await client().chatStream({ model: 'command-r-08-2024', messages }, opts(mockUsage({ input_tokens: 3000, output_tokens: 400 })));
      for await (const ev of s) if (ev.type === 'content-delta') text += ev.delta?.message?.content?.text ?? '';
    });
    assert.equal(text, COHERE_DEFAULT_REPLY);
    const e = events[0]!;
    assert.deepEqual([e.endpoint, e.is_streaming, e.usage_estimated, e.status], ['chat', true, false, 'ok']);
    assert.deepEqual(tokensOf(e), [3000, 400, 0, 0]);
    close(e.cost_usd, (3000 * 0.15 + 400 * 0.6) / M, 'cost');
  });

  it('an interrupted stream (no message-end) is recorded with estimated usage', async () => {
    const events = await runEvents(async () => {
      const s = await client().chatStream(
        { model: 'command-r-08-2024', messages: [{ role: 'user', content: 'x'.repeat(400) }] },
        opts({ 'x-mock-fail-after': '5', 'x-mock-reply': 'alpha beta gamma delta epsilon zeta' }),
      );
      await assert.rejects(async () => {
        for await (const _ of s) {
          /* consume */
        }
      });
    });
    const e = events[0]!;
    assert.deepEqual([e.endpoint, e.is_streaming, e.usage_estimated], ['chat', true, true]);
    assert.equal(e.input_tokens, 100); // 400 characters of messages
    assert.equal(e.output_tokens, 4); // message-start, content-start, then "alpha", " beta", " gamma" = 16 chars
    close(e.cost_usd, (100 * 0.15 + 4 * 0.6) / M, 'cost');
  });

  it('a completed stream whose message-end has no usage is estimated', async () => {
    const events = await runEvents(async () => {
      const s = await client().chatStream(
        { model: 'command-r-08-2024', messages: [{ role: 'user', content: 'y'.repeat(80) }] },
        opts({ 'x-mock-no-usage': '1', 'x-mock-reply': 'one two three four' }),
      );
      for await (const _ of s) {
        /* consume */
      }
    });
    const e = events[0]!;
    assert.deepEqual([e.status, e.usage_estimated, e.input_tokens, e.output_tokens], ['ok', true, 20, 5]);
  });

  it('embed: meta.billed_units.input_tokens', async () => {
    const events = await runEvents(async () => {
      const r = await client().embed({ model: 'embed-v4.0', texts: ['a', 'b'], inputType: 'search_document', embeddingTypes: ['float'] }, opts(mockUsage({ input_tokens: 5000 })));
      assert.equal(r.embeddings.float?.length, 2);
    });
    const e = events[0]!;
    assert.deepEqual([e.provider, e.endpoint, e.span_type, e.model, e.usage_estimated, e.input_tokens, e.output_tokens],
      ['cohere', 'embed', 'embedding', 'embed-v4.0', false, 5000, 0]);
    close(e.cost_usd, (5000 * 0.12) / M, 'cost');
  });

  it('rerank: search units priced by the overlay', async () => {
    const documents = Array.from({ length: 150 }, (_, i) => `document ${i}`);
    const events = await runEvents(async () => {
      const r = await client().rerank({ model: 'rerank-v3.5', query: 'which?', documents, topN: 3 }, opts());
      assert.equal(r.results.length, 3);
    });
    const e = events[0]!;
    assert.deepEqual([e.provider, e.endpoint, e.span_type, e.model, e.usage_estimated, e.input_tokens, e.status],
      ['cohere', 'rerank', 'api', 'rerank-v3.5', false, 0, 'ok']);
    assert.deepEqual(e.units, { search_units: 2 }); // 150 documents = 2 search units
    close(e.cost_usd, 2 * (2 / 1000), 'cost');
    assert.match(String(e.cost_source), /overlay|unit/);
  });

  it('an error response is recorded with its message and status', async () => {
    const events = await runEvents(async () => {
      await assert.rejects(client().chat({ model: 'command-r-08-2024', messages }, opts({ 'x-mock-status': '400' })));
    });
    const e = events[0]!;
    assert.deepEqual([e.status, e.error, e.input_tokens], ['error', 'Mock error 400', 0]);
  });

  it('v1 chat: meta.billed_units', async () => {
    const events = await runEvents(async () => {
      const r = await clientV1().chat({ model: 'command-r-08-2024', message: 'Hi' }, opts(mockUsage({ input_tokens: 7000, output_tokens: 300 })));
      assert.equal(r.text, COHERE_DEFAULT_REPLY);
    });
    const e = events[0]!;
    assert.deepEqual([e.endpoint, e.model, e.is_streaming, e.usage_estimated, e.status], ['chat', 'command-r-08-2024', false, false, 'ok']);
    assert.deepEqual(tokensOf(e), [7000, 300, 0, 0]);
    close(e.cost_usd, (7000 * 0.15 + 300 * 0.6) / M, 'cost');
  });

  it('v1 chatStream (JSON lines): the usage of stream-end, the caller gets every event', async () => {
    let text = '';
    let ended = false;
    const events = await runEvents(async () => {
      const s = await clientV1().chatStream({ model: 'command-r-08-2024', message: 'Hi' }, opts(mockUsage({ input_tokens: 4000, output_tokens: 250 })));
      for await (const ev of s) {
        if (ev.eventType === 'text-generation') text += ev.text;
        if (ev.eventType === 'stream-end') ended = true;
      }
    });
    assert.equal(text, COHERE_DEFAULT_REPLY);
    assert.equal(ended, true);
    assert.equal(events.length, 1);
    const e = events[0]!;
    assert.deepEqual([e.endpoint, e.is_streaming, e.usage_estimated, e.status], ['chat', true, false, 'ok']);
    assert.deepEqual(tokensOf(e), [4000, 250, 0, 0]);
    assert.ok(String(e.metadata?.provider_response_id).length > 0);
    close(e.cost_usd, (4000 * 0.15 + 250 * 0.6) / M, 'cost');
  });

  it('v1 chatStream cut before stream-end: estimated from the message and the text received', async () => {
    const events = await runEvents(async () => {
      const s = await clientV1().chatStream(
        { model: 'command-r-08-2024', message: 'z'.repeat(200) },
        opts({ 'x-mock-fail-after': '4', 'x-mock-reply': 'alpha beta gamma delta epsilon zeta' }),
      );
      await assert.rejects(async () => {
        for await (const _ of s) {
          /* consume */
        }
      });
    });
    const e = events[0]!;
    assert.deepEqual([e.endpoint, e.is_streaming, e.usage_estimated], ['chat', true, true]);
    assert.equal(e.input_tokens, 50); // 200 characters of message
    assert.equal(e.output_tokens, 4); // stream-start, then "alpha", " beta", " gamma" = 16 chars
  });
});
