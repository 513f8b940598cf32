#!/usr/bin/env node
/** `llmobserve` command line: serve, migrate, help. */
import { parseArgs } from 'node:util';
import { ConfigError, parseDbTarget, resolveOtlpAttributes, resolveServeConfig } from '../config.js';
import { openModeRefusal, resolveAuthConfig } from '../auth/config.js';
import { keysCommand, tenantsCommand, KEYS_HELP, TENANTS_HELP } from './manage.js';
import { budgetsCommand } from './budgets.js';
import { buildApp } from '../server/app.js';
import { listenMetrics, type MetricsListener } from '../server/metrics-listener.js';
import { createCollectorMetrics, resolveMetricsConfig } from '../metrics/index.js';
import { resolveInsightsInterval } from '../insights/config.js';
import { migrateStorage, openStorage } from '../storage/open.js';
import { VERSION } from '../version.js';

const HELP: Record<string, string> = {
  main: `llmobserve ${VERSION} — the LLMObserve collector

Usage: llmobserve <command> [options]

Commands:
  serve     Run the collector (ingest, pricing, queries) and the dashboard
  migrate   Apply pending database migrations and exit
  tenants   Create and list tenants (works on the database directly)
  keys      Create, list and revoke API keys (works on the database directly)
  budgets   Create, list and delete budgets (through a running collector: --url, --api-key)
  help      Show help for a command: llmobserve help serve

Run "llmobserve <command> --help" for the command's options.`,
  serve: `Usage: llmobserve serve [--host HOST] [--port PORT] [--db FILE|URL]

Options:
  --host HOST        Address to listen on (env LLMOBSERVE_HOST, default 127.0.0.1)
  --port PORT        Port, 0 for any free one (env LLMOBSERVE_PORT, default 8000)
  --db FILE|URL      SQLite file or postgres:// URL (env DATABASE_URL, default ./data/llmobserve.sqlite)
  --body-limit SIZE  Largest request body after decompression (env LLMOBSERVE_BODY_LIMIT, default 5mb)
  --auth MODE        open (no credentials; default on loopback) or required (API key or JWT on every
                     request) (env LLMOBSERVE_AUTH). Serving open on a non-loopback address needs
                     --auth open explicitly.
  --log-level LEVEL  fatal|error|warn|info|debug (env LLMOBSERVE_LOG_LEVEL, default warn;
                     info adds a line per request)
  --otlp-customer-attributes NAMES
                     POST /v1/traces: span attributes naming the end-customer, first found wins
                     (env LLMOBSERVE_OTLP_CUSTOMER_ATTRIBUTES, default
                     llmobserve.customer_id,enduser.id,user.id)
  --otlp-section-attributes NAMES
                     span attributes naming a section (env LLMOBSERVE_OTLP_SECTION_ATTRIBUTES,
                     default llmobserve.section)
  --otlp-run-attributes NAMES
                     span attributes naming the run (env LLMOBSERVE_OTLP_RUN_ATTRIBUTES, default none:
                     the trace id is the run id). docs/otel.md
  -h, --help         Show this help

JWT: LLMOBSERVE_JWT_SECRET (HS256) or LLMOBSERVE_JWKS_URL (RS256/ES256), LLMOBSERVE_JWT_ISSUER,
LLMOBSERVE_JWT_AUDIENCE, LLMOBSERVE_JWT_TENANT_CLAIM (tenant_id), LLMOBSERVE_JWT_ROLE_CLAIM (role),
LLMOBSERVE_JWT_ADMIN_ROLE (admin). Limits: LLMOBSERVE_RATE_LIMIT (50 requests/s per credential),
LLMOBSERVE_RATE_BURST (100), LLMOBSERVE_AUTH_FAILURES (20 per minute per address),
LLMOBSERVE_CORS_ORIGINS (comma-separated dashboard origins). Admin-scoped keys of the tenant
LLMOBSERVE_PLATFORM_TENANT (platform) administer every tenant. Behind a TLS-terminating proxy:
LLMOBSERVE_TRUST_PROXY (true, or the proxy's addresses) makes its X-Forwarded-Proto count, so HSTS and
Secure cookies are sent; over plain HTTP neither is (nor does the CSP upgrade requests).

Metrics (GET /metrics, Prometheus; required mode: a platform-tenant key with the "metrics" scope):
LLMOBSERVE_METRICS (true), LLMOBSERVE_METRICS_CUSTOMER_LABEL (false), LLMOBSERVE_METRICS_MAX_CUSTOMERS (100),
LLMOBSERVE_METRICS_MAX_TENANTS (1000), LLMOBSERVE_METRICS_MAX_SERIES (10000); LLMOBSERVE_METRICS_LISTEN
(host:port) serves them there without credentials instead.

SIGTERM/SIGINT stop accepting requests, finish in-flight batches and close the database.`,
  tenants: TENANTS_HELP,
  keys: KEYS_HELP,
  migrate: `Usage: llmobserve migrate [--db FILE|URL] [--app-role NAME] [--app-password PASSWORD] [--owner-role NAME]

Applies pending migrations and prints what was applied. SQLite: also done at every start.
PostgreSQL: run it with the schema owner's or a superuser's URL; serve never migrates PostgreSQL and
connects as the app role, under row-level security (docs/postgres.md).

Options:
  --db FILE|URL          SQLite file or postgres:// URL (env DATABASE_URL, default ./data/llmobserve.sqlite)
  --app-role NAME        PostgreSQL: the role "serve" logs in as; granted DML on the tables and EXECUTE on
                         the admin functions only (env LLMOBSERVE_APP_ROLE, default llmobserve_app)
  --app-password PASS    PostgreSQL: creates the app role with this password if missing, else sets it
                         (env LLMOBSERVE_APP_PASSWORD; needed only to create the role)
  --owner-role NAME      PostgreSQL, when --db is a superuser: the owner role to create and migrate as
                         (env LLMOBSERVE_OWNER_ROLE, default llmobserve_owner)
  -h, --help             Show this help`,
};

function fail(message: string, code = 2): never {
  process.stderr.write(`llmobserve: ${message}\n`);
  process.exit(code);
}

async function serve(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string' }, port: { type: 'string' }, db: { type: 'string' },
      'log-level': { type: 'string' }, 'body-limit': { type: 'string' }, auth: { type: 'string' },
      'otlp-customer-attributes': { type: 'string' }, 'otlp-section-attributes': { type: 'string' }, 'otlp-run-attributes': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void console.log(HELP.serve);
  const config = resolveServeConfig(values, process.env);
  const auth = resolveAuthConfig(values, process.env);
  const otlp = resolveOtlpAttributes(values, process.env);
  const refusal = openModeRefusal(config.host, auth);
  if (refusal) throw new ConfigError(refusal);
  const metricsConfig = resolveMetricsConfig(process.env);
  const storage = await openStorage(config.db);
  const metrics = createCollectorMetrics(metricsConfig);
  const app = await buildApp({ storage, auth, bodyLimit: config.bodyLimit, logLevel: config.logLevel, limits: config.limits, metrics, otlp, insights: { intervalMs: resolveInsightsInterval(process.env) } });
  let metricsListener: MetricsListener | null = null;
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) {
      process.stderr.write(`llmobserve: ${signal} again, exiting now\n`);
      process.exit(1);
    }
    closing = true;
    process.stderr.write(`llmobserve: ${signal} received, finishing in-flight requests\n`);
    // A keep-alive connection whose request was in flight goes idle only after close() began: close it then, rather
    // than after the keep-alive timeout (72 s).
    const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
    await Promise.all([app.close(), metricsListener?.close()]);
    clearInterval(sweep);
    await storage.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  await app.listen({ host: config.host, port: config.port });
  if (metricsConfig.enabled && metricsConfig.listen) {
    metricsListener = await listenMetrics(metrics.registry, metricsConfig.listen.host, metricsConfig.listen.port);
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host.includes(':') ? `[${config.host}]` : config.host;
  const where = config.db.kind === 'sqlite' ? `sqlite ${config.db.file}` : 'postgres';
  const upgraded = storage.migration.legacyUpgraded ? ', upgraded a pre-tenant database' : '';
  console.log(`LLMObserve collector ${VERSION} listening on http://${shownHost}:${port} (storage: ${where}${upgraded}; auth: ${auth.mode}; dashboard: http://${shownHost}:${port}/dashboard)`);
  if (metricsListener) console.log(`LLMObserve metrics on ${metricsListener.url}/metrics`);
}

async function migrateCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' }, 'app-role': { type: 'string' }, 'app-password': { type: 'string' }, 'owner-role': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void console.log(HELP.migrate);
  const env = process.env;
  const { applied, current, legacyUpgraded, notes } = await migrateStorage(parseDbTarget(values.db ?? env.DATABASE_URL), {
    appRole: values['app-role'] ?? (env.LLMOBSERVE_APP_ROLE || undefined),
    appPassword: values['app-password'] ?? (env.LLMOBSERVE_APP_PASSWORD || undefined),
    ownerRole: values['owner-role'] ?? (env.LLMOBSERVE_OWNER_ROLE || undefined),
  });
  for (const note of notes) console.log(note);
  if (legacyUpgraded) console.log('upgraded a pre-tenant (seed) database: its events now belong to default_tenant');
  if (applied.length === 0) console.log(`database is up to date (schema version ${current})`);
  for (const m of applied) console.log(`applied migration ${m.version}: ${m.name}`);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve': return serve(rest);
    case 'migrate': return migrateCommand(rest);
    case 'tenants': return tenantsCommand(rest);
    case 'keys': return keysCommand(rest);
    case 'budgets': return budgetsCommand(rest);
    case undefined: case 'help': case '--help': case '-h': {
      const topic = rest[0];
      return void console.log(topic && HELP[topic] ? HELP[topic] : HELP.main);
    }
    case '--version': case '-v': return void console.log(VERSION);
    default: fail(`unknown command "${command}"\n\n${HELP.main}`);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof ConfigError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) fail((err as Error).message);
  if ((err as { code?: string }).code === 'EADDRINUSE') fail(`${(err as Error).message}: is another collector running? use --port`);
  fail(`could not start: ${(err as Error).stack ?? String(err)}`, 1);
});
