/**
 * No silent untracked calls: a host the SDK does not know, called on a known provider's API path, is tracked in
 * that provider's format with its host recorded (default), or named once with the `providers` entry that would
 * track it ('warn'); OPENAI_BASE_URL / ANTHROPIC_BASE_URL are read as mappings; `providers` keys may carry a path.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { startMockAnthropic, startMockOpenAI, type MockOpenAI, type MockServer } from '@llmobserve/mock-providers';
import { flush, observe, shutdown } from '../src/index.js';
import { resolveConfig } from '../src/config.js';
import { startFakeCollector, type FakeCollector } from './helpers/fake-collector.js';

let openaiMock: MockOpenAI;
let anthropicMock: MockServer;
let collector: FakeCollector;
before(async () => {
  [openaiMock, anthropicMock, collector] = await Promise.all([startMockOpenAI(), startMockAnthropic(), startFakeCollector()]);
});
after(async () => {
  await shutdown();
  await Promise.all([openaiMock.close(), anthropicMock.close(), collector.close()]);
});

async function calls(warnings: string[], mode: 'track' | 'warn' | undefined, extra: Record<string, unknown> = {}) {
  observe({ collectorUrl: collector.url, flushIntervalMs: 20, logger: { warn: (m) => warnings.push(m) }, ...(mode ? { detectProviders: mode } : {}), ...extra });
  const before = collector.events.length;
  const oa = new OpenAI({ apiKey: 'sk-test', baseURL: `${openaiMock.url}/v1`, maxRetries: 0 });
  const an = new Anthropic({ apiKey: 'sk-ant-test', baseURL: anthropicMock.url, maxRetries: 0 });
  await oa.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello there' }] });
  await oa.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'again' }] });
  await oa.models.list(); // not a billable path: never detected
  await an.messages.create({ model: 'claude-haiku-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
  assert.equal(await flush({ timeoutMs: 5000 }), true);
  return collector.events.slice(before);
}

describe('unknown hosts on a known API path', () => {
  it('default: tracked in the provider format, host in metadata.provider_host, said once per host with the providers entry', async () => {
    const warnings: string[] = [];
    const events = await calls(warnings, undefined);
    assert.deepEqual(
      events.map((e) => [e.provider, e.endpoint, e.metadata?.provider_host]),
      [
        ['openai', 'chat.completions', openaiMock.url],
        ['openai', 'chat.completions', openaiMock.url],
        ['anthropic', 'messages', anthropicMock.url],
      ],
    );
    assert.ok(events.every((e) => (e.input_tokens ?? 0) > 0 && e.usage_estimated === false));
    const said = warnings.filter((m) => m.includes('tracking http://127.0.0.1'));
    assert.equal(said.length, 2, warnings.join('\n'));
    assert.ok(said[0]!.includes(`providers: { '${openaiMock.url}': 'openai' }`));
    assert.ok(said[1]!.includes(`providers: { '${anthropicMock.url}': 'anthropic' }`));
  });

  it("'warn': not tracked, and the log names the providers entry that would track it", async () => {
    const warnings: string[] = [];
    const events = await calls(warnings, 'warn');
    assert.deepEqual(events, []);
    assert.ok(warnings.some((m) => m.includes(`not tracked: POST ${openaiMock.url}/v1/chat/completions looks like the openai API`) && m.includes(`providers: { '${openaiMock.url}': 'openai' }`)), warnings.join('\n'));
    assert.ok(warnings.some((m) => m.includes(`providers: { '${anthropicMock.url}': 'anthropic' }`)));
  });

  it('a providers key with a path (http://host:port/v1) maps the host; no detection message then', async () => {
    const warnings: string[] = [];
    const events = await calls(warnings, 'warn', { providers: { [`${openaiMock.url}/v1`]: 'openai', [anthropicMock.url]: 'anthropic' } });
    assert.equal(events.length, 3);
    assert.deepEqual(warnings.filter((m) => m.includes('API')), []);
    // still recorded: the host is not the provider's own
    assert.equal(events[0]!.metadata?.provider_host, openaiMock.url);
  });
});

describe('base-URL environment variables', () => {
  it('OPENAI_BASE_URL and ANTHROPIC_BASE_URL are read as mappings; an explicit providers entry wins; garbage is ignored with a note', () => {
    const c = resolveConfig({ providers: { 'http://gw.internal:9000': 'mistral' } }, {
      OPENAI_BASE_URL: 'http://gw.internal:8080/openai/v1',
      ANTHROPIC_BASE_URL: 'http://gw.internal:9000',
    });
    assert.equal(c.providers.get('http://gw.internal:8080'), 'openai');
    assert.equal(c.providers.get('http://gw.internal:9000'), 'mistral');
    const bad = resolveConfig({}, { OPENAI_BASE_URL: 'not a url' });
    assert.equal(bad.providers.size, 0);
    assert.match(bad.notes.join('\n'), /OPENAI_BASE_URL="not a url" is not a URL/);
    assert.equal(resolveConfig({}, { LLMOBSERVE_DETECT_PROVIDERS: 'warn' }).detectProviders, 'warn');
    assert.throws(() => resolveConfig({ detectProviders: 'yes' as never }), /must be 'track', 'warn' or 'off'/);
  });

  it('a client configured only through OPENAI_BASE_URL is tracked without a detection message', async () => {
    const warnings: string[] = [];
    process.env.OPENAI_BASE_URL = `${openaiMock.url}/v1`;
    try {
      observe({ collectorUrl: collector.url, flushIntervalMs: 20, detectProviders: 'warn', logger: { warn: (m) => warnings.push(m) } });
      const before = collector.events.length;
      const oa = new OpenAI({ apiKey: 'sk-test', maxRetries: 0 });
      await oa.embeddings.create({ model: 'text-embedding-3-small', input: 'abc' });
      assert.equal(await flush({ timeoutMs: 5000 }), true);
      const events = collector.events.slice(before);
      assert.deepEqual(events.map((e) => [e.provider, e.endpoint]), [['openai', 'embeddings']]);
      assert.deepEqual(warnings.filter((m) => m.includes('API')), []);
    } finally {
      delete process.env.OPENAI_BASE_URL;
    }
  });
});
