// @storage sqlite
/**
 * End to end: Debian's Chromium (playwright-core) drives the built dashboard served by a real collector process
 * (built CLI, fresh SQLite), fed through the SDK (`observe()` + the real `openai` client against the mock OpenAI
 * server). Every expected figure is read from the collector's API and formatted with the dashboard's own formatter.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import type { BrowserContext, Page } from 'playwright-core';
import { agent, flush, observe, section, setCustomerId, shutdown, tool, withRun, withTenant } from '@llmobserve/sdk';
import { startMockOpenAI, type MockOpenAI } from '@llmobserve/mock-providers';
import { CLI, request, startCollector, tempDir, type RunningCollector } from '../../collector/test/helpers/collector.js';
import { formatInt, formatUsd } from '../src/lib/format.js';
import { assertDashboardBuilt, launchBrowser, waitForText } from './helpers/browser.js';

const usage = (u: object) => ({ headers: { 'x-mock-usage': JSON.stringify(u) } });

let mock: MockOpenAI;
let client: OpenAI;
let browser: BrowserContext & { dispose(): Promise<void> };

before(async () => {
  assertDashboardBuilt();
  mock = await startMockOpenAI();
  client = new OpenAI({ apiKey: 'sk-test', baseURL: mock.baseURL, maxRetries: 0 });
  browser = await launchBrowser();
});
after(async () => {
  await shutdown({ timeoutMs: 5000 });
  await browser?.dispose();
  await mock?.close();
});

/** What a SaaS backend does per request: customer, sections, agent, tool; through the real openai client. */
async function supportChat(customer: string, prompt: number, completion: number) {
  await withRun(async () => {
    setCustomerId(customer);
    await section('support_chat', () =>
      agent('research', async () => {
        await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Where is my order?' }] }, usage({ prompt_tokens: prompt, completion_tokens: completion, cached_tokens: 200 }));
        await tool('search', () => client.embeddings.create({ model: 'text-embedding-3-small', input: 'order status' }, usage({ prompt_tokens: 5000 })));
      }),
    );
  });
}
async function summarize(customer: string) {
  await withRun(async () => {
    setCustomerId(customer);
    await section('summarize', () => client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Summarise.' }] }, usage({ prompt_tokens: 3000, completion_tokens: 400 })));
  });
}

const text = async (page: Page, selector: string) => (await page.locator(selector).first().textContent())?.trim() ?? '';


describe('open mode: a collector fed through the SDK', () => {
  let c: RunningCollector;
  let page: Page;

  before(async () => {
    c = await startCollector();
    observe({ collectorUrl: c.url, providers: { [mock.url]: 'openai' }, flushIntervalMs: 50 });
    await supportChat('alice', 4000, 600);
    await supportChat('alice', 2500, 300);
    await summarize('bob');
    await supportChat('carol', 1200, 100);
    assert.equal(await flush({ timeoutMs: 10_000 }), true, 'the SDK delivered its events');
    page = await browser.newPage();
  });
  after(async () => {
    await page?.close();
    assert.equal(await c.stop(), 0);
  });

  it('/ redirects to the dashboard, whose overview totals equal /insights', async () => {
    const api = (await request(c.url, '/insights')).body;
    assert.equal(api.totals.calls, 7, '3 support chats (chat + embedding) and 1 summary reached the collector');
    await page.goto(`${c.url}/`);
    assert.match(page.url(), /\/dashboard\/$/);
    await waitForText(page, '[data-testid=stat-period] .stat-value', formatUsd(api.totals.cost_usd));
    await waitForText(page, '[data-testid=stat-calls] .stat-value', formatInt(api.totals.calls));
    // The today/week/month cards load after the selected period's: wait for them rather than read them at once.
    await waitForText(page, '[data-testid=stat-today] .stat-value', formatUsd(api.totals.cost_usd));
    const top = await page.getByRole('list', { name: 'Top customers by cost' }).textContent();
    for (const row of api.by_customer) assert.ok(top!.includes(`${row.customer_id}${formatUsd(row.cost_usd)}`), `top customers show ${row.customer_id}`);
  });

  it('filtering by customer changes the total to that customer, in the URL, across a reload', async () => {
    const alice = (await request(c.url, '/insights?customer_id=alice')).body;
    const all = (await request(c.url, '/insights')).body;
    assert.ok(alice.totals.cost_usd > 0 && alice.totals.cost_usd < all.totals.cost_usd);
    await page.goto(`${c.url}/dashboard/`);
    await waitForText(page, '[data-testid=stat-period] .stat-value', formatUsd(all.totals.cost_usd));
    await page.getByRole('combobox', { name: 'Customer', exact: true }).fill('alice');
    await page.getByRole('combobox', { name: 'Customer', exact: true }).press('Enter');
    await waitForText(page, '[data-testid=stat-period] .stat-value', formatUsd(alice.totals.cost_usd));
    assert.equal(new URL(page.url()).searchParams.get('customer'), 'alice');
    await page.reload();
    await waitForText(page, '[data-testid=stat-period] .stat-value', formatUsd(alice.totals.cost_usd));
    await waitForText(page, '[data-testid=stat-calls] .stat-value', formatInt(alice.totals.calls));
    // The filter travels with the navigation: the Runs page lists only alice's runs.
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Runs' }).click();
    await page.getByRole('table', { name: 'Runs, newest first' }).waitFor();
    const customers = await page.locator('table[aria-label="Runs, newest first"] tbody tr td:nth-child(3)').allTextContents();
    assert.deepEqual(customers, ['alice', 'alice']);
  });

  it('the customers table matches /customers', async () => {
    const api = (await request(c.url, '/customers')).body;
    await page.goto(`${c.url}/dashboard/customers?range=all`);
    const table = page.getByRole('table', { name: 'Customers by cost' });
    await table.waitFor();
    const names = await table.locator('tbody th').allTextContents();
    assert.deepEqual(names, api.customers.map((r: any) => r.customer_id));
    const costs = await table.locator('tbody tr td:nth-child(2)').allTextContents();
    assert.deepEqual(costs, api.customers.map((r: any) => formatUsd(r.cost_usd)));
  });

  it('opens a run: the span tree shows every span with its rolled-up cost', async () => {
    const runs = (await request(c.url, '/runs?customer_id=bob')).body.runs;
    assert.equal(runs.length, 1);
    const alice = (await request(c.url, '/runs?customer_id=alice')).body.runs[0];
    const detail = (await request(c.url, `/runs/${alice.run_id}`)).body;
    await page.goto(`${c.url}/dashboard/runs?customer=alice`);
    await page.locator(`a[href*="/runs/${alice.run_id}"]`).click();
    await page.getByRole('list', { name: 'Span tree' }).waitFor();
    const nodes = page.getByTestId('span-node');
    // section > agent > (llm, tool > embedding): 5 spans, depth-first.
    const flat: { name: string; total: number }[] = [];
    const walk = (ns: any[]) => ns.forEach((n) => (flat.push({ name: ['section', 'agent', 'tool'].includes(n.span_type) ? n.name : n.model, total: n.total_cost_usd }), walk(n.children)));
    walk(detail.tree);
    assert.equal(await nodes.count(), 5);
    assert.deepEqual(flat.map((f) => f.name), ['support_chat', 'agent:research', 'gpt-4o-mini-2024-07-18', 'tool:search', 'text-embedding-3-small']);
    for (let i = 0; i < flat.length; i++) {
      assert.equal((await nodes.nth(i).getByTestId('span-name').first().textContent())?.trim(), flat[i]!.name);
      assert.equal((await nodes.nth(i).getByTestId('span-total').first().textContent())?.trim(), formatUsd(flat[i]!.total));
    }
    assert.equal(formatUsd(flat[0]!.total), formatUsd(alice.cost_usd), 'the root rolls up the whole run');
    assert.equal(await text(page, '[data-testid=run-cost] .stat-value'), formatUsd(alice.cost_usd));
    assert.equal(await page.getByRole('table', { name: 'Events of the run' }).locator('tbody tr').count(), 5);
  });

  it('creates a key (shown once), then revokes it', async () => {
    await page.goto(`${c.url}/dashboard/settings`);
    await page.getByLabel('Name').fill('e2e key');
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = await page.getByTestId('new-key-value').inputValue();
    assert.match(key, /^llmo_sk_[0-9A-Za-z]{32}$/);
    const row = page.locator('[data-testid=keys-table] tbody tr', { hasText: 'e2e key' });
    await row.waitFor();
    assert.equal(await row.locator('td').first().textContent(), `${key.slice(0, 12)}…`);
    assert.equal((await request(c.url, '/insights', { headers: { authorization: `Bearer ${key}` } })).status, 200, 'the key works');

    await page.reload();
    await row.waitFor();
    assert.equal(await page.getByTestId('new-key').count(), 0);
    assert.ok(!(await page.content()).includes(key), 'after a reload the key is gone from the page');
    assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0);

    await row.getByRole('button', { name: 'Revoke e2e key' }).click();
    await row.getByRole('button', { name: 'Confirm revoke' }).click();
    await row.getByText('revoked').waitFor();
    let status = 0;
    for (let i = 0; i < 30 && status !== 401; i++) {
      status = (await request(c.url, '/insights', { headers: { authorization: `Bearer ${key}` } })).status;
      if (status !== 401) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(status, 401, 'the revoked key is refused');
  });

  it('insights: a retry loop found by POST /insights/evaluate is on the Insights page and the overview panel, linking to its runs', async () => {
    // five identical calls of one customer within seconds, through the SDK and the real openai client
    await withRun(async () => {
      setCustomerId('dave');
      await section('loop', async () => {
        for (let i = 0; i < 5; i++) await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'again' }] }, usage({ prompt_tokens: 1234, completion_tokens: 10 }));
      });
    });
    assert.equal(await flush({ timeoutMs: 10_000 }), true);
    const evaluated = await request(c.url, '/insights/evaluate', { method: 'POST', json: {} });
    assert.equal(evaluated.status, 200);
    const loops = evaluated.body.findings.filter((f: any) => f.kind === 'retry_loop');
    assert.equal(loops.length, 1, JSON.stringify(evaluated.body.findings));
    const loop = loops[0];
    assert.equal(loop.customer_id, 'dave');

    await page.goto(`${c.url}/dashboard/insights`);
    const row = page.locator('[data-testid=finding-row][data-kind=retry_loop]');
    await row.waitFor();
    assert.equal((await row.getByTestId('finding-stake').textContent())?.trim(), formatUsd(loop.at_stake_usd_per_month));
    assert.ok((await row.textContent())!.includes('customer dave'));

    await page.goto(`${c.url}/dashboard/`);
    const panel = page.getByRole('list', { name: 'Top findings by dollars at stake' });
    await panel.waitFor();
    assert.equal((await panel.locator('li').first().getAttribute('data-kind')), 'retry_loop');
    await panel.getByRole('link', { name: loop.title }).click();
    await page.waitForURL(/\/dashboard\/runs\?.*customer=dave/, { timeout: 10_000 });
    const runs = (await request(c.url, '/runs?customer_id=dave')).body.runs;
    await page.locator(`a[href*="/runs/${runs[0].run_id}"]`).waitFor();
  });
});

describe('required mode: sessions and tenant isolation', () => {
  let c: RunningCollector;
  let db: string;
  let page: Page;
  const keys: Record<string, { key: string; id: string }> = {};
  const cliKey = (tenant: string, scope: string) => {
    const r = spawnSync(process.execPath, [CLI, 'keys', 'create', '--db', db, '--tenant', tenant, '--scope', scope, '--create-tenant', '--json'], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    return { key: out.key as string, id: out.api_key.id as string };
  };
  const signIn = async (credential: string) => {
    await page.goto(`${c.url}/dashboard/`);
    await page.getByLabel('API key or JWT').fill(credential);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };

  before(async () => {
    db = join(tempDir(), 'required.sqlite');
    keys.acme = cliKey('acme', 'read,admin');
    keys.acmeIngest = cliKey('acme', 'ingest');
    keys.globexIngest = cliKey('globex', 'ingest');
    keys.platform = cliKey('platform', 'admin');
    c = await startCollector({ db, args: ['--auth', 'required'] });
    observe({ collectorUrl: c.url, providers: { [mock.url]: 'openai' }, flushIntervalMs: 50, tenantApiKeys: { acme: keys.acmeIngest.key, globex: keys.globexIngest.key } });
    await withTenant('acme', () => supportChat('acme-alice', 3000, 300));
    await withTenant('globex', async () => {
      await summarize('globex-gina');
      await supportChat('globex-gus', 9000, 900);
    });
    assert.equal(await flush({ timeoutMs: 10_000 }), true);
    page = await browser.newPage();
  });
  after(async () => {
    await page?.close();
    assert.equal(await c.stop(), 0);
  });

  it("tenant A's session shows A's data and never B's, whatever the URL asks", async () => {
    const acme = (await request(c.url, '/insights', { headers: { authorization: `Bearer ${keys.acme!.key}` } })).body;
    await page.goto(`${c.url}/dashboard/`);
    await page.getByLabel('API key or JWT').waitFor();
    await page.getByLabel('API key or JWT').fill('llmo_sk_' + 'x'.repeat(32));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('unknown API key').waitFor();
    await signIn(keys.acme!.key);
    await waitForText(page, '[data-testid=stat-period] .stat-value', formatUsd(acme.totals.cost_usd));
    assert.equal(await text(page, '[data-testid=tenant]'), 'acme');
    assert.equal(await page.getByTestId('tenant-select').count(), 0, 'no tenant selector for a tenant key');

    const cookie = (await browser.cookies(c.url)).find((k) => k.name === 'llmo_session');
    assert.ok(cookie, 'the session is a cookie');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');
    assert.equal(await page.evaluate(() => document.cookie), '', 'scripts cannot read it');
    assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0);

    for (const path of ['/dashboard/', '/dashboard/customers', '/dashboard/runs', '/dashboard/features', '/dashboard/models']) {
      await page.goto(`${c.url}${path}?range=all`);
      await page.waitForLoadState('networkidle');
      const body = await page.locator('body').innerText();
      assert.ok(body.includes('acme-alice') || !path.includes('customers'), `${path} shows acme's customer`);
      assert.ok(!/globex/.test(body), `${path} shows nothing of globex`);
    }
    // Asking for the other tenant in the URL gets the collector's refusal, not its data.
    await page.goto(`${c.url}/dashboard/customers?tenant=globex&range=all`);
    await page.getByRole('alert').waitFor();
    const refused = await page.locator('body').innerText();
    assert.match(refused, /"globex" is not the tenant of the credentials \("acme"\)/);
    assert.ok(!refused.includes('globex-gina') && !refused.includes('globex-gus'));
  });

  it('signs out, and an expired (revoked) session returns to sign-in', async () => {
    await page.goto(`${c.url}/dashboard/`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key or JWT').waitFor();
    await page.reload();
    await page.getByLabel('API key or JWT').waitFor();
    assert.equal((await browser.cookies(c.url)).filter((k) => k.name === 'llmo_session').length, 0);

    const temp = cliKey('acme', 'read');
    await signIn(temp.key);
    await page.getByTestId('stat-period').waitFor();
    const r = spawnSync(process.execPath, [CLI, 'keys', 'revoke', temp.id, '--tenant', 'acme', '--db', db], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 0, r.stderr);
    await new Promise((res) => setTimeout(res, 1100)); // the collector caches a key for at most a second
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByText(/Your session ended/).waitFor();
    assert.ok(await page.getByLabel('API key or JWT').isVisible());
  });

  it('a platform administrator switches tenants with the selector', async () => {
    await signIn(keys.platform!.key);
    const select = page.getByTestId('tenant-select');
    await select.waitFor();
    // the selector shows the signed-in tenant at once and the others when GET /tenants has answered
    await select.locator('option', { hasText: 'globex' }).waitFor({ state: 'attached', timeout: 15_000 });
    const options = await select.locator('option').allTextContents();
    for (const t of ['acme', 'globex']) assert.ok(options.includes(t), `tenant ${t} listed`);
    await select.selectOption('globex');
    const globex = (await request(c.url, '/insights?tenant_id=globex', { headers: { authorization: `Bearer ${keys.platform!.key}` } })).body;
    await waitForText(page, '[data-testid=stat-period] .stat-value', formatUsd(globex.totals.cost_usd));
    assert.equal(new URL(page.url()).searchParams.get('tenant'), 'globex');
    assert.ok((await page.getByRole('list', { name: 'Top customers by cost' }).textContent())!.includes('globex-gus'));
  });
});
