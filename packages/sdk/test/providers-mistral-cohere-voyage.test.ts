/**
 * Mistral, Cohere and Voyage adapters (pure functions, no network): host recognition, endpoints, usage
 * normalisation (Cohere billed units first), streams (usage in the last chunk / message-end; none when interrupted),
 * Cohere rerank search units.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cohere, normalizeCohereUsage } from '../src/providers/cohere.js';
import { mistral } from '../src/providers/mistral.js';
import { ProviderRegistry } from '../src/providers/registry.js';
import { isJsonLinesType, JsonLinesParser, parseSse } from '../src/providers/sse.js';
import { voyage } from '../src/providers/voyage.js';

const usage = (input: number, output: number) => ({ input_tokens: input, output_tokens: output, cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0 });

describe('registry: Mistral, Cohere, Voyage hosts', () => {
  const r = new ProviderRegistry();
  for (const [origin, name] of [
    ['https://api.mistral.ai', 'mistral'],
    ['https://api.cohere.com', 'cohere'],
    ['https://api.cohere.ai', 'cohere'],
    ['https://api.voyageai.com', 'voyage'],
  ] as const) {
    it(`${origin} -> ${name}`, () => assert.equal(r.lookup(origin)?.name, name));
  }
});

describe('Mistral', () => {
  it('endpoints', () => {
    assert.deepEqual(mistral.matchEndpoint('POST', '/v1/chat/completions'), { endpoint: 'chat.completions', spanType: 'llm' });
    assert.deepEqual(mistral.matchEndpoint('POST', '/v1/fim/completions'), { endpoint: 'fim.completions', spanType: 'llm' });
    assert.deepEqual(mistral.matchEndpoint('POST', '/v1/embeddings/'), { endpoint: 'embeddings', spanType: 'embedding' });
    assert.equal(mistral.matchEndpoint('GET', '/v1/models'), null);
    assert.equal(mistral.matchEndpoint('POST', '/v1/files'), null);
  });

  it('chat.completion JSON: prompt_tokens / completion_tokens', () => {
    const s = mistral.summarizeJson('chat.completions', {
      id: 'cmpl-1',
      object: 'chat.completion',
      model: 'mistral-small-latest',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello there' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 12, completion_tokens: 34, total_tokens: 46 },
    });
    assert.deepEqual([s.model, s.responseId, s.usage, s.outputChars], ['mistral-small-latest', 'cmpl-1', usage(12, 34), 11]);
  });

  it('FIM completions parse as chat; request estimated from prompt + suffix', () => {
    const s = mistral.summarizeJson('fim.completions', { id: 'f', model: 'codestral-latest', choices: [{ message: { content: 'abcd' } }], usage: { prompt_tokens: 5, completion_tokens: 1 } });
    assert.deepEqual([s.usage, s.outputChars], [usage(5, 1), 4]);
    assert.equal(mistral.summarizeRequest('fim.completions', { model: 'codestral-latest', prompt: 'x'.repeat(40), suffix: 'y'.repeat(40) }).estimatedInputTokens, 20);
  });

  const chunk = (content: string, extra: object = {}) =>
    `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', model: 'mistral-small-latest', choices: [{ index: 0, delta: { content } }], ...extra })}\n\n`;

  it('stream: the usage of the last chunk', () => {
    const events = parseSse(chunk('Hel') + chunk('lo', { usage: { prompt_tokens: 7, completion_tokens: 2, total_tokens: 9 } }) + 'data: [DONE]\n\n');
    const s = mistral.summarizeStream('chat.completions', events, null);
    assert.deepEqual([s.model, s.responseId, s.usage], ['mistral-small-latest', 'c1', usage(7, 2)]);
  });

  it('stream without usage (interrupted): no usage, output characters counted for the estimate', () => {
    const first = mistral.summarizeStream('chat.completions', parseSse(chunk('Hello')), null);
    const s = mistral.summarizeStream('chat.completions', parseSse(chunk(' world')), first);
    assert.deepEqual([s.usage, s.outputChars, s.model], [null, 11, 'mistral-small-latest']);
  });

  it('error messages', () => {
    assert.equal(mistral.errorMessage({ object: 'error', message: 'Unauthorized', type: 'invalid_request_error' }), 'Unauthorized');
    assert.equal(mistral.errorMessage({ detail: 'Not Found' }), 'Not Found');
  });
});

describe('Cohere', () => {
  it('endpoints (v2 and v1)', () => {
    assert.deepEqual(cohere.matchEndpoint('POST', '/v2/chat'), { endpoint: 'chat', spanType: 'llm' });
    assert.deepEqual(cohere.matchEndpoint('POST', '/v1/chat'), { endpoint: 'chat', spanType: 'llm' });
    assert.deepEqual(cohere.matchEndpoint('POST', '/v2/embed'), { endpoint: 'embed', spanType: 'embedding' });
    assert.deepEqual(cohere.matchEndpoint('POST', '/v2/rerank?x=1'), { endpoint: 'rerank', spanType: 'api' });
    assert.equal(cohere.matchEndpoint('POST', '/v1/tokenize'), null);
    assert.equal(cohere.matchEndpoint('GET', '/v2/chat'), null);
  });

  it('usage: billed_units first, else tokens; null without counts', () => {
    const both = { billed_units: { input_tokens: 10, output_tokens: 20 }, tokens: { input_tokens: 110, output_tokens: 20 }, cached_tokens: 0 };
    assert.deepEqual(normalizeCohereUsage(both), usage(10, 20));
    assert.deepEqual(normalizeCohereUsage({ tokens: { input_tokens: 110, output_tokens: 20 } }), usage(110, 20));
    assert.deepEqual(normalizeCohereUsage({ billed_units: { search_units: 1 } }), null);
    assert.equal(normalizeCohereUsage(null), null);
  });

  it('v2 chat JSON: usage and output characters; model is the requested one', () => {
    const s = cohere.summarizeJson('chat', {
      id: 'r1',
      finish_reason: 'COMPLETE',
      message: { role: 'assistant', content: [{ type: 'text', text: 'Hello!' }] },
      usage: { billed_units: { input_tokens: 5, output_tokens: 2 }, tokens: { input_tokens: 105, output_tokens: 2 } },
    });
    assert.deepEqual([s.model, s.responseId, s.usage, s.outputChars], [null, 'r1', usage(5, 2), 6]);
    assert.deepEqual(cohere.summarizeRequest('chat', { model: 'command-a-03-2025', stream: true, messages: [{ role: 'user', content: 'x'.repeat(40) }] }),
      { model: 'command-a-03-2025', stream: true, estimatedInputTokens: 10 });
  });

  it('v1 chat and embed: meta.billed_units', () => {
    assert.deepEqual(cohere.summarizeJson('chat', { text: 'abc', generation_id: 'g', meta: { billed_units: { input_tokens: 3, output_tokens: 1 } } }).usage, usage(3, 1));
    const e = cohere.summarizeJson('embed', { id: 'e', embeddings: { float: [[0.1]] }, meta: { api_version: { version: '2' }, billed_units: { input_tokens: 42 } } });
    assert.deepEqual([e.usage, e.units], [usage(42, 0), undefined]);
  });

  it('rerank: units { search_units }, no tokens', () => {
    const s = cohere.summarizeJson('rerank', { id: 'k', results: [{ index: 0, relevance_score: 0.9 }], meta: { billed_units: { search_units: 2 } } });
    assert.deepEqual([s.usage, s.units], [null, { search_units: 2 }]);
    assert.equal(cohere.summarizeJson('rerank', { id: 'k', results: [] }).units, null);
  });

  const ev = (type: string, rest: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...rest })}\n\n`;
  const delta = (text: string) => ev('content-delta', { index: 0, delta: { message: { content: { text } } } });

  it('stream folded in parts: message-end usage (billed units)', () => {
    const a = cohere.summarizeStream('chat', parseSse(ev('message-start', { id: 'm1', delta: { message: { role: 'assistant' } } }) + delta('Hel')), null);
    assert.deepEqual([a.responseId, a.usage, a.outputChars], ['m1', null, 3]);
    const b = cohere.summarizeStream('chat', parseSse(delta('lo') + ev('content-end', { index: 0 }) +
      ev('message-end', { delta: { finish_reason: 'COMPLETE', usage: { billed_units: { input_tokens: 9, output_tokens: 2 }, tokens: { input_tokens: 50, output_tokens: 2 } } } }) + 'data: [DONE]\n\n'), a);
    assert.deepEqual([b.responseId, b.usage, b.outputChars, b.error], ['m1', usage(9, 2), 5, null]);
  });

  it('stream: interrupted (no message-end) has no usage; message-end error is reported', () => {
    const s = cohere.summarizeStream('chat', parseSse(delta('partial')), null);
    assert.deepEqual([s.usage, s.outputChars], [null, 7]);
    const e = cohere.summarizeStream('chat', parseSse(ev('message-end', { delta: { finish_reason: 'ERROR', error: 'overloaded' } })), null);
    assert.equal(e.error, 'overloaded');
  });
});

describe('Voyage', () => {
  it('endpoints, usage.total_tokens as input, model from the response', () => {
    assert.deepEqual(voyage.matchEndpoint('POST', '/v1/embeddings'), { endpoint: 'embeddings', spanType: 'embedding' });
    assert.deepEqual(voyage.matchEndpoint('POST', '/v1/rerank'), { endpoint: 'rerank', spanType: 'api' });
    assert.equal(voyage.matchEndpoint('POST', '/v1/other'), null);
    const s = voyage.summarizeJson('embeddings', { object: 'list', data: [], model: 'voyage-3.5', usage: { total_tokens: 77 } });
    assert.deepEqual([s.model, s.usage], ['voyage-3.5', usage(77, 0)]);
    assert.equal(voyage.summarizeJson('embeddings', { object: 'list', data: [] }).usage, null);
    assert.equal(voyage.summarizeRequest('embeddings', { input: ['x'.repeat(20), 'y'.repeat(20)], model: 'voyage-3' }).estimatedInputTokens, 10);
    assert.equal(voyage.errorMessage({ detail: 'bad key' }), 'bad key');
  });
});

describe('Cohere v1 stream (newline-delimited JSON)', () => {
  it('JsonLinesParser: lines split across pieces, CRLF and blank lines', () => {
    const p = new JsonLinesParser();
    const out = p.push('{"a":1}\r\n{"b"');
    assert.deepEqual(out, [{ event: null, data: '{"a":1}' }]);
    p.push(':2}\n\n   \n', out);
    p.end(p.push('{"c":3}', out));
    assert.deepEqual(out.map((e) => e.data), ['{"a":1}', '{"b":2}', '{"c":3}']);
    assert.equal(isJsonLinesType('application/stream+json'), true);
    assert.equal(isJsonLinesType('application/x-ndjson'), true);
    assert.equal(isJsonLinesType('application/json'), false);
  });

  it('stream-end carries the billed units; text-generation counts output characters', () => {
    const lines = [
      { is_finished: false, event_type: 'stream-start', generation_id: 'g-1' },
      { is_finished: false, event_type: 'text-generation', text: 'Hello' },
      { is_finished: false, event_type: 'text-generation', text: ' there' },
    ].map((o) => ({ event: null, data: JSON.stringify(o) }));
    const partial = cohere.summarizeStream('chat', lines, null);
    assert.deepEqual([partial.usage, partial.outputChars, partial.responseId], [null, 11, 'g-1']);
    const end = {
      event: null,
      data: JSON.stringify({
        is_finished: true,
        event_type: 'stream-end',
        finish_reason: 'COMPLETE',
        response: { text: 'Hello there', generation_id: 'g-1', meta: { billed_units: { input_tokens: 12, output_tokens: 3 }, tokens: { input_tokens: 112, output_tokens: 3 } } },
      }),
    };
    const s = cohere.summarizeStream('chat', [end], partial);
    assert.deepEqual(s.usage, { input_tokens: 12, output_tokens: 3, cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0 });
    assert.equal(s.error, null);
    const failed = cohere.summarizeStream('chat', [{ event: null, data: JSON.stringify({ event_type: 'stream-end', finish_reason: 'ERROR', response: { text: '' } }) }], null);
    assert.match(String(failed.error), /ERROR/);
  });
});
