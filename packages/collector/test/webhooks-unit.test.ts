/** Webhook parts alone: address classes, the guarded DNS lookup, secrets at rest, the signed request, backoff. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { Webhook } from 'standardwebhooks';
import { guardedLookup, isPrivateAddress, urlRefusal } from '../src/webhooks/ssrf.js';
import { newWebhookSecret, openSecret, sealSecret } from '../src/webhooks/secrets.js';
import { backoffDelay, deliveryRequest } from '../src/webhooks/outbox.js';
import type { DeliveryRecord, WebhookEndpointRecord } from '../src/storage/budget-store.js';

describe('webhook SSRF checks', () => {
  it('classes loopback, private, link-local, metadata, CGNAT, unique-local and mapped addresses as private', () => {
    for (const a of ['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:a9fe:a9fe']) assert.equal(isPrivateAddress(a), true, a);
    for (const a of ['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111', '::ffff:5db8:d822']) assert.equal(isPrivateAddress(a), false, a);
  });

  it('refuses schemes other than http(s), credentials in URLs, and private targets unless allowed', async () => {
    const strict = { allowPrivate: false };
    assert.match((await urlRefusal('file:///etc/passwd', strict))!, /only http and https/);
    assert.match((await urlRefusal('http://u:p@example.com/', strict))!, /credentials/);
    assert.match((await urlRefusal('http://[::1]:8080/x', strict))!, /private/);
    assert.match((await urlRefusal('http://localhost/x', strict))!, /resolves to/);
    assert.equal(await urlRefusal('http://127.0.0.1/x', { allowPrivate: true }), null);
  });

  it('the connection itself refuses a name that resolves to a private address (DNS rebinding)', async () => {
    const lookup = guardedLookup({ allowPrivate: false })!;
    const err = await new Promise<Error>((resolve) => {
      const r = http.request({ host: 'localhost', port: 9, path: '/', lookup, timeout: 5000 }, () => resolve(new Error('connected')));
      r.on('error', resolve);
      r.end();
    });
    assert.match(err.message, /resolves to .*private/);
    assert.equal(guardedLookup({ allowPrivate: true }), undefined);
  });
});

describe('webhook secrets and signatures', () => {
  it('seals secrets with AES-256-GCM when LLMOBSERVE_SECRET_KEY is set, opens them again, refuses without the key', () => {
    const secret = newWebhookSecret();
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{32}$/);
    const env = { LLMOBSERVE_SECRET_KEY: 'ab'.repeat(32) };
    const sealed = sealSecret(secret, env);
    assert.match(sealed, /^enc1:/);
    assert.equal(sealed.includes(secret.slice(6)), false);
    assert.equal(openSecret(sealed, env), secret);
    assert.throws(() => openSecret(sealed, {}), /LLMOBSERVE_SECRET_KEY/);
    assert.throws(() => openSecret(sealed, { LLMOBSERVE_SECRET_KEY: 'cd'.repeat(32) }));
    assert.equal(openSecret(sealSecret(secret, {}), {}), secret);
  });

  it('signs per Standard Webhooks: id, timestamp, v1 HMAC of "id.timestamp.body" (verified by the standardwebhooks package)', () => {
    const secret = newWebhookSecret();
    const endpoint = { id: 'wh_1', url: 'http://x', events: [], format: 'standard', secret: sealSecret(secret, {}) } as unknown as WebhookEndpointRecord;
    const delivery = { id: 'd', msg_id: 'msg_1', payload: '{"type":"webhook.test","data":{}}' } as DeliveryRecord;
    const req = deliveryRequest(delivery, endpoint, new Date());
    assert.equal(req.headers['webhook-id'], 'msg_1');
    assert.deepEqual(new Webhook(secret).verify(req.body, req.headers), { type: 'webhook.test', data: {} });
    assert.throws(() => new Webhook(newWebhookSecret()).verify(req.body, req.headers));
  });

  it('backs off exponentially, capped at an hour', () => {
    assert.deepEqual([1, 2, 3, 4].map((a) => backoffDelay(a, 5000)), [5000, 10000, 20000, 40000]);
    assert.equal(backoffDelay(30, 5000), 3_600_000);
  });
});
