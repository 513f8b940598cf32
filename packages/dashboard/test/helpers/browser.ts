/** Debian's Chromium driven by playwright-core (no browser download): headless, fresh profile, no network but loopback. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { within } from '@llmobserve/mock-providers';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface RunningBrowser {
  browser: BrowserContext;
  close(): Promise<void>;
}

/** A persistent context on a fresh user-data-dir (removed on close). */
export async function launchBrowser(opts: { viewport?: { width: number; height: number } } = {}): Promise<BrowserContext & { dispose(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'llmo-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    timeout: 30_000, // to launch
    viewport: opts.viewport ?? { width: 1280, height: 800 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  return Object.assign(context, {
    async dispose() {
      await within(context.close(), 15_000, 'Chromium closing').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

const DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/index.html');

/** The end-to-end tests drive the built dashboard: say what to do when it is not built. */
export function assertDashboardBuilt(): void {
  assert.ok(existsSync(DIST), 'build the dashboard first (npm run build)');
}

/** Waits until the first element matching `selector` shows exactly `expected`; fails saying what it showed instead. */
export async function waitForText(page: Page, selector: string, expected: string, timeout = 10_000): Promise<void> {
  await page.waitForFunction(
    ([sel, want]) => document.querySelector(sel!)?.textContent?.trim() === want,
    [selector, expected] as const,
    { timeout },
  ).catch(async () => assert.fail(`${selector}: expected "${expected}", saw "${(await page.locator(selector).first().textContent())?.trim() ?? ''}"`));
}

/**
 * One Chromium page for a test file: launched in a `before` hook, closed in an `after` hook (each in the order of
 * registration among the file's hooks). Call it before registering the collector's hooks, so that the page is gone
 * before the collector is stopped: an open page can keep a request of the collector's shutdown waiting. Read `.page`
 * inside the tests.
 */
export function chromiumPage(): { readonly page: Page } {
  let browser: (BrowserContext & { dispose(): Promise<void> }) | undefined;
  let page: Page | undefined;
  before(async () => {
    assertDashboardBuilt();
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  after(async () => {
    await page?.close();
    await browser?.dispose();
  });
  return {
    get page(): Page {
      assert.ok(page, 'the Chromium page is opened in a before hook');
      return page;
    },
  };
}

export type { Browser };
