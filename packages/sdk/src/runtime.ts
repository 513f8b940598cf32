/**
 * Lifecycle: observe() installs (once) or reconfigures the interception and the transport; flush() and shutdown().
 */
import type { TraceEvent } from '@llmobserve/shared';
import { resolveConfig, type ObserveOptions, type ResolvedConfig } from './config.js';
import { installHttpServerContext, uninstallHttpServerContext } from './context/http-server.js';
import { disableContext, enableContext } from './context/store.js';
import { installDispatcher, uninstallDispatcher, type InterceptHost, type ObservingDispatcher } from './intercept/dispatcher.js';
import { buildFinishedNow, setFinishDelay } from './intercept/finishing.js';
import { errorMessage, log } from './log.js';
import { ProviderRegistry } from './providers/registry.js';
import { setActive, getActive } from './state.js';
import { HttpSender } from './transport/sender.js';
import { emptyStats, Transport, type TransportSettings, type TransportStats } from './transport/transport.js';
import { Spool } from './spool/spool.js';
import { BudgetGuard } from './budgets/guard.js';
import { budgetRefusal } from './budgets/hook.js';

interface Runtime {
  config: ResolvedConfig;
  transport: Transport;
  host: InterceptHost;
}

let rt: Runtime | null = null;
/** Our dispatcher, kept across shutdown() when another dispatcher wraps it (reused, never stacked twice). */
let dispatcher: ObservingDispatcher | null = null;
/** Calls that ended but whose event is not built yet (a few ms at most). */
const pendingFinalize = new Set<object>();
let pendingWaiters: Array<() => void> = [];
let exitHandlersInstalled = false;
/** 'flushing': the bounded exit flush runs; 'settled': it gave up (spooled or reported), nothing more is tried */
let exitPhase: 'none' | 'flushing' | 'settled' = 'none';

const DEFAULT_FLUSH_TIMEOUT_MS = 10_000;
/**
 * A process that ends by itself (its event loop empties) waits at most this long for delivery: connect, send and
 * the collector's answer included. Then the request in flight is abandoned and what is undelivered is written to
 * the spool (with `spoolDir`) or reported as lost in one line.
 */
export const EXIT_FLUSH_TIMEOUT_MS = 3_000;

/** One spool per directory for the life of the process (a second observe() with the same dir keeps it). */
let spool: Spool | null = null;

function spoolFor(c: ResolvedConfig): Spool | null {
  if (c.spoolDir === null) return null;
  if (spool && spool.dir === c.spoolDir && spool.maxBytes === c.spoolMaxBytes) return spool;
  try {
    spool?.close();
    spool = new Spool(c.spoolDir, c.spoolMaxBytes);
  } catch (err) {
    log.warn(`spoolDir ${c.spoolDir} is not usable (${errorMessage(err)}); undeliverable events will be dropped`);
    spool = null;
  }
  return spool;
}

function transportSettings(c: ResolvedConfig): TransportSettings {
  return {
    spool: spoolFor(c),
    flushIntervalMs: c.flushIntervalMs,
    maxBatchSize: c.maxBatchSize,
    maxQueueSize: c.maxQueueSize,
    apiKey: c.apiKey,
    tenantApiKeys: c.tenantApiKeys,
  };
}

/** enforceBudgets: the blocked instances, refreshed in the background (one per runtime). */
let guard: BudgetGuard | null = null;

function budgetGuardFor(c: ResolvedConfig): BudgetGuard | null {
  guard?.close();
  guard = c.enforceBudgets
    ? new BudgetGuard({ collectorUrl: c.collectorUrl, apiKey: c.apiKey, tenantApiKeys: c.tenantApiKeys, defaultTenant: c.tenantId, refreshMs: c.budgetRefreshMs })
    : null;
  return guard;
}

/** The guard's refresh after each batch the collector answered. */
function answeringSender(url: string): HttpSender {
  const sender = new HttpSender(url);
  const send = sender.send.bind(sender);
  sender.send = async (...args) => {
    const r = await send(...args);
    const etag = r.headers['x-llmobserve-budgets'];
    guard?.answered(typeof etag === 'string' ? etag : undefined);
    return r;
  };
  return sender;
}

function makeHost(config: ResolvedConfig): InterceptHost {
  const g = budgetGuardFor(config);
  return {
    budgets: g && {
      get any() {
        return g.any;
      },
      refusal: (ctx, provider, body) => budgetRefusal(g, ctx, provider, body, config.tenantId, config.customerId),
    },
    registry: new ProviderRegistry(config.providers, new Set([config.collectorOrigin])),
    active: getActive,
    pendingStarted(token) {
      pendingFinalize.add(token);
    },
    pendingDone(token) {
      pendingFinalize.delete(token);
      if (pendingWaiters.length > 0) for (const f of pendingWaiters.slice()) f();
    },
  };
}

function emit(event: TraceEvent): void {
  rt?.transport.enqueue(event);
}

/** How long emitMany waits for the collector to take queued events before it enqueues the rest regardless. */
const EMIT_MANY_WAIT_MS = 30_000;

async function emitMany(events: readonly TraceEvent[]): Promise<void> {
  let i = 0;
  while (i < events.length) {
    const r = rt;
    if (!r) return;
    const room = r.transport.room;
    if (room > 0) {
      const end = Math.min(events.length, i + room);
      for (; i < end; i++) r.transport.enqueue(events[i]!);
      continue;
    }
    if (!(await r.transport.flush(EMIT_MANY_WAIT_MS))) {
      // the collector does not keep up (or is down): the rest overflows like any event (spooled, or dropped and counted)
      for (; i < events.length; i++) r.transport.enqueue(events[i]!);
    }
  }
}

/**
 * What could not be delivered when the process ends: written to the spool (synchronously) when there is one, else
 * counted and said in one line. Gives up the request in flight, so that nothing holds the process any longer.
 */
function settleUndelivered(r: Runtime, when: string): void {
  buildFinishedNow(); // the calls that ended: their events join the queue (spooled or counted below)
  const s = r.transport.stats();
  const building = pendingFinalize.size;
  if (s.pending === 0 && building === 0) return;
  r.transport.abandon();
  const reason = s.lastError ?? 'no answer from the collector yet';
  const extra = building > 0 ? ` (and ${building} call(s) whose event was not built yet, lost)` : '';
  if (r.config.spoolDir !== null && s.pending > 0) {
    r.transport.spillAll();
    const after = r.transport.stats();
    const written = after.spooled - s.spooled;
    log.warn(
      `${when}: ${written} undelivered event(s) written to the spool ${r.config.spoolDir} (${reason}); the next observe() with this spoolDir replays them${written < s.pending ? `; ${s.pending - written} did not fit and are lost` : ''}${extra}`,
    );
  } else {
    log.warn(`${when}: ${s.pending} event(s) not delivered to the collector are lost (${reason})${extra}; set spoolDir to keep them, or await flush() before exiting`);
  }
  r.transport.stop();
}

/** The event loop is empty: one bounded flush (EXIT_FLUSH_TIMEOUT_MS), then the rest is spooled or reported. */
function onBeforeExit(): void {
  try {
    const r = rt;
    if (!r || exitPhase !== 'none') return;
    if (!r.transport.hasWork && pendingFinalize.size === 0) return;
    exitPhase = 'flushing';
    void flush({ timeoutMs: EXIT_FLUSH_TIMEOUT_MS }).then((ok) => {
      if (rt !== r) return;
      if (ok || (!r.transport.hasWork && pendingFinalize.size === 0)) {
        exitPhase = 'none';
        return;
      }
      exitPhase = 'settled';
      settleUndelivered(r, 'exiting');
    });
  } catch {
    /* never */
  }
}

/** process.exit() (or the end after beforeExit): only synchronous work is possible here. */
function onExit(): void {
  try {
    const r = rt;
    if (!r || exitPhase === 'settled') return;
    settleUndelivered(r, 'process exit');
  } catch {
    /* never */
  }
}

/**
 * Starts observing: LLM calls made through Node's fetch (official OpenAI client and compatible servers) are tracked
 * and sent to the collector. Options are resolved as explicit option > environment > default and validated: an
 * invalid option throws `LLMObserveConfigError` here. Calling it again replaces the whole configuration (nothing
 * is patched twice).
 */
export function observe(options?: ObserveOptions): void {
  const config = resolveConfig(options);
  log.configure(config.logger, config.debug);
  for (const note of config.notes) log.warn(note);
  // before anything else: from here on every request has its own context, even on a cold start
  enableContext();

  if (!config.enabled) {
    if (dispatcher) {
      if (uninstallDispatcher(dispatcher)) dispatcher = null;
    }
    if (rt) {
      rt.config = config;
      setActive({ config, emit, emitMany });
    }
    log.debug('observe(): disabled');
    return;
  }

  const host = makeHost(config);
  setFinishDelay(config.flushIntervalMs);
  if (rt) {
    const urlChanged = rt.config.collectorUrl !== config.collectorUrl;
    rt.transport.reconfigure(transportSettings(config), urlChanged ? answeringSender(config.collectorUrl) : null);
    rt.config = config;
    rt.host = host;
  } else {
    rt = { config, transport: new Transport(transportSettings(config), answeringSender(config.collectorUrl)), host };
  }
  setActive({ config, emit, emitMany });
  dispatcher = installDispatcher(host, dispatcher);
  installHttpServerContext();
  if (!exitHandlersInstalled) {
    process.on('beforeExit', onBeforeExit);
    process.on('exit', onExit);
    exitHandlersInstalled = true;
  }
  exitPhase = 'none';
  log.debug(`observe(): collector ${config.collectorUrl}, tenant ${config.tenantId}`);
}

/** Waits until the calls that had ended when it was called have their events built (not later ones). */
function waitPendingFinalize(timeoutMs: number): Promise<void> {
  if (pendingFinalize.size === 0) return Promise.resolve();
  const snapshot = [...pendingFinalize];
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(t);
      const i = pendingWaiters.indexOf(check);
      if (i !== -1) pendingWaiters.splice(i, 1);
      resolve();
    };
    const check = () => {
      if (snapshot.every((s) => !pendingFinalize.has(s))) done();
    };
    const t = setTimeout(done, timeoutMs);
    pendingWaiters.push(check);
  });
}

export interface FlushOptions {
  /** Give up waiting after this long (default 10 s); the events stay queued. */
  timeoutMs?: number;
}

/**
 * Sends everything recorded so far (and replays the spool, if it holds events) and resolves `true` once the
 * collector accepted every one of them (or already had it), `false` otherwise: not within `timeoutMs` (collector
 * down...), or some were refused, dropped or spooled instead; `stats().lastError` says why. Never rejects.
 */
export async function flush(options: FlushOptions = {}): Promise<boolean> {
  try {
    const timeoutMs = typeof options.timeoutMs === 'number' && options.timeoutMs >= 0 ? options.timeoutMs : DEFAULT_FLUSH_TIMEOUT_MS;
    const deadline = Date.now() + timeoutMs;
    buildFinishedNow();
    await waitPendingFinalize(timeoutMs);
    const r = rt;
    if (!r) return true;
    return await r.transport.flush(Math.max(0, deadline - Date.now()));
  } catch (err) {
    log.debug(`flush: ${errorMessage(err)}`);
    return false;
  }
}

/** Flushes, then stops the timers and removes the interception. Resolves like flush(). Never rejects. */
export async function shutdown(options: FlushOptions = {}): Promise<boolean> {
  const ok = await flush(options);
  try {
    if (dispatcher && uninstallDispatcher(dispatcher)) dispatcher = null;
    uninstallHttpServerContext();
    disableContext();
    if (exitHandlersInstalled) {
      process.off('beforeExit', onBeforeExit);
      process.off('exit', onExit);
      exitHandlersInstalled = false;
    }
    rt?.transport.stop();
    guard?.close();
    guard = null;
    rt = null;
    setActive(null);
    exitPhase = 'none';
  } catch (err) {
    log.debug(`shutdown: ${errorMessage(err)}`);
  }
  return ok;
}

export type { TransportStats };

/** Delivery counters: pending, accepted, duplicates, rejected, dropped, batches, retries, lastError. */
export function stats(): TransportStats {
  return rt?.transport.stats() ?? emptyStats();
}

export function isObserving(): boolean {
  return rt !== null && rt.config.enabled;
}
