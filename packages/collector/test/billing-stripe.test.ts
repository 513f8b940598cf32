// @storage sqlite,postgres
/**
 * Stripe sync through the official `stripe` client against the local mock of the Billing Meter Events API: the
 * connection cut between send and acknowledgement, the mock killed and restarted, a 429, and three replays never
 * bill twice; the reconciliation matches our frozen statements. Runs on SQLite and on PostgreSQL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startMockStripe, type MeterEvent, type MockStripe } from '@llmobserve/mock-providers';
import { ev, post, request, startCollector, type RunningCollector } from './helpers/collector.js';

const T = 'stripe_t';
const q = `tenant_id=${T}`;

describe('Stripe meter events: durable outbox, replays never bill twice', () => {
  let mock: MockStripe;
  let c: RunningCollector;
  const events = new Map<string, MeterEvent>();
  before(async () => {
    mock = await startMockStripe({ events });
    c = await startCollector({ env: { LLMOBSERVE_STRIPE_API_KEY: 'sk_test_mock123', LLMOBSERVE_STRIPE_API_BASE: mock.url } });
    assert.equal((await request(c.url, `/prices?${q}`, { method: 'PUT', json: { provider: 'acme', model: 'm1', input_per_mtok: 1, output_per_mtok: 3 } })).status, 200);
    assert.equal((await request(c.url, `/billing/settings?${q}`, { method: 'PUT', json: { timezone: 'UTC', currency: 'USD', default_markup_percent: '25', platform_fee_usd: '2', stripe_event_name: 'llm_billed_cents' } })).status, 200);
    const batch = ['cus_1', 'cus_2', 'cus_3'].flatMap((customer, i) => [
      ev({ tenant_id: T, customer_id: customer, provider: 'acme', model: 'm1', input_tokens: 1_000_000 * (i + 1), output_tokens: 100_000, started_at: '2026-10-05T10:00:00Z' }),
    ]);
    assert.equal((await post(c.url, batch)).status, 200);
    assert.equal((await request(c.url, `/statements/close?${q}`, { method: 'POST', json: { period: '2026-10' } })).status, 200);
  });
  after(async () => {
    await c?.stop();
    await mock?.close();
  });

  const sync = () => request(c.url, `/billing/stripe/sync?${q}`, { method: 'POST', json: { period: '2026-10' } });

  it('a connection cut after Stripe recorded the event, the mock down, a 429: all pending, then delivered once each', async () => {
    const all = await request(c.url, `/statements?period=2026-10&${q}`);
    // cus_1: input $1 + output $0.30 → ×1.25 = 1.25 + 0.38 (0.375 half-even → 0.38) + fee 2.00
    const c1 = await request(c.url, `/statements/cus_1?period=2026-10&${q}`);
    assert.deepEqual(c1.body.lines.map((l: any) => l.amount), ['1.25', '0.38', '2.00']);
    const lines = 9;

    mock.hangUpAfterRecording(3);
    const cut = await sync();
    assert.equal(cut.status, 200, JSON.stringify(cut.body));
    assert.deepEqual([cut.body.queued, cut.body.sent, cut.body.pending, cut.body.failed], [lines, 0, lines, 0]);
    assert.equal(events.size, 1, 'Stripe recorded the first event, we never saw the answer');

    await mock.close();
    const down = await sync();
    assert.deepEqual([down.body.queued, down.body.sent, down.body.pending], [0, 0, lines], 'nothing queued twice');

    mock = await startMockStripe({ port: mock.port, events });
    mock.rateLimitNext(1);
    const limited = await sync();
    assert.deepEqual([limited.body.sent, limited.body.pending], [0, lines]);

    const ok = await sync();
    assert.deepEqual([ok.body.sent, ok.body.pending, ok.body.failed], [lines, 0, 0], 'the first one answered "already exists": delivered');
    for (let i = 0; i < 3; i++) {
      const replay = await sync();
      assert.deepEqual([replay.body.queued, replay.body.sent, replay.body.pending], [0, 0, 0]);
    }
    assert.equal(events.size, lines, 'each line billed once');
    const cents = [...events.values()].reduce((s, e) => s + Number(e.payload.value), 0);
    assert.equal(cents, Math.round(all.body.amount_usd * 100));
    assert.ok([...events.values()].every((e) => e.event_name === 'llm_billed_cents' && /^cus_\d$/.test(e.payload.stripe_customer_id!)));
    // what went over the wire: form-encoded, with the identifier
    const sent = mock.requests.find((r) => r.path === '/v1/billing/meter_events')!;
    assert.match(sent.form.identifier!, /^llmo_[0-9a-f]{48}$/);
    assert.ok(sent.form['payload[value]']);

    const rec = await request(c.url, `/billing/reconciliation?period=2026-10&${q}`);
    assert.equal(rec.status, 200);
    assert.deepEqual(rec.body.customers.map((r: any) => [r.customer_id, r.matches]), [['cus_1', true], ['cus_2', true], ['cus_3', true]]);
  });

  it('an open period cannot be synced; another tenant has nothing to send', async () => {
    const open = await request(c.url, `/billing/stripe/sync?${q}`, { method: 'POST', json: { period: '2026-11' } });
    assert.equal(open.status, 409);
    assert.equal(open.body.error.code, 'period_open');
    const rec = await request(c.url, `/billing/reconciliation?period=2026-10&tenant_id=someone_else`);
    assert.deepEqual(rec.body.customers, []);
  });
});
