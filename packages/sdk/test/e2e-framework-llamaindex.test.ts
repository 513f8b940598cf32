/**
 * LlamaIndex.TS (its provider packages `@llamaindex/openai`, `@llamaindex/anthropic`) through the real
 * packages -> mock providers, observed by the SDK, stored by a real collector. LlamaIndex wraps the official
 * clients (Node's fetch). Its OpenAI streams do not ask for `stream_options.include_usage`, so OpenAI sends no
 * usage and the SDK estimates it (usage_estimated) — unless the app passes it in `additionalChatOptions`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OpenAI, OpenAIEmbedding, OpenAIResponses } from '@llamaindex/openai';
import { Anthropic, AnthropicSession } from '@llamaindex/anthropic';
import { DEFAULT_REPLY as OPENAI_DEFAULT_REPLY, ANTHROPIC_DEFAULT_REPLY } from '@llmobserve/mock-providers';
import { section, withCustomer } from '../src/index.js';
import { ANTHROPIC_USAGE, assertSonnetPair, callOf, calls, frameworkE2E, MINI_COST, OPENAI_USAGE } from './helpers/frameworks.js';
import { close, M, mockUsage } from './helpers/provider-e2e.js';

const e2e = frameworkE2E();
const messages = [{ role: 'user' as const, content: 'Hi' }];
const session = () => ({ baseURL: e2e.openai.baseURL, defaultHeaders: OPENAI_USAGE });

describe('LlamaIndex.TS through the real packages, stored by the real collector', () => {
  it('OpenAI chat, plain and streamed with include_usage: exact usage, customer and section kept', async () => {
    let streamed = '';
    const events = await e2e.runEvents(() =>
      withCustomer('cust_li', () =>
        section('rag', async () => {
          const llm = new OpenAI({ model: 'gpt-4o-mini', apiKey: 'sk-test', additionalSessionOptions: session(), additionalChatOptions: { stream_options: { include_usage: true } } });
          const r = await llm.chat({ messages });
          assert.equal(r.message.content, OPENAI_DEFAULT_REPLY);
          for await (const chunk of await llm.chat({ messages, stream: true })) streamed += chunk.delta;
        }),
      ),
    );
    assert.equal(streamed, OPENAI_DEFAULT_REPLY);
    const llm = calls(events);
    assert.equal(llm.length, 2);
    for (const [i, e] of llm.entries()) {
      assert.deepEqual(callOf(e), {
        provider: 'openai', endpoint: 'chat.completions', model: e.model, streaming: i === 1, estimated: false, status: 'ok',
        customer: 'cust_li', section: 'rag', tokens: [1200, 300, 1000, 0, 100],
      });
      close(e.cost_usd, MINI_COST, `cost ${i}`);
    }
  });

  it('OpenAI stream by default (no include_usage): tracked, with locally estimated usage', async () => {
    const events = await e2e.runEvents(async () => {
      const llm = new OpenAI({ model: 'gpt-4o-mini', apiKey: 'sk-test', additionalSessionOptions: session() });
      for await (const _ of await llm.chat({ messages, stream: true })) {
        /* consume */
      }
    });
    const [e] = calls(events);
    assert.deepEqual([e!.endpoint, e!.is_streaming, e!.usage_estimated, e!.status], ['chat.completions', true, true, 'ok']);
    // "Hi" -> 1 token in; the reply, one token per 4 characters
    assert.deepEqual([e!.input_tokens, e!.output_tokens], [1, Math.ceil(OPENAI_DEFAULT_REPLY.length / 4)]);
    assert.equal(e!.cost_status, 'priced');
  });

  it('OpenAIResponses and OpenAIEmbedding: the Responses endpoint and one embeddings call per batch', async () => {
    const events = await e2e.runEvents(async () => {
      const llm = new OpenAIResponses({ model: 'gpt-4o-mini', apiKey: 'sk-test', additionalSessionOptions: session() });
      await llm.chat({ messages });
      const embed = new OpenAIEmbedding({ model: 'text-embedding-3-small', apiKey: 'sk-test', additionalSessionOptions: { baseURL: e2e.openai.baseURL, defaultHeaders: mockUsage({ prompt_tokens: 25 }) } });
      assert.equal((await embed.getTextEmbeddings(['a', 'b', 'c'])).length, 3);
    });
    const [r, em] = calls(events);
    assert.deepEqual([r!.endpoint, r!.usage_estimated, ...callOf(r!).tokens], ['responses', false, 1200, 300, 1000, 0, 100]);
    assert.deepEqual([em!.span_type, em!.endpoint, em!.model, em!.input_tokens], ['embedding', 'embeddings', 'text-embedding-3-small', 25]);
    close(em!.cost_usd, 25 * 0.02 / M, 'embedding cost');
  });

  it('Anthropic chat, plain and streamed: cache reads and writes on top of input', async () => {
    let streamed = '';
    const events = await e2e.runEvents(() =>
      withCustomer('cust_li2', async () => {
        const llm = new Anthropic({
          model: 'claude-sonnet-4-20250514', maxRetries: 0,
          session: new AnthropicSession({ apiKey: 'sk-ant-test', baseURL: e2e.anthropic.url, defaultHeaders: ANTHROPIC_USAGE }),
        });
        const r = await llm.chat({ messages });
        assert.deepEqual(r.message.content, [{ type: 'text', text: ANTHROPIC_DEFAULT_REPLY }]);
        for await (const chunk of await llm.chat({ messages, stream: true })) streamed += chunk.delta;
      }),
    );
    assert.equal(streamed, ANTHROPIC_DEFAULT_REPLY);
    assertSonnetPair(events, 'cust_li2', null);
  });
});
