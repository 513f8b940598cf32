/**
 * Request middleware with the real frameworks (Express, Fastify, Koa, Hono on node-server) and a Web `Request`
 * handler (the Next.js App Router shape): many concurrent requests for different customers and tenants, with awaits
 * interleaved, each one run with exactly its own attribution (asserted on what reached the collector).
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { NextRequest, NextResponse } from 'next/server.js';
import type { TraceEvent } from '@llmobserve/shared';
import {
  expressMiddleware,
  fastifyPlugin,
  flush,
  getCustomerId,
  getRunId,
  getTenantId,
  honoMiddleware,
  koaMiddleware,
  section,
  setCustomerId,
  withLLMObserve,
} from '../src/index.js';
import { startTestEnv, type TestEnv } from './helpers/env.js';

const N = 24;
let env: TestEnv;

before(async () => {
  env = await startTestEnv();
});
after(async () => {
  await env.close();
});

/** What every handler does: interleaved awaits, two tracked calls (one in a section), returns what it saw. */
async function work(i: number): Promise<{ run: string | null; customer: string | null; tenant: string }> {
  await sleep((i * 7) % 13);
  await env.client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `hi ${i}` }] });
  await sleep((i * 5) % 11);
  await section('answer', async () => {
    await sleep((i * 3) % 7);
    await env.client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `again ${i}` }] });
  });
  return { run: getRunId(), customer: getCustomerId(), tenant: getTenantId() };
}

async function get(url: string, headers: Record<string, string>): Promise<{ run: string; customer: string | null; tenant: string }> {
  const r = await fetch(url, { headers });
  assert.equal(r.status, 200, await r.clone().text());
  return (await r.json()) as { run: string; customer: string | null; tenant: string };
}

function headersFor(i: number): Record<string, string> {
  return { 'x-user': `cust_${i}`, 'x-tenant-id': `tenant_${i % 3}` };
}

/** Fires N concurrent requests; asserts each run's events carry exactly that request's customer and tenant. */
async function assertAttribution(call: (i: number) => Promise<{ run: string; customer: string | null; tenant: string }>) {
  const results = await Promise.all(Array.from({ length: N }, (_, i) => call(i)));
  assert.equal(new Set(results.map((r) => r.run)).size, N, 'one run per request');
  assert.ok(await flush({ timeoutMs: 10_000 }));
  results.forEach((r, i) => {
    assert.equal(r.customer, `cust_${i}`);
    assert.equal(r.tenant, `tenant_${i % 3}`);
    const events = env.collector.events.filter((e) => e.run_id === r.run);
    const llm = events.filter((e) => e.span_type === 'llm');
    const sections = events.filter((e) => e.span_type === 'section');
    assert.equal(llm.length, 2, `request ${i}: 2 llm events`);
    assert.equal(sections.length, 1, `request ${i}: 1 section`);
    for (const e of events) {
      assert.equal(e.customer_id, `cust_${i}`, `request ${i}: customer`);
      assert.equal(e.tenant_id, `tenant_${i % 3}`, `request ${i}: tenant`);
    }
    const inSection = llm.find((e) => e.section === 'answer') as TraceEvent;
    assert.equal(inSection.parent_span_id, sections[0]!.span_id);
    assert.equal(llm.find((e) => e.section !== 'answer')!.parent_span_id, null);
  });
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('middleware with real frameworks', () => {
  test('Express: customer from a function, tenant from the opt-in header', async () => {
    const app = express();
    app.use(expressMiddleware({ customerId: (req) => req.header('x-user'), headers: true }));
    app.get('/chat/:i', async (req, res) => {
      res.json(await work(Number(req.params.i)));
    });
    const server = http.createServer(app);
    const url = await listen(server);
    try {
      await assertAttribution((i) => get(`${url}/chat/${i}`, headersFor(i)));
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  test('Fastify (POST with a parsed body)', async () => {
    const app = Fastify();
    await app.register(fastifyPlugin, { customerId: (req: { headers: Record<string, unknown> }) => req.headers['x-user'] as string, headers: true });
    app.post('/chat', async (req) => work((req.body as { i: number }).i));
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      await assertAttribution(async (i) => {
        const r = await fetch(`${url}/chat`, {
          method: 'POST',
          headers: { ...headersFor(i), 'content-type': 'application/json' },
          body: JSON.stringify({ i }),
        });
        assert.equal(r.status, 200);
        return (await r.json()) as { run: string; customer: string | null; tenant: string };
      });
    } finally {
      await app.close();
    }
  });

  test('Koa', async () => {
    const app = new Koa();
    app.use(koaMiddleware({ customerId: (ctx) => ctx.get('x-user'), headers: true }));
    app.use(async (ctx) => {
      ctx.body = await work(Number(ctx.path.split('/').pop()));
    });
    const server = http.createServer(app.callback());
    const url = await listen(server);
    try {
      await assertAttribution((i) => get(`${url}/chat/${i}`, headersFor(i)));
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  test('Hono on @hono/node-server', async () => {
    const app = new Hono();
    app.use(honoMiddleware({ customerId: (c) => c.req.header('x-user'), headers: true }));
    app.get('/chat/:i', async (c) => c.json(await work(Number(c.req.param('i')))));
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }) as http.Server;
    await new Promise<void>((r) => (server.listening ? r() : server.once('listening', () => r())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await assertAttribution((i) => get(`${url}/chat/${i}`, headersFor(i)));
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  test('Web Request handler (Next.js App Router route handler shape)', async () => {
    const POST = withLLMObserve(
      async (req: Request) => {
        const { i } = (await req.json()) as { i: number };
        return Response.json(await work(i));
      },
      { customerId: (req) => req.headers.get('x-user'), headers: true },
    );
    await assertAttribution(async (i) => {
      const res = await POST(
        new Request('http://localhost/api/chat', { method: 'POST', headers: headersFor(i), body: JSON.stringify({ i }) }),
      );
      return (await res.json()) as { run: string; customer: string | null; tenant: string };
    });
  });
});

describe('Next.js (the real next package)', () => {
  test('App Router route handler with NextRequest/NextResponse: concurrent requests attributed correctly', async () => {
    const POST = withLLMObserve(
      async (req: NextRequest) => {
        const { i } = (await req.json()) as { i: number };
        return NextResponse.json({ ...(await work(i)), path: req.nextUrl.pathname });
      },
      { customerId: (req) => req.headers.get('x-user'), headers: true },
    );
    await assertAttribution(async (i) => {
      const res = await POST(new NextRequest(`http://localhost/api/chat/${i}`, { method: 'POST', headers: headersFor(i), body: JSON.stringify({ i }) }));
      const body = (await res.json()) as { run: string; customer: string | null; tenant: string; path: string };
      assert.equal(body.path, `/api/chat/${i}`);
      return body;
    });
  });
});

describe('middleware options', () => {
  test('default: no header is read; customer and tenant are the configured defaults', async () => {
    const POST = withLLMObserve(async () => Response.json({ customer: getCustomerId(), tenant: getTenantId(), run: getRunId() }));
    const res = await POST(new Request('http://localhost/', { headers: { 'x-customer-id': 'evil', 'x-tenant-id': 'other' } }));
    const body = (await res.json()) as { customer: string | null; tenant: string; run: string | null };
    assert.equal(body.customer, null);
    assert.equal(body.tenant, 'default_tenant');
    assert.match(body.run ?? '', /^[0-9a-f-]{36}$/);
  });

  test('setCustomerId inside a request does not leak into the next one; a throwing resolver is ignored', async () => {
    const seen: Array<string | null> = [];
    const h = withLLMObserve(
      async (req: Request) => {
        seen.push(getCustomerId());
        if (req.headers.get('x-set')) setCustomerId('set_inside');
        await sleep(1);
        seen.push(getCustomerId());
        return new Response('ok');
      },
      {
        customerId: (req) => {
          if (req.headers.get('x-throw')) throw new Error('boom');
          return req.headers.get('x-user');
        },
      },
    );
    await h(new Request('http://localhost/', { headers: { 'x-user': 'a', 'x-set': '1' } }));
    await h(new Request('http://localhost/', { headers: { 'x-throw': '1' } }));
    assert.deepEqual(seen, ['a', 'set_inside', null, null]);
    assert.ok(env.warnings.some((w) => w.includes('customerId() threw')));
  });

  test('an invalid tenant drops the request events (never another tenant)', async () => {
    const before = env.collector.events.length;
    const h = withLLMObserve(async () => Response.json(await work(1)), { headers: true });
    const res = await h(new Request('http://localhost/', { headers: { 'x-tenant-id': 'bad tenant!' } }));
    const { run } = (await res.json()) as { run: string };
    assert.ok(await flush({ timeoutMs: 10_000 }));
    assert.equal(env.collector.events.slice(before).filter((e) => e.run_id === run).length, 0);
  });

  test('serverless: waitUntil receives a flush that delivers the events; flush: "await" delivers before returning', async () => {
    const pending: Array<Promise<unknown>> = [];
    const h1 = withLLMObserve(async () => Response.json(await work(2)), {
      customerId: () => 'lambda_1',
      waitUntil: (p) => pending.push(p),
    });
    const r1 = (await (await h1(new Request('http://localhost/'))).json()) as { run: string };
    assert.equal(pending.length, 1);
    assert.equal(await pending[0], true);
    assert.equal(env.collector.events.filter((e) => e.run_id === r1.run).length, 3);

    const h2 = withLLMObserve(async () => Response.json(await work(3)), { customerId: () => 'lambda_2', flush: 'await' });
    const r2 = (await (await h2(new Request('http://localhost/'))).json()) as { run: string };
    const delivered = env.collector.events.filter((e) => e.run_id === r2.run);
    assert.equal(delivered.length, 3);
    assert.ok(delivered.every((e) => e.customer_id === 'lambda_2'));
  });
});
