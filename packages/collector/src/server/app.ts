/** The collector's HTTP application (Fastify): parsing, error shape, routes. Built by `serve` and by tests. */
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import { EventsEnvelopeSchema, IngestResponseSchema } from '@llmobserve/shared';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { API_COMPONENTS, IngestErrorSchema } from '../schemas/index.js';
import { HealthSchema, ReadySchema } from '../schemas/admin.js';
import { errorResponses } from '../schemas/common.js';
import { registerSdkDropsRoute, SdkDrops } from './sdk-drops.js';
import { ingestBatch } from '../ingest/ingest-batch.js';
import { TokenPricer } from '../pricing/token-prices.js';
import { registerQueryRoutes } from '../query/routes.js';
import type { Storage } from '../storage/types.js';
import { startRetention } from '../storage/retention.js';
import { ApiError, errorBody, handleClientError, handleError, storageFault } from './errors.js';
import { decompressRequest } from './gzip.js';
import { credentialTenancy } from '../auth/tenancy.js';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import { Authenticator } from '../auth/authenticator.js';
import { resolveAuthConfig, type AuthConfig } from '../auth/config.js';
import { installAuth } from './auth-hooks.js';
import { Sessions } from '../auth/sessions.js';
import { registerSessionRoutes } from './session.js';
import { registerDashboard } from './dashboard-static.js';
import { registerManagementRoutes } from './management-routes.js';
import { registerPriceRoutes } from './price-routes.js';
import { registerBillingRoutes } from '../billing/routes.js';
import { BillingService } from '../billing/service.js';
import { stripeTargetFromEnv, type StripeTarget } from '../billing/stripe-sync.js';
import { PriceBooks } from '../pricing/custom-prices.js';
import { VERSION } from '../version.js';
import { DEFAULT_OTLP_ATTRIBUTES, DEFAULT_SERVER_LIMITS, type OtlpAttributeConfig, type ServerLimits } from '../config.js';
import { registerOtlpRoutes } from './otlp-routes.js';
import { insightWebhookHook, wireBillingWebhooks } from './feature-webhooks.js';
import { DEFAULT_JSON_LIMITS, jsonShapeViolation, type JsonLimits } from './json-limits.js';
import { installFiniteQueryNumbers } from './query-numbers.js';
import { redactUrl } from './log-redact.js';
import { createActionMetrics, createCollectorMetrics, type CollectorMetrics } from '../metrics/index.js';
import { registerMetricsRoute } from './metrics-route.js';
import { Insights, type InsightsOptions } from '../insights/service.js';
import { registerInsightRoutes } from '../insights/routes.js';
import { BudgetEvaluator } from '../budgets/evaluator.js';
import { registerBudgetRoutes } from '../budgets/routes.js';
import { Outbox } from '../webhooks/outbox.js';
import { registerWebhookRoutes } from '../webhooks/routes.js';
import { urlPolicy } from '../webhooks/ssrf.js';

export interface AppOptions {
  storage: Storage;
  /** Default: open mode, from resolveAuthConfig({}, {}). */
  auth?: AuthConfig;
  /** Largest request body, after decompression (default 5 MB). */
  bodyLimit?: number;
  logLevel?: string;
  /** Request/connection time limits (default DEFAULT_SERVER_LIMITS). */
  limits?: Partial<ServerLimits>;
  /** Shape bounds of JSON bodies (default DEFAULT_JSON_LIMITS). */
  jsonLimits?: JsonLimits;
  /**
   * The metrics (default: createCollectorMetrics() with its defaults). With `config.enabled` false nothing is
   * counted and there is no /metrics; with `config.listen` /metrics is served elsewhere (metrics-listener.ts).
   */
  metrics?: CollectorMetrics;
  /** Attributes that give an OTLP span's customer, section and run (default DEFAULT_OTLP_ATTRIBUTES). */
  otlp?: OtlpAttributeConfig;
  /** Billing (statements, closing, Stripe sync); default: one of its own, Stripe from the environment. */
  billing?: BillingService;
  stripe?: StripeTarget | null;
  /** Insight evaluation: the schedule (off unless intervalMs is given) and the insight.found hook. */
  insights?: InsightsOptions;
  /** Budget evaluation and webhook delivery settings (default: from the environment, see budgetOptionsFromEnv). */
  budgets?: BudgetOptions;
}

export interface BudgetOptions {
  evalIntervalMs: number;
  tickMs: number;
  webhookBackoffMs: number;
  webhookPollMs: number;
  deliveryEnabled: boolean;
}

const envInt = (env: NodeJS.ProcessEnv, name: string, fallback: number) => {
  const v = env[name];
  const n = v === undefined || v === '' ? NaN : Number(v);
  return Number.isSafeInteger(n) && n >= 0 ? n : fallback;
};

export function budgetOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): BudgetOptions {
  return {
    evalIntervalMs: envInt(env, 'LLMOBSERVE_BUDGET_EVAL_INTERVAL_MS', 200),
    tickMs: envInt(env, 'LLMOBSERVE_BUDGET_TICK_MS', 30_000),
    webhookBackoffMs: envInt(env, 'LLMOBSERVE_WEBHOOK_BACKOFF_MS', 5_000),
    webhookPollMs: envInt(env, 'LLMOBSERVE_WEBHOOK_POLL_MS', 1_000),
    deliveryEnabled: env.LLMOBSERVE_WEBHOOK_DELIVERY !== 'off',
  };
}

export const DEFAULT_BODY_LIMIT = 5 * 1024 * 1024;

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { storage } = options;
  const tenancy = credentialTenancy;
  const auth = options.auth ?? resolveAuthConfig({}, {});
  const authenticator = new Authenticator(storage.admin, auth);
  const tokens = new TokenPricer();
  const prices = new PriceBooks(storage);
  const limits = { ...DEFAULT_SERVER_LIMITS, ...options.limits };
  const jsonLimits = options.jsonLimits ?? DEFAULT_JSON_LIMITS;
  const metrics = options.metrics ?? createCollectorMetrics();
  const counted = metrics.config.enabled ? metrics.ingest : null;
  const app = Fastify({
    // Request/response lines are logged at info; the default level (warn) keeps the ingest path quiet.
    logger: {
      level: options.logLevel ?? 'warn',
      stream: process.stderr,
      // Credentials never reach a log line, whatever a serializer or a plugin decides to log.
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie', 'key'], censor: '[redacted]' },
      serializers: {
        req: (req: { method: string; url: string; host?: string; ip?: string }) => ({ method: req.method, url: redactUrl(req.url), host: req.host, remoteAddress: req.ip }),
      },
    },
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    trustProxy: auth.trustProxy ?? false,
    // A slow or stalled client cannot hold a socket (and a file descriptor) for ever.
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.connectionTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // Node checks request and header deadlines on this interval (default 30 s): check often enough to honour them.
    http: { connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))), headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs },
    // Fastify's own errors (bad URL encoding, too long path parameters) and the HTTP parser's keep the API's shape.
    frameworkErrors: (err, req, reply) => handleError(err, req, reply),
    clientErrorHandler: handleClientError,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false, allErrors: false } },
  });

  app.setErrorHandler(handleError);
  installFiniteQueryNumbers(app);
  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).send(errorBody('not_found', `no route ${req.method} ${req.url.split('?')[0]}`));
  });

  // JSON bodies are parsed as plain JSON.parse (prototype keys are harmless: events are copied field by field).
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    if (body === '') {
      done(new ApiError(400, 'empty_body', 'the request body is empty; send a JSON array of events'));
      return;
    }
    const tooComplex = jsonShapeViolation(body as string, jsonLimits);
    if (tooComplex !== null) {
      done(new ApiError(413, 'payload_too_complex', `the body is too complex to parse: ${tooComplex}`));
      return;
    }
    try {
      done(null, JSON.parse(body as string));
    } catch (err) {
      done(new ApiError(400, 'invalid_json', `the body is not valid JSON: ${(err as Error).message}`));
    }
  });
  app.addHook('preParsing', async (request, _reply, payload) => decompressRequest(request, payload));
  app.addHook('onClose', async () => authenticator.flushUses());
  // Raw-event retention per tenant, in bounded batches between ingest's transactions (storage/retention.ts).
  const retention = startRetention(storage, { onError: (err) => app.log.warn({ err }, 'retention batch failed') });
  app.addHook('onClose', async () => retention.stop());
  const budgetOptions = options.budgets ?? budgetOptionsFromEnv();
  const logFault = (what: string) => (err: unknown) => app.log.error({ err }, what);
  // the budget-state gauge reads the evaluator (declared below) only when /metrics is scraped
  const actions = metrics.config.enabled ? createActionMetrics(metrics.registry, () => evaluator.stateCounts()) : null;
  const outbox = new Outbox(storage, {
    policy: urlPolicy(auth.mode), backoffMs: budgetOptions.webhookBackoffMs, pollMs: budgetOptions.webhookPollMs,
    enabled: budgetOptions.deliveryEnabled, onError: logFault('webhook delivery pass failed'),
    ...(actions ? { onAttempt: actions.delivery } : {}),
  });
  const evaluator: BudgetEvaluator = new BudgetEvaluator(storage, {
    minIntervalMs: budgetOptions.evalIntervalMs, tickMs: budgetOptions.tickMs, onAlerts: () => outbox.kick(), onError: logFault('budget evaluation failed'),
    ...(actions ? { onAlertTypes: actions.alerts } : {}),
  });
  app.addHook('onClose', async () => {
    await evaluator.close();
    await outbox.close();
  });

  // The collector itself speaks plain HTTP: a browser told to upgrade requests or to remember HTTPS (HSTS) could no
  // longer load the dashboard from a LAN address. HSTS is sent only on requests that arrived over TLS, which
  // behind a TLS-terminating proxy means LLMOBSERVE_TRUST_PROXY and X-Forwarded-Proto: https.
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'], connectSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: false,
  });
  app.addHook('onSend', async (request, reply) => {
    if (request.protocol === 'https') void reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
  // Cross-origin browser access only for the configured dashboard origins (LLMOBSERVE_CORS_ORIGINS).
  await app.register(cors, { origin: auth.corsOrigins.length > 0 ? auth.corsOrigins : false, credentials: true });
  const sessions = new Sessions(storage.admin, authenticator, auth.platformTenant);
  const recordFailedAuth = installAuth(app, authenticator, sessions, auth);

  for (const schema of API_COMPONENTS) app.addSchema(schema);
  await app.register(swagger, {
    openapi: {
      info: { title: 'LLMObserve collector', version: VERSION, description: 'Ingest, price and query LLM and AI-API costs per tenant, customer and feature.' },
    },
    // Shared schemas keep their $id as their component name (the dashboard's generated types use these names).
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const publicRoute = { requirement: 'public' as const };
  api.get('/openapi.json', { config: publicRoute, schema: { hide: true, response: { 200: Type.Unknown({ description: 'This OpenAPI document' }) } } }, async () => app.swagger());

  api.get('/health', { config: publicRoute, schema: { tags: ['ops'], summary: 'Liveness', response: { 200: HealthSchema, ...errorResponses(500) } } }, async () => ({ status: 'ok' as const, version: VERSION, auth: auth.mode }));
  api.get('/ready', { config: publicRoute, schema: { tags: ['ops'], summary: 'Readiness: the database answers', response: { 200: ReadySchema, ...errorResponses(500, 503) } } }, async (_req, reply) => {
    try {
      await storage.ping();
      return { status: 'ready' as const, storage: storage.kind };
    } catch (err) {
      const fault = storageFault(err);
      return reply.status(503).header('retry-after', String(fault?.retryAfterS ?? 5)).send(errorBody('not_ready', (fault ?? (err as Error)).message));
    }
  });

  const drops = new SdkDrops();
  api.post(
    '/events',
    {
      config: { requirement: 'ingest' },
      schema: {
        tags: ['ingest'],
        summary: 'Ingest a batch of events (JSON array or {"events": [...]}, gzip allowed)',
        headers: Type.Object({ 'x-llmobserve-dropped': Type.Optional(Type.String({ description: 'Events the SDK dropped since its last acknowledged report' })) }),
        body: EventsEnvelopeSchema,
        response: {
          200: Type.Ref(IngestResponseSchema, { description: 'Every event stored (or already stored)' }),
          207: Type.Ref(IngestResponseSchema, { description: 'Some events rejected (see rejected); the others stored' }),
          400: IngestErrorSchema,
          ...errorResponses(401, 403, 413, 415, 429, 500, 503),
        },
      },
      // Per-event validation happens in ingestBatch, so that valid events are stored even when others are rejected:
      // the body is read as unknown, whatever its documented schema.
      validatorCompiler: () => () => true,
      // Every answer counts, refusals and client errors included (reply.elapsedTime: since the request arrived).
      onResponse: counted ? async (_req, reply) => counted.observeRequest(reply.statusCode, reply.elapsedTime / 1000) : undefined,
    },
    async (req, reply) => {
      const body: unknown = req.body;
      const outcome = await ingestBatch(body, { storage, tokens, prices }, {
        defaultTenant: tenancy.ingestDefaultTenant(req),
        refusal: (tenantId) => tenancy.ingestRefusal(req, tenantId),
      });
      if (outcome.status !== 400) {
        const tenantId = tenancy.ingestDefaultTenant(req);
        const dropped = drops.report(tenantId, req.headers['x-llmobserve-dropped']);
        counted?.recordSdkDrops(tenantId, dropped);
      }
      counted?.recordBatch(outcome.stored, outcome.body.duplicates, outcome.body.rejected.length);
      // after the commit, off the answer's path: budgets are evaluated on the events really stored
      if (outcome.stored.length > 0) evaluator.committed(outcome.stored);
      // which blocked budget instances this collector knows of (an SDK with enforceBudgets refreshes when it changed)
      const blocked = evaluator.blockedEtag(tenancy.ingestDefaultTenant(req));
      if (blocked !== undefined) void reply.header('x-llmobserve-budgets', blocked);
      return reply.status(outcome.status).send(outcome.body);
    },
  );
  registerSdkDropsRoute(app, drops, tenancy);
  if (metrics.config.enabled && metrics.config.listen === null) registerMetricsRoute(app, metrics.registry, auth.platformTenant);
  registerOtlpRoutes(app, { storage, tokens, prices }, tenancy, options.otlp ?? DEFAULT_OTLP_ATTRIBUTES, (outcome) => {
    counted?.recordBatch(outcome.stored, outcome.body.duplicates, outcome.body.rejected.length);
    if (outcome.stored.length > 0) evaluator.committed(outcome.stored);
  });
  // After @fastify/swagger, like every route, so that /openapi.json describes them.
  registerSessionRoutes(app, authenticator, sessions, auth, recordFailedAuth);

  registerQueryRoutes(app, storage, tenancy);
  registerManagementRoutes(app, storage, tenancy);
  registerPriceRoutes(app, storage, tenancy, prices);
  const billing = options.billing ?? new BillingService(storage);
  wireBillingWebhooks(billing, storage, outbox, (err, what) => app.log.error({ err }, what));
  registerBillingRoutes(app, { storage, tenancy, tokens, prices, billing, stripe: options.stripe === undefined ? stripeTargetFromEnv() : options.stripe });
  const insights = new Insights(storage, tokens, { hook: insightWebhookHook(storage, outbox, (err, what) => app.log.error({ err }, what)), ...options.insights });
  registerInsightRoutes(app, storage, tenancy, insights);
  app.addHook('onReady', async () => insights.start());
  app.addHook('onClose', async () => insights.stop());
  registerBudgetRoutes(app, storage, tenancy, evaluator);
  registerWebhookRoutes(app, storage, tenancy, urlPolicy(auth.mode), outbox);

  await registerDashboard(app);
  return app;
}
