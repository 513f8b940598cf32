// @storage sqlite,postgres
/** HSTS only over TLS: behind a proxy the collector believes (LLMOBSERVE_TRUST_PROXY), not on plain HTTP. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseTrustProxy } from '../src/auth/config.js';
import { request, startCollector, type RunningCollector } from './helpers/collector.js';

const https = { headers: { 'x-forwarded-proto': 'https' } };

describe('Strict-Transport-Security', () => {
  let trusting: RunningCollector;
  let plain: RunningCollector;
  before(async () => {
    [trusting, plain] = await Promise.all([startCollector({ env: { LLMOBSERVE_TRUST_PROXY: '127.0.0.1' } }), startCollector()]);
  });
  after(async () => {
    await Promise.all([trusting?.stop(), plain?.stop()]);
  });

  it('is sent for a request the trusted proxy received over https', async () => {
    const r = await request(trusting.url, '/health', https);
    assert.match(r.headers.get('strict-transport-security') ?? '', /max-age=\d+/);
    assert.equal((await request(trusting.url, '/health')).headers.get('strict-transport-security'), null, 'not for the proxy\'s http requests');
  });

  it('is not sent on plain HTTP, whatever an untrusted peer claims', async () => {
    const r = await request(plain.url, '/health', https);
    assert.equal(r.headers.get('strict-transport-security'), null);
    assert.doesNotMatch(r.headers.get('content-security-policy') ?? '', /upgrade-insecure-requests/);
  });

  it('LLMOBSERVE_TRUST_PROXY takes true or addresses, and refuses anything else', () => {
    assert.equal(parseTrustProxy(undefined), false);
    assert.equal(parseTrustProxy('true'), true);
    assert.equal(parseTrustProxy('10.0.0.0/8, 127.0.0.1'), '10.0.0.0/8, 127.0.0.1');
    assert.throws(() => parseTrustProxy('nginx'), /LLMOBSERVE_TRUST_PROXY/);
  });
});
