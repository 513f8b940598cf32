/**
 * Authentication and abuse limits for every route: bearer credentials → Principal, the route's requirement
 * (`config.requirement`: public | ingest | read | admin | platform; default read), per-credential token-bucket
 * rate limit and per-address throttling of failed authentication. Errors keep the API's error shape.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthError, AuthUnavailableError, NotACredentialError, type Authenticator } from '../auth/authenticator.js';
import type { AuthConfig } from '../auth/config.js';
import { FailureThrottle, TokenBuckets } from '../auth/rate-limit.js';
import { hasScope, isPlatformAdmin, principalId, type Principal, type Requirement } from '../auth/principal.js';
import { errorBody } from './errors.js';
import { sessionCredential } from './session.js';
import type { Sessions } from '../auth/sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyContextConfig {
    requirement?: Requirement;
  }
}

const ANONYMOUS: Principal = Object.freeze({ kind: 'anonymous' });

function refuse(reply: FastifyReply, status: number, code: string, message: string, retryAfter?: number): FastifyReply {
  if (status === 401) void reply.header('www-authenticate', 'Bearer realm="llmobserve"');
  if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
  return reply.status(status).send(errorBody(code, message));
}

export function bearerToken(request: FastifyRequest): string | null | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1]! : null;
}

/** Installs the hook; returns the failed-authentication recorder (seconds to wait, or 0) for the session route. */
export function installAuth(app: FastifyInstance, authenticator: Authenticator, sessions: Sessions, config: AuthConfig): (req: FastifyRequest) => number {
  const buckets = new TokenBuckets(config.rateLimit.perSecond, config.rateLimit.burst);
  const throttle = new FailureThrottle(config.failedAuth.max, config.failedAuth.windowMs);
  app.decorateRequest('principal', null as never);

  /** A failed attempt: counted per address; 429 once the address is over the limit, else 401. */
  const failed = (request: FastifyRequest, reply: FastifyReply, message: string) => {
    throttle.fail(request.ip);
    const blocked = throttle.blockedFor(request.ip);
    if (blocked > 0) return refuse(reply, 429, 'too_many_failed_attempts', `too many failed authentication attempts; retry in ${blocked} s`, blocked);
    return refuse(reply, 401, 'unauthorized', message);
  };

  /** Open mode: a bearer that is no credential (NotACredentialError) is a placeholder; said once. */
  let placeholderWarned = false;
  const placeholder = (): void => {
    if (placeholderWarned) return;
    placeholderWarned = true;
    app.log.warn('open mode: a bearer token that is neither an LLMObserve API key nor a JWT was ignored (requests are anonymous)');
  };

  app.addHook('onRequest', async (request, reply) => {
    request.principal = ANONYMOUS;
    const requirement: Requirement = request.routeOptions.config?.requirement ?? 'read';
    if (requirement === 'public') return;

    let token = bearerToken(request);
    let fromCookie = false;
    if (token === undefined) {
      token = sessionCredential(request);
      fromCookie = token !== undefined;
    }
    // Cookie-authenticated writes must come from this origin (SameSite=Strict already stops other sites' requests).
    if (fromCookie && request.method !== 'GET' && request.method !== 'HEAD') {
      const origin = request.headers.origin;
      if (origin !== undefined && origin !== `${request.protocol}://${request.headers.host}`) {
        return refuse(reply, 403, 'forbidden', 'cross-origin request with a session cookie');
      }
    }
    let principal: Principal = ANONYMOUS;
    if (token === null) return failed(request, reply, 'the Authorization header must be "Bearer <API key or JWT>"');
    if (token !== undefined) {
      // Credentials are checked before the failed-attempt limit: a valid credential is never locked out by the
      // failures of others behind the same address (a NAT, a proxy); only failures are answered 429.
      try {
        principal = fromCookie ? await sessions.resolve(token) : await authenticator.authenticate(token);
      } catch (err) {
        if (err instanceof AuthUnavailableError) return refuse(reply, 503, err.code, err.message, err.retryAfterS);
        if (!(err instanceof AuthError)) throw err;
        // Open mode: the seed's LLMOBSERVE_API_KEY="dev-mode" is a placeholder, not a credential gone wrong.
        if (err instanceof NotACredentialError && !fromCookie && config.mode === 'open') placeholder();
        else return failed(request, reply, err.message);
      }
    } else if (config.mode === 'required') {
      return refuse(reply, 401, 'unauthorized', 'credentials required: send "Authorization: Bearer <API key or JWT>"');
    }

    const id = principalId(principal);
    if (id !== null) {
      const wait = buckets.take(id);
      if (wait > 0) return refuse(reply, 429, 'rate_limited', `rate limit of ${config.rateLimit.perSecond} requests/s exceeded; retry in ${wait} s`, wait);
    }

    if (requirement === 'platform' ? !isPlatformAdmin(principal) : !hasScope(principal, requirement)) {
      const need = requirement === 'platform' ? 'platform administrator credentials' : `the "${requirement}" scope`;
      return refuse(reply, 403, 'forbidden', `this request needs ${need}`);
    }
    request.principal = principal;
  });

  return (request) => {
    throttle.fail(request.ip);
    return throttle.blockedFor(request.ip);
  };
}
