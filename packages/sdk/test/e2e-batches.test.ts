// @storage sqlite
/**
 * End to end: batch APIs through the official clients -> mock OpenAI and Anthropic servers (documented Batch and
 * Message Batches wire formats), observed by the SDK, stored and priced by a real collector process.
 *
 * A batch is free to create; each of its requests is billed when it runs, at 50 % of the token price. The SDK
 * records one event per request when the results are downloaded (OpenAI: the output/error files; Anthropic: the
 * batch's results), with the usage of that request's result; reading the results again stores nothing twice.
 *
 * Prices (genai-prices): gpt-4o-mini $0.15/M input, $0.075/M cached input, $0.60/M output;
 * text-embedding-3-small $0.02/M; claude-sonnet-4-5 $3/M input, $3.75/M cache write, $0.30/M cache read, $15/M output.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI, { toFile } from 'openai';
import { startMockAnthropic, startMockOpenAI, type MockOpenAI, type MockServer } from '@llmobserve/mock-providers';
import { observe, shutdown, stats } from '../src/index.js';
import { startCollectorProcess, type CollectorProcess } from './helpers/collector-process.js';
import { M, close, storedRunEvents } from './helpers/provider-e2e.js';

let collector: CollectorProcess;
let openaiMock: MockOpenAI;
let anthropicMock: MockServer;
let openai: OpenAI;
let anthropic: Anthropic;

before(async () => {
  [collector, openaiMock, anthropicMock] = await Promise.all([startCollectorProcess(), startMockOpenAI(), startMockAnthropic()]);
  openai = new OpenAI({ apiKey: 'sk-test', baseURL: openaiMock.baseURL, maxRetries: 0 });
  anthropic = new Anthropic({ apiKey: 'sk-ant-test', baseURL: anthropicMock.url, maxRetries: 0 });
  observe({
    collectorUrl: collector.url,
    tenantId: 'acme_corp',
    providers: { [openaiMock.url]: 'openai', [anthropicMock.url]: 'anthropic' },
    flushIntervalMs: 50,
    // custom ids like `cust_a:row-1` name the customer of each request
    batchCustomerId: (id) => (id.includes(':') ? id.split(':')[0] : null),
  });
});

after(async () => {
  await shutdown({ timeoutMs: 5000 });
  await openaiMock.close();
  await anthropicMock.close();
  await collector.stop();
});

const runEvents = (fn: () => Promise<void>) => storedRunEvents(collector, 'acme_corp', fn);

const jsonl = (lines: object[]) => toFile(Buffer.from(lines.map((l) => JSON.stringify(l) + '\n').join('')), 'batch.jsonl');
const chatLine = (custom_id: string) => ({
  custom_id,
  method: 'POST',
  url: '/v1/chat/completions',
  body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Summarise ${custom_id}` }] },
});
const linesOf = (text: string) => text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, any>);

describe('OpenAI Batch API: results read from the output file', () => {
  it('one event per request at the 50 % batch discount, customers from custom_id, failures at $0, stored once', async () => {
    const usage = { prompt_tokens: 100_000, completion_tokens: 20_000, cached_tokens: 40_000 };
    let outputFile = '';
    const events = await runEvents(async () => {
      const input = await openai.files.create({ file: await jsonl([chatLine('cust_a:row-1'), chatLine('cust_b:row-2'), chatLine('fail-3')]), purpose: 'batch' });
      const created = await openai.batches.create(
        { input_file_id: input.id, endpoint: '/v1/chat/completions', completion_window: '24h' },
        { headers: { 'x-mock-usage': JSON.stringify(usage) } },
      );
      const batch = await openai.batches.retrieve(created.id);
      assert.equal(batch.status, 'completed');
      assert.deepEqual(batch.request_counts, { total: 3, completed: 2, failed: 1 });
      outputFile = batch.output_file_id!;
      const out = linesOf(await (await openai.files.content(outputFile)).text());
      assert.deepEqual(out.map((l) => l.custom_id).sort(), ['cust_a:row-1', 'cust_b:row-2']); // the caller reads every line
      const errors = linesOf(await (await openai.files.content(batch.error_file_id!)).text());
      assert.equal(errors[0]!.response.status_code, 400);
      // the input file is not a results file: nothing is recorded for it
      assert.equal(linesOf(await (await openai.files.content(input.id)).text()).length, 3);
    });
    const create = events.filter((e) => e.endpoint === 'batches.create');
    assert.equal(create.length, 1);
    assert.deepEqual([create[0]!.span_type, create[0]!.status, create[0]!.cost_usd, create[0]!.cost_source], ['api', 'ok', 0, 'no_usage']);
    assert.match(create[0]!.metadata.provider_response_id, /^batch_/);

    const results = events.filter((e) => e.endpoint === 'batch');
    assert.equal(results.length, 3, 'two results and one failure; nothing for the input file');
    const ok = results.filter((e) => e.status === 'ok').sort((a, b) => String(a.customer_id).localeCompare(String(b.customer_id)));
    assert.deepEqual(ok.map((e) => [e.provider, e.model, e.span_type, e.customer_id, e.metadata.custom_id, e.metadata.batch]), [
      ['openai', 'gpt-4o-mini-2024-07-18', 'llm', 'cust_a', 'cust_a:row-1', outputFile],
      ['openai', 'gpt-4o-mini-2024-07-18', 'llm', 'cust_b', 'cust_b:row-2', outputFile],
    ]);
    for (const e of ok) {
      assert.deepEqual([e.input_tokens, e.cache_read_tokens, e.output_tokens, e.usage_estimated], [100_000, 40_000, 20_000, false]);
      close(e.cost_usd, 0.5 * (60_000 * 0.15 + 40_000 * 0.075 + 20_000 * 0.6) / M, 'batch result cost');
      assert.match(String(e.cost_source), /genai-prices@.*\+overlay@/);
      assert.match(String(e.metadata.provider_response_id), /^chatcmpl-/);
    }
    const failed = results.find((e) => e.status === 'error')!;
    assert.deepEqual([failed.metadata.custom_id, failed.input_tokens, failed.cost_usd, failed.error], ['fail-3', 0, 0, 'Mock error for fail-3']);

    // a second download of the same output file is not stored again
    const duplicatesBefore = stats().duplicates;
    const again = await runEvents(async () => {
      await (await openai.files.content(outputFile)).text();
    });
    assert.equal(again.length, 0);
    assert.equal(stats().duplicates - duplicatesBefore, 2);
  });

  it('embeddings results, downloaded gzip-encoded', async () => {
    const line = (custom_id: string) => ({ custom_id, method: 'POST', url: '/v1/embeddings', body: { model: 'text-embedding-3-small', input: ['a', 'b'] } });
    const events = await runEvents(async () => {
      const input = await openai.files.create({ file: await jsonl([line('e-1'), line('e-2')]), purpose: 'batch' });
      const created = await openai.batches.create(
        { input_file_id: input.id, endpoint: '/v1/embeddings', completion_window: '24h' },
        { headers: { 'x-mock-usage': JSON.stringify({ prompt_tokens: 50_000 }) } },
      );
      const batch = await openai.batches.retrieve(created.id);
      const text = await (await openai.files.content(batch.output_file_id!, { headers: { 'x-mock-gzip': '1' } })).text();
      assert.equal(linesOf(text).length, 2);
    });
    const results = events.filter((e) => e.endpoint === 'batch');
    assert.equal(results.length, 2);
    for (const e of results) {
      assert.deepEqual([e.span_type, e.model, e.input_tokens, e.customer_id], ['embedding', 'text-embedding-3-small', 50_000, null]);
      close(e.cost_usd, 0.5 * (50_000 * 0.02) / M, 'embedding batch cost');
    }
  });
});

describe('Anthropic Message Batches: results read from results()', () => {
  it('succeeded requests at the batch discount (cache included); errored and expired at $0; stored once', async () => {
    const usage = { input_tokens: 10_000, cache_creation_input_tokens: 2000, cache_read_input_tokens: 50_000, output_tokens: 3000 };
    const params = (text: string) => ({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user' as const, content: text }] });
    let batchId = '';
    const types: string[] = [];
    const events = await runEvents(async () => {
      const created = await anthropic.messages.batches.create(
        {
          requests: [
            { custom_id: 'cust_c:1', params: params('one') },
            { custom_id: 'cust_d:2', params: params('two') },
            { custom_id: 'fail-3', params: params('three') },
            { custom_id: 'expire-4', params: params('four') },
          ],
        },
        { headers: { 'x-mock-usage': JSON.stringify(usage) } },
      );
      batchId = created.id;
      assert.equal(created.processing_status, 'in_progress');
      for await (const r of await anthropic.messages.batches.results(batchId)) types.push(`${r.custom_id}=${r.result.type}`);
    });
    assert.deepEqual(types.sort(), ['cust_c:1=succeeded', 'cust_d:2=succeeded', 'expire-4=expired', 'fail-3=errored']);
    const create = events.find((e) => e.endpoint === 'messages.batches.create')!;
    assert.deepEqual([create.provider, create.cost_usd, create.metadata.provider_response_id], ['anthropic', 0, batchId]);

    const results = events.filter((e) => e.endpoint === 'messages.batches');
    assert.equal(results.length, 4);
    const ok = results.filter((e) => e.status === 'ok').sort((a, b) => String(a.customer_id).localeCompare(String(b.customer_id)));
    assert.deepEqual(ok.map((e) => [e.customer_id, e.model, e.metadata.batch]), [
      ['cust_c', 'claude-sonnet-4-5', batchId],
      ['cust_d', 'claude-sonnet-4-5', batchId],
    ]);
    for (const e of ok) {
      // canonical input includes the cache reads and writes
      assert.deepEqual([e.input_tokens, e.cache_write_tokens, e.cache_read_tokens, e.output_tokens], [62_000, 2000, 50_000, 3000]);
      close(e.cost_usd, 0.5 * (10_000 * 3 + 2000 * 3.75 + 50_000 * 0.3 + 3000 * 15) / M, 'message batch result cost');
    }
    const byId = new Map(results.map((e) => [e.metadata.custom_id, e]));
    assert.deepEqual([byId.get('fail-3')!.status, byId.get('fail-3')!.error, byId.get('fail-3')!.cost_usd], ['error', 'Mock error for fail-3', 0]);
    assert.deepEqual([byId.get('expire-4')!.status, byId.get('expire-4')!.cost_usd], ['timeout', 0]);

    const duplicatesBefore = stats().duplicates;
    const again = await runEvents(async () => {
      for await (const _ of await anthropic.messages.batches.results(batchId)) {
        /* read again */
      }
    });
    assert.equal(again.length, 0);
    assert.equal(stats().duplicates - duplicatesBefore, 4);
  });
});

describe('a batch larger than the SDK queue', () => {
  it('is delivered whole: results wait for room in the queue instead of dropping the oldest', async () => {
    observe({
      collectorUrl: collector.url,
      tenantId: 'acme_corp',
      providers: { [openaiMock.url]: 'openai', [anthropicMock.url]: 'anthropic' },
      flushIntervalMs: 50,
      maxQueueSize: 16,
      maxBatchSize: 5,
    });
    const n = 300;
    const requests = Array.from({ length: n }, (_, i) => ({
      custom_id: `big-${i}`,
      params: { model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user' as const, content: `q${i}` }] },
    }));
    const droppedBefore = stats().dropped;
    const events = await runEvents(async () => {
      const created = await anthropic.messages.batches.create({ requests });
      let read = 0;
      for await (const _ of await anthropic.messages.batches.results(created.id)) read++;
      assert.equal(read, n);
    });
    assert.equal(stats().dropped - droppedBefore, 0);
    const results = events.filter((e) => e.endpoint === 'messages.batches');
    assert.equal(results.length, n);
    assert.equal(new Set(results.map((e) => e.metadata.custom_id)).size, n);
  });
});
