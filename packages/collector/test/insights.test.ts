// @storage sqlite,postgres
/**
 * Insights through the real collector (a separate process on a real SQLite file, or PostgreSQL as the app role in
 * the PostgreSQL pass): generated histories (seeded) ingested over HTTP, POST /insights/evaluate, the findings
 * listed, filtered, paged, deduplicated across evaluations, dismissed — and never across tenants.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { only, post, request, startCollector, type RunningCollector } from './helpers/collector.js';
import { pgUrl } from './helpers/postgres.js';
import { DAY, HOUR, noisy, seeded } from './helpers/histories.js';

let c: RunningCollector;
const NOW = Date.now();
const HOUR_NOW = Math.floor(NOW / HOUR) * HOUR;
const rand = seeded(42);

let n = 0;
function call(tenant: string, at: number, o: Record<string, unknown> = {}): Record<string, unknown> {
  n += 1;
  return {
    tenant_id: tenant, span_id: `ins-${n}`, provider: 'openai', endpoint: 'chat.completions', model: 'gpt-4o-mini',
    input_tokens: Math.round(noisy(rand, 500)), output_tokens: 200, started_at: new Date(at).toISOString(), ...o,
  };
}

/** 29 days of hourly traffic for one customer: `perHour` calls of $0.50 ± 20 % (reported by the provider). */
function history(tenant: string, days: number, customer: string, spikeFactor = 1): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let h = days * 24; h >= 1; h--) {
    const hour = HOUR_NOW - h * HOUR;
    const calls = h === 1 ? 2 * spikeFactor : 2;
    for (let i = 0; i < calls; i++) {
      out.push(call(tenant, hour + Math.floor(rand() * (HOUR - 1000)), {
        customer_id: customer, section: 'agent:research', section_path: 'agent:research', cost_usd: noisy(rand, 0.5), cost_source: 'provider',
      }));
    }
  }
  return out;
}

async function ingest(events: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < events.length; i += 5000) {
    const r = await post(c.url, events.slice(i, i + 5000));
    assert.equal(r.status, 200, JSON.stringify(r.body).slice(0, 500));
  }
}

const evaluate = (tenant: string) => request(c.url, '/insights/evaluate', { method: 'POST', json: { tenant_id: tenant } });
const findings = (query: string) => request(c.url, `/insights/findings?${query}`);

before(async () => {
  c = await startCollector();
  // ins_a: a 5× hour for acme; a loop of 5 identical calls within 60 s for loopy; short outputs on gpt-4o for 7 days
  const loopAt = HOUR_NOW - 2 * HOUR + 10 * 60_000;
  const loop = [0, 1, 2, 3, 4].map((i) => call('ins_a', loopAt + i * 11_000, { customer_id: 'loopy', section_path: 'agent:loop', section: 'agent:loop', input_tokens: 4321, cost_usd: 0.02, cost_source: 'provider' }));
  // split: 5 identical calls within 20 s across a minute boundary, 1 before it and 4 after
  const boundary = HOUR_NOW - 3 * HOUR;
  const split = [-5_000, 1_000, 5_000, 10_000, 15_000].map((dt) => call('ins_a', boundary + dt, { customer_id: 'split', input_tokens: 999, cost_usd: 0.01, cost_source: 'provider' }));
  const classify: Record<string, unknown>[] = [];
  // the detector reads whole days from the one 7 days back (model-downgrade.ts): the oldest day's calls stay on it,
  // also when the test runs within 140 minutes after midnight UTC (7 minutes apart they would spill onto the day before)
  const oldestStep = Math.min(60_000 * 7, Math.floor((NOW - Math.floor(NOW / DAY) * DAY) / 21));
  for (let d = 0; d < 7; d++) {
    for (let i = 0; i < 20; i++) {
      classify.push(call('ins_a', NOW - d * DAY - (i + 1) * (d === 6 ? oldestStep : 60_000 * 7), { customer_id: 'clf', section: 'classify', section_path: 'classify', model: 'gpt-4o', input_tokens: 800, output_tokens: 5 }));
    }
  }
  await ingest([...history('ins_a', 29, 'acme', 5), ...loop, ...split, ...classify]);
  // ins_b: the same customer names, ±20 % noise only; ins_cold: two days of history, then the same 5× hour
  await ingest([...history('ins_b', 29, 'acme'), ...history('ins_cold', 2, 'acme', 5)]);
});
after(async () => {
  assert.equal(await c.stop(), 0, 'collector exits cleanly on SIGTERM');
});

describe('POST /insights/evaluate and GET /insights/findings', () => {
  let first: any;

  before(async () => {
    const r = await evaluate('ins_a');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    first = r.body;
  });

  it('finds the 5× spike, exactly one retry loop per looping customer and the cheaper model, with the dollars at stake', async () => {
    const kinds = first.findings.map((f: any) => f.kind).sort();
    assert.deepEqual(kinds, ['cost_spike', 'model_downgrade', 'retry_loop', 'retry_loop']);
    assert.equal(first.new, 4);
    const spike = first.findings.find((f: any) => f.kind === 'cost_spike');
    assert.equal(spike.customer_id, 'acme');
    assert.equal(spike.section_path, 'agent:research');
    assert.equal(spike.evidence.baseline_days, 28);
    assert.ok(spike.evidence.ratio > 3, String(spike.evidence.ratio));
    assert.equal(spike.window_from, new Date(HOUR_NOW - HOUR).toISOString());
    const loop = first.findings.find((f: any) => f.kind === 'retry_loop' && f.customer_id === 'loopy');
    assert.equal(first.findings.find((f: any) => f.kind === 'retry_loop' && f.customer_id === 'split').evidence.repeated_calls, 4);
    assert.equal(loop.evidence.repeated_calls, 4);
    assert.equal(loop.at_stake_nanos_per_month, 4 * 20_000_000 * 30);
    const down = first.findings.find((f: any) => f.kind === 'model_downgrade');
    // by hand: 140 calls × 800 input + 5 output tokens; gpt-4o $2.50/$10, gpt-4o-mini $0.15/$0.60 per MTok
    const saved = (112_000 * 2.5 + 700 * 10) / 1e6 - (112_000 * 0.15 + 700 * 0.6) / 1e6;
    assert.equal(down.evidence.saved_in_window_usd, Math.round(saved * 1e9) / 1e9);
    assert.equal(down.at_stake_nanos_per_month, Math.round(Math.round(saved * 1e9) * 30 / 7));
    assert.equal(down.at_stake_usd_per_month, down.at_stake_nanos_per_month / 1e9);
  });

  it('noise gives no finding, a cold start gives none', async () => {
    for (const t of ['ins_b', 'ins_cold']) {
      const r = await evaluate(t);
      assert.equal(r.status, 200);
      assert.deepEqual(r.body.findings, [], `${t}: ${JSON.stringify(r.body.findings)}`);
    }
  });

  it('findings never cross tenants: listing, filtering and dismissing are scoped', async () => {
    const b = await findings('tenant_id=ins_b&status=all');
    assert.equal(b.status, 200);
    assert.deepEqual(b.body.findings, []);
    const a = await findings('tenant_id=ins_a');
    assert.equal(a.body.findings.length, 4);
    assert.ok(a.body.findings.every((f: any) => f.status === 'open'));
    const id = a.body.findings[0].id;
    const other = await request(c.url, `/insights/findings/${id}/dismiss?tenant_id=ins_b`, { method: 'POST' });
    assert.equal(other.status, 404);
    assert.equal(other.body.error.code, 'not_found');
  });

  it('filters by kind, customer and section; pages newest first with a cursor', async () => {
    assert.deepEqual((await findings('tenant_id=ins_a&kind=retry_loop')).body.findings.map((f: any) => f.customer_id).sort(), ['loopy', 'split']);
    assert.deepEqual((await findings('tenant_id=ins_a&customer_id=acme')).body.findings.map((f: any) => f.kind), ['cost_spike']);
    assert.deepEqual((await findings('tenant_id=ins_a&section=classify')).body.findings.map((f: any) => f.kind), ['model_downgrade']);
    const old = await findings(`tenant_id=ins_a&to=${new Date(NOW - 20 * DAY).toISOString()}`);
    assert.deepEqual(old.body.findings, [], 'no evidence window starts that early');
    const p1 = await findings('tenant_id=ins_a&limit=2');
    assert.equal(p1.body.findings.length, 2);
    assert.ok(p1.body.next_cursor);
    const p2 = await findings(`tenant_id=ins_a&limit=3&cursor=${p1.body.next_cursor}`);
    assert.equal(p2.body.findings.length, 2);
    assert.equal(p2.body.next_cursor, null);
    const ids = [...p1.body.findings, ...p2.body.findings].map((f: any) => f.id);
    assert.equal(new Set(ids).size, 4);
  });

  it('a second evaluation updates the same findings (one open finding per kind and scope), none new', async () => {
    const r = await evaluate('ins_a');
    assert.equal(r.body.new, 0);
    // incremental: the spike's hour was evaluated already (the spike stays open, untouched); the rest is found again
    assert.deepEqual(r.body.findings.map((f: any) => f.kind).sort(), ['model_downgrade', 'retry_loop', 'retry_loop']);
    const before = new Set(first.findings.map((f: any) => f.id));
    for (const f of r.body.findings) assert.ok(before.has(f.id), f.kind);
    const all = await findings('tenant_id=ins_a&status=all');
    assert.deepEqual(all.body.findings.map((f: any) => f.status), ['open', 'open', 'open', 'open']);
    assert.equal(all.body.findings[3].kind, 'cost_spike', 'newest (last seen) first');
  });

  it('a dismissed finding stays dismissed while it lasts; the list shows open ones by default', async () => {
    const loop = first.findings.find((f: any) => f.kind === 'retry_loop' && f.customer_id === 'loopy');
    const d = await request(c.url, `/insights/findings/${loop.id}/dismiss?tenant_id=ins_a`, { method: 'POST' });
    assert.equal(d.status, 200);
    assert.equal(d.body.finding.status, 'dismissed');
    assert.ok(d.body.finding.dismissed_at);
    await evaluate('ins_a');
    assert.deepEqual((await findings('tenant_id=ins_a&kind=retry_loop')).body.findings.map((f: any) => f.customer_id), ['split']);
    const dismissed = await findings('tenant_id=ins_a&status=dismissed');
    assert.deepEqual(dismissed.body.findings.map((f: any) => f.id), [loop.id]);
  });

  it('bad parameters get a 400 in the error shape; the routes are in /openapi.json', async () => {
    for (const q of ['kind=bogus', 'cursor=nonsense', 'from=yesterday', 'limit=0']) {
      const r = await findings(`tenant_id=ins_a&${q}`);
      assert.equal(r.status, 400, q);
      assert.equal(typeof r.body.error.message, 'string');
    }
    const doc = (await request(c.url, '/openapi.json')).body;
    assert.ok(doc.paths['/insights/findings'].get);
    assert.ok(doc.paths['/insights/evaluate'].post);
    assert.ok(doc.paths['/insights/findings/{id}/dismiss'].post);
    assert.ok(doc.components.schemas.Finding);
  });
});

describe('PostgreSQL: the insight tables under row-level security, as the app role', { skip: only('postgres') }, () => {
  const TABLES = ['insight_findings', 'insight_state', 'insight_minute', 'insight_daily'];
  it('each is RLS-enabled and forced; without a tenant the app role sees no row; with one, only its own', async () => {
    const database = new URL(c.db).pathname.slice(1);
    const su = new pg.Client({ connectionString: pgUrl({ database }) });
    const app = new pg.Client({ connectionString: c.db });
    await su.connect();
    await app.connect();
    try {
      const role = (await app.query('SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user')).rows[0];
      assert.deepEqual(role, { rolsuper: false, rolbypassrls: false });
      const rls = (await su.query(`SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = ANY($1) AND relkind = 'r'`, [TABLES])).rows;
      assert.equal(rls.length, TABLES.length);
      for (const t of rls) assert.ok(t.relrowsecurity && t.relforcerowsecurity, t.relname);
      for (const t of TABLES) {
        assert.ok(Number((await su.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n) > 0, `${t} has rows`);
        assert.equal(Number((await app.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n), 0, t);
      }
      await app.query('BEGIN');
      await app.query(`SELECT set_config('app.tenant_id', 'ins_b', true)`);
      assert.equal(Number((await app.query(`SELECT count(*) AS n FROM insight_findings WHERE tenant_id = 'ins_a'`)).rows[0].n), 0);
      assert.ok(Number((await app.query(`SELECT count(*) AS n FROM insight_daily`)).rows[0].n) > 0);
      await assert.rejects(app.query(`INSERT INTO insight_state VALUES ('ins_a', 0, 0)`), /row-level security/);
      await app.query('ROLLBACK');
    } finally {
      await app.end();
      await su.end();
    }
  });
});
