/** The mock reproduces OpenAI's documented wire formats (checked on raw bytes, without any client). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_REPLY, splitReply, startMockOpenAI, type MockOpenAI } from '../src/index.js';

let mock: MockOpenAI;
before(async () => {
  mock = await startMockOpenAI();
});
after(() => mock.close());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(mock.baseURL + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

function sseEvents(text: string): Array<{ event: string | null; data: string }> {
  return text
    .split('\n\n')
    .filter((b) => b.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? null;
      const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      return { event, data };
    });
}

describe('mock OpenAI wire formats', () => {
  it('chat.completion with usage details and a dated model', async () => {
    const r = await post('/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: '12345678' }] });
    assert.equal(r.status, 200);
    const b = (await r.json()) as any;
    assert.equal(b.object, 'chat.completion');
    assert.equal(b.model, 'gpt-4o-mini-2024-07-18');
    assert.match(b.id, /^chatcmpl-/);
    assert.equal(b.choices[0].message.content, DEFAULT_REPLY);
    assert.deepEqual(Object.keys(b.usage).sort(), ['completion_tokens', 'completion_tokens_details', 'prompt_tokens', 'prompt_tokens_details', 'total_tokens']);
    assert.equal(b.usage.prompt_tokens, 2);
    assert.equal(b.usage.total_tokens, b.usage.prompt_tokens + b.usage.completion_tokens);
    assert.equal(mock.requests.at(-1)!.path, '/v1/chat/completions');
  });

  it('chat stream: chunks, include_usage chunk with choices [], then data: [DONE]', async () => {
    const r = await post(
      '/chat/completions',
      { model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'x' }] },
      { 'x-mock-usage': JSON.stringify({ prompt_tokens: 7, completion_tokens: 9, cached_tokens: 3 }) },
    );
    assert.match(r.headers.get('content-type')!, /^text\/event-stream/);
    const events = sseEvents(await r.text());
    assert.equal(events.at(-1)!.data, '[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.data));
    assert.ok(chunks.every((c) => c.object === 'chat.completion.chunk'));
    assert.equal(chunks[0].choices[0].delta.role, 'assistant');
    assert.ok(chunks.slice(0, -1).every((c) => c.usage === null), 'usage: null on every chunk but the last');
    const last = chunks.at(-1);
    assert.deepEqual(last.choices, []);
    assert.equal(last.usage.prompt_tokens, 7);
    assert.equal(last.usage.prompt_tokens_details.cached_tokens, 3);
    assert.equal(chunks.at(-2).choices[0].finish_reason, 'stop');
    assert.equal(chunks.map((c) => c.choices[0]?.delta?.content ?? '').join(''), DEFAULT_REPLY);
  });

  it('chat stream without include_usage has no usage field', async () => {
    const r = await post('/chat/completions', { model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'x' }] });
    const chunks = sseEvents(await r.text()).slice(0, -1).map((e) => JSON.parse(e.data));
    assert.ok(chunks.every((c) => !('usage' in c)));
  });

  it('embeddings: float arrays or base64 float32', async () => {
    const f = (await (await post('/embeddings', { model: 'text-embedding-3-small', input: ['a', 'b'], dimensions: 4 })).json()) as any;
    assert.equal(f.object, 'list');
    assert.equal(f.data[1].embedding.length, 4);
    const b = (await (await post('/embeddings', { model: 'text-embedding-3-small', input: 'a', encoding_format: 'base64' })).json()) as any;
    const buf = Buffer.from(b.data[0].embedding, 'base64');
    assert.equal(buf.length, 8 * 4);
    assert.ok(Math.abs(buf.readFloatLE(4) - Math.sin(1) / 10) < 1e-6);
    assert.deepEqual(b.usage, { prompt_tokens: 1, total_tokens: 1 });
  });

  it('responses: object and SSE event stream ending with response.completed', async () => {
    const o = (await (await post('/responses', { model: 'gpt-4o-mini', input: 'hi' })).json()) as any;
    assert.equal(o.object, 'response');
    assert.equal(o.status, 'completed');
    assert.equal(o.output[0].content[0].text, DEFAULT_REPLY);
    assert.deepEqual(Object.keys(o.usage).sort(), ['input_tokens', 'input_tokens_details', 'output_tokens', 'output_tokens_details', 'total_tokens']);
    const r = await post('/responses', { model: 'gpt-4o-mini', input: 'hi', stream: true });
    const events = sseEvents(await r.text());
    const types = events.map((e) => e.event);
    assert.deepEqual(types.slice(0, 4), ['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
    assert.equal(types.filter((t) => t === 'response.output_text.delta').length, splitReply(DEFAULT_REPLY).length);
    assert.equal(types.at(-1), 'response.completed');
    const datas = events.map((e) => JSON.parse(e.data));
    assert.ok(datas.every((d, i) => d.type === types[i] && d.sequence_number === i));
    assert.equal(datas.at(-1).response.usage.output_tokens, o.usage.output_tokens);
  });

  it('scenarios: error status with Retry-After, malformed body, hold and release', async () => {
    const e = await post('/chat/completions', { model: 'm', messages: [] }, { 'x-mock-status': '429', 'x-mock-retry-after': '3' });
    assert.equal(e.status, 429);
    assert.equal(e.headers.get('retry-after'), '3');
    assert.equal(((await e.json()) as any).error.type, 'rate_limit_exceeded');
    const bad = await post('/chat/completions', { model: 'm', messages: [] }, { 'x-mock-malformed': '1' });
    await assert.rejects(bad.json() as Promise<unknown>, SyntaxError);
    const held = await post('/chat/completions', { model: 'm', stream: true, messages: [] }, { 'x-mock-hold': 'k1' });
    const reader = held.body!.getReader();
    await reader.read();
    assert.equal(mock.eventsSent('k1'), 1);
    mock.release('k1');
    while (!(await reader.read()).done) {
      /* drain */
    }
    assert.ok(mock.eventsSent('k1') > 1);
    const notFound = await fetch(mock.baseURL + '/nope');
    assert.equal(notFound.status, 404);
  });
});
