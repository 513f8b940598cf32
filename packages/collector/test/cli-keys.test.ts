// @storage sqlite,postgres
/** `llmobserve keys create`: an unknown tenant is refused clearly (a typo would make a key nobody uses); --create-tenant makes it. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CLI, tempDir } from './helpers/collector.js';

const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000 });

describe('llmobserve keys create --tenant', () => {
  it('refuses a tenant that does not exist, names the fix; --create-tenant creates it; an existing tenant needs no flag', () => {
    const db = join(tempDir(), 'k.sqlite');
    const refused = cli('keys', 'create', '--db', db, '--tenant', 'nosuch', '--scope', 'read');
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /tenant "nosuch" does not exist: create it first \("llmobserve tenants create nosuch"\), or pass --create-tenant/);
    assert.doesNotMatch(refused.stdout, /llmo_sk_/, 'no key printed');
    assert.equal(cli('tenants', 'list', '--db', db, '--json').stdout.trim(), '[]', 'nothing was created');

    const created = cli('keys', 'create', '--db', db, '--tenant', 'nosuch', '--scope', 'read', '--create-tenant', '--json');
    assert.equal(created.status, 0, created.stderr);
    assert.match(JSON.parse(created.stdout).key, /^llmo_sk_/);
    assert.deepEqual(JSON.parse(cli('tenants', 'list', '--db', db, '--json').stdout).map((t: { tenant_id: string }) => t.tenant_id), ['nosuch']);

    assert.equal(cli('tenants', 'create', 'acme', '--db', db).status, 0);
    const again = cli('keys', 'create', '--db', db, '--tenant', 'acme', '--scope', 'ingest');
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /created API key .* for tenant acme/);
  });
});
