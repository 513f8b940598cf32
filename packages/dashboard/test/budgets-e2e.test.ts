// @storage sqlite
/**
 * End to end in Chromium: create a budget on the Budgets page of the dashboard served by a real collector, ingest
 * past its threshold, see its state change to warning and the alert in the history; the customer page shows it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ev, post, request, startCollector, type RunningCollector } from '../../collector/test/helpers/collector.js';
import { chromiumPage } from './helpers/browser.js';

describe('Budgets page', () => {
  let c: RunningCollector;
  // registered first, so that its after hook closes the page before the collector is stopped (after hooks run in
  // the order they were registered): a page still open held the collector's shutdown past 15 s once on a busy machine
  const ui = chromiumPage();
  before(async () => {
    c = await startCollector({ env: { LLMOBSERVE_BUDGET_EVAL_INTERVAL_MS: '20' } });
  });
  after(async () => {
    await c?.stop();
  });

  it('create a budget, ingest past its threshold, see the state change and the alert', async () => {
    await ui.page.goto(`${c.url}/dashboard/budgets`);
    const form = ui.page.getByRole('form', { name: 'New budget' });
    await form.getByLabel('Name').fill('alice monthly');
    await form.getByLabel('Amount (USD)').fill('0.2');
    await form.getByLabel('Customer (* = each)').fill('alice');
    await form.getByLabel('Thresholds').fill('0.5, 1');
    await form.getByRole('button', { name: 'Create budget' }).click();
    const item = ui.page.getByTestId('budget-alice monthly');
    await item.getByTestId('budget-state').waitFor({ timeout: 10_000 });
    assert.equal(await item.getByTestId('budget-state').textContent(), 'ok');
    const created = (await request(c.url, '/budgets')).body.budgets;
    assert.equal(created.length, 1);
    assert.deepEqual(created[0].scope, { customer_id: 'alice' });

    // $0.15 (1M gpt-4o-mini input tokens): 75% of $0.20, past the 50% threshold
    assert.equal((await post(c.url, [ev({ customer_id: 'alice', input_tokens: 1_000_000, output_tokens: 0, started_at: new Date().toISOString() })])).status, 200);
    const deadline = Date.now() + 15_000;
    while ((await request(c.url, '/alerts')).body.alerts.length === 0) {
      assert.ok(Date.now() < deadline, 'the alert is recorded');
      await new Promise((r) => setTimeout(r, 100));
    }
    await ui.page.getByRole('button', { name: 'Reload' }).click();
    await ui.page.waitForFunction(() => document.querySelector('[data-testid="budget-alice monthly"] [data-testid=budget-state]')?.textContent === 'warning', undefined, { timeout: 10_000 });
    assert.match((await item.getByTestId('budget-spend').textContent()) ?? '', /\$0\.15.*\$0\.20.*75%/);
    const alerts = ui.page.getByTestId('alerts-table');
    await alerts.waitFor({ timeout: 10_000 });
    assert.match((await alerts.textContent()) ?? '', /budget\.threshold_crossed 50%.*alice monthly.*alice/);

    // edit: the amount doubled, the state follows (37.5%: below the 50% threshold)
    await item.getByRole('button', { name: 'Edit' }).click();
    const edit = ui.page.getByRole('form', { name: 'Edit alice monthly' });
    await edit.getByLabel('Amount (USD)').fill('0.4');
    await edit.getByRole('button', { name: 'Save' }).click();
    await ui.page.waitForFunction(() => document.querySelector('[data-testid="budget-alice monthly"] [data-testid=budget-state]')?.textContent === 'ok', undefined, { timeout: 10_000 });
    assert.match((await item.getByTestId('budget-spend').textContent()) ?? '', /\$0\.15.*\$0\.40.*38%/);
    assert.equal((await request(c.url, '/budgets')).body.budgets[0].amount_usd, 0.4);

    await ui.page.goto(`${c.url}/dashboard/customers/alice`);
    const onCustomer = ui.page.getByTestId('customer-budgets');
    await onCustomer.waitFor({ timeout: 10_000 });
    assert.match((await onCustomer.textContent()) ?? '', /alice monthly.*38%.*ok/);
  });
});
