/** `llmobserve tenants …` and `llmobserve keys …`: bootstrap management straight on the database. */
import { parseArgs } from 'node:util';
import { TENANT_ID_PATTERN } from '@llmobserve/shared';
import { generateApiKey } from '../auth/api-keys.js';
import { ConfigError, parseDbTarget } from '../config.js';
import { presentKey } from '../server/management-routes.js';
import { openStorage } from '../storage/open.js';
import { MAX_RETENTION_DAYS } from '../storage/retention.js';
import { SCOPES, type Scope, type Storage } from '../storage/types.js';

export const TENANTS_HELP = `Usage: llmobserve tenants create <tenant_id> [--name NAME] [--db FILE|URL]
       llmobserve tenants list [--db FILE|URL] [--json]
       llmobserve tenants retention <tenant_id> <days|off> [--db FILE|URL]
                 keep the tenant's raw events this many days (rollups and runs are kept); off = for ever

Tenant ids: letters, digits and _ . : - (up to 64 characters, starting with a letter or digit).`;

export const KEYS_HELP = `Usage: llmobserve keys create --tenant ID --scope ingest,read[,admin][,metrics] [--create-tenant] [--name NAME] [--expires-in-days N] [--json]
       llmobserve keys list --tenant ID [--json]
       llmobserve keys revoke <key_id> --tenant ID

Options:
  --db FILE|URL   SQLite file or postgres:// URL (env DATABASE_URL, default ./data/llmobserve.sqlite)
  --create-tenant (keys create) register the tenant if it does not exist yet; without it, an unknown tenant
                  is refused (a typo would otherwise make a key for a tenant nobody uses)
  -h, --help      Show this help

The key is printed once, at creation; only its hash is stored. Scopes: ingest (POST /events), read (queries),
admin (manage the tenant's keys), metrics (GET /metrics; on keys of the platform tenant). An admin key of the
platform tenant (LLMOBSERVE_PLATFORM_TENANT, default "platform") administers every tenant.`;

const TENANT_RE = new RegExp(TENANT_ID_PATTERN);

function tenantArg(value: string | undefined, what = '--tenant'): string {
  if (!value) throw new ConfigError(`${what} is required`);
  if (!TENANT_RE.test(value)) throw new ConfigError(`${what}: "${value}" is not a valid tenant id (${TENANT_ID_PATTERN})`);
  return value;
}

async function withStorage<T>(db: string | undefined, fn: (s: Storage) => Promise<T>): Promise<T> {
  const storage = await openStorage(parseDbTarget(db ?? process.env.DATABASE_URL));
  try {
    return await fn(storage);
  } finally {
    await storage.close();
  }
}

export async function tenantsCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: { db: { type: 'string' }, name: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  const [sub, id] = positionals;
  if (values.help || sub === undefined) return void console.log(TENANTS_HELP);
  if (sub === 'create') {
    const tenantId = tenantArg(id, 'tenant id');
    const { created } = await withStorage(values.db, (s) => s.admin.createTenant(tenantId, values.name ?? null, Date.now()));
    console.log(created ? `created tenant ${tenantId}` : `tenant ${tenantId} already exists`);
    return;
  }
  if (sub === 'list') {
    const tenants = await withStorage(values.db, (s) => s.admin.listTenants());
    if (values.json) return void console.log(JSON.stringify(tenants));
    for (const t of tenants) console.log(`${t.tenant_id}${t.name ? `\t${t.name}` : ''}${t.created_at === null ? '\t(events only)' : ''}${t.retention_days === null ? '' : `\tretention ${t.retention_days} days`}`);
    return;
  }
  if (sub === 'retention') {
    const tenantId = tenantArg(id, 'tenant id');
    const value = positionals[2];
    const days = value === 'off' ? null : Number(value);
    if (days !== null && !(Number.isInteger(days) && days >= 1 && days <= MAX_RETENTION_DAYS)) {
      throw new ConfigError(`retention: "${value ?? ''}" must be a number of days (1 to ${MAX_RETENTION_DAYS}) or off`);
    }
    await withStorage(values.db, (s) => s.admin.setTenantRetention(tenantId, days, Date.now()));
    console.log(days === null ? `tenant ${tenantId} keeps its raw events for ever` : `tenant ${tenantId} keeps its raw events ${days} days`);
    return;
  }
  throw new ConfigError(`unknown tenants command "${sub}"\n\n${TENANTS_HELP}`);
}

function parseScopes(value: string | undefined): Scope[] {
  if (!value) throw new ConfigError('--scope is required, e.g. --scope ingest,read');
  const scopes = [...new Set(value.split(',').map((s) => s.trim()).filter(Boolean))];
  const bad = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (bad.length > 0 || scopes.length === 0) throw new ConfigError(`--scope: unknown scope "${bad.join(', ')}"; use ${SCOPES.join(', ')}`);
  return scopes as Scope[];
}

export async function keysCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: {
      db: { type: 'string' }, tenant: { type: 'string' }, scope: { type: 'string' }, name: { type: 'string' },
      'expires-in-days': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      'create-tenant': { type: 'boolean' },
    },
  });
  const [sub, id] = positionals;
  if (values.help || sub === undefined) return void console.log(KEYS_HELP);
  if (sub === 'create') {
    const tenantId = tenantArg(values.tenant);
    const scopes = parseScopes(values.scope);
    let expiresAt: number | null = null;
    if (values['expires-in-days'] !== undefined) {
      const days = Number(values['expires-in-days']);
      if (!Number.isFinite(days) || days <= 0) throw new ConfigError('--expires-in-days must be a positive number');
      expiresAt = Date.now() + days * 86_400_000;
    }
    const generated = generateApiKey();
    const record = await withStorage(values.db, async (s) => {
      if (values['create-tenant']) await s.admin.createTenant(tenantId, null, Date.now());
      else if ((await s.admin.getTenant(tenantId)) === null) {
        throw new ConfigError(
          `tenant "${tenantId}" does not exist: create it first ("llmobserve tenants create ${tenantId}"), or pass --create-tenant`,
        );
      }
      return s.forTenant(tenantId).createApiKey({
        id: generated.id, hash: generated.hash, prefix: generated.prefix, name: values.name ?? null, scopes,
        created_at: Date.now(), expires_at: expiresAt,
      });
    });
    if (values.json) return void console.log(JSON.stringify({ key: generated.key, api_key: presentKey(record) }));
    console.log(`created API key ${record.id} for tenant ${tenantId} (scopes: ${scopes.join(', ')})`);
    console.log(generated.key);
    console.log('Store it now: it is not shown again.');
    return;
  }
  if (sub === 'list') {
    const tenantId = tenantArg(values.tenant);
    const keys = (await withStorage(values.db, (s) => s.forTenant(tenantId).listApiKeys())).map(presentKey);
    if (values.json) return void console.log(JSON.stringify(keys));
    for (const k of keys) {
      const state = k.revoked_at ? `revoked ${k.revoked_at}` : k.expires_at && Date.parse(k.expires_at) <= Date.now() ? 'expired' : 'active';
      console.log([k.id, `${k.prefix}…`, k.scopes.join(','), state, `last used ${k.last_used_at ?? 'never'}`, k.name ?? ''].join('\t'));
    }
    return;
  }
  if (sub === 'revoke') {
    const tenantId = tenantArg(values.tenant);
    if (!id) throw new ConfigError('usage: llmobserve keys revoke <key_id> --tenant ID');
    const record = await withStorage(values.db, (s) => s.forTenant(tenantId).revokeApiKey(id, Date.now()));
    if (!record) throw new ConfigError(`no API key ${id} in tenant ${tenantId}`);
    console.log(`revoked ${record.id} (${record.prefix}…) of tenant ${tenantId}`);
    return;
  }
  throw new ConfigError(`unknown keys command "${sub}"\n\n${KEYS_HELP}`);
}
