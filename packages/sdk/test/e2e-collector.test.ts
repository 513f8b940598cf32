// @storage sqlite
/**
 * End to end: the real `openai` client -> mock OpenAI server, observed by the SDK, events delivered to a real
 * collector process (built CLI, fresh SQLite); assertions on what the collector stored and priced.
 *
 * Prices (genai-prices, as the collector uses them): gpt-4o-mini $0.15/M input, $0.075/M cached input, $0.60/M
 * output; text-embedding-3-small $0.02/M; o3-mini $1.10/M input, $0.55/M cached, $4.40/M output.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startMockOpenAI, DEFAULT_REPLY, type MockOpenAI } from '@llmobserve/mock-providers';
import { agent, flush, observe, section, setCustomerId, shutdown, tool, withRun, withTenant } from '../src/index.js';
import { startCollectorProcess, type CollectorProcess } from './helpers/collector-process.js';

let collector: CollectorProcess;
let mock: MockOpenAI;
let client: OpenAI;

const M = 1e6;
const close = (actual: unknown, expected: number, what: string) => {
  assert.equal(typeof actual, 'number', `${what} is a number`);
  assert.ok(Math.abs((actual as number) - expected) < 1e-12, `${what}: ${actual} != ${expected}`);
};
const usage = (u: object) => ({ headers: { 'x-mock-usage': JSON.stringify(u) } });

before(async () => {
  [collector, mock] = await Promise.all([startCollectorProcess(), startMockOpenAI()]);
  // constructed before observe(): still tracked
  client = new OpenAI({ apiKey: 'sk-test', baseURL: mock.baseURL, maxRetries: 0 });
  observe({ collectorUrl: collector.url, tenantId: 'acme_corp', providers: { [mock.url]: 'openai' }, flushIntervalMs: 50 });
});

after(async () => {
  await shutdown({ timeoutMs: 5000 });
  await mock.close();
  await collector.stop();
});

describe('stored by the real collector', () => {
  it('a SaaS request: customer, sections/agents/tools, canonical usage and collector-computed costs', async () => {
    let runId = '';
    await withRun(async (id) => {
      runId = id;
      setCustomerId('customer_alice');
      await section('support_chat', () =>
        agent('research', async () => {
          await client.chat.completions.create(
            { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Where is my order?' }] },
            usage({ prompt_tokens: 1000, completion_tokens: 200, cached_tokens: 400, reasoning_tokens: 50 }),
          );
          await tool('search', () => client.embeddings.create({ model: 'text-embedding-3-small', input: 'order status' }, usage({ prompt_tokens: 5000 })));
        }),
      );
    });
    assert.equal(await flush(), true);

    const { status, body } = await collector.get(`/runs/${runId}?tenant_id=acme_corp`);
    assert.equal(status, 200);
    const events = body.events as Array<Record<string, any>>;
    assert.equal(events.length, 5);
    const by = (t: string) => events.filter((e) => e.span_type === t);
    const [sec] = by('section');
    const [ag] = by('agent');
    const [tl] = by('tool');
    const [llm] = by('llm');
    const [emb] = by('embedding');

    // attribution
    for (const e of events) {
      assert.equal(e.tenant_id, 'acme_corp');
      assert.equal(e.run_id, runId);
    }
    for (const e of [ag, tl, llm, emb]) assert.equal(e!.customer_id, 'customer_alice');
    assert.equal(sec!.parent_span_id, null);
    assert.equal(ag!.parent_span_id, sec!.span_id);
    assert.equal(tl!.parent_span_id, ag!.span_id);
    assert.equal(llm!.parent_span_id, ag!.span_id);
    assert.equal(emb!.parent_span_id, tl!.span_id);
    assert.equal(llm!.section_path, 'support_chat/agent:research');
    assert.equal(llm!.section, 'agent:research');
    assert.equal(emb!.section_path, 'support_chat/agent:research/tool:search');

    // usage as stored
    assert.deepEqual(
      [llm!.model, llm!.input_tokens, llm!.output_tokens, llm!.cache_read_tokens, llm!.reasoning_tokens, llm!.usage_estimated, llm!.status],
      ['gpt-4o-mini-2024-07-18', 1000, 200, 400, 50, false, 'ok'],
    );
    assert.equal(llm!.sdk, 'llmobserve-js/0.1.0');
    assert.match(llm!.metadata.provider_response_id, /^chatcmpl-/);

    // costs computed by the collector from our usage: cached tokens billed once, at the cached rate
    const llmCost = (600 * 0.15 + 400 * 0.075 + 200 * 0.6) / M;
    const embCost = (5000 * 0.02) / M;
    close(llm!.cost_usd, llmCost, 'chat cost');
    assert.equal(llm!.cost_status, 'priced');
    close(emb!.cost_usd, embCost, 'embedding cost');
    for (const s of [sec, ag, tl]) assert.equal(s!.cost_status, 'not_applicable');
    close(body.run.cost_usd, llmCost + embCost, 'run cost');
    assert.equal(body.run.customer_id, 'customer_alice');
    assert.equal(body.run.calls, 2);
  });

  it('streams (with usage, estimated) and the Responses API, with their costs', async () => {
    let runId = '';
    let text = '';
    await withRun(async (id) => {
      runId = id;
      const s1 = await client.chat.completions.create(
        { model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] },
        usage({ prompt_tokens: 300, completion_tokens: 100, cached_tokens: 0, reasoning_tokens: 0 }),
      );
      for await (const c of s1) text += c.choices[0]?.delta?.content ?? '';
      const s2 = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        stream: true,
        messages: [{ role: 'user', content: 'x'.repeat(400) }],
      });
      for await (const _ of s2) {
        /* consume */
      }
      await client.responses.create(
        { model: 'o3-mini', input: 'think' },
        usage({ prompt_tokens: 2000, completion_tokens: 1000, cached_tokens: 1000, reasoning_tokens: 800 }),
      );
    });
    assert.equal(text, DEFAULT_REPLY);
    assert.equal(await flush(), true);
    const { body } = await collector.get(`/runs/${runId}?tenant_id=acme_corp`);
    const events = body.events as Array<Record<string, any>>;
    assert.equal(events.length, 3);
    const streamed = events.find((e) => e.is_streaming && !e.usage_estimated)!;
    const estimated = events.find((e) => e.usage_estimated)!;
    const resp = events.find((e) => e.endpoint === 'responses')!;
    close(streamed.cost_usd, (300 * 0.15 + 100 * 0.6) / M, 'stream cost');
    const estOut = Math.ceil(DEFAULT_REPLY.length / 4);
    assert.deepEqual([estimated.input_tokens, estimated.output_tokens, estimated.is_streaming], [100, estOut, true]);
    close(estimated.cost_usd, (100 * 0.15 + estOut * 0.6) / M, 'estimated stream cost');
    assert.deepEqual([resp.model, resp.input_tokens, resp.cache_read_tokens, resp.output_tokens, resp.reasoning_tokens], ['o3-mini-2025-01-31', 2000, 1000, 1000, 800]);
    close(resp.cost_usd, (1000 * 1.1 + 1000 * 0.55 + 1000 * 4.4) / M, 'responses cost');
  });

  it('tenants stay apart; insights per tenant add up', async () => {
    await withTenant('globex', () =>
      withRun(async () => {
        setCustomerId('carol');
        await client.chat.completions.create(
          { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] },
          usage({ prompt_tokens: 10_000, completion_tokens: 0, cached_tokens: 0, reasoning_tokens: 0 }),
        );
      }),
    );
    assert.equal(await flush(), true);
    const globex = await collector.get('/insights?tenant_id=globex');
    assert.equal(globex.status, 200);
    assert.equal(globex.body.totals.calls, 1);
    assert.equal(globex.body.totals.input_tokens, 10_000);
    close(globex.body.totals.cost_usd, (10_000 * 0.15) / M, 'globex total');
    assert.deepEqual(
      globex.body.by_customer.map((c: { customer_id: string }) => c.customer_id),
      ['carol'],
    );
    const acme = await collector.get('/insights?tenant_id=acme_corp');
    assert.equal(acme.body.totals.calls, 5, 'the calls of the two previous tests only');
    assert.ok(!acme.body.by_customer.some((c: { customer_id: string }) => c.customer_id === 'carol'));
    const runs = await collector.get('/runs?tenant_id=globex&customer_id=carol');
    assert.equal(runs.body.runs.length, 1);
  });
});
