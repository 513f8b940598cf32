// @storage sqlite
/**
 * End to end against a real collector in required-auth mode (a multi-tenant platform): each tenant's events travel
 * with that tenant's API key (`tenantApiKeys`); an event for a tenant without a key is refused by the collector and
 * the SDK neither retries it nor disturbs the caller.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startMockOpenAI, type MockOpenAI } from '@llmobserve/mock-providers';
import { flush, observe, setCustomerId, shutdown, stats, withRun, withTenant } from '../src/index.js';
import { collectorCli, freshDb, startCollectorProcess, type CollectorProcess } from './helpers/collector-process.js';

let collector: CollectorProcess;
let mock: MockOpenAI;
let client: OpenAI;
const keys: Record<string, string> = {};
const warnings: string[] = [];

before(async () => {
  const db = await freshDb();
  for (const t of ['acme', 'globex']) {
    await collectorCli(db, 'tenants', 'create', t);
    keys[t] = (JSON.parse(await collectorCli(db, 'keys', 'create', '--tenant', t, '--scope', 'ingest,read', '--create-tenant', '--json')) as { key: string }).key;
  }
  [collector, mock] = await Promise.all([startCollectorProcess({ db, env: { LLMOBSERVE_AUTH: 'required' } }), startMockOpenAI()]);
  client = new OpenAI({ apiKey: 'sk-test', baseURL: mock.baseURL, maxRetries: 0 });
  observe({
    collectorUrl: collector.url,
    tenantId: 'acme',
    apiKey: keys.acme,
    tenantApiKeys: { globex: keys.globex! },
    providers: { [mock.url]: 'openai' },
    flushIntervalMs: 50,
    logger: { warn: (m) => warnings.push(m) },
  });
});

after(async () => {
  await shutdown({ timeoutMs: 5000 });
  await mock.close();
  await collector.stop();
});

const chat = (prompt: number) =>
  client.chat.completions.create(
    { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] },
    { headers: { 'x-mock-usage': JSON.stringify({ prompt_tokens: prompt, completion_tokens: 10 }) } },
  );

describe('required auth: per-tenant keys', () => {
  it("each tenant's events are accepted with its own key and readable only by it", async () => {
    const runs: Record<string, string> = {};
    await withRun(async (id) => {
      runs.acme = id;
      setCustomerId('alice');
      await chat(111);
    });
    await withTenant('globex', () =>
      withRun(async (id) => {
        runs.globex = id;
        setCustomerId('carol');
        await chat(222);
      }),
    );
    assert.equal(await flush(), true);
    const a = await collector.get(`/runs/${runs.acme}`, keys.acme);
    assert.equal(a.status, 200);
    assert.deepEqual(
      a.body.events.map((e: any) => [e.tenant_id, e.customer_id, e.input_tokens]),
      [['acme', 'alice', 111]],
    );
    const g = await collector.get(`/runs/${runs.globex}`, keys.globex);
    assert.deepEqual(
      g.body.events.map((e: any) => [e.tenant_id, e.customer_id, e.input_tokens]),
      [['globex', 'carol', 222]],
    );
    // isolation: acme's key does not see globex's run
    const cross = await collector.get(`/runs/${runs.globex}?tenant_id=globex`, keys.acme);
    assert.ok(cross.status === 403 || cross.status === 404, `got ${cross.status}`);
  });

  it('a tenant without a key: the collector refuses the event; no retry, the call is unaffected, warned once', async () => {
    const before = stats();
    const r = await withTenant('initech', () => chat(333));
    assert.equal(r.choices.length, 1);
    // refused: not delivered, so flush() says false, and stats() says why, naming the tenant
    assert.equal(await flush(), false);
    assert.match(stats().lastError ?? '', /initech/);
    const after = stats();
    assert.equal(after.rejected - before.rejected, 1);
    assert.equal(after.retries, before.retries);
    const refusals = warnings.filter((w) => w.includes('refused'));
    assert.equal(refusals.length, 1);
    assert.match(refusals[0]!, /initech/, 'the message names the tenant');
    assert.match(refusals[0]!, /tenant "initech" is not in tenantApiKeys/);
  });
});
