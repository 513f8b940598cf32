// @storage sqlite,postgres
/** Required mode: API keys, JWT (HS256 and JWKS), tenant from credentials, management, abuse limits, no secrets in logs. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, UnsecuredJWT } from 'jose';
import { CLI, ev, freshDb, post, request, startCollector, tempDir, type RunningCollector } from './helpers/collector.js';

const SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

function cliKey(db: string, tenant: string, scope: string): { key: string; id: string } {
  const r = spawnSync(process.execPath, [CLI, 'keys', 'create', '--db', db, '--tenant', tenant, '--scope', scope, '--create-tenant', '--json'], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  return { key: out.key, id: out.api_key.id };
}

const auth = (key: string) => ({ authorization: `Bearer ${key}` });
const as = (c: RunningCollector, key: string, path: string, init: RequestInit & { json?: unknown } = {}) =>
  request(c.url, path, { ...init, headers: { ...auth(key), ...(init.headers as Record<string, string> | undefined) } });

async function hs256(claims: Record<string, unknown>, opts: { exp?: string | number; aud?: string; iss?: string; secret?: string } = {}) {
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setSubject('user-1')
    .setIssuer(opts.iss ?? 'https://platform.test').setAudience(opts.aud ?? 'llmobserve');
  jwt = jwt.setExpirationTime(opts.exp ?? '5m');
  return jwt.sign(new TextEncoder().encode(opts.secret ?? SECRET));
}

describe('required mode with API keys', () => {
  let c: RunningCollector;
  let db: string;
  const keys: Record<string, { key: string; id: string }> = {};
  const secrets: string[] = [];

  before(async () => {
    db = await freshDb('auth.sqlite');
    assert.equal(spawnSync(process.execPath, [CLI, 'tenants', 'create', 'acme', '--db', db], { encoding: 'utf8', timeout: 30_000 }).status, 0);
    keys.acme = cliKey(db, 'acme', 'ingest,read');
    keys.acmeIngest = cliKey(db, 'acme', 'ingest');
    keys.acmeRead = cliKey(db, 'acme', 'read');
    keys.acmeAdmin = cliKey(db, 'acme', 'admin');
    keys.globex = cliKey(db, 'globex', 'ingest,read');
    keys.platform = cliKey(db, 'platform', 'admin');
    secrets.push(...Object.values(keys).map((k) => k.key));
    c = await startCollector({ db, args: ['--auth', 'required', '--log-level', 'debug'], env: { LLMOBSERVE_JWT_SECRET: SECRET, LLMOBSERVE_JWT_AUDIENCE: 'llmobserve', LLMOBSERVE_JWT_ISSUER: 'https://platform.test' } });
    assert.match(c.stdout(), /auth: required/);
  });
  after(async () => {
    assert.equal(await c.stop(), 0);
    // No secret in any log line: keys, JWTs, Authorization headers.
    const logs = c.stdout() + c.stderr();
    assert.ok(logs.length > 1000, 'debug logging produced request lines to scan');
    for (const s of secrets) assert.ok(!logs.includes(s) && !logs.includes(s.slice(8)), 'a secret leaked into the logs');
    assert.doesNotMatch(logs, /Bearer\s+\S{10}/);
  });

  it('refuses requests without credentials (401) but keeps /health public', async () => {
    for (const path of ['/insights', '/runs', '/customers', '/api-keys', '/tenants']) {
      const r = await request(c.url, path);
      assert.equal(r.status, 401, path);
      assert.equal(r.body.error.code, 'unauthorized');
      assert.match(r.headers.get('www-authenticate') ?? '', /^Bearer/);
    }
    assert.equal((await post(c.url, [ev()])).status, 401);
    assert.equal((await request(c.url, '/health')).status, 200);
    assert.equal((await request(c.url, '/insights', { headers: { authorization: 'Basic abc' } })).status, 401);
    const unknown = await request(c.url, '/insights', { headers: auth('llmo_sk_' + 'x'.repeat(32)) });
    assert.equal(unknown.status, 401);
    assert.equal(unknown.body.error.message, 'unknown API key');
  });

  it('takes the tenant from the key; events naming another tenant are refused with both names', async () => {
    const r = await as(c, keys.acme!.key, '/events', { method: 'POST', json: [ev({ span_id: 'a1', customer_id: 'alice' }), ev({ span_id: 'a2', tenant_id: 'acme' }), ev({ span_id: 'g1', tenant_id: 'globex' })] });
    assert.equal(r.status, 207);
    assert.equal(r.body.accepted, 2);
    assert.deepEqual(r.body.rejected, [{ index: 2, span_id: 'g1', message: 'tenant_id: "globex" does not match the tenant of the credentials ("acme")' }]);
    await as(c, keys.globex!.key, '/events', { method: 'POST', json: [ev({ span_id: 'a1', customer_id: 'gina', input_tokens: 7000 })] });
    const mine = (await as(c, keys.acme!.key, '/insights')).body;
    assert.equal(mine.tenant_id, 'acme');
    assert.equal(mine.totals.calls, 2);
    const theirs = (await as(c, keys.globex!.key, '/runs/a1')).body;
    assert.deepEqual(theirs.events.map((e: any) => [e.tenant_id, e.customer_id]), [['globex', 'gina']]);
  });

  it('a tenant cannot read another tenant through any read route (403 on ?tenant_id)', async () => {
    for (const path of ['/insights', '/runs', '/runs/a1', '/customers', '/customers/gina', '/api-keys']) {
      const key = path === '/api-keys' ? keys.acmeAdmin! : keys.acme!;
      const r = await as(c, key.key, `${path}?tenant_id=globex`);
      assert.equal(r.status, 403, path);
      assert.match(r.body.error.message, /"globex" is not the tenant of the credentials \("acme"\)/);
    }
    assert.equal((await as(c, keys.acme!.key, '/customers/gina')).status, 404, "globex's customer does not exist for acme");
    assert.deepEqual((await as(c, keys.acme!.key, '/runs/a1')).body.events.map((e: any) => e.customer_id), ['alice']);
  });

  it('enforces scopes', async () => {
    assert.equal((await as(c, keys.acmeIngest!.key, '/insights')).status, 403);
    assert.equal((await as(c, keys.acmeRead!.key, '/events', { method: 'POST', json: [ev()] })).status, 403);
    assert.equal((await as(c, keys.acmeRead!.key, '/api-keys')).status, 403);
    assert.equal((await as(c, keys.acmeAdmin!.key, '/tenants')).status, 403, 'a tenant admin is not a platform admin');
  });

  it("platform admins list tenants and read any tenant; a tenant's admin manages its own keys", async () => {
    const tenants = (await as(c, keys.platform!.key, '/tenants')).body.tenants.map((t: any) => t.tenant_id);
    assert.deepEqual(tenants, ['acme', 'globex', 'platform']);
    const created = await as(c, keys.platform!.key, '/tenants', { method: 'POST', json: { tenant_id: 'initech', name: 'Initech' } });
    assert.equal(created.status, 201);
    assert.equal((await as(c, keys.platform!.key, '/insights?tenant_id=globex')).body.totals.input_tokens, 7000);

    const made = await as(c, keys.acmeAdmin!.key, '/api-keys', { method: 'POST', json: { name: 'ci', scopes: ['read'] } });
    assert.equal(made.status, 201);
    const fresh: string = made.body.key;
    secrets.push(fresh);
    assert.match(fresh, /^llmo_sk_[0-9A-Za-z]{32}$/);
    assert.equal(made.body.api_key.tenant_id, 'acme');
    assert.equal(made.body.api_key.prefix, fresh.slice(0, 12));
    const list = await as(c, keys.acmeAdmin!.key, '/api-keys');
    assert.ok(list.body.api_keys.some((k: any) => k.id === made.body.api_key.id));
    assert.ok(!JSON.stringify(list.body).includes(fresh.slice(12)), 'the key is never listed');
    assert.equal((await as(c, fresh, '/insights')).status, 200);
    const forGlobex = await as(c, keys.acmeAdmin!.key, '/api-keys', { method: 'POST', json: { tenant_id: 'globex', scopes: ['read'] } });
    assert.equal(forGlobex.status, 403);

    // Revocation takes effect within a second.
    const revoked = await as(c, keys.acmeAdmin!.key, `/api-keys/${made.body.api_key.id}`, { method: 'DELETE' });
    assert.equal(revoked.status, 200);
    assert.ok(revoked.body.api_key.revoked_at);
    await new Promise((r) => setTimeout(r, 1100));
    const after = await as(c, fresh, '/insights');
    assert.equal(after.status, 401);
    assert.equal(after.body.error.message, 'the API key has been revoked');
    assert.equal((await as(c, keys.acmeAdmin!.key, '/api-keys/key_nope', { method: 'DELETE' })).status, 404);
  });

  it('revocation from the CLI is seen by the running collector within a second', async () => {
    const k = cliKey(db, 'acme', 'read');
    secrets.push(k.key);
    assert.equal((await as(c, k.key, '/insights')).status, 200);
    const r = spawnSync(process.execPath, [CLI, 'keys', 'revoke', k.id, '--tenant', 'acme', '--db', db], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /revoked key_/);
    await new Promise((res) => setTimeout(res, 1100));
    assert.equal((await as(c, k.key, '/insights')).status, 401);
    const list = spawnSync(process.execPath, [CLI, 'keys', 'list', '--tenant', 'acme', '--db', db], { encoding: 'utf8', timeout: 30_000 }).stdout;
    assert.match(list, new RegExp(`${k.id}\\tllmo_sk_\\w{4}…\\tread\\trevoked`));
    assert.ok(!list.includes(k.key));
  });

  it('accepts HS256 JWTs with the tenant claim; refuses expired, wrong-audience, wrong-issuer, unsigned and forged ones', async () => {
    const good = await hs256({ tenant_id: 'acme' });
    secrets.push(good);
    const r = await as(c, good, '/insights');
    assert.equal(r.status, 200);
    assert.equal(r.body.tenant_id, 'acme');
    assert.equal((await as(c, good, '/insights?tenant_id=globex')).status, 403);
    const ingest = await as(c, good, '/events', { method: 'POST', json: [ev({ span_id: 'jwt-1' })] });
    assert.equal(ingest.body.accepted, 1);
    const cases: [string, Promise<string> | string, RegExp][] = [
      ['expired', hs256({ tenant_id: 'acme' }, { exp: Math.floor(Date.now() / 1000) - 60 }), /expired/],
      ['wrong audience', hs256({ tenant_id: 'acme' }, { aud: 'someone-else' }), /aud/],
      ['wrong issuer', hs256({ tenant_id: 'acme' }, { iss: 'https://evil.test' }), /iss/],
      ['forged', hs256({ tenant_id: 'acme' }, { secret: 'another-secret-that-is-long-enough-0123456789' }), /signature/],
      ['unsigned', new UnsecuredJWT({ tenant_id: 'acme' }).setAudience('llmobserve').setIssuer('https://platform.test').setExpirationTime('5m').encode(), /algorithm|not accepted/],
      ['no tenant', hs256({}), /no tenant_id claim/],
      ['not yet valid', new SignJWT({ tenant_id: 'acme' }).setProtectedHeader({ alg: 'HS256' }).setIssuer('https://platform.test').setAudience('llmobserve')
        .setNotBefore(Math.floor(Date.now() / 1000) + 600).setExpirationTime('20m').sign(new TextEncoder().encode(SECRET)), /nbf/],
    ];
    for (const [name, token, why] of cases) {
      const res = await as(c, await token, '/insights');
      assert.equal(res.status, 401, name);
      assert.match(res.body.error.message, why, name);
    }
    const admin = await hs256({ role: 'admin' });
    assert.equal((await as(c, admin, '/insights?tenant_id=globex')).body.totals.input_tokens, 7000);
    assert.equal((await as(c, admin, '/tenants')).status, 200);
  });

  it('dashboard sessions: HttpOnly SameSite=Strict cookie holding an opaque id (never the key), ended by sign-out, revocation or expiry', async () => {
    const k = cliKey(db, 'acme', 'read,admin');
    secrets.push(k.key);
    const bad = await request(c.url, '/session', { method: 'POST', json: { credential: 'llmo_sk_' + 'C'.repeat(32) } });
    assert.equal(bad.status, 401);
    const signIn = await request(c.url, '/session', { method: 'POST', json: { credential: k.key } });
    assert.equal(signIn.status, 200);
    assert.deepEqual([signIn.body.authenticated, signIn.body.tenant_id, signIn.body.platform_admin], [true, 'acme', false]);
    const setCookie = signIn.headers.get('set-cookie') ?? '';
    assert.match(setCookie, /^llmo_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+/);
    assert.ok(!setCookie.includes(k.key) && !setCookie.includes(encodeURIComponent(k.key)), 'the cookie does not hold the key');
    const cookie = setCookie.split(';')[0]!;
    const viaCookie = await request(c.url, '/insights', { headers: { cookie } });
    assert.equal(viaCookie.status, 200);
    assert.equal(viaCookie.body.tenant_id, 'acme');
    assert.equal((await request(c.url, '/session', { headers: { cookie } })).body.authenticated, true);
    const crossSite = await request(c.url, '/api-keys', { method: 'POST', json: { scopes: ['read'] }, headers: { cookie, origin: 'http://evil.test' } });
    assert.equal(crossSite.status, 403, 'cookie-authenticated writes from another origin are refused');
    // The key itself in the cookie (what earlier versions stored) is no session.
    assert.equal((await request(c.url, '/insights', { headers: { cookie: `llmo_session=${k.key}` } })).status, 401);

    // A second collector on the same database honours the session (sessions live in the database).
    const other = await startCollector({ db, args: ['--auth', 'required'] });
    try {
      assert.equal((await request(other.url, '/insights', { headers: { cookie } })).status, 200, 'the session works on another collector');
      const signOut = await request(c.url, '/session', { method: 'DELETE', headers: { cookie } });
      assert.equal(signOut.status, 204);
      assert.match(signOut.headers.get('set-cookie') ?? '', /Max-Age=0/);
      await new Promise((res) => setTimeout(res, 1100));
      assert.equal((await request(c.url, '/insights', { headers: { cookie } })).status, 401, 'signing out revokes the session');
      assert.equal((await request(other.url, '/insights', { headers: { cookie } })).status, 401, 'on every collector');
    } finally {
      await other.stop();
    }
    const ended = await request(c.url, '/session', { headers: { cookie } });
    assert.deepEqual([ended.body.authenticated, ended.body.sign_in_required], [false, true]);
    assert.match(ended.body.expired, /session has ended/);
    assert.match(ended.headers.get('set-cookie') ?? '', /Max-Age=0/, 'an ended session is cleared');

    const again = (await request(c.url, '/session', { method: 'POST', json: { credential: k.key } })).headers.get('set-cookie')!.split(';')[0]!;
    spawnSync(process.execPath, [CLI, 'keys', 'revoke', k.id, '--tenant', 'acme', '--db', db], { timeout: 30_000 });
    await new Promise((res) => setTimeout(res, 1100));
    const revoked = await request(c.url, '/session', { headers: { cookie: again } });
    assert.deepEqual([revoked.body.authenticated, revoked.body.sign_in_required, revoked.body.expired], [false, true, 'the API key has been revoked']);
    assert.equal((await request(c.url, '/insights', { headers: { cookie: again } })).status, 401);

    // A JWT session ends at the token's exp.
    const shortJwt = await hs256({ tenant_id: 'acme' }, { exp: Math.floor(Date.now() / 1000) + 2 });
    const jwtSession = await request(c.url, '/session', { method: 'POST', json: { credential: shortJwt } });
    assert.equal(jwtSession.status, 200);
    assert.ok(Number(/Max-Age=(\d+)/.exec(jwtSession.headers.get('set-cookie') ?? '')?.[1]) <= 2, 'the cookie lives no longer than the token');
    const jwtCookie = jwtSession.headers.get('set-cookie')!.split(';')[0]!;
    assert.equal((await request(c.url, '/insights', { headers: { cookie: jwtCookie } })).status, 200);
    await new Promise((res) => setTimeout(res, 3200));
    assert.equal((await request(c.url, '/insights', { headers: { cookie: jwtCookie } })).status, 401, 'expired with the JWT');
  });

  it('sends security headers', async () => {
    const r = await request(c.url, '/health');
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.match(r.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    assert.equal(r.headers.get('strict-transport-security'), null, 'HSTS only over TLS (docs/deploy.md)');
    assert.doesNotMatch(r.headers.get('content-security-policy') ?? '', /upgrade-insecure-requests/);
    assert.equal(r.headers.get('access-control-allow-origin'), null, 'no CORS unless configured');
  });
});

describe('JWT from a JWKS endpoint (RS256 and ES256)', () => {
  let jwks: Server;
  let c: RunningCollector;
  const rs = generateKeyPair('RS256');
  const es = generateKeyPair('ES256');

  before(async () => {
    const [r, e] = await Promise.all([rs, es]);
    const body = JSON.stringify({ keys: [{ ...(await exportJWK(r.publicKey)), kid: 'rs1', alg: 'RS256' }, { ...(await exportJWK(e.publicKey)), kid: 'es1', alg: 'ES256' }] });
    jwks = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
    await new Promise<void>((res) => jwks.listen(0, '127.0.0.1', res));
    const url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
    c = await startCollector({ args: ['--auth', 'required'], env: { LLMOBSERVE_JWKS_URL: url, LLMOBSERVE_JWT_TENANT_CLAIM: 'org', LLMOBSERVE_JWT_AUDIENCE: 'llmo' } });
  });
  after(async () => {
    await c.stop();
    jwks.close();
  });

  it('verifies tokens signed by the published keys and refuses others', async () => {
    const [r, e, stranger] = await Promise.all([rs, es, generateKeyPair('RS256')]);
    const sign = (alg: string, kid: string, key: CryptoKey | import('node:crypto').KeyObject, claims: Record<string, unknown> = { org: 'acme' }) =>
      new SignJWT(claims).setProtectedHeader({ alg, kid }).setAudience('llmo').setExpirationTime('5m').sign(key);
    for (const token of [await sign('RS256', 'rs1', r.privateKey), await sign('ES256', 'es1', e.privateKey)]) {
      const res = await as(c, token, '/insights');
      assert.equal(res.status, 200);
      assert.equal(res.body.tenant_id, 'acme', 'tenant from the configured claim name');
    }
    const forged = await as(c, await sign('RS256', 'rs1', stranger.privateKey), '/insights');
    assert.equal(forged.status, 401);
    const hs = await as(c, await hs256({ org: 'acme' }, { aud: 'llmo' }), '/insights');
    assert.equal(hs.status, 401, 'HS256 is not accepted when keys come from a JWKS');
  });
});

describe('abuse limits', () => {
  it('rate-limits each key with a token bucket: 429 with Retry-After', async () => {
    const db = await freshDb('rl.sqlite');
    const k = cliKey(db, 'acme', 'read');
    const c = await startCollector({ db, args: ['--auth', 'required'], env: { LLMOBSERVE_RATE_LIMIT: '1', LLMOBSERVE_RATE_BURST: '3' } });
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 5; i++) {
        const r = await as(c, k.key, '/health?x=' + i);
        const q = await as(c, k.key, '/insights');
        statuses.push(q.status);
        if (q.status === 429) retryAfter = q.headers.get('retry-after');
        assert.equal(r.status, 200, 'public routes are not rate limited');
      }
      assert.deepEqual(statuses.slice(0, 3), [200, 200, 200]);
      assert.ok(statuses.includes(429));
      assert.ok(Number(retryAfter) >= 1);
    } finally {
      await c.stop();
    }
  });

  it('throttles failed authentication per address, but never locks out a valid key from that address', async () => {
    const db = await freshDb('fa.sqlite');
    const k = cliKey(db, 'acme', 'read');
    const c = await startCollector({ db, args: ['--auth', 'required'], env: { LLMOBSERVE_AUTH_FAILURES: '5' } });
    try {
      for (let i = 0; i < 4; i++) assert.equal((await as(c, 'llmo_sk_' + 'A'.repeat(31) + i, '/insights')).status, 401);
      const blocked = await as(c, 'llmo_sk_' + 'A'.repeat(31) + 'x', '/insights');
      assert.equal(blocked.status, 429, 'the 5th failure within the window is answered 429');
      assert.equal(blocked.body.error.code, 'too_many_failed_attempts');
      assert.ok(Number(blocked.headers.get('retry-after')) > 0);
      assert.equal((await as(c, 'not a credential at all', '/insights')).status, 429);
      const valid = await as(c, k.key, '/insights');
      assert.equal(valid.status, 200, 'a valid key from the throttled address still works');
      const signIn = await request(c.url, '/session', { method: 'POST', json: { credential: k.key } });
      assert.equal(signIn.status, 200, 'and can still sign in');
    } finally {
      await c.stop();
    }
  });

  it('limits sign-ins per address (LLMOBSERVE_SIGNIN_BURST), valid or not', async () => {
    const db = await freshDb('si.sqlite');
    const k = cliKey(db, 'acme', 'read');
    const c = await startCollector({ db, args: ['--auth', 'required'], env: { LLMOBSERVE_SIGNIN_BURST: '3', LLMOBSERVE_SIGNIN_RATE: '1' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await request(c.url, '/session', { method: 'POST', json: { credential: k.key } })).status);
      assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
      const anon = await request(c.url, '/session');
      assert.deepEqual([anon.body.authenticated, anon.body.scopes, anon.body.platform_admin], [false, [], false], 'nobody signed in claims no scope in required mode');
    } finally {
      await c.stop();
    }
  });

  it('a malformed session cookie is no session, never a 500 (D4); a JWT without exp is refused (D13)', async () => {
    const c = await startCollector({ args: ['--auth', 'required'], env: { LLMOBSERVE_JWT_SECRET: SECRET, LLMOBSERVE_JWT_AUDIENCE: 'llmobserve', LLMOBSERVE_JWT_ISSUER: 'https://platform.test' } });
    try {
    const bad = await request(c.url, '/session', { headers: { cookie: 'llmo_session=%ZZ' } });
    assert.equal(bad.status, 200);
    assert.equal(bad.body.authenticated, false);
    assert.equal((await request(c.url, '/insights', { headers: { cookie: 'llmo_session=%ZZ' } })).status, 401);
    const forever = await new SignJWT({ tenant_id: 'acme' }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setSubject('user-1')
      .setIssuer('https://platform.test').setAudience('llmobserve').sign(new TextEncoder().encode(SECRET));
    const r = await as(c, forever, '/insights');
    assert.equal(r.status, 401);
    assert.match(r.body.error.message, /exp/);
    } finally {
      await c.stop();
    }
  });

  it('a JWKS outage answers 503 and is not counted as failed attempts: valid keys keep working', async () => {
    const db = await freshDb('jwks-down.sqlite');
    const k = cliKey(db, 'acme', 'read');
    // A port nobody listens on: every JWKS fetch fails at once.
    const c = await startCollector({ db, args: ['--auth', 'required'], env: { LLMOBSERVE_JWKS_URL: 'http://127.0.0.1:9/jwks.json', LLMOBSERVE_AUTH_FAILURES: '3' } });
    try {
      const { privateKey } = await generateKeyPair('RS256');
      const jwt = await new SignJWT({ tenant_id: 'acme' }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setExpirationTime('5m').sign(privateKey);
      for (let i = 0; i < 6; i++) {
        const r = await as(c, jwt, '/insights');
        assert.equal(r.status, 503, JSON.stringify(r.body));
        assert.equal(r.body.error.code, 'auth_unavailable');
        assert.ok(Number(r.headers.get('retry-after')) > 0);
      }
      assert.equal((await as(c, 'llmo_sk_' + 'Z'.repeat(32), '/insights')).status, 401, 'the outage counted no failure');
      assert.equal((await as(c, k.key, '/insights')).status, 200);
    } finally {
      await c.stop();
    }
  });

  it('answers CORS only for the configured dashboard origins', async () => {
    const c = await startCollector({ env: { LLMOBSERVE_CORS_ORIGINS: 'http://dash.example.test' } });
    try {
      const pre = (origin: string) => fetch(`${c.url}/insights`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET' } });
      assert.equal((await pre('http://dash.example.test')).headers.get('access-control-allow-origin'), 'http://dash.example.test');
      assert.equal((await pre('http://evil.example.test')).headers.get('access-control-allow-origin'), null);
    } finally {
      await c.stop();
    }
  });
});

describe('modes', () => {
  it('refuses to serve open on a non-loopback address unless told so explicitly', async () => {
    const r = spawnSync(process.execPath, [CLI, 'serve', '--host', '0.0.0.0', '--port', '0', '--db', join(tempDir(), 'm.sqlite')], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /refusing to serve without authentication on 0\.0\.0\.0/);
    const c = await startCollector({ args: ['--host', '0.0.0.0', '--auth', 'open'] }).catch((e: Error) => e);
    assert.ok(!(c instanceof Error), String(c));
    await (c as RunningCollector).stop();
  });
  it('in open mode, credentials are optional but checked when given', async () => {
    const db = await freshDb('open.sqlite');
    const k = cliKey(db, 'acme', 'ingest,read');
    const c = await startCollector({ db });
    try {
      assert.equal((await post(c.url, [ev({ span_id: 'o1' })])).body.accepted, 1);
      const withKey = await as(c, k.key, '/events', { method: 'POST', json: [ev({ span_id: 'o2' })] });
      assert.equal(withKey.body.accepted, 1);
      assert.equal((await as(c, k.key, '/insights')).body.tenant_id, 'acme');
      assert.equal((await request(c.url, '/runs/o2?tenant_id=acme')).status, 200);
      assert.equal((await as(c, 'llmo_sk_' + 'B'.repeat(32), '/insights')).status, 401);
      assert.equal((await as(c, 'a.b.c', '/insights')).status, 401, 'a malformed JWT is still refused');
      // The seed's LLMOBSERVE_API_KEY="dev-mode" is a placeholder, not a credential: anonymous, as without it.
      const placeholder = await as(c, 'dev-mode', '/events', { method: 'POST', json: [ev({ span_id: 'o3', tenant_id: 'my_company' })] });
      assert.equal(placeholder.status, 200);
      assert.equal(placeholder.body.accepted, 1);
      assert.equal((await request(c.url, '/runs/o3?tenant_id=my_company')).status, 200);
    } finally {
      await c.stop();
    }
  });
});
