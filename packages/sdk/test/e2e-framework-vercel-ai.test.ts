/**
 * The Vercel AI SDK (`ai` with `@ai-sdk/openai` and `@ai-sdk/anthropic`) through the real packages -> mock
 * providers, observed by the SDK (the providers call Node's fetch, so the undici interceptor sees them), stored by a
 * real collector. `@ai-sdk/openai`'s default model talks to the Responses API; `.chat()` to Chat Completions with
 * `stream_options.include_usage`; `embed`/`embedMany` to /v1/embeddings.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { embed, embedMany, generateText, streamText } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { createAnthropic } from '@ai-sdk/anthropic';
import { DEFAULT_REPLY as OPENAI_DEFAULT_REPLY, ANTHROPIC_DEFAULT_REPLY } from '@llmobserve/mock-providers';
import { section, withCustomer } from '../src/index.js';
import { ANTHROPIC_USAGE, assertSonnetPair, callOf, calls, frameworkE2E, MINI_COST, OPENAI_USAGE } from './helpers/frameworks.js';
import { close, M, mockUsage } from './helpers/provider-e2e.js';

const e2e = frameworkE2E();
const openai = () => createOpenAI({ baseURL: e2e.openai.baseURL, apiKey: 'sk-test' });
const anthropic = () => createAnthropic({ baseURL: `${e2e.anthropic.url}/v1`, apiKey: 'sk-ant-test' });
// gpt-4o-mini: $0.15/M input, $0.075/M cached input, $0.60/M output
// claude-sonnet-4: $3/M input, $3.75/M cache write, $0.30/M cache read, $15/M output

describe('Vercel AI SDK through the real packages, stored by the real collector', () => {
  it('generateText and streamText with @ai-sdk/openai (Responses API): cached and reasoning tokens inside, customer and section kept', async () => {
    let streamed = '';
    const events = await e2e.runEvents(() =>
      withCustomer('cust_42', () =>
        section('feature:summary', async () => {
          const r = await generateText({ model: openai()('gpt-4o-mini'), prompt: 'Hi', headers: OPENAI_USAGE });
          assert.equal(r.text, OPENAI_DEFAULT_REPLY);
          const s = streamText({ model: openai()('gpt-4o-mini'), prompt: 'Hi', headers: OPENAI_USAGE });
          for await (const t of s.textStream) streamed += t;
          assert.equal((await s.usage).outputTokens, 300);
        }),
      ),
    );
    assert.equal(streamed, OPENAI_DEFAULT_REPLY);
    const llm = calls(events);
    assert.equal(llm.length, 2);
    for (const [i, e] of llm.entries()) {
      assert.deepEqual(callOf(e), {
        provider: 'openai', endpoint: 'responses', model: llm[i]!.model, streaming: i === 1, estimated: false, status: 'ok',
        customer: 'cust_42', section: 'feature:summary', tokens: [1200, 300, 1000, 0, 100],
      });
      assert.match(e.model, /^gpt-4o-mini/);
      close(e.cost_usd, MINI_COST, `cost ${i}`);
    }
  });

  it('generateText and streamText with openai.chat(): Chat Completions, the stream with include_usage', async () => {
    let streamed = '';
    const events = await e2e.runEvents(() =>
      withCustomer('cust_7', async () => {
        await generateText({ model: openai().chat('gpt-4o-mini'), prompt: 'Hi', headers: OPENAI_USAGE });
        const s = streamText({ model: openai().chat('gpt-4o-mini'), prompt: 'Hi', headers: OPENAI_USAGE });
        for await (const t of s.textStream) streamed += t;
      }),
    );
    assert.equal(streamed, OPENAI_DEFAULT_REPLY);
    assert.deepEqual(events.map((e) => [e.endpoint, e.is_streaming, e.usage_estimated, e.customer_id]), [
      ['chat.completions', false, false, 'cust_7'],
      ['chat.completions', true, false, 'cust_7'],
    ]);
    for (const e of events) {
      assert.deepEqual(callOf(e).tokens, [1200, 300, 1000, 0, 100]);
      close(e.cost_usd, MINI_COST, 'cost');
    }
  });

  it('embed and embedMany: one embeddings call each, usage as reported', async () => {
    const events = await e2e.runEvents(() =>
      section('search', async () => {
        const one = await embed({ model: openai().embedding('text-embedding-3-small'), value: 'hello world', headers: mockUsage({ prompt_tokens: 40 }) });
        assert.ok(one.embedding.length > 0);
        const many = await embedMany({ model: openai().embedding('text-embedding-3-small'), values: ['a', 'b', 'c'], headers: mockUsage({ prompt_tokens: 90 }) });
        assert.equal(many.embeddings.length, 3);
      }),
    );
    assert.deepEqual(calls(events).map((e) => [e.span_type, e.endpoint, e.model, e.input_tokens, e.output_tokens, e.section_path]), [
      ['embedding', 'embeddings', 'text-embedding-3-small', 40, 0, 'search'],
      ['embedding', 'embeddings', 'text-embedding-3-small', 90, 0, 'search'],
    ]);
    close(calls(events)[0]!.cost_usd, 40 * 0.02 / M, 'embed cost');
    close(calls(events)[1]!.cost_usd, 90 * 0.02 / M, 'embedMany cost');
  });

  it('generateText and streamText with @ai-sdk/anthropic: cache reads and writes on top of input', async () => {
    let streamed = '';
    const events = await e2e.runEvents(() =>
      withCustomer('cust_9', () =>
        section('chat', async () => {
          const r = await generateText({ model: anthropic()('claude-sonnet-4-20250514'), prompt: 'Hi', headers: ANTHROPIC_USAGE });
          assert.equal(r.text, ANTHROPIC_DEFAULT_REPLY);
          const s = streamText({ model: anthropic()('claude-sonnet-4-20250514'), prompt: 'Hi', headers: ANTHROPIC_USAGE });
          for await (const t of s.textStream) streamed += t;
        }),
      ),
    );
    assert.equal(streamed, ANTHROPIC_DEFAULT_REPLY);
    assertSonnetPair(events, 'cust_9', 'chat');
  });

  it('a streamText the caller aborts midway: recorded as cancelled, output estimated from what arrived', async () => {
    const events = await e2e.runEvents(async () => {
      const abort = new AbortController();
      const s = streamText({ model: openai().chat('gpt-4o-mini'), prompt: 'Hi', abortSignal: abort.signal, headers: { ...OPENAI_USAGE, 'x-mock-delay-ms': '20' } });
      let chunks = 0;
      try {
        for await (const _ of s.textStream) if (++chunks === 2) abort.abort();
      } catch {
        /* the AI SDK may surface the abort */
      }
      assert.ok(chunks >= 2);
    });
    const [e] = calls(events);
    assert.deepEqual([e!.endpoint, e!.is_streaming, e!.status, e!.usage_estimated], ['chat.completions', true, 'cancelled', true]);
    assert.ok(e!.output_tokens > 0 && e!.input_tokens > 0, 'estimated tokens');
  });
});
