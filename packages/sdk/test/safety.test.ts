/**
 * Nothing the SDK does throws into user code or changes results: collector down, collector answering garbage,
 * provider answering malformed JSON, a stream erroring midway, exotic encodings, a throwing logger. Responses reach
 * the caller byte for byte; the SDK's own requests never go through the interceptor.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { Dispatcher, getGlobalDispatcher, setGlobalDispatcher } from 'undici';
import { startMockOpenAI, DEFAULT_REPLY, type MockOpenAI } from '@llmobserve/mock-providers';
import { flush, observe, setCustomerId, shutdown, stats, withRun } from '../src/index.js';
import { startFakeCollector, type FakeCollector } from './helpers/fake-collector.js';
import { only } from './helpers/env.js';

const unexpected: unknown[] = [];
process.on('uncaughtException', (e) => unexpected.push(e));
process.on('unhandledRejection', (e) => unexpected.push(e));

/** Records the origin of every request that reaches the global dispatcher (installed before observe()). */
class SpyDispatcher extends Dispatcher {
  origins: string[] = [];
  constructor(private readonly inner: Dispatcher) {
    super();
  }
  override dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandlers): boolean {
    this.origins.push(String(opts.origin));
    return this.inner.dispatch(opts, handler);
  }
  override close(): never {
    return (this.inner.close as () => never)();
  }
  override destroy(): never {
    return (this.inner.destroy as () => never)();
  }
}

let mock: MockOpenAI;
let plainMock: MockOpenAI;
let client: OpenAI;
let untracked: OpenAI;
let spy: SpyDispatcher;
const warnings: string[] = [];

function observeWith(collectorUrl: string, extra: Record<string, unknown> = {}) {
  observe({
    collectorUrl,
    providers: { [mock.url]: 'openai' },
    flushIntervalMs: 20,
    logger: { warn: (m) => warnings.push(m) },
    ...extra,
  });
}

before(async () => {
  spy = new SpyDispatcher(getGlobalDispatcher());
  setGlobalDispatcher(spy);
  mock = await startMockOpenAI();
  plainMock = await startMockOpenAI();
  client = new OpenAI({ apiKey: 'sk', baseURL: mock.baseURL, maxRetries: 0 });
  untracked = new OpenAI({ apiKey: 'sk', baseURL: plainMock.baseURL, maxRetries: 0 });
});

after(async () => {
  await shutdown({ timeoutMs: 500 });
  await mock.close();
  await plainMock.close();
  assert.deepEqual(unexpected, [], 'no uncaught exception or unhandled rejection anywhere');
});

/** Outcome of a call as the caller sees it: the value, or the error's class and message. */
async function outcome(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    return { ok: await fn() };
  } catch (err) {
    return { error: (err as Error).constructor.name, message: (err as Error).message, status: (err as { status?: unknown }).status };
  }
}

const streamText = async (c: OpenAI, headers: Record<string, string> = {}) => {
  const s = await c.chat.completions.create(
    { model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] },
    { headers },
  );
  let t = '';
  for await (const ch of s) t += ch.choices[0]?.delta?.content ?? '';
  return t;
};

describe('the collector misbehaves', () => {
  it('collector down: calls succeed unchanged, flush resolves false, nothing thrown', async () => {
    const dead = await startFakeCollector();
    await dead.close();
    observeWith(dead.url);
    const r = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] });
    assert.equal(r.choices[0]!.message.content, DEFAULT_REPLY);
    assert.equal(await streamText(client), DEFAULT_REPLY);
    assert.equal(await flush({ timeoutMs: 300 }), false);
    assert.match(stats().lastError ?? '', /ECONNREFUSED/);
    await shutdown({ timeoutMs: 10 });
  });

  it('collector answering garbage (not HTTP, then HTML 500): calls unaffected, events retried', async () => {
    let conns = 0;
    const garbage = net.createServer((s) => {
      conns++;
      s.on('data', () => s.end('\x00\x01 this is not HTTP at all \r\n\r\n'));
    });
    await new Promise<void>((r) => garbage.listen(0, '127.0.0.1', r));
    observeWith(`http://127.0.0.1:${(garbage.address() as AddressInfo).port}`);
    const r = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] });
    assert.equal(r.choices[0]!.message.content, DEFAULT_REPLY);
    assert.equal(await flush({ timeoutMs: 300 }), false);
    assert.ok(conns >= 1);
    await shutdown({ timeoutMs: 10 });
    garbage.close();

    const html = await startFakeCollector(() => ({ status: 500, headers: { 'content-type': 'text/html' }, body: '<h1>oops</h1>' }));
    observeWith(html.url);
    assert.equal(await streamText(client), DEFAULT_REPLY);
    assert.equal(await flush({ timeoutMs: 300 }), false);
    assert.match(stats().lastError ?? '', /HTTP 500/);
    await shutdown({ timeoutMs: 10 });
    await html.close();
  });
});

describe('the provider misbehaves', () => {
  let fc: FakeCollector;
  before(async () => {
    fc = await startFakeCollector();
    observeWith(fc.url);
  });
  after(async () => {
    await shutdown({ timeoutMs: 2000 });
    await fc.close();
  });

  async function runEvents(fn: () => Promise<unknown>) {
    let id = '';
    await withRun(async (runId) => {
      id = runId;
      await fn();
    });
    assert.ok(await flush());
    return fc.events.filter((e) => e.run_id === id);
  }

  it('malformed JSON: the caller gets the same error as without the SDK; the event says error', async () => {
    const headers = { 'x-mock-malformed': '1' };
    const call = (c: OpenAI) => () => c.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }, { headers });
    let tracked: unknown;
    const events = await runEvents(async () => {
      tracked = await outcome(call(client));
    });
    const control = await outcome(call(untracked));
    assert.ok((tracked as { error?: string }).error, 'the call failed');
    assert.deepEqual(tracked, control);
    const e = only(events);
    assert.equal(e.status, 'error');
    assert.match(e.error!, /not valid JSON/);
    assert.equal(e.model, 'gpt-4o-mini');
  });

  it('a stream erroring midway: same error for the caller; the event says error with an estimate', async () => {
    const headers = { 'x-mock-fail-after': '3' };
    let tracked: unknown;
    const events = await runEvents(async () => {
      tracked = await outcome(() => streamText(client, headers));
    });
    const control = await outcome(() => streamText(untracked, headers));
    assert.ok((tracked as { error?: string }).error, 'the stream failed');
    assert.deepEqual(tracked, control);
    const e = only(events);
    assert.equal(e.status, 'error');
    assert.equal(e.is_streaming, true);
    assert.equal(e.usage_estimated, true);
    assert.ok(e.output_tokens! > 0);
  });

  it('error statuses: same errors for the caller', async () => {
    for (const status of ['400', '401', '404', '429', '500', '503']) {
      const headers = { 'x-mock-status': status };
      const call = (c: OpenAI) => () => c.embeddings.create({ model: 'text-embedding-3-small', input: 'x' }, { headers });
      assert.deepEqual(await outcome(call(client)), await outcome(call(untracked)), status);
    }
  });

  it('the SDK never throws into user code: invalid customer ids, a throwing logger', async () => {
    observeWith(fc.url, { logger: { warn: () => { throw new Error('logger down'); } } });
    await withRun(async () => {
      setCustomerId('' as string);
      setCustomerId(42 as unknown as string);
      setCustomerId('x'.repeat(10_000));
      const r = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] });
      assert.equal(r.choices[0]!.message.content, DEFAULT_REPLY);
    });
    assert.equal(await flush(), true);
    observeWith(fc.url);
  });
});

describe('bytes and timing untouched', () => {
  const multibyte = '{"id":"chatcmpl-x","object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"héllo — 日本語 🎉"}}],"usage":{"prompt_tokens":3,"completion_tokens":4}}';
  const sseParts = [
    'data: {"id":"c","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"content":"日',
    '本"}}]}\n\ndata: {"id":"c","object":"chat.completion.chunk","model":"m","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2}}\n\n',
    'data: [DONE]\n\n',
  ];
  let server: http.Server;
  let origin = '';
  let fc: FakeCollector;

  before(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', async () => {
        if (req.url === '/v1/chat/completions' && req.headers['x-kind'] === 'sse') {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          for (const p of sseParts) {
            const b = Buffer.from(p);
            // split inside a multi-byte character too
            res.write(b.subarray(0, b.length - 3));
            await new Promise((r) => setTimeout(r, 5));
            res.write(b.subarray(b.length - 3));
          }
          res.end();
        } else if (req.url === '/v1/chat/completions' && req.headers['x-kind'] === 'zstd') {
          res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'zstd-unknown' });
          res.end(Buffer.from([1, 2, 3]));
        } else {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(multibyte);
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    fc = await startFakeCollector();
    observe({ collectorUrl: fc.url, providers: { [origin]: 'openai', [mock.url]: 'openai' }, flushIntervalMs: 20, logger: { warn: (m) => warnings.push(m) } });
  });
  after(async () => {
    await shutdown({ timeoutMs: 2000 });
    server.close();
    await fc.close();
  });

  it('JSON and SSE bodies reach the caller byte for byte (multi-byte characters split across chunks)', async () => {
    const post = (kind: string) =>
      fetch(origin + '/v1/chat/completions', { method: 'POST', headers: { 'x-kind': kind, 'content-type': 'application/json' }, body: '{"model":"m"}' });
    const json = Buffer.from(await (await post('json')).arrayBuffer());
    assert.ok(json.equals(Buffer.from(multibyte)));
    const res = await post('sse');
    const received: Buffer[] = [];
    for await (const c of res.body!) received.push(Buffer.from(c as Uint8Array));
    assert.ok(Buffer.concat(received).equals(Buffer.from(sseParts.join(''))));
    const unknownEnc = await post('zstd');
    assert.equal(unknownEnc.headers.get('content-encoding'), 'zstd-unknown');
    assert.ok(await flush());
    const events = fc.events.filter((e) => e.model === 'm');
    assert.equal(events.length, 3);
    assert.deepEqual(
      events.map((e) => [e.is_streaming, e.input_tokens, e.output_tokens]).sort(),
      [
        [false, 0, 0], // unknown content-encoding: recorded, usage unreadable (estimated, nothing counted)
        [false, 3, 4],
        [true, 1, 2],
      ],
    );
    assert.equal(events.find((e) => e.input_tokens === 0)!.usage_estimated, true);
  });

  it("the SDK's own requests to the collector never reach the global dispatcher", async () => {
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] });
    assert.ok(await flush());
    assert.ok(fc.batches.length > 0);
    assert.ok(spy.origins.includes(mock.url), 'the spy does see provider calls');
    assert.ok(!spy.origins.includes(fc.url), 'but never the collector');
  });
});
