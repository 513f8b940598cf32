/**
 * `observe()` options: each resolved as explicit option > environment variable > default, and validated, so that a
 * mistake is reported clearly when `observe()` is called rather than as silently missing data later.
 */
import { closest, envBool, envValue, int, isPlainObject, LLMObserveConfigError, parseOrigin, str, validateTenantId, type Env } from './config-values.js';
import { DEFAULT_COLLECTOR_URL, DEFAULT_TENANT_ID, LIMITS } from './constants.js';
import type { Logger } from './log.js';
import { isKnownProvider, knownProviderNames } from './providers/registry.js';

export { LLMObserveConfigError };

export interface ObserveOptions {
  /** Where events are sent. Env `LLMOBSERVE_COLLECTOR_URL`; default `http://localhost:8000`. */
  collectorUrl?: string;
  /** Collector API key (`llmo_sk_…`), sent as `Authorization: Bearer`. Env `LLMOBSERVE_API_KEY`. */
  apiKey?: string;
  /** Tenant of every event unless `withTenant()` says otherwise. Env `LLMOBSERVE_TENANT_ID`; default `default_tenant`. */
  tenantId?: string;
  /** Default end-customer when none is set for the request. Env `LLMOBSERVE_CUSTOMER_ID`; default none. */
  customerId?: string;
  /** How often queued events are sent, in ms (default 500). */
  flushIntervalMs?: number;
  /** Events per request to the collector; a full batch is sent at once (default 100). */
  maxBatchSize?: number;
  /** Events kept in memory while the collector is slow or down; the oldest are dropped beyond (default 10,000). */
  maxQueueSize?: number;
  /** `false` turns tracking off (interception removed, nothing sent). Env `LLMOBSERVE_DISABLED=1|true|yes`. */
  enabled?: boolean;
  /** Debug logging of the SDK's own activity. Env `LLMOBSERVE_DEBUG=1`. */
  debug?: boolean;
  /**
   * Extra provider base URLs: an OpenAI-compatible server (local model server, gateway, test mock) is tracked
   * with a known wire format, e.g. `{ 'http://127.0.0.1:11434': 'openai' }`. Matched by origin (scheme, host, port).
   */
  providers?: Record<string, string>;
  /**
   * A request to a host that is not mapped but whose path is one of a known provider's APIs
   * (`…/v1/chat/completions`, `…/v1/responses`, `…/v1/embeddings`, `…/v1/messages`, Gemini's `…:generateContent`):
   * `'track'` (default) tracks it in that provider's format with its host in `metadata.provider_host` and says so
   * once; `'warn'` leaves it untracked and says once which `providers` entry would track it; `'off'` says nothing.
   * Env `LLMOBSERVE_DETECT_PROVIDERS`.
   */
  detectProviders?: 'track' | 'warn' | 'off';
  /** Platforms with one collector key per tenant: the key used for events of that tenant (else `apiKey`). */
  tenantApiKeys?: Record<string, string>;
  /** Where the SDK's warnings go (default `console.warn`). */
  logger?: Logger;
  /**
   * Durable delivery: a directory where events that cannot be delivered within the retry window, or that overflow
   * the memory queue, are appended, and from which they are replayed later (also by the next process). Env
   * `LLMOBSERVE_SPOOL_DIR`; default none (such events are dropped).
   */
  spoolDir?: string;
  /** Disk bound of the spool, in bytes (default 256 MiB); beyond, events are dropped (counted). */
  spoolMaxBytes?: number;
  /**
   * The customer of a batch request's result, from its `custom_id` (batch results are read by a worker, not in the
   * customer's request): e.g. `(id) => id.split(':')[0]` for custom ids like `cust_42:row-7`. Return null or
   * undefined to keep the reader's customer. Default: the customer of the context reading the results.
   */
  batchCustomerId?: (customId: string) => string | null | undefined;
  /**
   * Refuse provider calls that fall under a budget instance the collector reports `blocked` (they throw
   * BudgetExceededError before any byte is sent). Env `LLMOBSERVE_ENFORCE_BUDGETS=1`; default false.
   */
  enforceBudgets?: boolean;
  /** How often the blocked instances are refreshed from the collector (ms, default 5000). */
  budgetRefreshMs?: number;
}

export interface ResolvedConfig {
  /** corrections made while resolving (logged by observe()) */
  notes: string[];
  /** the base URL (without /events) */
  collectorUrl: string;
  collectorOrigin: string;
  apiKey: string | null;
  tenantId: string;
  customerId: string | null;
  flushIntervalMs: number;
  maxBatchSize: number;
  maxQueueSize: number;
  enabled: boolean;
  debug: boolean;
  /** origin -> provider name (the `providers` option, and OPENAI_BASE_URL / ANTHROPIC_BASE_URL) */
  providers: Map<string, string>;
  detectProviders: 'track' | 'warn' | 'off';
  tenantApiKeys: Map<string, string>;
  logger: Logger | undefined;
  spoolDir: string | null;
  spoolMaxBytes: number;
  batchCustomerId: ((customId: string) => string | null | undefined) | null;
  enforceBudgets: boolean;
  budgetRefreshMs: number;
}

/** Environment variables the official clients read as their base URL, and the wire format behind them. */
const BASE_URL_ENV: ReadonlyArray<readonly [string, string]> = [
  ['OPENAI_BASE_URL', 'openai'],
  ['ANTHROPIC_BASE_URL', 'anthropic'],
];

const OPTION_NAMES: ReadonlyArray<keyof ObserveOptions> = [
  'collectorUrl',
  'apiKey',
  'tenantId',
  'customerId',
  'flushIntervalMs',
  'maxBatchSize',
  'maxQueueSize',
  'enabled',
  'debug',
  'providers',
  'detectProviders',
  'tenantApiKeys',
  'logger',
  'spoolDir',
  'spoolMaxBytes',
  'batchCustomerId',
  'enforceBudgets',
  'budgetRefreshMs',
];

/** Resolves and validates; throws `LLMObserveConfigError` naming the offending option. */
export function resolveConfig(options: ObserveOptions | undefined, env: Env = process.env): ResolvedConfig {
  if (options !== undefined && !isPlainObject(options)) {
    throw new LLMObserveConfigError('observe() takes an options object');
  }
  const o: Record<string, unknown> = options ?? {};
  for (const key of Object.keys(o)) {
    if (!(OPTION_NAMES as readonly string[]).includes(key)) {
      const hint = closest(key, OPTION_NAMES);
      throw new LLMObserveConfigError(`unknown option ${JSON.stringify(key)}${hint ? ` (did you mean ${hint}?)` : ''}`);
    }
  }
  const pick = (key: keyof ObserveOptions, envName?: string): { value: unknown; from: string } | undefined => {
    if (o[key] !== undefined) return { value: o[key], from: key };
    if (envName) {
      const e = envValue(env, envName);
      if (e !== undefined) return { value: e, from: envName };
    }
    return undefined;
  };

  const urlIn = pick('collectorUrl', 'LLMOBSERVE_COLLECTOR_URL');
  const collectorUrlRaw = urlIn ? str(urlIn.from, urlIn.value, 2048) : DEFAULT_COLLECTOR_URL;
  const collectorOrigin = parseOrigin(urlIn?.from ?? 'collectorUrl', collectorUrlRaw);
  const notes: string[] = [];
  let collectorUrl = collectorUrlRaw.replace(/\/+$/, '');
  // the SDK appends /events itself: a URL copied from the API docs (…/events) would make every batch a 404
  if (/\/events$/i.test(collectorUrl)) {
    const fixed = collectorUrl.replace(/\/events$/i, '');
    notes.push(`${urlIn?.from ?? 'collectorUrl'} ${collectorUrl} ends in /events; the SDK adds /events itself, so ${fixed} is used`);
    collectorUrl = fixed;
  }

  const keyIn = pick('apiKey', 'LLMOBSERVE_API_KEY');
  const apiKey = keyIn ? str(keyIn.from, keyIn.value, 4096) : null;
  if (apiKey !== null && /[\r\n]/.test(apiKey)) throw new LLMObserveConfigError(`${keyIn!.from} must not contain line breaks`);

  const tenantIn = pick('tenantId', 'LLMOBSERVE_TENANT_ID');
  const tenantId = tenantIn ? validateTenantId(tenantIn.from, tenantIn.value) : DEFAULT_TENANT_ID;

  const customerIn = pick('customerId', 'LLMOBSERVE_CUSTOMER_ID');
  const customerId = customerIn ? str(customerIn.from, customerIn.value, LIMITS.customerIdLength) : null;

  const flushIntervalMs = o.flushIntervalMs === undefined ? 500 : int('flushIntervalMs', o.flushIntervalMs, 10, 600_000);
  const maxBatchSize = o.maxBatchSize === undefined ? 100 : int('maxBatchSize', o.maxBatchSize, 1, 10_000);
  const maxQueueSize = o.maxQueueSize === undefined ? 10_000 : int('maxQueueSize', o.maxQueueSize, 1, 10_000_000);

  let enabled: boolean;
  if (o.enabled !== undefined) {
    if (typeof o.enabled !== 'boolean') throw new LLMObserveConfigError('enabled must be a boolean');
    enabled = o.enabled;
  } else {
    enabled = !(envBool(env, 'LLMOBSERVE_DISABLED') ?? false);
  }
  let debug: boolean;
  if (o.debug !== undefined) {
    if (typeof o.debug !== 'boolean') throw new LLMObserveConfigError('debug must be a boolean');
    debug = o.debug;
  } else {
    debug = envBool(env, 'LLMOBSERVE_DEBUG') ?? false;
  }

  const providers = new Map<string, string>();
  if (o.providers !== undefined) {
    if (!isPlainObject(o.providers)) {
      throw new LLMObserveConfigError("providers must be an object like { 'http://127.0.0.1:8080': 'openai' }");
    }
    for (const [url, name] of Object.entries(o.providers)) {
      const origin = parseOrigin(`providers key`, url);
      if (typeof name !== 'string' || !isKnownProvider(name)) {
        throw new LLMObserveConfigError(
          `providers[${JSON.stringify(url)}] = ${JSON.stringify(name)} is not a known provider (known: ${knownProviderNames().join(', ')})`,
        );
      }
      if (origin === collectorOrigin) {
        throw new LLMObserveConfigError(`providers[${JSON.stringify(url)}] is the collector itself; it is never tracked`);
      }
      providers.set(origin, name);
    }
  }

  // the official clients' base-URL variables: a gateway or proxy set there is that provider's API
  for (const [name, provider] of BASE_URL_ENV) {
    const v = envValue(env, name);
    if (v === undefined || v === '') continue;
    let origin: string;
    try {
      origin = new URL(v).origin;
    } catch {
      notes.push(`${name}=${JSON.stringify(v.slice(0, 200))} is not a URL; calls through it are not mapped to ${provider}`);
      continue;
    }
    if (origin === 'null' || origin === collectorOrigin || providers.has(origin)) continue;
    providers.set(origin, provider);
  }

  const detectIn = pick('detectProviders', 'LLMOBSERVE_DETECT_PROVIDERS');
  let detectProviders: ResolvedConfig['detectProviders'] = 'track';
  if (detectIn) {
    const v = detectIn.value;
    if (v !== 'track' && v !== 'warn' && v !== 'off') {
      throw new LLMObserveConfigError(`${detectIn.from} must be 'track', 'warn' or 'off' (got ${JSON.stringify(v)})`);
    }
    detectProviders = v;
  }

  const tenantApiKeys = new Map<string, string>();
  if (o.tenantApiKeys !== undefined) {
    if (!isPlainObject(o.tenantApiKeys)) throw new LLMObserveConfigError('tenantApiKeys must be an object { tenantId: apiKey }');
    for (const [t, k] of Object.entries(o.tenantApiKeys)) {
      validateTenantId('tenantApiKeys key', t);
      const key = str(`tenantApiKeys[${JSON.stringify(t)}]`, k, 4096);
      if (/[\r\n]/.test(key)) throw new LLMObserveConfigError(`tenantApiKeys[${JSON.stringify(t)}] must not contain line breaks`);
      tenantApiKeys.set(t, key);
    }
  }

  let logger: Logger | undefined;
  if (o.logger !== undefined) {
    if (!isPlainObject(o.logger) || typeof (o.logger as { warn?: unknown }).warn !== 'function') {
      throw new LLMObserveConfigError('logger must have a warn(message) method');
    }
    logger = o.logger as unknown as Logger;
  }

  const spoolIn = pick('spoolDir', 'LLMOBSERVE_SPOOL_DIR');
  const spoolDir = spoolIn ? str(spoolIn.from, spoolIn.value, 4096) : null;
  const spoolMaxBytes =
    o.spoolMaxBytes === undefined ? 256 * 1024 * 1024 : int('spoolMaxBytes', o.spoolMaxBytes, 1024, Number.MAX_SAFE_INTEGER);

  if (o.batchCustomerId !== undefined && typeof o.batchCustomerId !== 'function') {
    throw new LLMObserveConfigError('batchCustomerId must be a function (customId) => customer id');
  }
  const batchCustomerId = (o.batchCustomerId as ResolvedConfig['batchCustomerId'] | undefined) ?? null;

  const enforceBudgets = o.enforceBudgets === undefined ? process.env.LLMOBSERVE_ENFORCE_BUDGETS === '1' : o.enforceBudgets === true;
  const budgetRefreshMs = o.budgetRefreshMs === undefined ? 5_000 : int('budgetRefreshMs', o.budgetRefreshMs, 100, 3_600_000);

  return {
    notes,
    enforceBudgets,
    budgetRefreshMs,
    spoolDir,
    spoolMaxBytes,
    batchCustomerId,
    collectorUrl,
    collectorOrigin,
    apiKey,
    tenantId,
    customerId,
    flushIntervalMs,
    maxBatchSize,
    maxQueueSize,
    enabled,
    debug,
    providers,
    detectProviders,
    tenantApiKeys,
    logger,
  };
}
