/** Debian's Chromium driven by playwright-core (no browser download): headless, fresh profile, no network but loopback. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
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

export type { Browser };
