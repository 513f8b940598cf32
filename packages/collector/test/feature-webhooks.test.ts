// @storage sqlite,postgres
/**
 * statement.closed (billing) and insight.found (insights) delivered through the budgets' webhook outbox: signed per
 * Standard Webhooks (verified with the standardwebhooks package), only to endpoints subscribed to the type, once per
 * event even when it is published again.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { ev, post, request, startCollector, type RunningCollector } from './helpers/collector.js';
import { Receiver } from './helpers/webhook-receiver.js';

const FAST = { LLMOBSERVE_WEBHOOK_BACKOFF_MS: '100', LLMOBSERVE_WEBHOOK_POLL_MS: '100' };

describe('statement.closed and insight.found webhooks', () => {
  let c: RunningCollector;
  let rx: Receiver;
  let other: Receiver;
  before(async () => {
    rx = await new Receiver().start();
    other = await new Receiver().start();
    c = await startCollector({ env: FAST });
  });
  after(async () => {
    await c?.stop();
    await rx?.stop();
    await other?.stop();
  });

  const register = async (url: string, events: string[]) => {
    const r = await request(c.url, '/webhooks', { method: 'POST', json: { url, events } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.secret as string;
  };

  it('closing a period sends one signed statement.closed per customer statement, and closing again sends nothing', async () => {
    const secret = await register(rx.url, ['statement.closed', 'insight.found']);
    await register(other.url, ['budget.threshold_crossed']);
    const events = ['wh-c1', 'wh-c2'].map((customer, i) => ev({ span_id: `wh-${i}`, customer_id: customer, input_tokens: 1000, output_tokens: 100, started_at: '2026-10-15T12:00:00.000Z' }));
    assert.equal((await post(c.url, events)).status, 200);
    const close = await request(c.url, '/statements/close', { method: 'POST', json: { period: '2026-10' } });
    assert.equal(close.status, 200, JSON.stringify(close.body));
    const got = await rx.waitFor(2);
    const bodies = got.map((m) => new Webhook(secret).verify(m.body, m.headers) as { type: string; data: Record<string, unknown> });
    assert.deepEqual(bodies.map((b) => b.type), ['statement.closed', 'statement.closed']);
    assert.deepEqual(bodies.map((b) => b.data.customer_id).sort(), ['wh-c1', 'wh-c2']);
    for (const b of bodies) {
      assert.equal(b.data.period, '2026-10');
      assert.equal(b.data.tenant_id, 'default_tenant');
      assert.match(String(b.data.content_hash), /^[0-9a-f]{64}$/);
    }
    assert.notEqual(got[0]!.headers['webhook-id'], got[1]!.headers['webhook-id']);
    assert.equal((await request(c.url, '/statements/close', { method: 'POST', json: { period: '2026-10' } })).status, 200);
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(rx.received.length, 2, 'a second close is a no-op: nothing sent again');
    assert.equal(other.received.length, 0, 'an endpoint not subscribed to statement.closed gets nothing');
  });

  it('an insight finding opened by an evaluation is sent as insight.found, once', async () => {
    const before = rx.received.length;
    const t = Date.now() - 10 * 60_000;
    const loop = [0, 1, 2, 3, 4].map((i) => ev({ span_id: `wh-loop-${i}`, customer_id: 'wh-loopy', input_tokens: 777, output_tokens: 10, started_at: new Date(t + i * 5000).toISOString() }));
    assert.equal((await post(c.url, loop)).status, 200);
    const evaluated = await request(c.url, '/insights/evaluate', { method: 'POST', json: {} });
    assert.equal(evaluated.status, 200, JSON.stringify(evaluated.body));
    const finding = evaluated.body.findings.find((f: { kind: string }) => f.kind === 'retry_loop');
    assert.ok(finding, JSON.stringify(evaluated.body));
    const got = await rx.waitFor(before + 1);
    const m = got[before]!;
    const body = JSON.parse(m.body) as { type: string; data: Record<string, unknown> };
    assert.equal(body.type, 'insight.found');
    assert.equal(body.data.id, finding.id);
    assert.equal(body.data.kind, 'retry_loop');
    assert.equal(body.data.customer_id, 'wh-loopy');
    // the same finding, still open, is updated by the next evaluation: not found again
    assert.equal((await request(c.url, '/insights/evaluate', { method: 'POST', json: {} })).status, 200);
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(rx.received.filter((x) => JSON.parse(x.body).type === 'insight.found').length, 1);
  });
});
