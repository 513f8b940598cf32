// @storage sqlite,postgres
/**
 * Billing end to end against a real collector (SQLite, and PostgreSQL as the app role in the PG pass): statements
 * in the tenant's time zone, totals equal /insights, closing (frozen, byte-identical CSV, idempotent), late events
 * as adjustments of the next open statement, re-pricing of open periods only, the NDJSON export, tenant isolation.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { CLI, ev, freshDb, post, request, startCollector, type RunningCollector } from './helpers/collector.js';

const T = 'bill_a';
const OTHER = 'bill_b';
const q = (tenant = T) => `tenant_id=${tenant}`;
const usage = (over: Record<string, unknown>) => ev({ tenant_id: T, provider: 'acme', model: 'm1', endpoint: 'chat', ...over });

describe('billing over HTTP', () => {
  let c: RunningCollector;
  before(async () => {
    c = await startCollector();
    // $1 / M input, $0.5 / M cache reads, $1.25 / M cache writes, $2 / M output; $0.001 per search
    const price = await request(c.url, `/prices?${q()}`, { method: 'PUT', json: { provider: 'acme', model: 'm1', input_per_mtok: 1, output_per_mtok: 2, cache_read_per_mtok: 0.5, cache_write_per_mtok: 1.25, unit_prices: { searches: 0.001 } } });
    assert.equal(price.status, 200, JSON.stringify(price.body));
    const s = await request(c.url, `/billing/settings?${q()}`, { method: 'PUT', json: { timezone: 'Europe/Paris', currency: 'USD', default_markup_percent: '20' } });
    assert.equal(s.status, 200, JSON.stringify(s.body));
  });
  after(async () => {
    await c?.stop();
  });

  it('a statement splits cost by kind, applies the default markup, and equals /insights for the period', async () => {
    const r = await post(c.url, [
      // 800k uncached ($0.80), 200k cached ($0.10); output 400k ($0.80) + reasoning 100k ($0.20)
      usage({ customer_id: 'c1', section_path: 'chat/answer', input_tokens: 1_000_000, cache_read_tokens: 200_000, output_tokens: 500_000, reasoning_tokens: 100_000, started_at: '2026-10-10T12:00:00Z' }),
      // Paris: 1 October 00:30 (CEST): October, although September in UTC
      usage({ customer_id: 'c1', section_path: 'chat', input_tokens: 100_000, output_tokens: 0, started_at: '2026-09-30T22:30:00Z' }),
      // Paris: 1 November 00:30 (CET): November
      usage({ customer_id: 'c1', section_path: 'chat', input_tokens: 300_000, output_tokens: 0, started_at: '2026-10-31T23:30:00Z' }),
      // units: 3 searches, $0.003
      usage({ customer_id: 'c2', span_type: 'api', section_path: 'search', input_tokens: 0, output_tokens: 0, units: { searches: 3 }, started_at: '2026-10-20T08:00:00Z' }),
    ]);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const st = await request(c.url, `/statements/c1?period=2026-10&${q()}`);
    assert.equal(st.status, 200, JSON.stringify(st.body));
    assert.equal(st.body.status, 'open');
    assert.equal(st.body.from, '2026-09-30T22:00:00.000Z');
    assert.equal(st.body.to, '2026-10-31T23:00:00.000Z');
    const lines = st.body.lines.map((l: any) => [l.feature, l.kind, l.quantity, l.cost, l.amount, l.rule.id]);
    assert.deepEqual(lines, [
      ['chat', 'input', 900_000, '0.900000000', '1.08', 'default'],
      ['chat', 'cached_input', 200_000, '0.100000000', '0.12', 'default'],
      ['chat', 'output', 400_000, '0.800000000', '0.96', 'default'],
      ['chat', 'reasoning', 100_000, '0.200000000', '0.24', 'default'],
    ]);
    assert.equal(st.body.cost, '2.000000000');
    assert.equal(st.body.amount, '2.40');
    // totals equal /insights over the same range
    const ins = await request(c.url, `/insights?${q()}&customer_id=c1&from=${st.body.from}&to=${st.body.to}`);
    assert.ok(Math.abs(ins.body.totals.cost_usd - st.body.cost_usd) < 1e-9, `${ins.body.totals.cost_usd} vs ${st.body.cost_usd}`);
    const c2 = await request(c.url, `/statements/c2?period=2026-10&${q()}`);
    assert.deepEqual(c2.body.lines.map((l: any) => [l.kind, l.unit, l.quantity, l.cost, l.amount]), [['searches', 'searches', 3, '0.003000000', '0.00']]);
    const all = await request(c.url, `/statements?period=2026-10&${q()}`);
    assert.deepEqual(all.body.statements.map((s: any) => [s.customer_id, s.amount]), [['c1', '2.40'], ['c2', '0.00']]);
    const nov = await request(c.url, `/statements/c1?period=2026-11&${q()}`);
    assert.equal(nov.body.cost, '0.300000000');
  });

  it('markup rules: customer > feature > model > tenant, a price per unit, platform fee and minimum', async () => {
    const rule = (json: Record<string, unknown>) => request(c.url, `/billing/rules?${q()}`, { method: 'POST', json });
    assert.equal((await rule({ scope: 'model', match: 'acme/m1', type: 'percent', value: '50' })).status, 200);
    let st = await request(c.url, `/statements/c1?period=2026-10&${q()}`);
    assert.equal(st.body.amount, '3.00', 'model 50 %');
    assert.equal((await rule({ scope: 'feature', match: 'chat', type: 'percent', value: '10' })).status, 200);
    st = await request(c.url, `/statements/c1?period=2026-10&${q()}`);
    assert.equal(st.body.amount, '2.20', 'feature 10 % beats model');
    const cust = await rule({ scope: 'customer', match: 'c1', kind: 'output', type: 'unit_price', value: '0.00001' });
    assert.equal(cust.status, 200);
    st = await request(c.url, `/statements/c1?period=2026-10&${q()}`);
    const out = st.body.lines.find((l: any) => l.kind === 'output');
    assert.deepEqual([out.amount, out.rule.scope], ['4.00', 'customer'], '400k output tokens at $0.00001');
    assert.equal(st.body.amount, '5.32', '0.99 + 0.11 + 4.00 + 0.22: the other kinds at the feature 10 %');
    // a platform fee for everyone, a minimum for c2 only
    assert.equal((await rule({ scope: 'tenant', type: 'platform_fee', value: '5' })).status, 200);
    assert.equal((await rule({ scope: 'customer', match: 'c2', type: 'minimum', value: '20' })).status, 200);
    const c2 = await request(c.url, `/statements/c2?period=2026-10&${q()}`);
    assert.deepEqual(c2.body.lines.map((l: any) => [l.kind, l.amount]), [['searches', '0.00'], ['platform_fee', '5.00'], ['minimum', '15.00']]);
    assert.equal(c2.body.amount, '20.00');
    // a preview range has no fees
    const preview = await request(c.url, `/statements/c2?from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:00Z&${q()}`);
    assert.deepEqual([preview.body.period, preview.body.amount], [null, '0.00']);
    // a rule for another tenant's customer changes nothing here
    assert.equal((await request(c.url, `/billing/rules?${q(OTHER)}`, { method: 'POST', json: { scope: 'customer', match: 'c1', type: 'percent', value: '1000' } })).status, 200);
    assert.equal((await request(c.url, `/statements/c1?period=2026-10&${q()}`)).body.amount, '10.32');
  });

  it('closing freezes the period: idempotent, CSV byte for byte, late events become adjustments of the next open statement', async () => {
    const close = await request(c.url, `/statements/close?${q()}`, { method: 'POST', json: { period: '2026-10' } });
    assert.equal(close.status, 200, JSON.stringify(close.body));
    assert.equal(close.body.created, true);
    assert.equal(close.body.period.statements, 2);
    const again = await request(c.url, `/statements/close?${q()}`, { method: 'POST', json: { period: '2026-10' } });
    assert.deepEqual([again.body.created, again.body.period.content_hash], [false, close.body.period.content_hash]);
    const frozen = await request(c.url, `/statements/c1?period=2026-10&${q()}`);
    assert.equal(frozen.body.status, 'closed');
    assert.match(frozen.body.content_hash, /^[0-9a-f]{64}$/);
    const csv = await request(c.url, `/statements/c1?period=2026-10&format=csv&${q()}`);
    assert.match(csv.headers.get('content-type')!, /text\/csv/);
    assert.match(csv.body as string, /^customer_id,period,status,line,/);
    assert.ok((csv.body as string).includes('\r\n'));
    // a rule change and a late event: the closed statement does not move
    assert.equal((await request(c.url, `/billing/rules?${q()}`, { method: 'POST', json: { scope: 'customer', match: 'c1', type: 'percent', value: '99' } })).status, 200);
    const late = await post(c.url, [usage({ customer_id: 'c1', section_path: 'chat', input_tokens: 50_000, output_tokens: 0, started_at: '2026-10-15T09:00:00Z' })]);
    assert.equal(late.status, 200);
    const after = await request(c.url, `/statements/c1?period=2026-10&${q()}`);
    assert.deepEqual(after.body, frozen.body);
    assert.equal((await request(c.url, `/statements/c1?period=2026-10&format=csv&${q()}`)).body, csv.body);
    const nov = await request(c.url, `/statements/c1?period=2026-11&${q()}`);
    const adj = nov.body.lines.filter((l: any) => l.adjustment !== null);
    assert.deepEqual(adj.map((l: any) => [l.kind, l.quantity, l.cost, l.adjustment]), [['input', 50_000, '0.050000000', { period: '2026-10', date: '2026-10-15' }]]);
    assert.equal(nov.body.cost, '0.350000000', 'November usage 0.30 + the late 0.05');
  });

  it('re-pricing recomputes open periods only, dry run changes nothing, and statements follow /insights', async () => {
    assert.equal((await request(c.url, `/prices?${q()}`, { method: 'PUT', json: { provider: 'acme', model: 'm1', input_per_mtok: 2, output_per_mtok: 4, cache_read_per_mtok: 1, unit_prices: { searches: 0.002 } } })).status, 200);
    const frozen = await request(c.url, `/statements/c1?period=2026-10&${q()}`);
    const body = { from: '2026-09-01T00:00:00Z', to: '2026-12-01T00:00:00Z' };
    const dry = await request(c.url, `/reprice?${q()}`, { method: 'POST', json: { ...body, dry_run: true } });
    assert.equal(dry.status, 200, JSON.stringify(dry.body));
    assert.deepEqual(dry.body.skipped_closed_periods, ['2026-10']);
    // open: November's event only, 0.30 → 0.60 (the September-UTC event is October in Paris, and the late event
    // started in October: both in the closed period, never touched)
    assert.equal(dry.body.events_changed, 1);
    assert.ok(Math.abs(dry.body.new_cost_usd - 0.6) < 1e-12 && Math.abs(dry.body.old_cost_usd - 0.3) < 1e-12, JSON.stringify(dry.body));
    assert.deepEqual(dry.body.diff.map((d: any) => [d.customer_id, d.model, d.events]), [['c1', 'm1', 1]]);
    assert.equal((await request(c.url, `/statements/c1?period=2026-11&${q()}`)).body.cost, '0.350000000', 'dry run: unchanged');
    const real = await request(c.url, `/reprice?${q()}`, { method: 'POST', json: body });
    assert.equal(real.body.events_changed, 1);
    const nov = await request(c.url, `/statements/c1?period=2026-11&${q()}`);
    assert.equal(nov.body.cost, '0.650000000', 'November 0.60 + the late adjustment, at its own (closed) period price, 0.05');
    const ins = await request(c.url, `/insights?${q()}&customer_id=c1&from=${nov.body.from}&to=${nov.body.to}`);
    assert.ok(Math.abs(ins.body.totals.cost_usd - 0.6) < 1e-9, 'the rollups follow: November in Paris holds the 300k event (the late one is October)');
    // the wide daily families follow too: a customer and a provider by section, over whole UTC days (the daily
    // families, not the hourly rollup) holding the re-priced event only, is read from customer_detail
    const wide = await request(c.url, `/insights?${q()}&customer_id=c1&provider=acme&from=2026-10-31T00:00:00Z&to=2026-11-02T00:00:00Z`);
    const bySection = wide.body.by_section.reduce((n: number, s: any) => n + s.cost_usd, 0);
    assert.ok(Math.abs(bySection - 0.6) < 1e-9 && Math.abs(wide.body.totals.cost_usd - 0.6) < 1e-9, JSON.stringify(wide.body.by_section));
    // and the week rows (week-grain.ts): over three months the totals and breakdowns read whole weeks from them, the
    // daily series reads day rows only — the same sums
    const long = await request(c.url, `/insights?${q()}&customer_id=c1&from=2026-09-03T00:00:00Z&to=2026-12-01T00:00:00Z&bucket=day`);
    const sum = (rows: any[]) => rows.reduce((n: number, r: any) => n + r.cost_usd, 0);
    const daily = sum(long.body.timeseries);
    assert.ok(daily > 0.6, JSON.stringify(long.body.timeseries));
    for (const total of [long.body.totals.cost_usd, sum(long.body.by_model), sum(long.body.by_section)]) assert.ok(Math.abs(total - daily) < 1e-9, `${total} ≠ ${daily}`);
    assert.deepEqual((await request(c.url, `/statements/c1?period=2026-10&${q()}`)).body, frozen.body, 'closed statement unchanged');
    const again = await request(c.url, `/reprice?${q()}`, { method: 'POST', json: body });
    assert.equal(again.body.events_changed, 0, 'nothing left to change');
  });

  it('exports the raw events of a range as NDJSON', async () => {
    const r = await fetch(`${c.url}/events/export?${q()}&from=2026-09-01T00:00:00Z&to=2026-12-01T00:00:00Z`, { signal: AbortSignal.timeout(10_000) });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type')!, /application\/x-ndjson/);
    const lines = (await r.text()).trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, 5);
    assert.ok(lines.every((e) => e.tenant_id === T));
    const other = await fetch(`${c.url}/events/export?${q(OTHER)}&from=2026-09-01T00:00:00Z&to=2026-12-01T00:00:00Z`, { signal: AbortSignal.timeout(10_000) });
    assert.equal((await other.text()), '');
  });

  it('hostile or mistaken input answers 4xx in the error shape, never 500', async () => {
    const bad: [string, string, unknown?][] = [
      ['GET', `/statements/c1?period=0000-01&${q()}`], ['GET', `/statements/c1?period=2026-13&${q()}`], ['GET', `/statements/c1?from=x&to=y&${q()}`],
      ['GET', `/statements/c1?from=2026-10-02&to=2026-10-01&${q()}`], ['GET', `/statements/${'x'.repeat(300)}?period=2026-10&${q()}`],
      ['GET', `/statements?${q()}`], ['GET', `/events/export?from=1&${q()}`], ['GET', `/events/export?from=5&to=4&${q()}`],
      ['POST', `/billing/rules?${q()}`, { scope: 'customer', match: 'c9', type: 'percent', value: '1e9' }],
      ['POST', `/billing/rules?${q()}`, { scope: 'customer', match: 'c9', type: 'percent', value: '9999999' }],
      ['POST', `/billing/rules?${q()}`, { scope: 'model', match: 'm', type: 'minimum', value: '1' }],
      ['POST', `/billing/rules?${q()}`, { scope: 'planet', type: 'percent', value: '1' }],
      ['PUT', `/billing/settings?${q(OTHER)}`, { timezone: 'Not/AZone', currency: 'USD', default_markup_percent: '1' }],
      ['PUT', `/billing/settings?${q(OTHER)}`, { timezone: 'UTC', currency: 'EUR', default_markup_percent: '1' }],
      ['PUT', `/billing/settings?${q()}`, { timezone: 'Asia/Tokyo', currency: 'USD', default_markup_percent: '1' }],
      ['POST', `/statements/close?${q()}`, { period: '2999-01' }], ['POST', `/statements/close?${q()}`, {}],
      ['POST', `/reprice?${q()}`, { from: '2026-10-01', to: '2026-09-01' }], ['POST', `/reprice?${q()}`, { from: 'soon', to: 'later' }],
      ['POST', `/billing/stripe/sync?${q()}`, { period: '2026-10' }],
      ['DELETE', `/billing/rules/nope?${q()}`],
    ];
    for (const [method, path, json] of bad) {
      const r = await request(c.url, path, { method, json });
      assert.ok(r.status >= 400 && r.status < 500, `${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
      assert.equal(typeof r.body.error?.code, 'string', `${method} ${path}`);
    }
    // the time zone cannot move once a period is closed (answered 409 above); a huge markup is refused at the door
  });

  it('tenant isolation: another tenant sees none of it', async () => {
    const st = await request(c.url, `/statements/c1?period=2026-10&${q(OTHER)}`);
    assert.equal(st.status, 200);
    assert.deepEqual(st.body.lines, []);
    const rules = await request(c.url, `/billing/rules?${q(OTHER)}`);
    assert.deepEqual(rules.body.rules.map((r: any) => r.value), ['1000'], 'only its own rule');
    const all = await request(c.url, `/statements?period=2026-10&${q(OTHER)}`);
    assert.deepEqual(all.body.statements, []);
    // every other billing route, as the other tenant
    assert.equal((await request(c.url, `/billing/settings?${q(OTHER)}`)).body.timezone, 'UTC', "not bill_a's Europe/Paris");
    assert.deepEqual((await request(c.url, `/billing/periods?${q(OTHER)}`)).body.closed, []);
    const mine = (await request(c.url, `/billing/rules?${q()}`)).body.rules[0].id;
    assert.equal((await request(c.url, `/billing/rules/${mine}?${q(OTHER)}`, { method: 'DELETE' })).status, 404, "cannot delete bill_a's rule");
    const rp = await request(c.url, `/reprice?${q(OTHER)}`, { method: 'POST', json: { from: '2026-09-01T00:00:00Z', to: '2026-12-01T00:00:00Z' } });
    assert.deepEqual([rp.body.events_scanned, rp.body.skipped_closed_periods], [0, []]);
    const closed = await request(c.url, `/statements/close?${q(OTHER)}`, { method: 'POST', json: { period: '2026-10' } });
    assert.deepEqual([closed.body.created, closed.body.period.statements], [true, 0]);
    assert.equal((await request(c.url, `/statements/c1?period=2026-10&${q(OTHER)}`)).status, 404);
    assert.equal((await request(c.url, `/billing/reconciliation?period=2026-10&${q(OTHER)}`)).body.customers.length, 0);
    // and bill_a is untouched
    assert.equal((await request(c.url, `/statements/c1?period=2026-10&${q()}`)).body.status, 'closed');
    assert.equal((await request(c.url, `/billing/periods?${q()}`)).body.closed.length, 1);
  });
});

describe('billing in required mode: a key reaches its own tenant only', () => {
  let c: RunningCollector;
  const key = (db: string, tenant: string, scope: string) => {
    const r = spawnSync(process.execPath, [CLI, 'keys', 'create', '--db', db, '--tenant', tenant, '--scope', scope, '--create-tenant', '--json'], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout).key as string;
  };
  let acme: string;
  let globexRead: string;
  before(async () => {
    const db = await freshDb('billing-auth.sqlite');
    acme = key(db, 'acme', 'ingest,read,admin');
    globexRead = key(db, 'globex', 'read');
    c = await startCollector({ db, args: ['--auth', 'required'] });
  });
  after(async () => {
    await c?.stop();
  });

  it('every billing route refuses another tenant, and a read key cannot write', async () => {
    const as = (k: string, path: string, init: RequestInit & { json?: unknown } = {}) => request(c.url, path, { ...init, headers: { authorization: `Bearer ${k}` } });
    assert.equal((await post(c.url, [ev({ customer_id: 'x', started_at: '2026-10-03T00:00:00Z' })], { headers: { authorization: `Bearer ${acme}` } })).status, 200);
    const other = 'tenant_id=globex';
    const routes: [string, string, unknown?][] = [
      ['GET', `/billing/settings?${other}`], ['PUT', `/billing/settings?${other}`, { timezone: 'UTC', currency: 'USD', default_markup_percent: '1' }],
      ['GET', `/billing/rules?${other}`], ['POST', `/billing/rules?${other}`, { scope: 'tenant', type: 'percent', value: '1' }],
      ['DELETE', `/billing/rules/r?${other}`], ['GET', `/billing/periods?${other}`], ['GET', `/statements?period=2026-10&${other}`],
      ['GET', `/statements/x?period=2026-10&${other}`], ['POST', `/statements/close?${other}`, { period: '2026-10' }],
      ['POST', `/reprice?${other}`, { from: '2026-10-01', to: '2026-11-01' }], ['GET', `/events/export?from=0&to=1&${other}`],
      ['POST', `/billing/stripe/sync?${other}`, { period: '2026-10' }], ['GET', `/billing/reconciliation?period=2026-10&${other}`],
    ];
    for (const [method, path, json] of routes) {
      const r = await as(acme, path, { method, json });
      assert.equal(r.status, 403, `${method} ${path}: ${r.status}`);
    }
    const own = await as(acme, '/statements/x?period=2026-10');
    assert.equal(own.status, 200);
    assert.equal(own.body.tenant_id, 'acme');
    assert.equal((await as(globexRead, '/statements/x?period=2026-10')).body.lines.length, 0, "globex's key reads globex");
    assert.equal((await as(globexRead, '/statements/close', { method: 'POST', json: { period: '2026-10' } })).status, 403, 'closing needs admin');
    assert.equal((await as(globexRead, '/reprice', { method: 'POST', json: { from: '2026-10-01', to: '2026-11-01' } })).status, 403);
    assert.equal((await request(c.url, '/statements/x?period=2026-10')).status, 401);
  });
});
