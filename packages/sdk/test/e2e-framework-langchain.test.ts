/**
 * LangChain JS (`@langchain/openai`, `@langchain/anthropic`) through the real packages -> mock providers, observed by
 * the SDK, stored by a real collector. LangChain wraps the official clients, which call Node's fetch; its streams ask
 * for `stream_options.include_usage`; OpenAIEmbeddings sends documents in batches.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai';
import { ChatAnthropic } from '@langchain/anthropic';
import { DEFAULT_REPLY as OPENAI_DEFAULT_REPLY, ANTHROPIC_DEFAULT_REPLY } from '@llmobserve/mock-providers';
import { agent, section, withCustomer } from '../src/index.js';
import { ANTHROPIC_USAGE, assertSonnetPair, callOf, calls, frameworkE2E, MINI_COST, OPENAI_USAGE } from './helpers/frameworks.js';
import { close, M, mockUsage } from './helpers/provider-e2e.js';

const e2e = frameworkE2E();

const chatOpenAI = (headers: Record<string, string>, extra: Record<string, unknown> = {}) =>
  new ChatOpenAI({ model: 'gpt-4o-mini', apiKey: 'sk-test', maxRetries: 0, configuration: { baseURL: e2e.openai.baseURL, defaultHeaders: headers }, ...extra });

describe('LangChain JS through the real packages, stored by the real collector', () => {
  it('ChatOpenAI invoke and stream (include_usage): cached and reasoning tokens inside, customer and section kept', async () => {
    let streamed = '';
    const events = await e2e.runEvents(() =>
      withCustomer('cust_lc', () =>
        agent('research', async () => {
          const model = chatOpenAI(OPENAI_USAGE);
          const msg = await model.invoke('Hi');
          assert.equal(msg.content, OPENAI_DEFAULT_REPLY);
          for await (const chunk of await model.stream('Hi')) streamed += String(chunk.content);
        }),
      ),
    );
    assert.equal(streamed, OPENAI_DEFAULT_REPLY);
    const llm = calls(events);
    assert.equal(llm.length, 2);
    for (const [i, e] of llm.entries()) {
      assert.deepEqual(callOf(e), {
        provider: 'openai', endpoint: 'chat.completions', model: e.model, streaming: i === 1, estimated: false, status: 'ok',
        customer: 'cust_lc', section: 'agent:research', tokens: [1200, 300, 1000, 0, 100],
      });
      assert.match(e.model, /^gpt-4o-mini/);
      close(e.cost_usd, MINI_COST, `cost ${i}`);
    }
  });

  it('ChatOpenAI with useResponsesApi: the Responses endpoint, plain and streamed', async () => {
    const events = await e2e.runEvents(async () => {
      const model = chatOpenAI(OPENAI_USAGE, { useResponsesApi: true });
      await model.invoke('Hi');
      for await (const _ of await model.stream('Hi')) {
        /* consume */
      }
    });
    assert.deepEqual(calls(events).map((e) => [e.endpoint, e.is_streaming, e.usage_estimated, ...callOf(e).tokens]), [
      ['responses', false, false, 1200, 300, 1000, 0, 100],
      ['responses', true, false, 1200, 300, 1000, 0, 100],
    ]);
  });

  it('OpenAIEmbeddings.embedDocuments in batches: one embeddings call per batch', async () => {
    const events = await e2e.runEvents(() =>
      section('index', async () => {
        const embeddings = new OpenAIEmbeddings({
          model: 'text-embedding-3-small', apiKey: 'sk-test', batchSize: 2, maxRetries: 0,
          configuration: { baseURL: e2e.openai.baseURL, defaultHeaders: mockUsage({ prompt_tokens: 30 }) },
        });
        const vectors = await embeddings.embedDocuments(['a', 'b', 'c', 'd', 'e']);
        assert.equal(vectors.length, 5);
        await embeddings.embedQuery('q');
      }),
    );
    const e = calls(events);
    assert.deepEqual(e.map((x) => [x.span_type, x.endpoint, x.model, x.input_tokens, x.section_path]), Array(4).fill(['embedding', 'embeddings', 'text-embedding-3-small', 30, 'index']));
    for (const x of e) close(x.cost_usd, 30 * 0.02 / M, 'embedding cost');
  });

  it('ChatAnthropic invoke and stream: cache reads and writes on top of input', async () => {
    let streamed = '';
    const events = await e2e.runEvents(() =>
      withCustomer('cust_lc2', async () => {
        const model = new ChatAnthropic({ model: 'claude-sonnet-4-20250514', apiKey: 'sk-ant-test', anthropicApiUrl: e2e.anthropic.url, maxRetries: 0, clientOptions: { defaultHeaders: ANTHROPIC_USAGE } });
        const msg = await model.invoke('Hi');
        assert.equal(msg.content, ANTHROPIC_DEFAULT_REPLY);
        for await (const chunk of await model.stream('Hi')) streamed += typeof chunk.content === 'string' ? chunk.content : '';
      }),
    );
    assert.equal(streamed, ANTHROPIC_DEFAULT_REPLY);
    assertSonnetPair(events, 'cust_lc2', null);
  });
});
