/**
 * Context across processes: exportContext/importContext (JSON round trip, as through a job queue) and the W3C
 * traceparent/baggage helpers (through a real HTTP hop into a service using the middleware), asserted on the events
 * the collector receives: run_id, parent_span_id, section_path, customer_id, tenant_id.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import express from 'express';
import {
  agent,
  baggage,
  contextFromHeaders,
  exportContext,
  expressMiddleware,
  flush,
  getCustomerId,
  getRunId,
  getTenantId,
  importContext,
  propagationHeaders,
  section,
  traceparent,
  withCustomer,
  withRun,
  withTenant,
} from '../src/index.js';
import { storage } from '../src/context/store.js';
import { startTestEnv, type TestEnv } from './helpers/env.js';

let env: TestEnv;
before(async () => {
  env = await startTestEnv();
});
after(async () => {
  await env.close();
});

const chat = (content: string) => env.client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] });

test('exportContext is plain JSON; importContext in a fresh context continues run, parent, path, customer, tenant', async () => {
  let exported = '';
  let outerSpan = '';
  const runId = await withTenant('acme', () =>
    withCustomer('cust_9', () =>
      withRun(async (run) => {
        await agent('planner', async () => {
          exported = JSON.stringify(exportContext());
        });
        return run;
      }),
    ),
  );
  assert.ok(await flush());
  outerSpan = env.collector.events.find((e) => e.run_id === runId && e.span_type === 'agent')!.span_id;
  const parsed = JSON.parse(exported);
  assert.deepEqual(parsed, {
    v: 1,
    run_id: runId,
    parent_span_id: outerSpan,
    span_type: 'agent',
    section_path: 'agent:planner',
    customer_id: 'cust_9',
    tenant_id: 'acme',
  });

  // "another process": an empty context, only the JSON string
  await storage.run({}, async () => {
    assert.equal(getRunId(), null);
    await importContext(exported, async () => {
      assert.equal(getCustomerId(), 'cust_9');
      assert.equal(getTenantId(), 'acme');
      await chat('direct');
      await section('job', () => chat('in section'));
    });
  });
  const events = await env.eventsOfRun(runId);
  const direct = events.find((e) => e.span_type === 'llm' && e.section === 'agent:planner')!;
  assert.equal(direct.parent_span_id, outerSpan);
  assert.equal(direct.section_path, 'agent:planner');
  const job = events.find((e) => e.span_type === 'section' && e.section === 'job')!;
  assert.equal(job.parent_span_id, outerSpan);
  assert.equal(job.section_path, 'agent:planner/job');
  const inJob = events.find((e) => e.span_type === 'llm' && e.section === 'job')!;
  assert.equal(inJob.parent_span_id, job.span_id);
  assert.equal(inJob.section_path, 'agent:planner/job');
  for (const e of [direct, job, inJob]) {
    assert.equal(e.customer_id, 'cust_9');
    assert.equal(e.tenant_id, 'acme');
    assert.equal(e.run_id, runId);
  }
});

test('importContext without fn enters the context; garbage is ignored; an invalid tenant drops events', async () => {
  await storage.run({}, async () => {
    importContext({ v: 1, run_id: 'run-entered', customer_id: 'c1' });
    await Promise.resolve();
    assert.equal(getRunId(), 'run-entered');
    assert.equal(getCustomerId(), 'c1');
  });
  await storage.run({}, () => {
    importContext('not json', () => assert.equal(getRunId(), null));
    importContext(42, () => assert.equal(getRunId(), null));
    importContext({ run_id: 'x'.repeat(500) }, () => assert.equal(getRunId(), null));
  });
  await storage.run({}, () => importContext({ v: 1, run_id: 'run-bad-tenant', tenant_id: 'no spaces!' }, () => chat('dropped')));
  assert.equal((await env.eventsOfRun('run-bad-tenant')).length, 0);
});

test('traceparent/baggage: format, round trip, foreign traceparent, untrusted attribution', () => {
  const ctx = {
    v: 1 as const,
    run_id: '0af76519-16cd-43dd-8448-eb211c80319c',
    parent_span_id: 'b7ad6b71-6920-4331-9a4c-1234567890ab',
    span_type: 'tool' as const,
    section_path: 'agent:a/tool:search, 1=2',
    customer_id: 'cust;x',
    tenant_id: 'acme',
  };
  const tp = traceparent(ctx);
  assert.equal(tp, '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169204331-01');
  const bg = baggage(ctx, 'other=1,llmo.run_id=stale');
  assert.ok(bg.startsWith('other=1,'));
  assert.ok(!bg.includes('stale'));
  const back = contextFromHeaders(new Headers({ traceparent: tp, baggage: bg }));
  assert.deepEqual(back, ctx);
  // plain object headers (Node), attribution not trusted
  assert.deepEqual(contextFromHeaders({ TraceParent: tp, baggage: bg }, { attribution: false }), {
    v: 1,
    run_id: ctx.run_id,
    parent_span_id: ctx.parent_span_id,
    span_type: 'tool',
    section_path: ctx.section_path,
  });
  // another tracer's traceparent only: its trace becomes the run
  assert.deepEqual(contextFromHeaders({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }), {
    v: 1,
    run_id: '4bf92f35-77b3-4da6-a3ce-929d0e0e4736',
  });
  assert.equal(contextFromHeaders({ traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01' }), null);
  assert.equal(contextFromHeaders({}), null);
  // a non-UUID run id still travels exactly in baggage
  const custom = contextFromHeaders({ traceparent: traceparent({ v: 1, run_id: 'req-123' }), baggage: baggage({ v: 1, run_id: 'req-123' }) });
  assert.equal(custom?.run_id, 'req-123');
});

test('a downstream service (Express + middleware propagation) continues the same run over HTTP', async () => {
  const app = express();
  app.use(expressMiddleware({ propagation: 'all' }));
  app.get('/summarize', async (_req, res) => {
    await section('downstream', () => chat('downstream call'));
    res.json({ run: getRunId() });
  });
  const untrusted = express();
  untrusted.use(expressMiddleware({ propagation: 'run' }));
  untrusted.get('/x', (_req, res) => {
    res.json({ run: getRunId(), customer: getCustomerId(), tenant: getTenantId() });
  });
  const servers = [http.createServer(app), http.createServer(untrusted)];
  const urls: string[] = [];
  for (const s of servers) {
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    urls.push(`http://127.0.0.1:${(s.address() as AddressInfo).port}`);
  }
  try {
    let upstreamSpan = '';
    const { runId, downstreamRun, other } = await withTenant('globex', () =>
      withCustomer('cust_77', () =>
        withRun(async (runId) => {
          return section('upstream', async () => {
            upstreamSpan = exportContext().parent_span_id!;
            const r = await fetch(`${urls[0]}/summarize`, { headers: propagationHeaders() });
            const other = await (await fetch(`${urls[1]}/x`, { headers: propagationHeaders() })).json();
            return { runId, downstreamRun: ((await r.json()) as { run: string }).run, other };
          });
        }),
      ),
    );
    assert.equal(downstreamRun, runId);
    assert.deepEqual(other, { run: runId, customer: null, tenant: 'default_tenant' });
    const events = await env.eventsOfRun(runId);
    const down = events.find((e) => e.span_type === 'section' && e.section === 'downstream')!;
    assert.equal(down.parent_span_id, upstreamSpan);
    assert.equal(down.section_path, 'upstream/downstream');
    const call = events.find((e) => e.span_type === 'llm' && e.section === 'downstream')!;
    assert.equal(call.parent_span_id, down.span_id);
    for (const e of [down, call]) {
      assert.equal(e.customer_id, 'cust_77');
      assert.equal(e.tenant_id, 'globex');
    }
  } finally {
    for (const s of servers) {
      s.closeAllConnections();
      s.close();
    }
  }
});
