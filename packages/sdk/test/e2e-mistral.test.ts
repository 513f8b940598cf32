// @storage sqlite
/**
 * End to end: the official `@mistralai/mistralai` client -> mock Mistral server (documented JSON and SSE formats),
 * observed by the SDK, into a real collector.
 *
 * Prices (genai-prices): mistral-small-latest $0.10/M input, $0.30/M output; mistral-embed $0.10/M input.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Mistral } from '@mistralai/mistralai';
import { startMockMistral, MISTRAL_DEFAULT_REPLY } from '@llmobserve/mock-providers';
import { close, M, mockUsage, providerE2E, tokensOf } from './helpers/provider-e2e.js';

const e2e = providerE2E(startMockMistral, 'mistral');
const { runEvents } = e2e;
const client = () => new Mistral({ apiKey: 'test-key', serverURL: e2e.mock.url });
const opts = (headers: Record<string, string>) => ({ fetchOptions: { headers }, retries: { strategy: 'none' as const } });

const messages = [{ role: 'user' as const, content: 'Hi' }];

describe('Mistral through @mistralai/mistralai, stored by the real collector', () => {
  it('chat.complete: prompt_tokens / completion_tokens, priced by genai-prices', async () => {
    const events = await runEvents(async () => {
      const r = await client().chat.complete({ model: 'mistral-small-latest', messages }, opts(mockUsage({ prompt_tokens: 12_000, completion_tokens: 3000 })));
      assert.equal(r.choices?.[0]?.message?.content, MISTRAL_DEFAULT_REPLY);
    });
    assert.equal(events.length, 1);
    const e = events[0]!;
    assert.deepEqual([e.provider, e.endpoint, e.model, e.span_type, e.is_streaming, e.usage_estimated, e.status],
      ['mistral', 'chat.completions', 'mistral-small-latest', 'llm', false, false, 'ok']);
    assert.deepEqual(tokensOf(e), [12_000, 3000, 0, 0]);
    close(e.cost_usd, (12_000 * 0.1 + 3000 * 0.3) / M, 'cost');
    assert.match(String(e.cost_source), /genai-prices/);
  });

  it('chat.stream: the usage of the last chunk', async () => {
    let text = '';
    const events = await runEvents(async () => {
      const s = await client().chat.stream({ model: 'mistral-small-latest', messages }, opts(mockUsage({ prompt_tokens: 5000, completion_tokens: 700 })));
      for await (const c of s) text += (c.data.choices[0]?.delta.content as string | undefined) ?? '';
    });
    assert.equal(text, MISTRAL_DEFAULT_REPLY);
    const e = events[0]!;
    assert.deepEqual([e.endpoint, e.is_streaming, e.usage_estimated, e.status], ['chat.completions', true, false, 'ok']);
    assert.deepEqual(tokensOf(e), [5000, 700, 0, 0]);
    close(e.cost_usd, (5000 * 0.1 + 700 * 0.3) / M, 'cost');
  });

  it('an interrupted stream (no usage chunk) is recorded with estimated usage', async () => {
    const events = await runEvents(async () => {
      const s = await client().chat.stream(
        { model: 'mistral-small-latest', messages: [{ role: 'user', content: 'x'.repeat(400) }] },
        opts({ 'x-mock-fail-after': '3', 'x-mock-reply': 'alpha beta gamma delta epsilon zeta' }),
      );
      await assert.rejects(async () => {
        for await (const _ of s) {
          /* consume */
        }
      });
    });
    const e = events[0]!;
    assert.deepEqual([e.endpoint, e.is_streaming, e.usage_estimated], ['chat.completions', true, true]);
    assert.equal(e.input_tokens, 100); // 400 characters of messages
    assert.equal(e.output_tokens, 4); // "alpha", " beta", " gamma" = 16 chars
    close(e.cost_usd, (100 * 0.1 + 4 * 0.3) / M, 'cost');
  });

  it('a completed stream without usage is estimated too', async () => {
    const events = await runEvents(async () => {
      const s = await client().chat.stream(
        { model: 'mistral-small-latest', messages: [{ role: 'user', content: 'y'.repeat(80) }] },
        opts({ 'x-mock-no-usage': '1', 'x-mock-reply': 'one two three four' }),
      );
      for await (const _ of s) {
        /* consume */
      }
    });
    const e = events[0]!;
    assert.deepEqual([e.status, e.usage_estimated, e.input_tokens, e.output_tokens], ['ok', true, 20, 5]);
  });

  it('embeddings.create: input tokens', async () => {
    const events = await runEvents(async () => {
      const r = await client().embeddings.create({ model: 'mistral-embed', inputs: ['a', 'b'] }, opts(mockUsage({ prompt_tokens: 2500 })));
      assert.equal(r.data.length, 2);
    });
    const e = events[0]!;
    assert.deepEqual([e.provider, e.endpoint, e.span_type, e.model, e.usage_estimated, e.input_tokens, e.output_tokens],
      ['mistral', 'embeddings', 'embedding', 'mistral-embed', false, 2500, 0]);
    close(e.cost_usd, (2500 * 0.1) / M, 'cost');
  });

  it('an error response is recorded with its message and status', async () => {
    const events = await runEvents(async () => {
      await assert.rejects(client().chat.complete({ model: 'mistral-small-latest', messages }, opts({ 'x-mock-status': '429' })));
    });
    const e = events[0]!;
    assert.deepEqual([e.status, e.error, e.input_tokens], ['rate_limited', 'Mock error 429', 0]);
  });
});
