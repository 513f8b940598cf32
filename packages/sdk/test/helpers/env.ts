/**
 * Test environment for interception tests: the mock OpenAI server (tracked, mapped as `openai`), a second mock that
 * is not mapped (untracked control), a fake collector, and the SDK observing with a short flush interval.
 */
import OpenAI from 'openai';
import { startMockOpenAI, type MockOpenAI } from '@llmobserve/mock-providers';
import type { TraceEvent } from '@llmobserve/shared';
import { flush, observe, shutdown } from '../../src/index.js';
import { startFakeCollector, type FakeCollector } from './fake-collector.js';

export interface TestEnv {
  mock: MockOpenAI;
  /** a mock server whose origin is NOT mapped: calls to it are not tracked */
  untrackedMock: MockOpenAI;
  collector: FakeCollector;
  client: OpenAI;
  untrackedClient: OpenAI;
  warnings: string[];
  /** flushes, then returns the events of one run */
  eventsOfRun(runId: string): Promise<TraceEvent[]>;
  close(): Promise<void>;
}

export async function startTestEnv(extra: { clientOptions?: ConstructorParameters<typeof OpenAI>[0] } = {}): Promise<TestEnv> {
  const mock = await startMockOpenAI();
  const untrackedMock = await startMockOpenAI();
  const collector = await startFakeCollector();
  const warnings: string[] = [];
  const client = new OpenAI({ apiKey: 'sk-test', baseURL: mock.baseURL, maxRetries: 0, ...extra.clientOptions });
  const untrackedClient = new OpenAI({ apiKey: 'sk-test', baseURL: untrackedMock.baseURL, maxRetries: 0, ...extra.clientOptions });
  observe({
    collectorUrl: collector.url,
    providers: { [mock.url]: 'openai' },
    // the unmapped mock is the "untracked" control: no detection by path (provider-detection.test.ts covers that)
    detectProviders: 'off',
    flushIntervalMs: 20,
    logger: { warn: (m) => warnings.push(m) },
  });
  return {
    mock,
    untrackedMock,
    collector,
    client,
    untrackedClient,
    warnings,
    async eventsOfRun(runId: string) {
      const ok = await flush({ timeoutMs: 10_000 });
      if (!ok) throw new Error('flush did not complete');
      return collector.events.filter((e) => e.run_id === runId);
    },
    async close() {
      await shutdown({ timeoutMs: 2000 });
      await Promise.all([mock.close(), untrackedMock.close(), collector.close()]);
    },
  };
}

/** Rejects if `p` does not settle within `ms` (a guard against hangs, not a timing assertion). */
export { within } from '@llmobserve/mock-providers';

export function only<T>(items: T[], what = 'event'): T {
  if (items.length !== 1) throw new Error(`expected exactly one ${what}, got ${items.length}: ${JSON.stringify(items, null, 1)}`);
  return items[0]!;
}
