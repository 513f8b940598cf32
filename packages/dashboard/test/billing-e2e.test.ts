// @storage sqlite
/**
 * End to end in Chromium: the Billing page of the built dashboard served by a real collector — the period's
 * statements, one customer's lines, CSV downloads, the printable invoice (print stylesheet), a markup rule added
 * from the page, and closing the period after a confirmation. Every expected figure is read from the API.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ev, post, request, startCollector, type RunningCollector } from '../../collector/test/helpers/collector.js';
import { chromiumPage, waitForText } from './helpers/browser.js';

const now = new Date();
const PERIOD = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
const AT = `${PERIOD}-12T10:00:00Z`;

describe('Billing page in Chromium', () => {
  let c: RunningCollector;
  // registered first, so that its after hook closes the page before the collector is stopped (after hooks run in
  // the order they were registered): a page still open held the collector's shutdown past 15 s once on a busy machine
  const ui = chromiumPage();
  before(async () => {
    c = await startCollector();
    assert.equal((await request(c.url, '/prices', { method: 'PUT', json: { provider: 'acme', model: 'm1', input_per_mtok: 1, output_per_mtok: 4 } })).status, 200);
    assert.equal((await request(c.url, '/billing/settings', { method: 'PUT', json: { timezone: 'UTC', currency: 'USD', default_markup_percent: '20' } })).status, 200);
    const r = await post(c.url, [
      ev({ customer_id: 'alice', provider: 'acme', model: 'm1', section_path: 'chat', input_tokens: 2_000_000, output_tokens: 250_000, reasoning_tokens: 50_000, started_at: AT }),
      ev({ customer_id: 'bob', provider: 'acme', model: 'm1', section_path: 'search', input_tokens: 500_000, output_tokens: 10_000, started_at: AT }),
    ]);
    assert.equal(r.status, 200);
  });
  after(async () => {
    await c?.stop();
  });

  it('lists the statements of the period and shows one customer with its lines', async () => {
    const api = (await request(c.url, `/statements?period=${PERIOD}`)).body;
    await ui.page.goto(`${c.url}/dashboard/billing?period=${PERIOD}`);
    await ui.page.getByRole('table').first().waitFor();
    assert.deepEqual(await ui.page.locator('[data-testid=statements] tbody tr td:nth-child(1)').allTextContents(), ['alice', 'bob']);
    assert.deepEqual(await ui.page.locator('[data-testid=statements] tbody tr td:nth-child(4)').allTextContents(), api.statements.map((s: any) => `$${s.amount}`));
    await waitForText(ui.page, '[data-testid=period-total]', `$${api.amount}`);
    await ui.page.getByRole('button', { name: 'alice' }).click();
    const alice = (await request(c.url, `/statements/alice?period=${PERIOD}`)).body;
    await waitForText(ui.page, '[data-testid=statement-total]', `$${alice.amount}`);
    assert.equal(await ui.page.locator('[data-testid=statement-lines] tbody tr').count(), alice.lines.length);
    assert.equal(new URL(ui.page.url()).searchParams.get('customer'), 'alice');
  });

  it('downloads the CSV the API serves, and prints an invoice without the navigation', async () => {
    const href = await ui.page.getByTestId('csv-one').getAttribute('href');
    assert.equal(href, `/statements/alice?period=${PERIOD}&format=csv`);
    const fromPage = await ui.page.evaluate(async (h) => (await fetch(h!)).text(), href);
    assert.equal(fromPage, (await request(c.url, href!)).body);
    assert.match(fromPage, /^customer_id,period,status,line/);
    assert.equal(await ui.page.getByTestId('csv-all').getAttribute('href'), `/statements?period=${PERIOD}&format=csv`);
    await ui.page.getByTestId('invoice-toggle').click();
    await ui.page.getByTestId('invoice').waitFor();
    await ui.page.emulateMedia({ media: 'print' });
    assert.equal(await ui.page.locator('.sidenav').evaluate((el) => getComputedStyle(el).display), 'none');
    assert.equal(await ui.page.locator('[data-testid=markup-rules]').evaluate((el) => getComputedStyle(el).display), 'none');
    assert.notEqual(await ui.page.getByTestId('invoice').evaluate((el) => getComputedStyle(el).display), 'none');
    await ui.page.emulateMedia({ media: 'screen' });
    await ui.page.getByTestId('invoice-toggle').click();
  });

  it('adds a markup rule from the page: the statement follows the API', async () => {
    await ui.page.getByTestId('rule-scope').selectOption('customer');
    await ui.page.getByTestId('rule-match').fill('alice');
    await ui.page.getByTestId('rule-value').fill('50');
    await ui.page.getByRole('button', { name: 'Add rule' }).click();
    await ui.page.locator('.rule-list li').first().waitFor();
    const alice = (await request(c.url, `/statements/alice?period=${PERIOD}`)).body;
    assert.ok(alice.lines.every((l: any) => l.rule.scope === 'customer'));
    await ui.page.reload();
    await waitForText(ui.page, '[data-testid=statement-total]', `$${alice.amount}`);
  });

  it('closes the period after a confirmation', async () => {
    await ui.page.getByTestId('close-period').click();
    await ui.page.getByTestId('close-confirm').waitFor();
    assert.equal((await request(c.url, `/statements?period=${PERIOD}`)).body.status, 'open', 'not before the confirmation');
    await ui.page.getByTestId('close-confirm-yes').click();
    await waitForText(ui.page, '[data-testid=period-status]', 'closed');
    const api = (await request(c.url, `/statements?period=${PERIOD}`)).body;
    assert.equal(api.status, 'closed');
    assert.equal(await ui.page.getByTestId('close-period').count(), 0);
  });
});
