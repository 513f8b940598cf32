/** Pure parsing of the OpenAI wire format: usage normalisation, endpoints, requests, JSON and SSE bodies. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { usageConventionError } from '@llmobserve/shared';
import { firstStringField, lastObjectField } from '../src/intercept/body.js';
import { estimateTokens, textLength } from '../src/estimate/tokens.js';
import {
  clampUsage,
  matchOpenAIEndpoint,
  normalizeChatUsage,
  normalizeResponsesUsage,
  summarizeOpenAIJson,
  summarizeOpenAIRequest,
  summarizeOpenAIStream,
} from '../src/providers/openai.js';
import { ProviderRegistry } from '../src/providers/registry.js';
import { parseSse, SseParser } from '../src/providers/sse.js';

describe('usage normalisation (canonical convention)', () => {
  it('chat: cached tokens stay inside input, reasoning inside output', () => {
    const u = normalizeChatUsage({
      prompt_tokens: 1200,
      completion_tokens: 300,
      total_tokens: 1500,
      prompt_tokens_details: { cached_tokens: 1024, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 256, audio_tokens: 0 },
    });
    assert.deepEqual(u, { input_tokens: 1200, output_tokens: 300, cache_read_tokens: 1024, cache_write_tokens: 0, reasoning_tokens: 256 });
    assert.equal(usageConventionError(u!), null);
  });

  it('chat: cache_write_tokens are a part of prompt_tokens too', () => {
    const u = normalizeChatUsage({ prompt_tokens: 100, completion_tokens: 1, prompt_tokens_details: { cached_tokens: 10, cache_write_tokens: 50 } });
    assert.equal(u!.cache_write_tokens, 50);
    assert.equal(u!.input_tokens, 100);
  });

  it('chat: missing or null details (compatible servers) count as 0; no counts at all -> null', () => {
    assert.deepEqual(normalizeChatUsage({ prompt_tokens: 5, completion_tokens: 7, prompt_tokens_details: null }), {
      input_tokens: 5,
      output_tokens: 7,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      reasoning_tokens: 0,
    });
    assert.equal(normalizeChatUsage(null), null);
    assert.equal(normalizeChatUsage({}), null);
    assert.equal(normalizeChatUsage({ total_tokens: 3 }), null);
  });

  it('embeddings usage has only prompt_tokens', () => {
    assert.deepEqual(normalizeChatUsage({ prompt_tokens: 8, total_tokens: 8 }), {
      input_tokens: 8,
      output_tokens: 0,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      reasoning_tokens: 0,
    });
  });

  it('responses: input_tokens/output_tokens with their details', () => {
    const u = normalizeResponsesUsage({
      input_tokens: 2000,
      input_tokens_details: { cached_tokens: 1536 },
      output_tokens: 900,
      output_tokens_details: { reasoning_tokens: 640 },
      total_tokens: 2900,
    });
    assert.deepEqual(u, { input_tokens: 2000, output_tokens: 900, cache_read_tokens: 1536, cache_write_tokens: 0, reasoning_tokens: 640 });
  });

  it('inconsistent reports are clamped so parts never exceed totals; garbage numbers become 0', () => {
    assert.deepEqual(clampUsage({ input_tokens: 10, output_tokens: 2, cache_read_tokens: 8, cache_write_tokens: 8, reasoning_tokens: 9 }), {
      input_tokens: 10,
      output_tokens: 2,
      cache_read_tokens: 8,
      cache_write_tokens: 2,
      reasoning_tokens: 2,
    });
    const u = normalizeChatUsage({ prompt_tokens: -4, completion_tokens: 'x', prompt_tokens_details: { cached_tokens: Infinity } });
    assert.deepEqual(u, { input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0 });
  });
});

describe('endpoints and registry', () => {
  it('matches POST paths by suffix, with prefixes and query strings; ignores other calls', () => {
    assert.deepEqual(matchOpenAIEndpoint('POST', '/v1/chat/completions'), { endpoint: 'chat.completions', spanType: 'llm' });
    assert.deepEqual(matchOpenAIEndpoint('POST', '/openai/deployments/x/chat/completions?api-version=1'), {
      endpoint: 'chat.completions',
      spanType: 'llm',
    });
    assert.deepEqual(matchOpenAIEndpoint('POST', '/v1/embeddings'), { endpoint: 'embeddings', spanType: 'embedding' });
    assert.deepEqual(matchOpenAIEndpoint('POST', '/v1/responses'), { endpoint: 'responses', spanType: 'llm' });
    assert.equal(matchOpenAIEndpoint('GET', '/v1/models'), null);
    assert.equal(matchOpenAIEndpoint('GET', '/v1/responses/resp_1'), null);
    assert.equal(matchOpenAIEndpoint('POST', '/v1/files'), null);
  });

  it('registry: default origin, mapped origins, excluded collector, unknown hosts', () => {
    const r = new ProviderRegistry(new Map([['http://127.0.0.1:9999', 'openai']]), new Set(['http://127.0.0.1:8000']));
    assert.equal(r.lookup('https://api.openai.com')?.name, 'openai');
    assert.equal(r.lookup('https://api.openai.com:443/')?.name, 'openai');
    assert.equal(r.lookup(new URL('https://api.openai.com/v1'))?.name, 'openai');
    assert.equal(r.lookup('http://127.0.0.1:9999')?.name, 'openai');
    assert.equal(r.lookup('http://127.0.0.1:8000'), undefined);
    assert.equal(r.lookup('https://example.com'), undefined);
    assert.equal(r.lookup('not a url'), undefined);
    assert.equal(r.lookup(undefined), undefined);
  });
});

describe('requests and local estimates', () => {
  it('chars/4, rounded up; text-bearing keys only', () => {
    assert.equal(estimateTokens(0), 0);
    assert.equal(estimateTokens(1), 1);
    assert.equal(estimateTokens(8), 2);
    assert.equal(estimateTokens(9), 3);
    assert.equal(
      textLength([
        { role: 'system', content: 'abcd' },
        { role: 'user', content: [{ type: 'text', text: 'efgh' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] },
        { role: 'assistant', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }] },
      ]),
      4 + 4 + 1 + 7,
    );
  });

  it('summarises chat, responses and embeddings requests', () => {
    assert.deepEqual(
      summarizeOpenAIRequest('chat.completions', { model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: '12345678' }] }),
      { model: 'gpt-4o-mini', stream: true, estimatedInputTokens: 2 },
    );
    assert.deepEqual(summarizeOpenAIRequest('responses', { model: 'o3-mini', input: 'abcd', instructions: 'efgh' }), {
      model: 'o3-mini',
      stream: false,
      estimatedInputTokens: 2,
    });
    assert.equal(summarizeOpenAIRequest('embeddings', { model: 'e', input: ['abcd', 'abcdefgh'] }).estimatedInputTokens, 3);
    // token-id arrays are counted exactly
    assert.equal(summarizeOpenAIRequest('embeddings', { model: 'e', input: [1, 2, 3, 4, 5] }).estimatedInputTokens, 5);
    assert.equal(summarizeOpenAIRequest('embeddings', { model: 'e', input: [[1, 2], [3]] }).estimatedInputTokens, 3);
    assert.deepEqual(summarizeOpenAIRequest('chat.completions', 'garbage'), { model: null, stream: false, estimatedInputTokens: 0 });
  });
});

describe('JSON responses', () => {
  it('chat.completion: model as returned, id, usage', () => {
    const s = summarizeOpenAIJson('chat.completions', {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      model: 'gpt-4o-mini-2024-07-18',
      choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 },
    });
    assert.equal(s.model, 'gpt-4o-mini-2024-07-18');
    assert.equal(s.responseId, 'chatcmpl-1');
    assert.equal(s.usage!.input_tokens, 9);
    assert.equal(s.outputChars, 5);
    assert.equal(s.error, null);
  });

  it('a failed Response reports its error', () => {
    const s = summarizeOpenAIJson('responses', {
      id: 'resp_1',
      object: 'response',
      status: 'failed',
      model: 'gpt-4o',
      error: { code: 'server_error', message: 'boom' },
      usage: null,
    });
    assert.equal(s.error, 'boom');
    assert.equal(s.usage, null);
  });

  it('large bodies: usage read from the tail, model and id from the head', () => {
    const body = JSON.stringify({
      id: 'chatcmpl-big',
      model: 'gpt-4o-2024-08-06',
      choices: [{ message: { content: 'x"usage": {"prompt_tokens": 1}' } }],
      usage: { prompt_tokens: 50, completion_tokens: 60, prompt_tokens_details: { cached_tokens: 10 } },
    });
    assert.deepEqual(lastObjectField(body, 'usage'), { prompt_tokens: 50, completion_tokens: 60, prompt_tokens_details: { cached_tokens: 10 } });
    assert.equal(firstStringField(body, 'model'), 'gpt-4o-2024-08-06');
    assert.equal(firstStringField(body, 'id'), 'chatcmpl-big');
    assert.equal(lastObjectField('{"a": 1}', 'usage'), null);
    assert.equal(lastObjectField('{"usage": {"a": ', 'usage'), null);
  });
});

describe('SSE', () => {
  it('parses events split anywhere, CRLF/CR line ends, comments, multi-line data, event names', () => {
    const text = ': keep-alive\r\nevent: response.created\r\ndata: {"a":\r\ndata: 1}\r\n\r\ndata: [DONE]\r\r';
    const whole = parseSse(text);
    assert.deepEqual(whole, [
      { event: 'response.created', data: '{"a":\n1}' },
      { event: null, data: '[DONE]' },
    ]);
    for (let cut = 1; cut < text.length; cut++) {
      const p = new SseParser();
      const out = p.push(text.slice(0, cut));
      p.push(text.slice(cut), out);
      p.end(out);
      assert.deepEqual(out, whole, `split at ${cut}`);
    }
  });

  const chunk = (o: object) => ({ event: null, data: JSON.stringify(o) });
  const base = { id: 'chatcmpl-s', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini-2024-07-18' };

  it('chat stream with include_usage: usage from the last chunk (choices: [])', () => {
    const events = [
      chunk({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' } }], usage: null }),
      chunk({ ...base, choices: [{ index: 0, delta: { content: 'Hel' } }], usage: null }),
      chunk({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: null }),
      chunk({
        ...base,
        choices: [],
        usage: { prompt_tokens: 30, completion_tokens: 12, prompt_tokens_details: { cached_tokens: 4 }, completion_tokens_details: { reasoning_tokens: 3 } },
      }),
      { event: null, data: '[DONE]' },
    ];
    const s = summarizeOpenAIStream('chat.completions', events, null);
    assert.deepEqual(s.usage, { input_tokens: 30, output_tokens: 12, cache_read_tokens: 4, cache_write_tokens: 0, reasoning_tokens: 3 });
    assert.equal(s.model, 'gpt-4o-mini-2024-07-18');
    assert.equal(s.responseId, 'chatcmpl-s');
  });

  it('chat stream without usage: output characters counted (content, tool arguments, refusal)', () => {
    const events = [
      chunk({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] }),
      chunk({ ...base, choices: [{ index: 0, delta: { content: 'Hello' } }] }),
      chunk({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"q":1}' } }] } }] }),
      { event: null, data: '[DONE]' },
    ];
    const s = summarizeOpenAIStream('chat.completions', events, null);
    assert.equal(s.usage, null);
    assert.equal(s.outputChars, 5 + 7);
    assert.equal(s.model, 'gpt-4o-mini-2024-07-18');
  });

  it('folding a long stream in parts gives the same summary', () => {
    const parts = Array.from({ length: 10 }, (_, i) => chunk({ ...base, choices: [{ index: 0, delta: { content: `w${i} ` } }] }));
    const last = chunk({ ...base, choices: [], usage: { prompt_tokens: 3, completion_tokens: 10 } });
    const first = summarizeOpenAIStream('chat.completions', parts.slice(0, 5), null);
    const all = summarizeOpenAIStream('chat.completions', [...parts.slice(5), last], first);
    assert.equal(all.outputChars, 30);
    assert.equal(all.usage!.output_tokens, 10);
  });

  it('an error event in a chat stream is reported', () => {
    const s = summarizeOpenAIStream('chat.completions', [chunk({ error: { message: 'overloaded', type: 'server_error' } })], null);
    assert.equal(s.error, 'overloaded');
  });

  const rev = (type: string, o: object) => ({ event: type, data: JSON.stringify({ type, ...o }) });

  it('responses stream: usage from response.completed', () => {
    const events = [
      rev('response.created', { response: { id: 'resp_1', model: 'gpt-4o-mini-2024-07-18', status: 'in_progress', usage: null } }),
      rev('response.output_text.delta', { delta: 'Hi' }),
      rev('response.completed', {
        response: {
          id: 'resp_1',
          model: 'gpt-4o-mini-2024-07-18',
          status: 'completed',
          output: [{ type: 'message', content: [{ type: 'output_text', text: 'Hi' }] }],
          usage: { input_tokens: 11, input_tokens_details: { cached_tokens: 0 }, output_tokens: 7, output_tokens_details: { reasoning_tokens: 2 } },
        },
      }),
    ];
    const s = summarizeOpenAIStream('responses', events, null);
    assert.deepEqual(s.usage, { input_tokens: 11, output_tokens: 7, cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 2 });
    assert.equal(s.responseId, 'resp_1');
  });

  it('responses stream cut short: model from response.created, deltas counted', () => {
    const events = [
      rev('response.created', { response: { id: 'resp_2', model: 'gpt-4o', status: 'in_progress' } }),
      rev('response.output_text.delta', { delta: 'abcd' }),
      rev('response.output_text.delta', { delta: 'efgh' }),
    ];
    const s = summarizeOpenAIStream('responses', events, null);
    assert.equal(s.usage, null);
    assert.equal(s.outputChars, 8);
    assert.equal(s.model, 'gpt-4o');
  });

  it('responses stream: response.failed is an error (usage kept when given)', () => {
    const events = [
      rev('response.failed', {
        response: { id: 'resp_3', model: 'gpt-4o', status: 'failed', error: { message: 'bad' }, usage: { input_tokens: 5, output_tokens: 0 } },
      }),
    ];
    const s = summarizeOpenAIStream('responses', events, null);
    assert.equal(s.error, 'bad');
    assert.equal(s.usage!.input_tokens, 5);
  });
});

describe('stream tail fast path', () => {
  it('cuts the last events at blank lines, with or without a final blank line', async () => {
    const { tailEvents } = await import('../src/intercept/body.js');
    const body = 'data: {"a":1}\n\ndata: {"b":"日本"}\n\nevent: x\ndata: 3\n\ndata: [DONE]\n\n';
    assert.deepEqual(tailEvents(Buffer.from(body), 3), [
      { event: null, data: '{"b":"日本"}' },
      { event: 'x', data: '3' },
      { event: null, data: '[DONE]' },
    ]);
    assert.deepEqual(tailEvents(Buffer.from(body.trimEnd()), 2), [
      { event: 'x', data: '3' },
      { event: null, data: '[DONE]' },
    ]);
    assert.equal(tailEvents(Buffer.from(body), 4), null, 'not enough blank lines: the caller parses everything');
    assert.equal(tailEvents(Buffer.from(body.replaceAll('\n', '\r\n')), 2), null);
  });

  it('a stream in many chunks, cut anywhere (inside events, characters, blank lines), sums up like one chunk', async () => {
    const { SseBody } = await import('../src/intercept/body.js');
    const { openai } = await import('../src/providers/openai.js');
    const chunk = (o: object) => `data: ${JSON.stringify({ id: 'c1', model: 'gpt-4o-mini', ...o })}\n\n`;
    const text =
      Array.from({ length: 20 }, (_, i) => chunk({ choices: [{ delta: { content: `日本 word ${i}` } }], usage: null })).join('') +
      chunk({ choices: [], usage: { prompt_tokens: 7, completion_tokens: 20, total_tokens: 27 } }) +
      'data: [DONE]\n\n';
    const bytes = Buffer.from(text);
    const whole = new SseBody(openai, 'chat.completions');
    whole.add(bytes);
    const expected = whole.finish();
    assert.equal(expected.usage!.input_tokens, 7);
    for (const size of [1, 2, 3, 7, 64, 333, 1000]) {
      const b = new SseBody(openai, 'chat.completions');
      for (let i = 0; i < bytes.length; i += size) b.add(bytes.subarray(i, i + size));
      assert.deepEqual(b.finish(), expected, `chunks of ${size} bytes`);
    }
  });
});

describe('token details of other modalities', () => {
  it('chat: audio tokens in and out (prompt/completion_tokens_details.audio_tokens)', () => {
    const u = normalizeChatUsage({
      prompt_tokens: 2000,
      completion_tokens: 800,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 1500 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 600 },
    })!;
    assert.deepEqual(u.token_details, { input_audio_tokens: 1500, output_audio_tokens: 600 });
    assert.equal(usageConventionError(u), null);
    // zero audio tokens (every gpt-4o response reports them): no details at all
    assert.equal('token_details' in normalizeChatUsage({ prompt_tokens: 5, completion_tokens: 1, prompt_tokens_details: { audio_tokens: 0 } })!, false);
    // inconsistent counts are clamped to the convention
    const bad = normalizeChatUsage({ prompt_tokens: 10, completion_tokens: 1, prompt_tokens_details: { audio_tokens: 50 }, completion_tokens_details: { audio_tokens: 9 } })!;
    assert.deepEqual(bad.token_details, { input_audio_tokens: 10, output_audio_tokens: 1 });
  });

  it('images (input_tokens_details.image_tokens) and gpt-4o-transcribe (input_token_details.audio_tokens)', () => {
    const img = normalizeResponsesUsage({ input_tokens: 1503, output_tokens: 272, input_tokens_details: { text_tokens: 3, image_tokens: 1500 } })!;
    assert.deepEqual([img.input_tokens, img.token_details], [1503, { input_image_tokens: 1500 }]);
    const stt = normalizeResponsesUsage({ type: 'tokens', input_tokens: 120, output_tokens: 30, input_token_details: { text_tokens: 20, audio_tokens: 100 } })!;
    assert.deepEqual(stt.token_details, { input_audio_tokens: 100 });
  });
});
