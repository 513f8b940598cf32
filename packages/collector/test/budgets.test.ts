// @storage sqlite,postgres
/**
 * Budgets, alerts and webhooks through real collector processes (SQLite, and PostgreSQL in the PG pass): equality
 * crossing for every scope kind, exactly-once alerts under concurrent batches and restarts, the outbox across a
 * receiver outage, Standard Webhooks signatures, templates, unpriced calls, blocked instances.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { ev, freshDb, post, request, startCollector, type RunningCollector } from './helpers/collector.js';
import { Receiver, until } from './helpers/webhook-receiver.js';

const FAST = { LLMOBSERVE_WEBHOOK_BACKOFF_MS: '100', LLMOBSERVE_WEBHOOK_POLL_MS: '100', LLMOBSERVE_BUDGET_EVAL_INTERVAL_MS: '20' };
const now = () => new Date().toISOString();
/** $0.001 per event: 1,000 input tokens at a custom price of $1 per million. */
const spendEvent = (o: Record<string, unknown> = {}) => ev({ provider: 'acme', model: 'm1', input_tokens: 1000, output_tokens: 0, started_at: now(), ...o });

async function setup(c: RunningCollector, tenant = 'default_tenant') {
  const r = await request(c.url, `/prices?tenant_id=${tenant}`, { method: 'PUT', json: { provider: 'acme', model: 'm1', input_per_mtok: 1, output_per_mtok: 1 } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
}
const budget = async (c: RunningCollector, body: Record<string, unknown>) => {
  const r = await request(c.url, '/budgets', { method: 'POST', json: { thresholds: [0.5, 1], ...body } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.budget as { id: string };
};
const hook = async (c: RunningCollector, url: string, extra: Record<string, unknown> = {}) => {
  const r = await request(c.url, '/webhooks', { method: 'POST', json: { url, ...extra } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body as { webhook: { id: string }; secret: string };
};
const alerts = async (c: RunningCollector, q = '') => (await request(c.url, `/alerts${q}`)).body.alerts as { type: string; threshold: number; customer_id: string | null; budget_id: string }[];

describe('budgets: crossing, exactly once, delivery', () => {
  let c: RunningCollector;
  let rx: Receiver;
  before(async () => {
    rx = await new Receiver().start();
    c = await startCollector({ env: FAST });
    await setup(c);
  });
  after(async () => {
    await c?.stop();
    await rx?.stop();
  });

  it('equality crosses for every scope kind (whole spend, customer, section, provider, model, template)', async () => {
    const scopes = [{}, { customer_id: 'eq-cust' }, { section: 'agent:eq' }, { provider: 'acme' }, { model: 'm1' }, { customer_id: '*' }];
    const ids = [];
    for (const scope of scopes) ids.push((await budget(c, { name: `eq ${JSON.stringify(scope)}`, scope, amount_usd: '0.002', period: 'total', thresholds: [1] })).id);
    // two events of $0.001: spend equals the amount exactly, in every scope
    assert.equal((await post(c.url, [spendEvent({ customer_id: 'eq-cust', section: 'tool:x', section_path: 'agent:eq/tool:x' }), spendEvent({ customer_id: 'eq-cust', section: 'agent:eq', section_path: 'agent:eq' })])).status, 200);
    await until(async () => (await alerts(c, '?type=budget.threshold_crossed')).length >= scopes.length, 10_000, 'one alert per scope');
    const got = await alerts(c, '?type=budget.threshold_crossed');
    assert.deepEqual(new Set(got.map((a) => a.budget_id)), new Set(ids));
    // the customer filter finds the template's instance and the budget scoped to that customer
    assert.deepEqual(new Set((await alerts(c, '?customer_id=eq-cust')).map((a) => a.budget_id)), new Set([ids[1], ids[5]]));
    assert.ok(got.every((a) => a.threshold === 1));
    assert.equal(got.find((a) => a.budget_id === ids[5])!.customer_id, 'eq-cust', 'the template instance is the customer');
    const status = await request(c.url, `/budgets/${ids[2]}/status`);
    assert.equal(status.body.instances[0].spent_usd, 0.002);
    assert.equal(status.body.instances[0].fraction, 1);
    assert.equal(status.body.instances[0].state, 'warning');
    for (const id of ids) assert.equal((await request(c.url, `/budgets/${id}`, { method: 'DELETE' })).status, 200);
  });

  it('20 concurrent batches crossing one threshold: exactly one signed webhook, verified with standardwebhooks', async () => {
    // Only the crossings: an evaluation that sees part of the 20 batches may also project the month's spend over the
    // amount (budget.forecast_exceeded, once 1/24 of the month has passed: from the 2nd, 07:00 UTC, of a 31-day month).
    const { secret } = await hook(c, rx.url, { events: ['budget.threshold_crossed'] });
    const b = await budget(c, { name: 'concurrent', scope: { customer_id: 'conc' }, amount_usd: '0.01', thresholds: [1] });
    await Promise.all(Array.from({ length: 20 }, () => post(c.url, [spendEvent({ customer_id: 'conc' })])));
    const mine = () => rx.received.filter((m) => JSON.parse(m.body).data?.budget_id === b.id);
    await until(() => mine().length >= 1, 15_000, 'the crossing delivered');
    await new Promise((r) => setTimeout(r, 1000)); // time for a wrong second one to arrive
    assert.equal(mine().length, 1, 'exactly one delivery');
    const msg = mine()[0];
    const body = new Webhook(secret).verify(msg!.body, msg!.headers) as { type: string; data: Record<string, unknown> };
    assert.equal(body.type, 'budget.threshold_crossed');
    assert.ok((body.data.spent_usd as number) >= 0.01, 'the spend the crossing evaluation saw');
    assert.deepEqual({ ...body.data, period_start: null, period_end: null, projected_usd: null, spent_usd: null }, {
      budget_id: b.id, budget_name: 'concurrent', customer_id: 'conc', scope: { customer_id: 'conc' }, threshold: 1,
      spent_usd: null, amount_usd: 0.01, unpriced_calls: 0, state: 'warning', period_start: null, period_end: null, projected_usd: null,
    });
    assert.match(msg!.headers['webhook-signature']!, /^v1,/);
    assert.throws(() => new Webhook(secret).verify(msg!.body.replace('concurrent', 'tampered'), msg!.headers));
    const list = await request(c.url, '/webhooks');
    assert.equal(list.body.webhooks[0].delivered >= 1, true);
    assert.equal(JSON.stringify(list.body).includes(secret), false, 'the secret is shown once only');
  });

  it('receiver down (port closed): delivered after it is back, once; unpriced calls counted', async () => {
    const down = await new Receiver().start();
    const port = down.port;
    await hook(c, down.url, { events: ['budget.threshold_crossed'] });
    await down.stop();
    const b = await budget(c, { name: 'outage', scope: { customer_id: 'out' }, amount_usd: '0.001', thresholds: [1] });
    await post(c.url, [spendEvent({ customer_id: 'out' }), ev({ customer_id: 'out', provider: 'acme', model: 'no-price', started_at: now() })]);
    await until(async () => (await alerts(c, `?budget_id=${b.id}`)).length === 1, 10_000, 'alert recorded');
    await new Promise((r) => setTimeout(r, 1500)); // several failed attempts meanwhile
    const failing = (await request(c.url, '/webhooks')).body.webhooks.find((w: { url: string }) => w.url === down.url);
    assert.ok(failing.consecutive_failures >= 2, `failures recorded: ${failing.consecutive_failures}`);
    assert.equal(failing.disabled, false);
    await down.start(port);
    const got = await down.waitFor(1, 20_000);
    await new Promise((r) => setTimeout(r, 800));
    assert.equal(got.filter((m) => JSON.parse(m.body).data.budget_id === b.id).length, 1);
    assert.equal(JSON.parse(got[0]!.body).data.unpriced_calls, 1, 'the unpriced call is counted, not $0');
    await down.stop();
  });

  it('a template with 1,000 customers: one instance each, sorted by fraction, paged; /budgets/blocked with ETag', async () => {
    const b = await budget(c, { name: 'per customer', scope: { customer_id: '*', section: 'tmpl' }, amount_usd: '0.0015', action: 'block', thresholds: [1] });
    const events = Array.from({ length: 1000 }, (_, i) => spendEvent({ customer_id: `t-${String(i).padStart(4, '0')}`, section: 'tmpl', section_path: 'tmpl', input_tokens: i < 10 ? 2000 : 1000 }));
    assert.equal((await post(c.url, events)).status, 200);
    await until(async () => (await request(c.url, `/budgets/${b.id}/status?limit=5`)).body.total === 1000, 20_000, '1,000 instances');
    const page = (await request(c.url, `/budgets/${b.id}/status?limit=5`)).body;
    assert.equal(page.next_offset, 5);
    assert.equal(page.instances[0].fraction > 1, true);
    assert.equal(page.instances[0].state, 'blocked');
    assert.equal((await request(c.url, `/budgets/${b.id}/status?limit=5&offset=995`)).body.instances[4].state, 'ok');
    const blocked = await request(c.url, '/budgets/blocked');
    assert.equal(blocked.body.blocked.filter((x: { budget_id: string }) => x.budget_id === b.id).length, 10);
    const etag = blocked.headers.get('etag')!;
    assert.equal((await request(c.url, '/budgets/blocked', { headers: { 'if-none-match': etag } })).status, 304);
    await request(c.url, `/budgets/${b.id}`, { method: 'DELETE' });
  });

  it('refuses bad input with 4xx: time zone, amount, URL scheme, unknown event type', async () => {
    const bad = async (path: string, json: unknown) => (await request(c.url, path, { method: 'POST', json })).status;
    assert.equal(await bad('/budgets', { name: 'x', amount_usd: '1', timezone: 'Mars/Olympus' }), 400);
    assert.equal(await bad('/budgets', { name: 'x', amount_usd: '-1' }), 400);
    assert.equal(await bad('/budgets', { name: 'x', amount_usd: '1', period: 'year' }), 400);
    assert.equal(await bad('/webhooks', { url: 'ftp://127.0.0.1/x' }), 400);
    assert.equal(await bad('/webhooks', { url: rx.url, events: ['nope'] }), 400);
    assert.equal((await request(c.url, '/budgets/bud_nope')).status, 404);
  });
});

describe('budgets: restart between commit and delivery', () => {
  it('the alert committed before the stop is delivered once after the restart', async () => {
    const rx = await new Receiver().start();
    const db = await freshDb();
    let c = await startCollector({ db, env: { ...FAST, LLMOBSERVE_WEBHOOK_DELIVERY: 'off' } });
    try {
      await setup(c);
      await hook(c, rx.url);
      await budget(c, { name: 'restart', amount_usd: '0.001', thresholds: [1] });
      await post(c.url, [spendEvent()]);
      await until(async () => (await alerts(c)).length === 1, 10_000, 'alert committed');
      await c.stop();
      assert.equal(rx.received.length, 0);
      c = await startCollector({ db, env: FAST });
      await rx.waitFor(1);
      await new Promise((r) => setTimeout(r, 800));
      assert.equal(rx.received.length, 1);
      // a replay of the same events after the restart counts nothing twice and alerts nothing again
      assert.equal((await alerts(c)).length, 1);
    } finally {
      await c.stop();
      await rx.stop();
    }
  });
});

describe('budgets: SSRF in required-auth mode', () => {
  it('a loopback receiver is refused unless LLMOBSERVE_WEBHOOK_ALLOW_PRIVATE=1', async () => {
    const { spawnSync } = await import('node:child_process');
    const { CLI } = await import('./helpers/collector.js');
    const db = await freshDb();
    const c = await startCollector({ db, args: ['--auth', 'required'] });
    try {
      const r = spawnSync(process.execPath, [CLI, 'keys', 'create', '--db', db, '--tenant', 'acme', '--scope', 'admin,read', '--create-tenant', '--json'], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.status, 0, r.stderr);
      const key = JSON.parse(r.stdout).key as string;
      const as = (path: string, init: RequestInit & { json?: unknown } = {}) => request(c.url, path, { ...init, headers: { authorization: `Bearer ${key}` } });
      for (const url of ['http://127.0.0.1:9/x', 'http://169.254.169.254/latest', 'http://[::1]/x', 'http://10.1.2.3/x', 'http://localhost/x']) {
        const res = await as('/webhooks', { method: 'POST', json: { url } });
        assert.equal(res.status, 400, url);
        assert.equal(res.body.error.code, 'invalid_url');
      }
    } finally {
      await c.stop();
    }
  });
});

describe('llmobserve budgets create|list|delete', () => {
  it('manages budgets through a running collector', async () => {
    const { spawnSync } = await import('node:child_process');
    const { CLI } = await import('./helpers/collector.js');
    const c = await startCollector();
    try {
      const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, 'budgets', ...args, '--url', c.url], { encoding: 'utf8', timeout: 30_000 });
      const made = cli('create', '--name', 'cli budget', '--amount', '12.50', '--customer', '*', '--period', 'week', '--timezone', 'Europe/Berlin', '--thresholds', '0.5,1', '--action', 'block', '--json');
      assert.equal(made.status, 0, made.stderr);
      const b = JSON.parse(made.stdout).budget;
      assert.deepEqual([b.amount_usd, b.period, b.timezone, b.thresholds, b.template], [12.5, 'week', 'Europe/Berlin', [0.5, 1], true]);
      assert.match(cli('list').stdout, new RegExp(`${b.id}  cli budget  \\$12\\.5/week`));
      assert.equal(cli('create', '--name', 'bad', '--amount', '1', '--timezone', 'Nowhere/X').status, 2);
      assert.equal(cli('delete', b.id).status, 0);
      assert.equal(JSON.parse(cli('list', '--json').stdout).budgets.length, 0);
    } finally {
      await c.stop();
    }
  });
});

describe('webhooks: test deliveries, Slack format, disabled after 10 failures, PATCH re-evaluates', () => {
  let c: RunningCollector;
  let rx: Receiver;
  before(async () => {
    rx = await new Receiver().start();
    c = await startCollector({ env: { ...FAST, LLMOBSERVE_WEBHOOK_BACKOFF_MS: '1', LLMOBSERVE_WEBHOOK_POLL_MS: '20' } });
    await setup(c);
  });
  after(async () => {
    await c?.stop();
    await rx?.stop();
  });

  it('POST /webhooks/:id/test delivers a signed webhook.test; a Slack endpoint gets {text}', async () => {
    const { webhook, secret } = await hook(c, rx.url);
    const slack = await hook(c, rx.url.replace('/hook', '/slack'), { format: 'slack' });
    assert.equal((await request(c.url, `/webhooks/${webhook.id}/test`, { method: 'POST' })).status, 202);
    const [msg] = await rx.waitFor(1);
    assert.equal((new Webhook(secret).verify(msg!.body, msg!.headers) as { type: string }).type, 'webhook.test');
    await request(c.url, `/webhooks/${slack.webhook.id}/test`, { method: 'POST' });
    const got = await rx.waitFor(2);
    const text = JSON.parse(got[1]!.body);
    assert.deepEqual(Object.keys(text), ['text']);
    assert.match(text.text, /test delivery/);
    for (const id of [webhook.id, slack.webhook.id]) assert.equal((await request(c.url, `/webhooks/${id}`, { method: 'DELETE' })).status, 200);
  });

  it('an endpoint is disabled after 10 consecutive failed deliveries, and shown so', async () => {
    const down = await new Receiver().start();
    const url = down.url;
    await down.stop();
    const { webhook } = await hook(c, url);
    for (let i = 0; i < 3; i++) await request(c.url, `/webhooks/${webhook.id}/test`, { method: 'POST' });
    await until(async () => (await request(c.url, '/webhooks')).body.webhooks.find((w: { id: string }) => w.id === webhook.id).disabled, 20_000, 'disabled');
    const w = (await request(c.url, '/webhooks')).body.webhooks.find((x: { id: string }) => x.id === webhook.id);
    assert.equal(w.consecutive_failures, 10);
    assert.ok(w.disabled_at);
    assert.equal(w.pending, 0, 'its queued deliveries end as failed, not retried for ever');
    assert.equal(w.failed, 3);
    await request(c.url, `/webhooks/${webhook.id}`, { method: 'DELETE' });
  });

  it('PATCH changes a budget and its state follows at once', async () => {
    const b = await budget(c, { name: 'patch me', scope: { customer_id: 'pat' }, amount_usd: '1', thresholds: [1] });
    await post(c.url, [spendEvent({ customer_id: 'pat' })]);
    await until(async () => (await request(c.url, `/budgets/${b.id}`)).body.budget.summary.top?.spent_usd === 0.001, 10_000, 'spend seen');
    assert.equal((await request(c.url, `/budgets/${b.id}`)).body.budget.summary.state, 'ok');
    const patched = await request(c.url, `/budgets/${b.id}`, { method: 'PATCH', json: { amount_usd: '0.001', action: 'block' } });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.budget.amount_usd, 0.001);
    assert.equal(patched.body.budget.summary.state, 'blocked');
    await until(async () => (await request(c.url, '/budgets/blocked')).body.blocked.some((x: { budget_id: string }) => x.budget_id === b.id), 10_000, 'listed as blocked');
    // the collector names the blocked list's ETag in its answers to event batches
    const answer = await post(c.url, [spendEvent({ customer_id: 'other' })]);
    assert.equal(answer.headers.get('x-llmobserve-budgets'), (await request(c.url, '/budgets/blocked')).headers.get('etag'));
    assert.equal((await request(c.url, `/budgets/${b.id}`, { method: 'PATCH', json: { timezone: 'Nowhere/X' } })).status, 400);
  });
});
