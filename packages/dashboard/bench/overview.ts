/**
 * Dashboard speed with 1,000,000 events: how long until the overview is interactive.
 *
 *   npm run build && npm run bench:overview --workspace=@llmobserve/dashboard      (BENCH_EVENTS=1000000 by default)
 *
 * Starts a real collector (built CLI, fresh SQLite), ingests BENCH_EVENTS events over HTTP in batches of 5,000
 * (spread over the last 90 days, one tenant, BENCH_CUSTOMERS=1000 customers with a skewed distribution, 5 models over 3 providers,
 * 21 section paths, runs of 5 spans), then opens /dashboard/?range=30d in Debian's Chromium (playwright-core) several
 * times on a fresh page and measures, from navigation start:
 *   - interactive: the selected-period total, the calls/tokens cards, the top lists and the chart are on screen;
 *   - complete: also the today/week/month cards and the per-provider split of the chart (network idle).
 * In the same run it times GET /insights for the same 30 days straight (the query behind the main card).
 */
import { Agent, request } from 'node:http';
import { startCollector } from '../../collector/test/helpers/collector.js';
import { launchBrowser } from '../test/helpers/browser.js';
import { overviewEvent } from './overview-events.js';

const TOTAL = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const BATCH = 5000;
const CONCURRENCY = 3;
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 1000);
const LOADS = Number(process.env.BENCH_LOADS ?? 7);
const DAY = 86_400_000;
const NOW = Date.now();
const event = (i: number) => overviewEvent(i, { customers: CUSTOMERS, now: NOW });

function post(url: URL, agent: Agent, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function ingest(base: string) {
  const url = new URL('/events', base);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < TOTAL) {
      const start = next;
      next += BATCH;
      const body = JSON.stringify(Array.from({ length: Math.min(BATCH, TOTAL - start) }, (_, k) => event(start + k)));
      const status = await post(url, agent, body);
      if (status !== 200) throw new Error(`POST /events answered ${status}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  agent.destroy();
  console.log(`ingested ${TOTAL.toLocaleString('en-US')} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  // BENCH_DB=FILE keeps the database for another run (ingest is skipped when it already holds the events).
  const collector = await startCollector({ args: ['--body-limit', '20mb'], ...(process.env.BENCH_DB ? { db: process.env.BENCH_DB } : {}) });
  try {
    const have = ((await (await fetch(`${collector.url}/insights?limit=1`)).json()) as { totals: { calls: number } }).totals.calls;
    if (have === 0) await ingest(collector.url);
    else console.log(`reusing ${process.env.BENCH_DB} (${have.toLocaleString('en-US')} events)`);
    const stored = (await (await fetch(`${collector.url}/insights?limit=1`)).json()) as { totals: { calls: number } };
    if (stored.totals.calls !== TOTAL) throw new Error(`stored ${stored.totals.calls}, expected ${TOTAL}`);


    // The API alone: the 30-day /insights behind the main card.
    const from = Math.floor(NOW / DAY) * DAY - 29 * DAY;
    const api: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      const t = performance.now();
      await (await fetch(`${collector.url}/insights?from=${from}&limit=8`)).json();
      api.push(performance.now() - t);
    }

    const browser = await launchBrowser();
    const interactive: number[] = [];
    const complete: number[] = [];
    try {
      for (let i = 0; i < LOADS; i++) {
        const page = await browser.newPage();
        await page.goto(`${collector.url}/dashboard/?range=30d`, { waitUntil: 'commit' });
        const ready = await page.waitForFunction(
          () => {
            const root = document.querySelector('[data-testid=overview]');
            const ok = root?.getAttribute('data-state') === 'ready' && document.querySelector('[data-testid=stat-period] .stat-value') && document.querySelector('svg.chart-svg') && document.querySelector('ol.barlist li');
            return ok ? performance.now() : false;
          },
          undefined,
          { polling: 'raf', timeout: 60_000 },
        );
        interactive.push((await ready.jsonValue()) as number);
        const done = await page.waitForFunction(() => (document.querySelector('.skeleton-inline') === null && document.querySelector('.legend') !== null ? performance.now() : false), undefined, { polling: 'raf', timeout: 60_000 });
        complete.push((await done.jsonValue()) as number);
        await page.close();
      }
    } finally {
      await browser.dispose();
    }
    const fmt = (xs: number[]) => `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;
    console.log(`GET /insights (30 days, limit 8): ${fmt(api)}`);
    console.log(`overview interactive (first load ${interactive[0]!.toFixed(0)} ms): ${fmt(interactive)}`);
    console.log(`overview complete (all cards and the per-provider chart): ${fmt(complete)}`);
  } finally {
    await collector.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
