/** Batch results: the line splitter, the results readers of OpenAI and Anthropic, and the stable span ids. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TraceEvent } from '@llmobserve/shared';
import { resolveConfig } from '../src/config.js';
import { EMPTY_CONTEXT } from '../src/context/store.js';
import { BATCH_HIGH_WATER, BatchResultsTracker, batchSpanId } from '../src/intercept/batch-results.js';
import { LineSplitter } from '../src/intercept/body.js';
import {
  matchAnthropicBatchResults,
  matchAnthropicEndpoint,
  summarizeAnthropicBatchLine,
  summarizeAnthropicBatchLongLine,
} from '../src/providers/anthropic.js';
import { matchOpenAIBatchOutput, openai, summarizeOpenAIBatchLine, summarizeOpenAIBatchLongLine } from '../src/providers/openai.js';

function split(chunks: string[], maxLine: number): Array<string | [string, string]> {
  const out: Array<string | [string, string]> = [];
  const s = new LineSplitter(
    (l) => out.push(l.toString('utf8')),
    (h, t) => out.push([h.toString('utf8'), t.toString('utf8')]),
    maxLine,
  );
  for (const c of chunks) s.push(Buffer.from(c));
  s.end();
  return out;
}

describe('LineSplitter', () => {
  it('splits lines across chunks, keeps a last line without LF, and multi-byte characters whole', () => {
    assert.deepEqual(split(['{"a":1}\n{"b"', ':"é€"}\n', '{"c":3}'], 1024), ['{"a":1}', '{"b":"é€"}', '{"c":3}']);
    assert.deepEqual(split(['x\n\ny\n'], 1024), ['x', '', 'y']);
  });

  it('a line over the limit is given as its head and tail (64 KiB each), the next line normally', () => {
    const big = 'H'.repeat(70_000) + 'M'.repeat(200_000) + 'T'.repeat(70_000);
    const out = split([big.slice(0, 100_000), big.slice(100_000) + '\nnext\n'], 128 * 1024);
    assert.equal(out.length, 2);
    const [head, tail] = out[0] as [string, string];
    assert.equal(head, 'H'.repeat(65_536));
    assert.equal(tail, 'T'.repeat(65_536));
    assert.equal(out[1], 'next');
  });
});

describe('OpenAI Batch output lines', () => {
  const ok = {
    id: 'batch_req_1',
    custom_id: 'r-1',
    response: {
      status_code: 200,
      request_id: 'req_9',
      body: {
        id: 'chatcmpl-1',
        object: 'chat.completion',
        created: 1_764_000_000,
        model: 'gpt-4o-mini-2024-07-18',
        choices: [],
        usage: { prompt_tokens: 120, completion_tokens: 30, prompt_tokens_details: { cached_tokens: 100 }, completion_tokens_details: { reasoning_tokens: 10 } },
      },
    },
    error: null,
  };

  it('matches file content downloads only', () => {
    assert.equal(matchOpenAIBatchOutput('GET', '/v1/files/file-abc/content'), 'file-abc');
    assert.equal(matchOpenAIBatchOutput('GET', '/v1/files/file-abc'), null);
    assert.equal(matchOpenAIBatchOutput('POST', '/v1/files/file-abc/content'), null);
  });

  it('a chat result: usage in the canonical convention, model, ids, the time it ran', () => {
    const item = summarizeOpenAIBatchLine('file-out', ok)!;
    assert.deepEqual(
      [item.key, item.customId, item.spanType, item.model, item.responseId, item.requestId, item.status, item.createdAtMs],
      ['batch_req_1', 'r-1', 'llm', 'gpt-4o-mini-2024-07-18', 'chatcmpl-1', 'req_9', 'ok', 1_764_000_000_000],
    );
    assert.deepEqual(item.usage, { input_tokens: 120, output_tokens: 30, cache_read_tokens: 100, cache_write_tokens: 0, reasoning_tokens: 10 });
  });

  it('a Responses result and an embeddings result', () => {
    const resp = summarizeOpenAIBatchLine('f', { ...ok, response: { status_code: 200, body: { object: 'response', id: 'resp_1', created_at: 5, model: 'gpt-4.1', usage: { input_tokens: 50, output_tokens: 7, input_tokens_details: { cached_tokens: 20 } } } } })!;
    assert.deepEqual([resp.usage?.input_tokens, resp.usage?.cache_read_tokens, resp.usage?.output_tokens, resp.spanType], [50, 20, 7, 'llm']);
    const emb = summarizeOpenAIBatchLine('f', { ...ok, response: { status_code: 200, body: { object: 'list', data: [], model: 'text-embedding-3-small', usage: { prompt_tokens: 9, total_tokens: 9 } } } })!;
    assert.deepEqual([emb.spanType, emb.usage?.input_tokens], ['embedding', 9]);
  });

  it('failed requests are errors without usage; an input file line is not a result', () => {
    const failed = summarizeOpenAIBatchLine('f', { id: 'batch_req_2', custom_id: 'r-2', response: { status_code: 400, body: { error: { message: 'bad request' } } }, error: null })!;
    assert.deepEqual([failed.status, failed.error, failed.usage], ['error', 'bad request', null]);
    const expired = summarizeOpenAIBatchLine('f', { id: 'batch_req_3', custom_id: 'r-3', response: null, error: { code: 'batch_expired', message: 'This request could not be executed before the completion window expired.' } })!;
    assert.deepEqual([expired.status, expired.usage], ['error', null]);
    assert.match(String(expired.error), /completion window/);
    assert.equal(summarizeOpenAIBatchLine('f', { custom_id: 'r-1', method: 'POST', url: '/v1/chat/completions', body: {} }), null);
    assert.equal(summarizeOpenAIBatchLine('f', [1, 2]), null);
  });

  it('a huge line (embeddings of many vectors): ids from the head, model and usage from the tail', () => {
    const head = '{"id": "batch_req_7", "custom_id": "emb-7", "response": {"status_code": 200, "request_id": "req_1", "body": {"object": "list", "data": [{"object": "embedding", "embedding": [0.1, 0.2';
    const tail = '0.3]}], "model": "text-embedding-3-large", "usage": {"prompt_tokens": 81234, "total_tokens": 81234}}}, "error": null}';
    const item = summarizeOpenAIBatchLongLine('f', head, tail)!;
    assert.deepEqual([item.key, item.customId, item.spanType, item.model, item.usage?.input_tokens, item.status], ['batch_req_7', 'emb-7', 'embedding', 'text-embedding-3-large', 81234, 'ok']);
    assert.equal(summarizeOpenAIBatchLongLine('f', '{"custom_id": "x", "method": "POST", "url": "/v1/embeddings", "body": {"input": ["', 'a"]}}'), null);
    // a very long completion: the model comes before the output, at the head
    const chat = summarizeOpenAIBatchLongLine(
      'f',
      '{"id": "batch_req_8", "custom_id": "c-8", "response": {"status_code": 200, "request_id": "req_2", "body": {"id": "chatcmpl-8", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini-2024-07-18", "choices": [{"message": {"content": "aaaa',
      'aaaa"}}], "usage": {"prompt_tokens": 12, "completion_tokens": 90000}, "system_fingerprint": "fp_1"}}, "error": null}',
    )!;
    assert.deepEqual([chat.spanType, chat.model, chat.usage?.output_tokens], ['llm', 'gpt-4o-mini-2024-07-18', 90000]);
    assert.equal(summarizeOpenAIBatchLongLine('f', '[1,2,3', '4]'), null);
  });
});

describe('Anthropic message batch results', () => {
  it('matches results downloads; batch creation is a free tracked call', () => {
    assert.equal(matchAnthropicBatchResults('GET', '/v1/messages/batches/msgbatch_01/results'), 'msgbatch_01');
    assert.equal(matchAnthropicBatchResults('GET', '/v1/messages/batches/msgbatch_01'), null);
    assert.equal(matchAnthropicEndpoint('POST', '/v1/messages/batches')?.endpoint, 'messages.batches.create');
    assert.equal(matchAnthropicEndpoint('POST', '/v1/messages/batches?beta=true')?.endpoint, 'messages.batches.create');
  });

  it('succeeded: the message usage with cache reads and writes inside input; other types not billed', () => {
    const line = {
      custom_id: 'c-1',
      result: { type: 'succeeded', message: { id: 'msg_1', model: 'claude-sonnet-4-5', usage: { input_tokens: 10, cache_creation_input_tokens: 20, cache_read_input_tokens: 30, output_tokens: 5 } } },
    };
    const item = summarizeAnthropicBatchLine('msgbatch_1', line)!;
    assert.deepEqual([item.key, item.customId, item.model, item.responseId, item.status], ['msgbatch_1/c-1', 'c-1', 'claude-sonnet-4-5', 'msg_1', 'ok']);
    assert.deepEqual(item.usage, { input_tokens: 60, output_tokens: 5, cache_read_tokens: 30, cache_write_tokens: 20, reasoning_tokens: 0 });
    const errored = summarizeAnthropicBatchLine('b', { custom_id: 'c-2', result: { type: 'errored', error: { type: 'error', error: { type: 'invalid_request_error', message: 'bad' } } } })!;
    assert.deepEqual([errored.status, errored.error, errored.usage], ['error', 'bad', null]);
    assert.deepEqual([summarizeAnthropicBatchLine('b', { custom_id: 'c', result: { type: 'canceled' } })!.status, summarizeAnthropicBatchLine('b', { custom_id: 'c', result: { type: 'expired' } })!.status], ['cancelled', 'timeout']);
    assert.equal(summarizeAnthropicBatchLine('b', { custom_id: 'c', params: {} }), null);
  });

  it('a huge succeeded line: model from the head, usage from the tail', () => {
    const item = summarizeAnthropicBatchLongLine(
      'b',
      '{"custom_id":"c-9","result":{"type":"succeeded","message":{"id":"msg_9","type":"message","role":"assistant","model":"claude-opus-4-1","content":[{"type":"text","text":"aaaa',
      'aaaa"}],"stop_reason":"end_turn","usage":{"input_tokens":7,"output_tokens":64000}}}}',
    )!;
    assert.deepEqual([item.customId, item.model, item.usage?.output_tokens], ['c-9', 'claude-opus-4-1', 64000]);
  });
});

describe('batchSpanId', () => {
  it('is stable for a result, distinct across results and providers, UUID-shaped', () => {
    assert.equal(batchSpanId('openai', 'batch_req_1'), batchSpanId('openai', 'batch_req_1'));
    assert.notEqual(batchSpanId('openai', 'batch_req_1'), batchSpanId('openai', 'batch_req_2'));
    assert.notEqual(batchSpanId('openai', 'x'), batchSpanId('anthropic', 'x'));
    assert.match(batchSpanId('anthropic', 'msgbatch_1/c-1'), /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
});

describe('BatchResultsTracker', () => {
  /** Feeds a results body to a tracker (as undici would, in chunks) and records what it emits and when. */
  async function feed(lines: string[], chunkBytes = 64 * 1024) {
    const emitted: Array<{ n: number; beforeEnd: boolean }> = [];
    let ended = false;
    let pending = 0;
    let done!: () => void;
    const allDone = new Promise<void>((r) => (done = r));
    const config = resolveConfig({ collectorUrl: 'http://127.0.0.1:9' });
    const host = {
      active: () => ({
        config,
        emit: () => undefined,
        emitMany: async (events: readonly TraceEvent[]) => {
          emitted.push({ n: events.length, beforeEnd: !ended });
          await new Promise((r) => setImmediate(r));
        },
      }),
      pendingStarted: () => void pending++,
      pendingDone: () => {
        pending--;
        done();
      },
    };
    const received: Buffer[] = [];
    const handler = { onHeaders: () => true, onData: (c: Buffer) => received.push(c) > 0, onComplete: () => undefined, onError: () => undefined };
    const t = new BatchResultsTracker(handler, host, openai, openai.batchResults!, 'file-out', EMPTY_CONTEXT);
    t.onHeaders(200, [Buffer.from('content-type'), Buffer.from('application/octet-stream')], () => undefined, 'OK');
    const body = Buffer.from(lines.join('\n') + '\n');
    for (let i = 0; i < body.length; i += chunkBytes) {
      t.onData(body.subarray(i, i + chunkBytes));
      await new Promise((r) => setImmediate(r)); // the network's pace: the tracker reads in between
    }
    ended = true;
    t.onComplete(null);
    await allDone;
    assert.equal(Buffer.concat(received).equals(body), true, 'the caller got every byte, unchanged');
    assert.equal(pending, 0);
    return emitted;
  }

  const line = (i: number) =>
    JSON.stringify({
      id: `batch_req_${i}`,
      custom_id: `r-${i}`,
      response: { status_code: 200, request_id: `req_${i}`, body: { id: `c-${i}`, object: 'chat.completion', model: 'gpt-4o-mini', usage: { prompt_tokens: 3, completion_tokens: 1 } } },
      error: null,
    });

  it('a batch up to the high-water mark is delivered after the download, in chunks of 1,000', async () => {
    const emitted = await feed(Array.from({ length: 2500 }, (_, i) => line(i)));
    assert.deepEqual(emitted, [{ n: 1000, beforeEnd: false }, { n: 1000, beforeEnd: false }, { n: 500, beforeEnd: false }]);
  });

  it('a larger batch is delivered during the download too, so memory stays bounded', async () => {
    const n = BATCH_HIGH_WATER + 5000;
    const emitted = await feed(Array.from({ length: n }, (_, i) => line(i)));
    assert.equal(emitted.reduce((a, e) => a + e.n, 0), n);
    assert.ok(emitted.some((e) => e.beforeEnd), 'some results were delivered while the body was still arriving');
  });

  it('a file that is not a batch result (an input file) is not read further and emits nothing', async () => {
    const input = Array.from({ length: 10 }, (_, i) => JSON.stringify({ custom_id: `r-${i}`, method: 'POST', url: '/v1/chat/completions', body: {} }));
    assert.deepEqual(await feed(input), []);
  });
});
