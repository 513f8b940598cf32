/**
 * The frame of a provider's end-to-end test: a real collector process and the provider's mock server, the SDK
 * observing with the mock's base URL mapped to the provider, and `runEvents` to read back what one run stored.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { flush, observe, shutdown, withRun } from '../../src/index.js';
import { startCollectorProcess, type CollectorProcess } from './collector-process.js';

export const M = 1e6;

/** A stored cost equals the hand-computed one (to 1e-12 USD). */
export function close(actual: unknown, expected: number, what: string): void {
  assert.equal(typeof actual, 'number', `${what} is a number`);
  assert.ok(Math.abs((actual as number) - expected) < 1e-12, `${what}: ${actual} != ${expected}`);
}

/** The mock servers' header fixing the usage they report. */
export const mockUsage = (u: object) => ({ 'x-mock-usage': JSON.stringify(u) });

export const tokensOf = (e: Record<string, any>) => [e.input_tokens, e.output_tokens, e.cache_read_tokens, e.reasoning_tokens];

export interface ProviderE2E<Mock> {
  readonly mock: Mock;
  readonly collector: CollectorProcess;
  /** Runs fn in one run, flushes, and returns the events the collector stored for it. */
  runEvents(fn: () => Promise<void>): Promise<Array<Record<string, any>>>;
}

export function providerE2E<Mock extends { url: string; close(): Promise<void> }>(
  startMock: () => Promise<Mock>,
  provider: string,
  tenantId = 'acme_corp',
): ProviderE2E<Mock> {
  let collector: CollectorProcess | undefined;
  let mock: Mock | undefined;
  before(async () => {
    [collector, mock] = await Promise.all([startCollectorProcess(), startMock()]);
    observe({ collectorUrl: collector.url, tenantId, providers: { [mock.url]: provider }, flushIntervalMs: 50 });
  });
  after(async () => {
    await shutdown({ timeoutMs: 5000 });
    await mock?.close();
    await collector?.stop();
  });
  return {
    get mock() {
      return mock!;
    },
    get collector() {
      return collector!;
    },
    runEvents(fn) {
      return storedRunEvents(collector!, tenantId, fn);
    },
  };
}

/**
 * Runs fn in one run, flushes, and returns the events the collector stored for that run, by start time ([] when it
 * stored none).
 */
export async function storedRunEvents(collector: CollectorProcess, tenantId: string, fn: () => Promise<void>): Promise<Array<Record<string, any>>> {
  let runId = '';
  await withRun(async (id) => {
    runId = id;
    await fn();
  });
  assert.equal(await flush(), true);
  const { status, body } = await collector.get(`/runs/${runId}?tenant_id=${tenantId}`);
  if (status === 404) return [];
  assert.equal(status, 200);
  return (body.events as Array<Record<string, any>>).sort((a, b) => String(a.started_at).localeCompare(String(b.started_at)));
}
