/**
 * The frame of a framework's end-to-end test: a real collector process, the OpenAI and Anthropic mock servers, the
 * SDK observing with both mocks mapped to their providers; `runEvents` reads back what one run stored. Frameworks
 * (Vercel AI SDK, LangChain, LlamaIndex, OpenAI Agents) are pointed at the mocks through their own base-URL options.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { startMockAnthropic, startMockOpenAI, type MockOpenAI, type MockServer } from '@llmobserve/mock-providers';
import { observe, shutdown } from '../../src/index.js';
import { startCollectorProcess, type CollectorProcess } from './collector-process.js';
import { close, M, mockUsage, storedRunEvents } from './provider-e2e.js';

export interface FrameworkE2E {
  readonly openai: MockOpenAI;
  readonly anthropic: MockServer;
  runEvents(fn: () => Promise<void>): Promise<Array<Record<string, any>>>;
}

export function frameworkE2E(tenantId = 'acme_corp'): FrameworkE2E {
  let collector: CollectorProcess | undefined;
  let openai: MockOpenAI | undefined;
  let anthropic: MockServer | undefined;
  before(async () => {
    [collector, openai, anthropic] = await Promise.all([startCollectorProcess(), startMockOpenAI(), startMockAnthropic()]);
    observe({ collectorUrl: collector.url, tenantId, providers: { [openai.url]: 'openai', [anthropic.url]: 'anthropic' }, flushIntervalMs: 50 });
  });
  after(async () => {
    await shutdown({ timeoutMs: 5000 });
    await Promise.all([openai?.close(), anthropic?.close()]);
    await collector?.stop();
  });
  return {
    get openai() {
      return openai!;
    },
    get anthropic() {
      return anthropic!;
    },
    runEvents: (fn) => storedRunEvents(collector!, tenantId, fn),
  };
}

/** The fields a framework test compares, in one line. */
export const callOf = (e: Record<string, any>) => ({
  provider: e.provider,
  endpoint: e.endpoint,
  model: e.model,
  streaming: e.is_streaming,
  estimated: e.usage_estimated,
  status: e.status,
  customer: e.customer_id,
  section: e.section_path,
  tokens: [e.input_tokens, e.output_tokens, e.cache_read_tokens, e.cache_write_tokens, e.reasoning_tokens],
});

const USER_SPANS = new Set(['section', 'agent', 'tool']);
/** The tracked calls of a run (its section, agent and tool spans left out). */
export const calls = (events: Array<Record<string, any>>) => events.filter((e) => !USER_SPANS.has(e.span_type));

/** The usage every framework test asks of the mocks (x-mock-usage headers). */
export const OPENAI_USAGE = mockUsage({ prompt_tokens: 1200, completion_tokens: 300, cached_tokens: 1000, reasoning_tokens: 100 });
export const ANTHROPIC_USAGE = mockUsage({ input_tokens: 1000, cache_creation_input_tokens: 2000, cache_read_input_tokens: 5000, output_tokens: 500 });
/** Their costs by hand, $ per million tokens: gpt-4o-mini 200 uncached input at 0.15, 1,000 cached at 0.075, 300 output at 0.6. */
export const MINI_COST = (200 * 0.15 + 1000 * 0.075 + 300 * 0.6) / M;
/** claude-sonnet-4: 1,000 input at 3, 2,000 cache write at 3.75, 5,000 cache read at 0.3, 500 output at 15. */
export const SONNET_COST = (1000 * 3 + 2000 * 3.75 + 5000 * 0.3 + 500 * 15) / M;

/** A run's two Anthropic calls with ANTHROPIC_USAGE, the plain one then the streamed one: what was stored and what it cost. */
export function assertSonnetPair(events: Array<Record<string, any>>, customer: string, section: string | null): void {
  const llm = calls(events);
  assert.equal(llm.length, 2);
  for (const [i, e] of llm.entries()) {
    assert.deepEqual(callOf(e), {
      provider: 'anthropic', endpoint: 'messages', model: 'claude-sonnet-4-20250514', streaming: i === 1, estimated: false, status: 'ok',
      customer, section, tokens: [8000, 500, 5000, 2000, 0],
    });
    close(e.cost_usd, SONNET_COST, `cost ${i}`);
  }
}
