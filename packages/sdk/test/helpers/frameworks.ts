/**
 * The frame of a framework's end-to-end test: a real collector process, the OpenAI and Anthropic mock servers, the
 * SDK observing with both mocks mapped to their providers; `runEvents` reads back what one run stored. Frameworks
 * (Vercel AI SDK, LangChain, LlamaIndex, OpenAI Agents) are pointed at the mocks through their own base-URL options.
 */
import { after, before } from 'node:test';
import { startMockAnthropic, startMockOpenAI, type MockOpenAI, type MockServer } from '@llmobserve/mock-providers';
import { observe, shutdown } from '../../src/index.js';
import { startCollectorProcess, type CollectorProcess } from './collector-process.js';
import { storedRunEvents } from './provider-e2e.js';

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
