// @storage sqlite
/**
 * The dashboard over plain HTTP on a non-loopback address, as on a LAN (`serve --host 0.0.0.0 --auth open`, opened at
 * http://198.51.100.x:port): Chromium must load every asset over http. A CSP with `upgrade-insecure-requests` (or an
 * HSTS header) made it rewrite them to https and show a blank page (net::ERR_SSL_PROTOCOL_ERROR).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { post, request, startCollector, type RunningCollector } from '../../collector/test/helpers/collector.js';
import { createLan, lanUnavailable, type Lan } from '../../collector/test/helpers/lan.js';
import { formatUsd } from '../src/lib/format.js';
import { launchBrowser } from './helpers/browser.js';

describe('dashboard over plain HTTP on a LAN address', { skip: lanUnavailable() }, () => {
  let lan: Lan;
  let c: RunningCollector;
  let browser: BrowserContext & { dispose(): Promise<void> };
  let origin: string;

  before(async () => {
    lan = createLan();
    c = await startCollector({ wrap: lan.exec, args: ['--host', '0.0.0.0', '--auth', 'open'] });
    origin = `http://${lan.address}:${new URL(c.url).port}`;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.dispose();
    await c?.stop();
    lan?.close();
  });

  it('renders figures from the API, every request over http to the same origin, no HSTS', async () => {
    const ingest = await post(origin, [{ span_id: 'lan-1', provider: 'openai', model: 'gpt-4o-mini', customer_id: 'alice', input_tokens: 1000, output_tokens: 100 }]);
    assert.equal(ingest.status, 200, JSON.stringify(ingest.body));
    const totals = (await request(origin, '/insights')).body.totals;
    assert.ok(totals.cost_usd > 0);

    const page = await browser.newPage();
    const requested: string[] = [];
    const failed: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    page.on('requestfailed', (r) => failed.push(`${r.url()}: ${r.failure()?.errorText}`));
    const res = await page.goto(`${origin}/dashboard/`, { timeout: 15_000 });
    assert.equal(res?.status(), 200);
    const headers = res!.headers();
    assert.equal(headers['strict-transport-security'], undefined, 'HSTS only behind TLS');
    assert.doesNotMatch(headers['content-security-policy'] ?? '', /upgrade-insecure-requests/);

    await page.locator('[data-testid=stat-period] .stat-value').filter({ hasText: formatUsd(totals.cost_usd) }).waitFor({ timeout: 10_000 });
    assert.deepEqual(failed, [], 'no request failed');
    assert.ok(requested.some((u) => /\/assets\/.+\.js$/.test(u)), `the script was requested: ${requested.join(', ')}`);
    for (const u of requested) assert.ok(u.startsWith(`${origin}/`), `over http, same origin: ${u}`);
    await page.close();
  });
});
