/**
 * Interception of the official `openai` client (real package) against the local mock OpenAI server: one event per
 * call with provider, endpoint, model as returned, canonical usage, status, streaming flag, ids and attribution.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { DEFAULT_REPLY, splitReply } from '@llmobserve/mock-providers';
import { withRun } from '../src/index.js';
import { schemaErrors } from './helpers/fake-collector.js';
import { only, startTestEnv, within, type TestEnv } from './helpers/env.js';

let env: TestEnv;
const est = (chars: number) => Math.ceil(chars / 4);
const usageHeader = (u: object) => ({ 'x-mock-usage': JSON.stringify(u) });

before(async () => {
  env = await startTestEnv();
});
after(async () => {
  assert.deepEqual(schemaErrors(env.collector.events), [], 'every event sent passes the shared schema');
  await env.close();
});

/** Runs `fn` in its own run and returns the events the collector received for it. */
async function run(fn: () => Promise<unknown>) {
  let id = '';
  await withRun(async (runId) => {
    id = runId;
    await fn();
  });
  return env.eventsOfRun(id);
}

describe('chat.completions', () => {
  it('plain call from a client constructed before observe(): usage with cached and reasoning tokens, ids', async () => {
    let result: OpenAI.Chat.Completions.ChatCompletion | undefined;
    const events = await run(async () => {
      result = await env.client.chat.completions.create(
        { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'What is 2+2?' }] },
        { headers: usageHeader({ prompt_tokens: 1200, completion_tokens: 300, cached_tokens: 1024, reasoning_tokens: 256 }) },
      );
    });
    assert.equal(result!.choices[0]!.message.content, DEFAULT_REPLY);
    const e = only(events);
    assert.equal(e.provider, 'openai');
    assert.equal(e.endpoint, 'chat.completions');
    assert.equal(e.span_type, 'llm');
    assert.equal(e.model, 'gpt-4o-mini-2024-07-18', 'model as returned by the provider');
    assert.equal(e.input_tokens, 1200);
    assert.equal(e.output_tokens, 300);
    assert.equal(e.cache_read_tokens, 1024);
    assert.equal(e.cache_write_tokens, 0);
    assert.equal(e.reasoning_tokens, 256);
    assert.equal(e.status, 'ok');
    assert.equal(e.error, null);
    assert.equal(e.is_streaming, false);
    assert.equal(e.usage_estimated, false);
    assert.equal(e.tenant_id, 'default_tenant');
    assert.equal(e.customer_id, null);
    assert.equal(e.parent_span_id, null);
    assert.equal(e.section, null);
    assert.equal((e.metadata as Record<string, string>).provider_response_id, result!.id);
    assert.match((e.metadata as Record<string, string>).provider_request_id!, /^req_/);
    assert.ok(typeof e.latency_ms === 'number' && e.latency_ms > 0);
    assert.ok(Math.abs(Date.parse(e.started_at!) - Date.now()) < 60_000);
    assert.equal(e.sdk, 'llmobserve-js/0.1.0');
  });

  it('stream with include_usage: usage from the final chunk, every chunk delivered', async () => {
    let text = '';
    const events = await run(async () => {
      const stream = await env.client.chat.completions.create(
        { model: 'gpt-4o', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Hi' }] },
        { headers: usageHeader({ prompt_tokens: 40, completion_tokens: 16, cached_tokens: 32, reasoning_tokens: 0 }) },
      );
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    });
    assert.equal(text, DEFAULT_REPLY);
    const e = only(events);
    assert.equal(e.is_streaming, true);
    assert.equal(e.usage_estimated, false);
    assert.equal(e.model, 'gpt-4o-2024-08-06');
    assert.deepEqual(
      [e.input_tokens, e.output_tokens, e.cache_read_tokens, e.reasoning_tokens],
      [40, 16, 32, 0],
    );
    assert.equal(e.status, 'ok');
  });

  it('stream without include_usage: tokens estimated locally (chars/4), usage_estimated', async () => {
    const prompt = 'Tell me something nice, please.';
    const events = await run(async () => {
      const stream = await env.client.chat.completions.create({
        model: 'gpt-4o-mini',
        stream: true,
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: prompt },
        ],
      });
      for await (const _ of stream) {
        /* consume */
      }
    });
    const e = only(events);
    assert.equal(e.usage_estimated, true);
    assert.equal(e.is_streaming, true);
    assert.equal(e.status, 'ok');
    assert.equal(e.input_tokens, est('Be brief.'.length + prompt.length));
    assert.equal(e.output_tokens, est(DEFAULT_REPLY.length));
    assert.equal(e.model, 'gpt-4o-mini-2024-07-18');
  });

  it('a server that ignores include_usage: estimated as well', async () => {
    const events = await run(async () => {
      const stream = await env.client.chat.completions.create(
        { model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'abcdefgh' }] },
        { headers: { 'x-mock-no-usage': '1' } },
      );
      for await (const _ of stream) {
        /* consume */
      }
    });
    const e = only(events);
    assert.equal(e.usage_estimated, true);
    assert.equal(e.input_tokens, 2);
    assert.equal(e.output_tokens, est(DEFAULT_REPLY.length));
  });

  it('chunks reach the caller one by one: chunk 1 arrives before the mock sends chunk 2', async () => {
    const key = 'timing-1';
    let firstContent: string | null | undefined;
    let sentWhenFirstArrived = -1;
    const events = await run(async () => {
      const stream = await env.client.chat.completions.create(
        { model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] },
        { headers: { 'x-mock-hold': key, 'x-mock-hold-after': '2' } },
      );
      const it = stream[Symbol.asyncIterator]();
      await within(it.next(), 10_000, 'first chunk'); // role chunk
      const second = await within(it.next(), 10_000, 'second chunk');
      firstContent = second.value?.choices[0]?.delta?.content;
      sentWhenFirstArrived = env.mock.eventsSent(key);
      env.mock.release(key);
      for (;;) {
        const r = await it.next();
        if (r.done) break;
      }
    });
    assert.equal(firstContent, splitReply(DEFAULT_REPLY)[0]);
    assert.equal(sentWhenFirstArrived, 2, 'the caller had the content chunk while the mock was still holding the rest');
    assert.equal(only(events).usage_estimated, false);
  });

  it('a stream abandoned midway: one event, status cancelled, tokens estimated from what arrived', async () => {
    const key = 'abandon-1';
    const words = splitReply(DEFAULT_REPLY);
    const events = await run(async () => {
      const stream = await env.client.chat.completions.create(
        { model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: '12345678' }] },
        { headers: { 'x-mock-hold': key, 'x-mock-hold-after': '3' } },
      );
      let n = 0;
      for await (const _ of stream) {
        if (++n === 3) break; // role chunk + 2 words, then the caller walks away
      }
      env.mock.release(key);
    });
    const e = only(events);
    assert.equal(e.status, 'cancelled');
    assert.equal(e.usage_estimated, true);
    assert.equal(e.is_streaming, true);
    assert.equal(e.input_tokens, 2);
    assert.equal(e.output_tokens, est(words[0]!.length + words[1]!.length));
    assert.equal(e.model, 'gpt-4o-mini-2024-07-18');
  });

  it('gzip-encoded responses (plain and streamed) are read from a decompressed copy', async () => {
    let plain: OpenAI.Chat.Completions.ChatCompletion | undefined;
    let streamed = '';
    const events = await run(async () => {
      plain = await env.client.chat.completions.create(
        { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] },
        { headers: { 'x-mock-gzip': '1', ...usageHeader({ prompt_tokens: 11, completion_tokens: 22, cached_tokens: 0, reasoning_tokens: 0 }) } },
      );
      const s = await env.client.chat.completions.create(
        { model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'x' }] },
        { headers: { 'x-mock-gzip': '1', ...usageHeader({ prompt_tokens: 33, completion_tokens: 44, cached_tokens: 0, reasoning_tokens: 0 }) } },
      );
      for await (const c of s) streamed += c.choices[0]?.delta?.content ?? '';
    });
    assert.equal(plain!.choices[0]!.message.content, DEFAULT_REPLY);
    assert.equal(streamed, DEFAULT_REPLY);
    const byStreaming = new Map(events.map((e) => [e.is_streaming, e]));
    assert.equal(events.length, 2);
    assert.deepEqual([byStreaming.get(false)!.input_tokens, byStreaming.get(false)!.output_tokens], [11, 22]);
    assert.deepEqual([byStreaming.get(true)!.input_tokens, byStreaming.get(true)!.output_tokens], [33, 44]);
    assert.ok(events.every((e) => e.usage_estimated === false));
  });
});

describe('embeddings', () => {
  it('one embedding event with prompt tokens; vectors untouched (base64 default of the client)', async () => {
    let res: OpenAI.Embeddings.CreateEmbeddingResponse | undefined;
    const events = await run(async () => {
      res = await env.client.embeddings.create({ model: 'text-embedding-3-small', input: ['hello world', 'abc'], dimensions: 16 });
    });
    assert.equal(res!.data.length, 2);
    assert.equal(res!.data[0]!.embedding.length, 16);
    assert.ok(Math.abs(res!.data[1]!.embedding[1]! - Math.sin(2) / 10) < 1e-6);
    const e = only(events);
    assert.equal(e.span_type, 'embedding');
    assert.equal(e.endpoint, 'embeddings');
    assert.equal(e.model, 'text-embedding-3-small');
    assert.equal(e.input_tokens, est(11) + est(3));
    assert.equal(e.output_tokens, 0);
    assert.equal(e.usage_estimated, false);
    assert.equal(e.is_streaming, false);
  });
});

describe('responses', () => {
  it('plain: input_tokens/output_tokens with cached and reasoning details', async () => {
    let r: OpenAI.Responses.Response | undefined;
    const events = await run(async () => {
      r = await env.client.responses.create(
        { model: 'o3-mini', input: 'Solve x+1=2' },
        { headers: usageHeader({ prompt_tokens: 500, completion_tokens: 900, cached_tokens: 128, reasoning_tokens: 640 }) },
      );
    });
    assert.equal(r!.output_text, DEFAULT_REPLY);
    const e = only(events);
    assert.equal(e.endpoint, 'responses');
    assert.equal(e.model, 'o3-mini-2025-01-31');
    assert.deepEqual([e.input_tokens, e.output_tokens, e.cache_read_tokens, e.reasoning_tokens], [500, 900, 128, 640]);
    assert.equal((e.metadata as Record<string, string>).provider_response_id, r!.id);
    assert.equal(e.is_streaming, false);
  });

  it('streamed: usage from response.completed; every event delivered', async () => {
    const types: string[] = [];
    const events = await run(async () => {
      const s = await env.client.responses.create(
        { model: 'gpt-4o-mini', input: 'Hi', stream: true },
        { headers: usageHeader({ prompt_tokens: 21, completion_tokens: 17, cached_tokens: 0, reasoning_tokens: 0 }) },
      );
      for await (const ev of s) types.push(ev.type);
    });
    assert.equal(types[0], 'response.created');
    assert.equal(types.at(-1), 'response.completed');
    assert.equal(types.filter((t) => t === 'response.output_text.delta').length, splitReply(DEFAULT_REPLY).length);
    const e = only(events);
    assert.equal(e.is_streaming, true);
    assert.equal(e.usage_estimated, false);
    assert.deepEqual([e.input_tokens, e.output_tokens], [21, 17]);
  });

  it('streamed without response.completed: estimated from the deltas', async () => {
    const events = await run(async () => {
      const s = await env.client.responses.create(
        { model: 'gpt-4o-mini', input: 'abcdefghijkl', stream: true },
        { headers: { 'x-mock-no-usage': '1' } },
      );
      for await (const _ of s) {
        /* consume */
      }
    });
    const e = only(events);
    assert.equal(e.usage_estimated, true);
    assert.equal(e.input_tokens, 3);
    assert.equal(e.output_tokens, est(DEFAULT_REPLY.length));
    assert.equal(e.model, 'gpt-4o-mini-2024-07-18');
  });
});

describe('statuses', () => {
  it('429 -> rate_limited, 500 -> error, with the provider message; the caller gets the same errors', async () => {
    const errors: unknown[] = [];
    const events = await run(async () => {
      for (const status of ['429', '500']) {
        try {
          await env.client.chat.completions.create(
            { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] },
            { headers: { 'x-mock-status': status, 'x-mock-retry-after': '0' } },
          );
        } catch (err) {
          errors.push(err);
        }
      }
    });
    assert.ok(errors[0] instanceof OpenAI.RateLimitError);
    assert.ok(errors[1] instanceof OpenAI.InternalServerError);
    const byStatus = new Map(events.map((e) => [e.status, e]));
    assert.equal(events.length, 2);
    assert.equal(byStatus.get('rate_limited')!.error, 'Mock error 429');
    assert.equal(byStatus.get('error')!.error, 'Mock error 500');
    assert.equal(byStatus.get('error')!.model, 'gpt-4o-mini', 'model as requested when the provider returned none');
    assert.ok(events.every((e) => e.input_tokens === 0 && e.usage_estimated === false));
  });

  it("the client's own timeout -> timeout", async () => {
    const events = await run(async () => {
      await assert.rejects(
        env.client.chat.completions.create(
          { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] },
          { headers: { 'x-mock-wait-ms': '3000' }, timeout: 1000 },
        ),
        OpenAI.APIConnectionTimeoutError,
      );
    });
    const e = only(events);
    assert.equal(e.status, 'timeout');
    assert.equal(e.input_tokens, 0);
  });

  it('a caller abort before the answer -> cancelled', async () => {
    const events = await run(async () => {
      const ac = new AbortController();
      const p = env.client.chat.completions.create(
        { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] },
        { headers: { 'x-mock-wait-ms': '5000' }, signal: ac.signal },
      );
      setTimeout(() => ac.abort(), 50);
      await assert.rejects(p, OpenAI.APIUserAbortError);
    });
    const e = only(events);
    assert.equal(e.status, 'cancelled');
    assert.equal(e.usage_estimated, false);
  });
});

describe('what is not tracked', () => {
  it('non-billable endpoints, unmapped hosts and the collector itself', async () => {
    const before = env.collector.events.length;
    const events = await run(async () => {
      await env.client.models.list();
      await env.untrackedClient.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] });
      const r = await fetch(env.collector.url + '/events', { method: 'POST', body: '[]' });
      await r.arrayBuffer();
    });
    assert.deepEqual(events, []);
    assert.equal(env.collector.events.length, before);
  });
});
