/**
 * Middleware for Express, Fastify, Koa, Hono and Web `Request` handlers (Next.js App Router, Hono's fetch, Bun,
 * Deno, workers). Structural types only: no framework is a dependency of the SDK.
 */
import { errorMessage, log } from '../log.js';
import { flush } from '../runtime.js';
import { nodeHeader, runForRequest, type RequestAttributionOptions } from './core.js';
import { requestContext } from './core.js';
import { storage, type Context } from '../context/store.js';

type NodeHeaders = Record<string, string | string[] | undefined>;

/** What the resolvers receive by default (annotate the parameter with your framework's own type to narrow it). */
export interface NodeRequestLike {
  headers: NodeHeaders;
  [key: string]: any;
}
export interface KoaContextLike {
  headers: NodeHeaders;
  get(field: string): string;
  state: Record<string, any>;
  [key: string]: any;
}
export interface HonoContextLike {
  req: { header(name: string): string | undefined; [key: string]: any };
  get(key: string): any;
  [key: string]: any;
}

/** Express (4/5) and Connect-style: `app.use(expressMiddleware({ customerId: req => req.user?.id }))`. */
export function expressMiddleware<Req extends { headers: NodeHeaders } = NodeRequestLike>(
  opts: RequestAttributionOptions<Req> = {},
): (req: Req, res: unknown, next: (err?: unknown) => void) => void {
  return (req, _res, next) => runForRequest(req, (n) => nodeHeader(req.headers, n), opts, () => next());
}

/** Koa: `app.use(koaMiddleware({ customerId: ctx => ctx.state.user?.id }))` — the resolvers get Koa's `ctx`. */
export function koaMiddleware<Ctx extends { headers?: NodeHeaders; request?: { headers?: NodeHeaders } } = KoaContextLike>(
  opts: RequestAttributionOptions<Ctx> = {},
): (ctx: Ctx, next: () => Promise<unknown>) => Promise<unknown> {
  return (ctx, next) => runForRequest(ctx, (n) => nodeHeader(ctx.headers ?? ctx.request?.headers, n), opts, () => next());
}

/** Hono: `app.use(honoMiddleware({ customerId: c => c.req.header('x-user') }))` — the resolvers get Hono's `c`. */
export function honoMiddleware<C extends { req: { header(name: string): string | undefined } } = HonoContextLike>(
  opts: RequestAttributionOptions<C> = {},
): (c: C, next: () => Promise<void>) => Promise<void> {
  return (c, next) => runForRequest(c, (n) => c.req.header(n), opts, () => next());
}

interface FastifyLike {
  addHook(name: string, hook: (request: any, reply: any, done: (err?: Error) => void) => void): unknown;
}

const CTX = Symbol('llmobserve.context');

/**
 * Fastify plugin: `await app.register(fastifyPlugin, { customerId: req => req.user?.id })`. The context is computed
 * in `onRequest` and re-entered in `preHandler` (a request body is parsed in the socket's own async context, so the
 * context must be restored for the handler). Not encapsulated: it applies to the whole app.
 */
export const fastifyPlugin = Object.assign(
  function llmobserveFastify<Req extends { headers: NodeHeaders } = NodeRequestLike>(
    app: FastifyLike,
    opts: RequestAttributionOptions<Req> | undefined,
    done: (err?: Error) => void,
  ): void {
    const o: RequestAttributionOptions<Req> = opts ?? {};
    const { customerId, tenantId, headers, propagation, runId } = o;
    const clean = { customerId, tenantId, headers, propagation, runId };
    app.addHook('onRequest', (request: Req & { [CTX]?: Context }, _reply, next) => {
      let ctx: Context;
      try {
        ctx = requestContext(request, (n) => nodeHeader(request.headers, n), clean);
        request[CTX] = ctx;
      } catch (err) {
        log.debug(`fastify middleware: ${errorMessage(err)}`);
        next();
        return;
      }
      storage.run(ctx, () => next());
    });
    app.addHook('preHandler', (request: Req & { [CTX]?: Context }, _reply, next) => {
      const ctx = request[CTX];
      if (ctx) storage.run(ctx, () => next());
      else next();
    });
    done();
  },
  { [Symbol.for('skip-override')]: true, [Symbol.for('fastify.display-name')]: 'llmobserve' },
);

export interface FetchHandlerOptions<Req> extends RequestAttributionOptions<Req> {
  /**
   * Serverless: deliver the request's events before the platform freezes the instance. `'await'` awaits `flush()`
   * before returning the response (adds the collector's latency); with `waitUntil` (Vercel `waitUntil`, Next.js
   * `after`, Cloudflare `ctx.waitUntil`) the flush runs after the response is sent. Default: no flush.
   */
  flush?: 'await' | 'none';
  waitUntil?: (promise: Promise<unknown>) => void;
  /** Timeout of that flush (default 5000 ms). */
  flushTimeoutMs?: number;
}

/**
 * Wraps a Web `Request` handler — a Next.js App Router route handler (`export const POST = withLLMObserve(...)`),
 * Hono's `app.fetch`, a Cloudflare/Bun/Deno handler — so that each request is one run with its customer and tenant.
 */
export function withLLMObserve<Req extends { headers: { get(name: string): string | null } }, Args extends unknown[], R>(
  handler: (req: Req, ...args: Args) => R,
  opts: FetchHandlerOptions<Req> = {},
): (req: Req, ...args: Args) => R {
  const timeoutMs = opts.flushTimeoutMs ?? 5000;
  const wrapped = (req: Req, ...args: Args): R => {
    const result = runForRequest(req, (n) => req.headers.get(n) ?? undefined, opts, () => handler(req, ...args));
    if (opts.waitUntil === undefined && opts.flush !== 'await') return result;
    const deliver = (): Promise<boolean> => flush({ timeoutMs });
    if (opts.waitUntil) {
      try {
        const p = Promise.resolve(result).then(deliver, deliver);
        opts.waitUntil(p);
      } catch (err) {
        log.debug(`waitUntil: ${errorMessage(err)}`);
      }
      return result;
    }
    // 'await': the response is returned once the events are delivered (or the timeout passed)
    return Promise.resolve(result).then(
      async (v) => {
        await deliver();
        return v;
      },
      async (err: unknown) => {
        await deliver();
        throw err;
      },
    ) as R;
  };
  return wrapped;
}
