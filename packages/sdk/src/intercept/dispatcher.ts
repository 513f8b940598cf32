/**
 * The interception point: an undici Dispatcher installed as the global dispatcher, wrapping the one that was there.
 *
 * Node's built-in fetch (which the official `openai` and `@anthropic-ai/sdk` clients use, even when they captured
 * `globalThis.fetch` before `observe()`) sends every request through the global dispatcher, looked up per request.
 * For each request we ask the provider registry about its origin: unknown origins (and the collector, which the
 * transport reaches with node:http anyway) go straight to the wrapped dispatcher; tracked ones get their handler
 * decorated by a CallTracker. The wrapper holds no per-request state of its own.
 *
 * The `undici` package is loaded on the first observe(), not when the SDK is imported: importing it installs an
 * Agent of its own as global dispatcher when none exists yet. Before loading it we make Node's built-in fetch
 * initialise its own global dispatcher (its internal undici loads lazily, e.g. when the lazy global `Headers` is
 * first read), so that we wrap Node's own Agent and leave fetch exactly as it was, only observed.
 */
import { createRequire } from 'node:module';
import type { Dispatcher } from 'undici';
import { currentContext, type Context } from '../context/store.js';
import { errorMessage, log } from '../log.js';
import { detectByPath, originOf, type ProviderRegistry } from '../providers/registry.js';
import type { EndpointMatch, ProviderAdapter } from '../providers/types.js';
import { BatchResultsTracker } from './batch-results.js';
import { CallTracker, type LegacyHandler, type TrackerHost } from './tracker.js';
import { operationFor, retryCount } from './operations.js';
import { refuse } from '../budgets/refuse.js';

const MARK = Symbol.for('llmobserve.dispatcher');

export interface InterceptHost extends TrackerHost {
  registry: ProviderRegistry;
  /** enforceBudgets: the blocked budget instances (null: not enforced). */
  budgets?: BudgetCheck | null;
}

/** What the dispatcher asks before sending a tracked request (budgets/hook.ts). */
export interface BudgetCheck {
  /** false while nothing is blocked: the only cost per call then. */
  readonly any: boolean;
  refusal(ctx: Context, provider: string, body: unknown): Error | null;
}

/** track(): the request was refused (enforceBudgets) and failed without being sent. */
const REFUSED = Symbol('refused');

type DispatchOptions = Dispatcher.DispatchOptions;

function clientTimeoutMs(headers: unknown): number | null {
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers)) return null;
  const h = headers as Record<string, unknown>;
  const v = h['x-stainless-timeout'] ?? h['X-Stainless-Timeout'];
  const n = typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 ? n * 1000 : null;
}

type UndiciModule = typeof import('undici');
let undici: UndiciModule | null = null;

function loadUndici(): UndiciModule {
  if (undici) return undici;
  try {
    void (globalThis as { Headers?: unknown }).Headers;
  } catch {
    /* no built-in fetch: undici installs its own Agent */
  }
  undici = createRequire(import.meta.url)('undici') as UndiciModule;
  return undici;
}

export interface ObservingDispatcher extends Dispatcher {
  readonly [MARK]: true;
  /** null: pass everything through (uninstalled while another dispatcher wraps us). */
  host: InterceptHost | null;
  readonly inner: Dispatcher;
  /** Stops forwarding the wrapped dispatcher's events (after it was put back as the global one). */
  detach(): void;
}

type ObservingDispatcherClass = new (inner: Dispatcher, host: InterceptHost) => ObservingDispatcher;
let ObservingDispatcherImpl: ObservingDispatcherClass | null = null;

/** The class extends undici's Dispatcher (compose(), request()... keep working), so it is made after loading it. */
function observingDispatcherClass(): ObservingDispatcherClass {
  if (ObservingDispatcherImpl) return ObservingDispatcherImpl;
  const { Dispatcher: Base } = loadUndici();
  class Impl extends Base {
    readonly [MARK] = true as const;
    host: InterceptHost | null;
    private readonly forwarders: Array<[string, (...args: unknown[]) => void]> = [];

    constructor(
      readonly inner: Dispatcher,
      host: InterceptHost,
    ) {
      super();
      this.host = host;
      // forward the wrapped dispatcher's events (typed per event by undici; plain EventEmitter calls here)
      const emitter = inner as unknown as NodeJS.EventEmitter;
      for (const ev of ['connect', 'disconnect', 'connectionError', 'drain']) {
        const f = (...args: unknown[]) => void (this as unknown as NodeJS.EventEmitter).emit(ev, ...args);
        emitter.on(ev, f);
        this.forwarders.push([ev, f]);
      }
    }

    detach(): void {
      const emitter = this.inner as unknown as NodeJS.EventEmitter;
      for (const [ev, f] of this.forwarders) emitter.off(ev, f);
      this.forwarders.length = 0;
    }

    override dispatch(opts: DispatchOptions, handler: Dispatcher.DispatchHandlers): boolean {
      const host = this.host;
      if (host !== null) {
        const tracked = track(host, opts, handler);
        if (tracked === REFUSED) return true;
        if (tracked !== null) return this.inner.dispatch(opts, tracked as unknown as Dispatcher.DispatchHandlers);
      }
      return this.inner.dispatch(opts, handler);
    }

    override close(...args: unknown[]): never {
      return (this.inner.close as (...a: unknown[]) => never)(...args);
    }

    override destroy(...args: unknown[]): never {
      return (this.inner.destroy as (...a: unknown[]) => never)(...args);
    }
  }
  ObservingDispatcherImpl = Impl as unknown as ObservingDispatcherClass;
  return ObservingDispatcherImpl;
}

/**
 * What the registry and the adapter said about the last tracked request's origin, method and path (pure functions
 * of them): requests to the same endpoint one after another, the common case, skip the lookups.
 */
interface Route {
  readonly registry: ProviderRegistry;
  readonly origin: string;
  readonly method: string;
  readonly path: string;
  readonly adapter: ProviderAdapter;
  readonly match: EndpointMatch;
  readonly providerHost: string | null;
}
let lastRoute: Route | null = null;

function track(host: InterceptHost, opts: DispatchOptions, handler: Dispatcher.DispatchHandlers): LegacyHandler | typeof REFUSED | null {
  try {
    const h = handler as unknown as LegacyHandler;
    const route = lastRoute;
    if (route !== null && route.path === opts.path && route.origin === opts.origin && route.method === opts.method && route.registry === host.registry) {
      return isLegacy(h) ? trackCall(host, opts, h, route.adapter, route.match, route.providerHost) : null;
    }
    const fromRegistry = host.registry.lookup(opts.origin);
    const adapter = fromRegistry ?? detect(host, opts);
    if (adapter === undefined) return null;
    // only the legacy handler interface is decorated; anything else passes through untracked
    if (!isLegacy(h)) return null;
    const batch = adapter.batchResults;
    const ref = batch ? batch.match(opts.method, opts.path) : null;
    if (batch && ref !== null) return new BatchResultsTracker(h, host, adapter, batch, ref, currentContext());
    const match = adapter.matchEndpoint(opts.method, opts.path);
    if (match === null) return null;
    const providerHost = providerHostOf(opts.origin, adapter);
    if (fromRegistry !== undefined && typeof opts.origin === 'string') {
      lastRoute = { registry: host.registry, origin: opts.origin, method: opts.method, path: opts.path, adapter, match, providerHost };
    }
    return trackCall(host, opts, h, adapter, match, providerHost);
  } catch (err) {
    log.debug(`interceptor: ${errorMessage(err)}`);
    return null;
  }
}

function trackCall(
  host: InterceptHost,
  opts: DispatchOptions,
  h: LegacyHandler,
  adapter: ProviderAdapter,
  match: EndpointMatch,
  providerHost: string | null,
): CallTracker | typeof REFUSED {
  const ctx = currentContext();
  if (host.budgets?.any) {
    const refused = host.budgets.refusal(ctx, adapter.name, opts.body);
    if (refused !== null) {
      // nothing is sent: fetch rejects with the refusal, or an official client gets a local 402 (budgets/refuse.ts)
      queueMicrotask(() => refuse(h, refused, retryCount(opts.headers) !== null));
      return REFUSED;
    }
  }
  const operation = operationFor(ctx, `${opts.origin} ${opts.method} ${opts.path}`, retryCount(opts.headers));
  return new CallTracker(h, host, adapter, match, ctx, clientTimeoutMs(opts.headers), operation, providerHost);
}

function isLegacy(h: LegacyHandler): boolean {
  return typeof h.onHeaders === 'function' && typeof h.onData === 'function' && typeof h.onComplete === 'function' && typeof h.onError === 'function';
}

/** Raw `origin` -> the origin to record when it is not one of the adapter's own (bounded memo: no URL parse per call). */
const hostMemo = new Map<unknown, string | null>();

function providerHostOf(raw: unknown, adapter: ProviderAdapter): string | null {
  let host = hostMemo.get(raw);
  if (host === undefined) {
    const origin = originOf(raw);
    host = origin !== null && !adapter.origins.includes(origin) ? origin : null;
    if (hostMemo.size >= 1000) hostMemo.clear();
    if (typeof raw === 'string') hostMemo.set(raw, host);
  }
  return host;
}

/**
 * An unmapped host whose path is a known provider's API (a gateway, `OPENAI_BASE_URL`, a self-hosted server):
 * tracked in that format (`detectProviders: 'track'`, the default) or left untracked (`'warn'`), said once per host
 * with the `providers` entry that maps it.
 */
function detect(host: InterceptHost, opts: DispatchOptions): ProviderAdapter | undefined {
  const mode = host.active()?.config.detectProviders ?? 'off';
  if (mode === 'off') return undefined;
  const guess = detectByPath(opts.method, opts.path);
  if (guess === null) return undefined;
  const origin = originOf(opts.origin);
  if (origin === null || host.registry.excludes(origin)) return undefined;
  const path = opts.path.split('?')[0]!;
  const entry = `providers: { '${origin}': '${guess.name}' }`;
  if (mode === 'warn') {
    log.warnOnce(`detect-${mode}:${origin}`, `not tracked: ${opts.method} ${origin}${path} looks like the ${guess.name} API; observe({ ${entry} }) tracks it`);
    return undefined;
  }
  log.warnOnce(
    `detect-${mode}:${origin}`,
    `tracking ${origin} as ${guess.name} (${path} is a ${guess.name} API path; host recorded in metadata.provider_host); observe({ ${entry} }) maps it explicitly, detectProviders: 'off' stops this`,
  );
  return guess;
}

export function isObservingDispatcher(d: unknown): d is ObservingDispatcher {
  return typeof d === 'object' && d !== null && (d as Record<symbol, unknown>)[MARK] === true;
}

/**
 * Installs the wrapper as the global dispatcher (once), or returns the installed one. Returns null when another
 * copy of this SDK already intercepts (e.g. both its ESM and CommonJS builds are loaded): never track twice.
 */
export function installDispatcher(host: InterceptHost, current: ObservingDispatcher | null): ObservingDispatcher | null {
  const { getGlobalDispatcher, setGlobalDispatcher } = loadUndici();
  const Impl = observingDispatcherClass();
  const global = getGlobalDispatcher();
  // `current`: ours from an earlier observe(); still global, or still wrapped by someone else's dispatcher
  if (current !== null) {
    current.host = host;
    return current;
  }
  if (isObservingDispatcher(global)) {
    if (global instanceof Impl) {
      global.host = host;
      return global;
    }
    log.warnOnce('two-copies', 'another copy of llmobserve already intercepts HTTP calls; this copy does not (load only one)');
    return null;
  }
  const d = new Impl(global, host);
  setGlobalDispatcher(d);
  return d;
}

/**
 * Removes the wrapper: restores the wrapped dispatcher if we are still the global one (returns true), else leaves
 * it in place passing everything through (returns false; it is reused by the next `observe()`).
 */
export function uninstallDispatcher(d: ObservingDispatcher): boolean {
  const { getGlobalDispatcher, setGlobalDispatcher } = loadUndici();
  d.host = null;
  if (getGlobalDispatcher() !== d) return false;
  setGlobalDispatcher(d.inner);
  d.detach();
  return true;
}
