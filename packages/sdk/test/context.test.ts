/**
 * Per-request context (AsyncLocalStorage): customers, tenants, sections, agents, tools and runs, through real
 * openai calls, with 200 interleaved concurrent requests that must never mix.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { TraceEvent } from '@llmobserve/shared';
import {
  agent,
  flush,
  getCustomerId,
  getRunId,
  getTenantId,
  observe,
  section,
  setCustomerId,
  tool,
  withCustomer,
  withRun,
  withTenant,
} from '../src/index.js';
import { schemaErrors } from './helpers/fake-collector.js';
import { only, startTestEnv, type TestEnv } from './helpers/env.js';

let env: TestEnv;

before(async () => {
  env = await startTestEnv();
});
after(async () => {
  assert.deepEqual(schemaErrors(env.collector.events), []);
  await env.close();
});

const chat = (content = 'hi') => env.client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] });

async function eventsOf(runId: string) {
  return env.eventsOfRun(runId);
}

describe('customer and tenant', () => {
  it('setCustomerId applies to the rest of the request; getCustomerId/getTenantId read it', async () => {
    let runId = '';
    let seen: Array<string | null> = [];
    await withRun(async (id) => {
      runId = id;
      seen.push(getCustomerId());
      setCustomerId('customer_alice');
      seen.push(getCustomerId());
      await chat();
      assert.equal(getTenantId(), 'default_tenant');
    });
    assert.deepEqual(seen, [null, 'customer_alice']);
    assert.equal(getCustomerId(), null, 'the caller outside the run is not affected');
    const e = only(await eventsOf(runId));
    assert.equal(e.customer_id, 'customer_alice');
    assert.equal(e.tenant_id, 'default_tenant');
  });

  it('withCustomer and withTenant scope their events; the configured default customer applies elsewhere', async () => {
    observe({
      collectorUrl: env.collector.url,
      providers: { [env.mock.url]: 'openai' },
      flushIntervalMs: 20,
      customerId: 'default_customer',
      tenantId: 'platform',
      logger: { warn: (m) => env.warnings.push(m) },
    });
    try {
      let runId = '';
      await withRun(async (id) => {
        runId = id;
        await chat('a');
        await withTenant('acme_corp', () => withCustomer('end_user_42', () => chat('b')));
        await withCustomer(null, () => chat('c'));
      });
      const events = await eventsOf(runId);
      const byInput = (s: string) => events.find((e) => e.input_tokens === 1 && e.customer_id === s);
      assert.equal(events.length, 3);
      assert.deepEqual(
        events.map((e) => [e.tenant_id, e.customer_id]).sort(),
        [
          ['acme_corp', 'end_user_42'],
          ['platform', 'default_customer'],
          ['platform', null],
        ].sort(),
      );
      assert.ok(byInput('end_user_42'));
    } finally {
      observe({ collectorUrl: env.collector.url, providers: { [env.mock.url]: 'openai' }, flushIntervalMs: 20, logger: { warn: (m) => env.warnings.push(m) } });
    }
  });

  it('withTenant with an invalid tenant id: fn runs, its events are dropped (never misattributed), warned once', async () => {
    let runId = '';
    let result: unknown;
    await withRun(async (id) => {
      runId = id;
      result = await withTenant('not a tenant!', async () => {
        await chat();
        return 42;
      });
      await chat(); // outside: tracked
    });
    assert.equal(result, 42);
    const events = await eventsOf(runId);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.tenant_id, 'default_tenant');
    assert.equal(env.warnings.filter((w) => w.includes('not a valid tenant id')).length, 1);
  });

  it('an HTTP server: a customer set in one request does not leak into the next one on the same keep-alive connection', async () => {
    // the handler calls setCustomerId directly (no withRun/withCustomer scope), like the seed's examples
    const server = http.createServer((req, res) => {
      const who = req.headers['x-user'];
      if (typeof who === 'string') setCustomerId(who);
      const n = Number(req.headers['x-n']);
      void chat('x'.repeat(4 * n)).then(() => res.end(String(getCustomerId())));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const agentHttp = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = (headers: Record<string, string>) =>
      new Promise<string>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, agent: agentHttp, headers }, (res) => {
            let b = '';
            res.on('data', (c) => (b += c));
            res.on('end', () => resolve(b));
          })
          .on('error', reject);
      });
    const answers = [
      await get({ 'x-user': 'alice', 'x-n': '1001' }),
      await get({ 'x-n': '1002' }),
      await get({ 'x-user': 'bob', 'x-n': '1003' }),
      await get({ 'x-n': '1004' }),
    ];
    agentHttp.destroy();
    server.close();
    assert.deepEqual(answers, ['alice', 'null', 'bob', 'null']);
    await flush();
    // each call is its own run here; the mock reports ceil(chars / 4) = n prompt tokens
    const customers = [1001, 1002, 1003, 1004].map((n) => only(env.collector.events.filter((e) => e.input_tokens === n)).customer_id);
    assert.deepEqual(customers, ['alice', null, 'bob', null]);
  });
});

describe('sections, agents, tools, runs', () => {
  it('nested spans: section/section_path on calls, span events with parent links, one run', async () => {
    let runId = '';
    const value = await section('support_chat', async () => {
      runId = getRunId()!;
      return agent('research', async () => {
        await chat('q1');
        return tool('search', async () => {
          await env.client.embeddings.create({ model: 'text-embedding-3-small', input: 'abcd' });
          return 'found';
        });
      });
    });
    assert.equal(value, 'found');
    const events = await eventsOf(runId);
    assert.equal(events.length, 5);
    const by = (type: string) => events.filter((e) => e.span_type === type);
    const sectionSpan = only(by('section'));
    const agentSpan = only(by('agent'));
    const toolSpan = only(by('tool'));
    const llm = only(by('llm'));
    const emb = only(by('embedding'));
    assert.equal(sectionSpan.span_id, runId, 'a top-level section starts its own run, named after it');
    assert.ok(events.every((e) => e.run_id === runId));
    assert.deepEqual([sectionSpan.section, sectionSpan.section_path, sectionSpan.parent_span_id], ['support_chat', 'support_chat', null]);
    assert.deepEqual(
      [agentSpan.section, agentSpan.section_path, agentSpan.parent_span_id],
      ['agent:research', 'support_chat/agent:research', sectionSpan.span_id],
    );
    assert.deepEqual(
      [toolSpan.section, toolSpan.section_path, toolSpan.parent_span_id],
      ['tool:search', 'support_chat/agent:research/tool:search', agentSpan.span_id],
    );
    assert.deepEqual([llm.section, llm.section_path, llm.parent_span_id], ['agent:research', 'support_chat/agent:research', agentSpan.span_id]);
    assert.deepEqual(
      [emb.section, emb.section_path, emb.parent_span_id],
      ['tool:search', 'support_chat/agent:research/tool:search', toolSpan.span_id],
    );
    for (const s of [sectionSpan, agentSpan, toolSpan]) {
      assert.equal(s.status, 'ok');
      assert.ok(typeof s.latency_ms === 'number' && s.latency_ms >= 0);
      assert.equal(s.provider, undefined);
    }
    assert.ok(sectionSpan.latency_ms! >= agentSpan.latency_ms!);
  });

  it('results and errors pass through unchanged (sync and async); a failed span has status error', async () => {
    const boom = new Error('boom');
    assert.equal(section('sync', () => 7), 7);
    const p = Promise.resolve('same');
    assert.equal(section('identity', () => p), p, 'the very same promise object is returned');
    assert.throws(() => section('sync_fail', () => { throw boom; }), (e) => e === boom);
    await assert.rejects(agent('async_fail', async () => { await sleep(1); throw boom; }), (e) => e === boom);
    await flush();
    const failed = env.collector.events.filter((e) => e.section === 'sync_fail' || e.section === 'agent:async_fail');
    assert.equal(failed.length, 2);
    assert.ok(failed.every((e) => e.status === 'error' && e.error === 'boom'));
    const okSpan = only(env.collector.events.filter((e) => e.section === 'sync'));
    assert.equal(okSpan.status, 'ok');
  });

  it('withRun: one run_id for everything inside; without it each top-level call is its own run', async () => {
    const before = new Set(env.collector.events.map((e) => e.span_id));
    let runId = '';
    await withRun('my-request-123', async (id) => {
      runId = id;
      await chat();
      await chat();
    });
    assert.equal(runId, 'my-request-123');
    const inRun = await eventsOf('my-request-123');
    assert.equal(inRun.length, 2);
    await chat('solo-1');
    await chat('solo-2');
    await flush();
    const fresh = env.collector.events.filter((e) => !before.has(e.span_id) && e.run_id !== 'my-request-123');
    assert.equal(fresh.length, 2);
    assert.ok(fresh.every((e) => e.run_id === e.span_id));
  });
});

describe('200 interleaved concurrent requests', () => {
  it('never mix customers, tenants, sections, parents or runs', async () => {
    const N = 200;
    const tenants = ['t_a', 't_b', 't_c', 't_d', 't_e'];
    const handler = async (i: number) => {
      // half set the customer imperatively (like a request handler), half with withCustomer
      const body = async () => {
        await sleep((i * 7) % 5);
        await agent(`a${i}`, async () => {
          await env.client.chat.completions.create(
            { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `request ${i}` }] },
            { headers: { 'x-mock-delay-ms': '1' } },
          );
          await sleep((i * 3) % 4);
          await tool(`t${i}`, () => env.client.embeddings.create({ model: 'text-embedding-3-small', input: `q${i}` }));
        });
      };
      return withTenant(tenants[i % tenants.length]!, () =>
        section(`feature_${i}`, async () => {
          if (i % 2 === 0) {
            setCustomerId(`cust_${i}`);
            return body();
          }
          return withCustomer(`cust_${i}`, body);
        }),
      );
    };
    const before = env.collector.events.length;
    await Promise.all(Array.from({ length: N }, (_, i) => handler(i)));
    assert.ok(await flush());
    const events = env.collector.events.slice(before).filter((e) => e.section_path?.startsWith('feature_'));
    assert.equal(events.length, N * 5);
    const byI = new Map<number, TraceEvent[]>();
    for (const e of events) {
      const i = Number(/^feature_(\d+)/.exec(e.section_path!)![1]);
      let list = byI.get(i);
      if (!list) byI.set(i, (list = []));
      list.push(e);
    }
    assert.equal(byI.size, N);
    for (const [i, list] of byI) {
      const tenant = tenants[i % tenants.length];
      const sec = only(list.filter((e) => e.span_type === 'section'));
      const ag = only(list.filter((e) => e.span_type === 'agent'));
      const tl = only(list.filter((e) => e.span_type === 'tool'));
      const llm = only(list.filter((e) => e.span_type === 'llm'));
      const emb = only(list.filter((e) => e.span_type === 'embedding'));
      for (const e of list) {
        assert.equal(e.tenant_id, tenant, `tenant of ${i}`);
        assert.equal(e.run_id, sec.span_id, `run of ${i}`);
      }
      // the section span itself is made outside the scope where the customer was set
      for (const e of [ag, tl, llm, emb]) assert.equal(e.customer_id, `cust_${i}`, `customer of ${i}`);
      assert.equal(ag.section_path, `feature_${i}/agent:a${i}`);
      assert.equal(ag.parent_span_id, sec.span_id);
      assert.equal(llm.section_path, `feature_${i}/agent:a${i}`);
      assert.equal(llm.parent_span_id, ag.span_id);
      assert.equal(llm.input_tokens, Math.ceil(`request ${i}`.length / 4));
      assert.equal(tl.section_path, `feature_${i}/agent:a${i}/tool:t${i}`);
      assert.equal(tl.parent_span_id, ag.span_id);
      assert.equal(emb.section_path, `feature_${i}/agent:a${i}/tool:t${i}`);
      assert.equal(emb.parent_span_id, tl.span_id);
    }
  });
});
