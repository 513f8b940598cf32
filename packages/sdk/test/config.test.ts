/** observe() options: explicit > environment > default, and clear errors for invalid ones. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as shared from '@llmobserve/shared';
import { LLMObserveConfigError, resolveConfig } from '../src/config.js';
import { DEFAULT_TENANT_ID, LIMITS, TENANT_ID_PATTERN } from '../src/constants.js';
import { isObserving, observe, shutdown } from '../src/index.js';

describe('config resolution', () => {
  it('defaults with an empty environment', () => {
    const c = resolveConfig({}, {});
    assert.equal(c.collectorUrl, 'http://localhost:8000');
    assert.equal(c.collectorOrigin, 'http://localhost:8000');
    assert.equal(c.tenantId, 'default_tenant');
    assert.equal(c.customerId, null);
    assert.equal(c.apiKey, null);
    assert.equal(c.flushIntervalMs, 500);
    assert.equal(c.maxBatchSize, 100);
    assert.equal(c.maxQueueSize, 10_000);
    assert.equal(c.enabled, true);
    assert.equal(c.debug, false);
    assert.equal(c.providers.size, 0);
  });

  it('environment over defaults', () => {
    const c = resolveConfig(undefined, {
      LLMOBSERVE_COLLECTOR_URL: 'https://obs.example.com/',
      LLMOBSERVE_API_KEY: 'llmo_sk_env',
      LLMOBSERVE_TENANT_ID: 'acme_corp',
      LLMOBSERVE_CUSTOMER_ID: 'cust_env',
      LLMOBSERVE_DISABLED: 'true',
    });
    assert.equal(c.collectorUrl, 'https://obs.example.com');
    assert.equal(c.apiKey, 'llmo_sk_env');
    assert.equal(c.tenantId, 'acme_corp');
    assert.equal(c.customerId, 'cust_env');
    assert.equal(c.enabled, false);
  });

  it('explicit options over environment; empty env values are ignored', () => {
    const env = { LLMOBSERVE_TENANT_ID: 'env_tenant', LLMOBSERVE_API_KEY: '', LLMOBSERVE_DISABLED: '1' };
    const c = resolveConfig({ tenantId: 'opt_tenant', enabled: true }, env);
    assert.equal(c.tenantId, 'opt_tenant');
    assert.equal(c.apiKey, null);
    assert.equal(c.enabled, true);
    assert.equal(resolveConfig({}, { LLMOBSERVE_DISABLED: 'no' }).enabled, true);
  });

  it('maps provider base URLs by origin', () => {
    const c = resolveConfig({ providers: { 'http://127.0.0.1:11434/v1': 'openai' } }, {});
    assert.deepEqual([...c.providers], [['http://127.0.0.1:11434', 'openai']]);
  });

  const bad: Array<[string, unknown, Record<string, string>, RegExp]> = [
    ['unknown option with a hint', { colectorUrl: 'http://x' }, {}, /unknown option "colectorUrl" \(did you mean collectorUrl\?\)/],
    ['collector URL', { collectorUrl: 'not a url' }, {}, /collectorUrl "not a url" is not a valid URL/],
    ['collector scheme', { collectorUrl: 'ftp://x' }, {}, /must use http or https/],
    ['collector URL from env', {}, { LLMOBSERVE_COLLECTOR_URL: '::' }, /LLMOBSERVE_COLLECTOR_URL/],
    ['tenant id', { tenantId: 'has space' }, {}, /tenantId "has space" is not a valid tenant id/],
    ['tenant id from env', {}, { LLMOBSERVE_TENANT_ID: '-x' }, /LLMOBSERVE_TENANT_ID/],
    ['customer id', { customerId: '' }, {}, /customerId must be a non-empty string/],
    ['flush interval', { flushIntervalMs: 0 }, {}, /flushIntervalMs must be an integer from 10 to 600000/],
    ['batch size', { maxBatchSize: 1.5 }, {}, /maxBatchSize must be an integer/],
    ['queue size', { maxQueueSize: -1 }, {}, /maxQueueSize must be an integer/],
    ['enabled type', { enabled: 'yes' }, {}, /enabled must be a boolean/],
    ['disabled env', {}, { LLMOBSERVE_DISABLED: 'maybe' }, /LLMOBSERVE_DISABLED="maybe" is not a boolean/],
    ['provider name', { providers: { 'http://127.0.0.1:1': 'closedai' } }, {}, /"closedai" is not a known provider \(known: openai, anthropic, google, /],
    ['provider URL', { providers: { nope: 'openai' } }, {}, /providers key "nope" is not a valid URL/],
    ['collector as provider', { collectorUrl: 'http://127.0.0.1:5', providers: { 'http://127.0.0.1:5': 'openai' } }, {}, /is the collector itself/],
    ['api key with a line break', { apiKey: 'a\nb' }, {}, /apiKey must not contain line breaks/],
    ['logger', { logger: {} }, {}, /logger must have a warn\(message\) method/],
    ['not an object', 'http://x', {}, /observe\(\) takes an options object/],
  ];
  for (const [name, options, env, re] of bad) {
    it(`rejects an invalid ${name}`, () => {
      assert.throws(
        () => resolveConfig(options as never, env),
        (err: unknown) => err instanceof LLMObserveConfigError && re.test((err as Error).message),
      );
    });
  }
});

describe('observe()', () => {
  it('throws the config error at call time and does not start observing', async () => {
    assert.throws(() => observe({ tenantId: 'bad tenant' }), LLMObserveConfigError);
    assert.equal(isObserving(), false);
    observe({ collectorUrl: 'http://127.0.0.1:9', enabled: true, logger: { warn() {} } });
    assert.equal(isObserving(), true);
    // an invalid reconfiguration leaves the running one untouched
    assert.throws(() => observe({ maxBatchSize: 0 }), /maxBatchSize/);
    assert.equal(isObserving(), true);
    observe({ collectorUrl: 'http://127.0.0.1:9', enabled: false });
    assert.equal(isObserving(), false);
    await shutdown({ timeoutMs: 10 });
  });
});

describe('contract constants copied from @llmobserve/shared', () => {
  it('are equal to the shared ones', () => {
    assert.equal(DEFAULT_TENANT_ID, shared.DEFAULT_TENANT_ID);
    assert.equal(TENANT_ID_PATTERN, shared.TENANT_ID_PATTERN);
    for (const [k, v] of Object.entries(LIMITS)) assert.equal(v, (shared.LIMITS as Record<string, number>)[k], k);
  });
});
