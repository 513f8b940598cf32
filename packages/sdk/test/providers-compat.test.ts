/**
 * Provider adapters beyond OpenAI (pure functions, no network): host recognition, Anthropic usage normalisation
 * (cache reads/writes on top of input_tokens; streams folded in parts; interrupted streams), DeepSeek cache hits,
 * OpenRouter's reported cost.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anthropic, normalizeAnthropicUsage } from '../src/providers/anthropic.js';
import { COMPATIBLE, openrouter } from '../src/providers/compatible.js';
import { PROVIDER_DOCS } from '../src/providers/docs.js';
import { matchGeminiEndpoint, normalizeGeminiUsage } from '../src/providers/gemini.js';
import { normalizeChatUsage } from '../src/providers/openai.js';
import { allAdapters, ProviderRegistry } from '../src/providers/registry.js';
import { parseSse } from '../src/providers/sse.js';

describe('registry: recognised by API host', () => {
  const r = new ProviderRegistry();
  const cases: Array<[string, string | undefined]> = [
    ['https://api.openai.com', 'openai'],
    ['https://api.anthropic.com', 'anthropic'],
    ['https://generativelanguage.googleapis.com', 'google'],
    ['https://api.groq.com', 'groq'],
    ['https://api.together.xyz', 'together'],
    ['https://api.deepseek.com', 'deepseek'],
    ['https://api.fireworks.ai', 'fireworks'],
    ['https://api.perplexity.ai', 'perplexity'],
    ['https://api.x.ai', 'xai'],
    ['https://openrouter.ai', 'openrouter'],
    ['https://my-resource.openai.azure.com', 'azure'],
    ['https://my-resource.cognitiveservices.azure.com/', 'azure'],
    ['https://openai.azure.com', undefined],
    ['http://my-resource.openai.azure.com', undefined],
    ['https://example.com', undefined],
  ];
  for (const [origin, name] of cases) {
    it(`${origin} -> ${name ?? 'untracked'}`, () => assert.equal(r.lookup(origin)?.name, name));
  }
  it('a mapped base URL uses the named wire format; excluded origins never match', () => {
    const m = new ProviderRegistry(new Map([['http://127.0.0.1:7000', 'anthropic']]), new Set(['https://x.openai.azure.com']));
    assert.equal(m.lookup('http://127.0.0.1:7000')?.name, 'anthropic');
    assert.equal(m.lookup('https://x.openai.azure.com'), undefined);
  });
  it('every adapter has a unique name and documents what it tracks', () => {
    const names = allAdapters().map((a) => a.name);
    assert.equal(new Set(names).size, names.length);
    for (const a of allAdapters()) assert.ok((PROVIDER_DOCS[a.name] ?? []).length > 0, a.name);
    assert.deepEqual(Object.keys(PROVIDER_DOCS).sort(), [...names].sort(), 'no rows for an adapter that does not exist');
    assert.equal(COMPATIBLE.length, 8);
  });
  it('Azure deployment URLs match', () => {
    const azure = new ProviderRegistry().lookup('https://r.openai.azure.com')!;
    assert.deepEqual(azure.matchEndpoint('POST', '/openai/deployments/my-gpt4o/chat/completions?api-version=2024-10-21'), {
      endpoint: 'chat.completions',
      spanType: 'llm',
    });
  });
});

describe('Anthropic usage', () => {
  it('canonical input = input_tokens + cache writes + cache reads', () => {
    assert.deepEqual(
      normalizeAnthropicUsage({ input_tokens: 10, cache_creation_input_tokens: 200, cache_read_input_tokens: 3000, output_tokens: 40 }),
      { input_tokens: 3210, output_tokens: 40, cache_read_tokens: 3000, cache_write_tokens: 200, reasoning_tokens: 0 },
    );
    assert.equal(normalizeAnthropicUsage({}), null);
  });

  it('1-hour cache writes (cache_creation.ephemeral_1h_input_tokens) are kept as a part of the cache writes', () => {
    const u = normalizeAnthropicUsage({
      input_tokens: 10,
      cache_creation_input_tokens: 500,
      cache_creation: { ephemeral_5m_input_tokens: 200, ephemeral_1h_input_tokens: 300 },
      output_tokens: 1,
    });
    assert.deepEqual(u, { input_tokens: 510, output_tokens: 1, cache_read_tokens: 0, cache_write_tokens: 500, reasoning_tokens: 0, cache_write_1h_tokens: 300 });
    // inconsistent counts never break the convention; no 1-hour writes, no field
    assert.equal(normalizeAnthropicUsage({ input_tokens: 1, cache_creation_input_tokens: 5, cache_creation: { ephemeral_1h_input_tokens: 9 } })?.cache_write_1h_tokens, 5);
    assert.equal('cache_write_1h_tokens' in normalizeAnthropicUsage({ input_tokens: 1, cache_creation: { ephemeral_1h_input_tokens: 0 } })!, false);
    // a stream: message_start reports them, a message_delta without cache_creation keeps them
    const start = { event: 'message_start', data: JSON.stringify({ type: 'message_start', message: { id: 'm', model: 'claude-sonnet-4-5', usage: { input_tokens: 5, cache_creation_input_tokens: 100, cache_creation: { ephemeral_1h_input_tokens: 60 }, output_tokens: 1 } } }) };
    const delta = { event: 'message_delta', data: JSON.stringify({ type: 'message_delta', delta: {}, usage: { output_tokens: 30 } }) };
    const s = anthropic.summarizeStream('messages', [start, delta], null);
    assert.deepEqual([s.usage?.cache_write_tokens, s.usage?.cache_write_1h_tokens, s.usage?.output_tokens, s.usagePartial], [100, 60, 30, false]);
  });

  it('endpoints: messages and count_tokens, nothing else', () => {
    assert.equal(anthropic.matchEndpoint('POST', '/v1/messages')?.endpoint, 'messages');
    assert.equal(anthropic.matchEndpoint('POST', '/v1/messages/count_tokens')?.endpoint, 'messages.count_tokens');
    assert.equal(anthropic.matchEndpoint('GET', '/v1/models'), null);
  });

  const frames = [
    ['message_start', { type: 'message_start', message: { id: 'msg_1', model: 'claude-x', usage: { input_tokens: 5, cache_creation_input_tokens: 100, cache_read_input_tokens: 50, output_tokens: 1 } } }],
    ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello world' } }],
    ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"q":1}' } }],
    ['message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 30, server_tool_use: { web_search_requests: 2 } } }],
    ['message_stop', { type: 'message_stop' }],
  ] as const;
  const text = frames.map(([e, d]) => `event: ${e}\ndata: ${JSON.stringify(d)}\n\n`).join('');

  it('a stream: input from message_start, output from message_delta; folded in parts gives the same', () => {
    const events = parseSse(text);
    const whole = anthropic.summarizeStream('messages', events, null);
    assert.deepEqual(whole.usage, { input_tokens: 155, output_tokens: 30, cache_read_tokens: 50, cache_write_tokens: 100, reasoning_tokens: 0 });
    assert.equal(whole.usagePartial, false);
    assert.deepEqual(whole.units, { web_search_requests: 2 });
    assert.deepEqual([whole.model, whole.responseId, whole.outputChars], ['claude-x', 'msg_1', 18]);
    const part = anthropic.summarizeStream('messages', events.slice(0, 2), null);
    const folded = anthropic.summarizeStream('messages', events.slice(2), part);
    assert.deepEqual(folded, whole);
  });

  it('an interrupted stream keeps the input usage and is marked partial', () => {
    const s = anthropic.summarizeStream('messages', parseSse(text).slice(0, 2), null);
    assert.equal(s.usagePartial, true);
    assert.equal(s.usage!.input_tokens, 155);
    assert.equal(s.outputChars, 11);
  });

  it('message_delta with cumulative input counts (newer API versions) replaces them', () => {
    const ev = parseSse(
      `event: message_start\ndata: {"type":"message_start","message":{"model":"m","usage":{"input_tokens":5,"output_tokens":1}}}\n\n` +
        `event: message_delta\ndata: {"type":"message_delta","usage":{"input_tokens":7,"cache_read_input_tokens":10,"output_tokens":9}}\n\n`,
    );
    assert.deepEqual(anthropic.summarizeStream('messages', ev, null).usage, {
      input_tokens: 17, output_tokens: 9, cache_read_tokens: 10, cache_write_tokens: 0, reasoning_tokens: 0,
    });
  });

  it('an error event fails the call; count_tokens is free usage', () => {
    const s = anthropic.summarizeStream('messages', parseSse('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n'), null);
    assert.equal(s.error, 'Overloaded');
    assert.deepEqual(anthropic.summarizeJson('messages.count_tokens', { input_tokens: 99 }).usage, {
      input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0,
    });
  });
});

describe('OpenAI-compatible hosts', () => {
  it('DeepSeek: prompt_cache_hit_tokens are the cached part of prompt_tokens', () => {
    assert.deepEqual(normalizeChatUsage({ prompt_tokens: 100, completion_tokens: 20, prompt_cache_hit_tokens: 60, prompt_cache_miss_tokens: 40 }), {
      input_tokens: 100, output_tokens: 20, cache_read_tokens: 60, cache_write_tokens: 0, reasoning_tokens: 0,
    });
  });
  it('OpenRouter: the reported usage.cost is carried, JSON and stream', () => {
    const body = { id: 'gen-1', model: 'openai/gpt-4o-mini', usage: { prompt_tokens: 10, completion_tokens: 5, cost: 0.00042 } };
    assert.equal(openrouter.summarizeJson('chat.completions', body).costUsd, 0.00042);
    const ev = parseSse(`data: ${JSON.stringify({ id: 'gen-1', model: 'm', choices: [{ delta: { content: 'hi' } }] })}\n\n` +
      `data: ${JSON.stringify({ id: 'gen-1', model: 'm', choices: [], usage: { prompt_tokens: 10, completion_tokens: 5, cost: 0.0007 } })}\n\ndata: [DONE]\n\n`);
    assert.equal(openrouter.summarizeStream('chat.completions', ev, null).costUsd, 0.0007);
  });
});

describe('Gemini usage', () => {
  it('prompt includes cached content; thoughts are added to candidates as reasoning; tool-use prompt is input', () => {
    assert.deepEqual(
      normalizeGeminiUsage({ promptTokenCount: 1000, cachedContentTokenCount: 600, candidatesTokenCount: 50, thoughtsTokenCount: 200, toolUsePromptTokenCount: 10 }),
      { input_tokens: 1010, output_tokens: 250, cache_read_tokens: 600, cache_write_tokens: 0, reasoning_tokens: 200 },
    );
  });
  it('endpoints and the model from the URL', () => {
    assert.deepEqual(matchGeminiEndpoint('POST', '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse'), {
      endpoint: 'streamGenerateContent', spanType: 'llm', model: 'gemini-2.5-flash',
    });
    assert.equal(matchGeminiEndpoint('POST', '/v1beta/models/gemini-embedding-001:batchEmbedContents')?.spanType, 'embedding');
    assert.equal(matchGeminiEndpoint('GET', '/v1beta/models'), null);
    assert.equal(matchGeminiEndpoint('POST', '/v1beta/cachedContents'), null);
  });
});

describe('Gemini modalities', () => {
  it('promptTokensDetails / candidatesTokensDetails / cacheTokensDetails by modality become token details', () => {
    const u = normalizeGeminiUsage({
      promptTokenCount: 1000,
      cachedContentTokenCount: 300,
      candidatesTokenCount: 1390,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: 200 }, { modality: 'AUDIO', tokenCount: 500 }, { modality: 'IMAGE', tokenCount: 200 }, { modality: 'VIDEO', tokenCount: 100 }],
      cacheTokensDetails: [{ modality: 'AUDIO', tokenCount: 300 }],
      candidatesTokensDetails: [{ modality: 'TEXT', tokenCount: 100 }, { modality: 'IMAGE', tokenCount: 1290 }],
    })!;
    assert.deepEqual(u.token_details, {
      input_audio_tokens: 500,
      input_image_tokens: 200,
      input_video_tokens: 100,
      cache_audio_read_tokens: 300,
      output_image_tokens: 1290,
    });
    // text only: no details
    assert.equal('token_details' in normalizeGeminiUsage({ promptTokenCount: 10, candidatesTokenCount: 2, promptTokensDetails: [{ modality: 'TEXT', tokenCount: 10 }] })!, false);
  });
});
