/**
 * Framework-agnostic request attribution: every incoming request runs as its own run (fresh `run_id`), with the
 * customer and tenant resolved from the request by functions you give. Nothing is read from the request unless you
 * ask for it: `headers: true` reads `X-Customer-ID` / `X-Tenant-ID` (only behind a gateway you trust: a client could
 * otherwise bill another customer or tenant), and `propagation` continues a run started upstream
 * (`traceparent` / `baggage`, see `propagationHeaders()`).
 *
 * The adapters (Express, Fastify, Koa, Hono, Web `Request` handlers / Next.js) only say how to read a header and
 * how to call the rest of the chain; they use structural types, so the SDK depends on no framework.
 */
import { LIMITS, TENANT_ID_RE } from '../constants.js';
import { newId } from '../events.js';
import { errorMessage, log } from '../log.js';
import { contextFromHeaders, toContext, type ExportedContext } from '../context/propagation.js';
import { currentContext, storage, type Context } from '../context/store.js';

type Resolved = string | null | undefined;

export interface RequestAttributionOptions<Req> {
  /** The end-customer of a request (e.g. `req => req.user?.id`); undefined/null: none (or the configured default). */
  customerId?: (req: Req) => Resolved;
  /** The tenant of a request (platforms); undefined: the configured tenant. An invalid id drops the request's events. */
  tenantId?: (req: Req) => Resolved;
  /** Also read `X-Customer-ID` / `X-Tenant-ID` when the functions above give nothing. Default false. */
  headers?: boolean;
  /**
   * Continue a run started upstream from incoming `traceparent`/`baggage`: `'run'` takes run, parent span and
   * section path; `'all'` also customer and tenant (service-to-service inside your trust boundary). Default `'none'`.
   */
  propagation?: 'none' | 'run' | 'all';
  /** The run id of a request (e.g. your request id); default a new UUID. At most 128 characters. */
  runId?: (req: Req) => Resolved;
}

export const CUSTOMER_HEADER = 'x-customer-id';
export const TENANT_HEADER = 'x-tenant-id';

function call<Req>(what: string, f: ((req: Req) => Resolved) | undefined, req: Req): string | null | undefined {
  if (!f) return undefined;
  try {
    const v = f(req) as unknown;
    if (v === null || v === undefined) return v as null | undefined;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    if (typeof v === 'string') return v === '' ? undefined : v;
    log.warnOnce(`mw-${what}-type`, `middleware: ${what}() must return a string (or null/undefined); ignored`);
  } catch (err) {
    log.warnOnce(`mw-${what}-threw`, `middleware: ${what}() threw (${errorMessage(err)}); ignored`);
  }
  return undefined;
}

/** The context a request runs in (exported for tests and custom adapters). */
export function requestContext<Req>(
  req: Req,
  getHeader: (name: string) => string | undefined,
  opts: RequestAttributionOptions<Req> = {},
): Context {
  const { span: _s, runId: _r, ...base } = currentContext();
  const ctx: { -readonly [K in keyof Context]: Context[K] } = { ...base };
  const propagation = opts.propagation ?? 'none';
  if (propagation !== 'none') {
    const incoming: ExportedContext | null = contextFromHeaders(
      { get: (n: string) => getHeader(n) },
      { attribution: propagation === 'all' },
    );
    if (incoming) Object.assign(ctx, toContext(incoming));
  }
  const runId = call('runId', opts.runId, req);
  if (typeof runId === 'string' && runId.length <= LIMITS.idLength) {
    ctx.runId = runId;
    delete ctx.span;
  }
  ctx.runId ??= newId();

  let customer = call('customerId', opts.customerId, req);
  if ((customer === undefined || customer === null) && opts.headers) customer = getHeader(CUSTOMER_HEADER)?.trim() || undefined;
  if (typeof customer === 'string') {
    if (customer.length <= LIMITS.customerIdLength) ctx.customerId = customer;
    else log.warnOnce('mw-customer-long', `middleware: customer id longer than ${LIMITS.customerIdLength} characters; ignored`);
  } else if (customer === null) ctx.customerId = null;

  let tenant = call('tenantId', opts.tenantId, req);
  if ((tenant === undefined || tenant === null) && opts.headers) tenant = getHeader(TENANT_HEADER)?.trim() || undefined;
  if (typeof tenant === 'string') {
    if (TENANT_ID_RE.test(tenant)) {
      ctx.tenantId = tenant;
      ctx.tenantInvalid = false;
    } else {
      log.warnOnce('mw-tenant-invalid', `middleware: tenant ${JSON.stringify(tenant.slice(0, 80))} is invalid; that request's events are dropped`);
      ctx.tenantInvalid = true;
    }
  }
  return ctx;
}

/**
 * Runs `fn` (the rest of the request's handling) as one run attributed to the request's customer and tenant.
 * Returns what `fn` returns; never throws because of the SDK.
 */
export function runForRequest<Req, T>(
  req: Req,
  getHeader: (name: string) => string | undefined,
  opts: RequestAttributionOptions<Req>,
  fn: () => T,
): T {
  let ctx: Context;
  try {
    ctx = requestContext(req, getHeader, opts);
  } catch (err) {
    log.debug(`middleware: ${errorMessage(err)}`);
    return fn();
  }
  return storage.run(ctx, fn);
}

/** Header reader for Node's `IncomingMessage.headers`-like objects. */
export function nodeHeader(headers: Record<string, string | string[] | undefined> | undefined, name: string): string | undefined {
  const v = headers?.[name];
  return Array.isArray(v) ? v[0] : v;
}
