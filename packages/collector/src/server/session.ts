/**
 * Browser sessions for the dashboard: `POST /session` checks a credential (API key or JWT) and answers an
 * HttpOnly, SameSite=Strict cookie holding an opaque session id (auth/sessions.ts), never the credential: the page's
 * scripts never hold a key, and a stolen cookie is not a key. A revoked key, the session's expiry (12 h, or the
 * JWT's exp if sooner) or signing out ends the session.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { SessionSchema } from '../schemas/admin.js';
import { errorResponses } from '../schemas/common.js';
import type { Scope } from '../storage/types.js';
import { AuthError, AuthUnavailableError, type Authenticator } from '../auth/authenticator.js';
import { TokenBuckets } from '../auth/rate-limit.js';
import type { Sessions } from '../auth/sessions.js';
import type { AuthConfig } from '../auth/config.js';
import { isPlatformAdmin, type Principal } from '../auth/principal.js';
import { errorBody } from './errors.js';

export const SESSION_COOKIE = 'llmo_session';

export function sessionCredential(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === SESSION_COOKIE) {
      // A cookie this collector did not set (bad percent-encoding) is no session, never an error.
      let value: string;
      try {
        value = decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return undefined;
      }
      return value === '' ? undefined : value;
    }
  }
  return undefined;
}

function cookie(request: FastifyRequest, value: string, maxAge: number): string {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return `${SESSION_COOKIE}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure}`;
}

const ALL_SCOPES: Scope[] = ['ingest', 'read', 'admin'];

function describe(p: Principal, mode: AuthConfig['mode']) {
  return {
    authenticated: p.kind !== 'anonymous',
    mode,
    kind: p.kind,
    tenant_id: p.kind === 'anonymous' ? null : p.tenantId,
    // Nobody signed in holds exactly what the server grants anonymous requests: everything in open mode (a
    // loopback collector), nothing in required mode.
    scopes: p.kind === 'anonymous' ? (mode === 'open' ? ALL_SCOPES : []) : p.platformAdmin ? ALL_SCOPES : p.scopes,
    platform_admin: p.kind === 'anonymous' ? mode === 'open' : isPlatformAdmin(p),
  };
}

const SignIn = Type.Object({ credential: Type.String({ minLength: 10, maxLength: 8192, description: 'An API key (llmo_sk_…) or a JWT' }) }, { additionalProperties: false });

export function registerSessionRoutes(app: FastifyInstance, authenticator: Authenticator, sessions: Sessions, config: AuthConfig, onFailure: (req: FastifyRequest) => number): void {
  const publicRoute = { requirement: 'public' as const };
  const signIns = new TokenBuckets(config.signIn.perMinute / 60, config.signIn.burst);
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const session = Type.Ref(SessionSchema);

  api.post('/session', { config: publicRoute, schema: { body: SignIn, tags: ['session'], summary: 'Sign in (dashboard): sets an HttpOnly session cookie', response: { 200: session, ...errorResponses(400, 401, 413, 415, 429, 500, 503) } } }, async (req, reply) => {
    const wait = signIns.take(req.ip);
    if (wait > 0) {
      void reply.header('retry-after', String(wait));
      return reply.status(429).send(errorBody('rate_limited', `at most ${config.signIn.perMinute} sign-ins per minute from one address; retry in ${wait} s`));
    }
    const { credential } = req.body;
    let principal: Principal;
    try {
      principal = await authenticator.authenticate(credential.trim());
    } catch (err) {
      if (err instanceof AuthUnavailableError) {
        return reply.status(503).header('retry-after', String(err.retryAfterS)).send(errorBody(err.code, err.message));
      }
      if (!(err instanceof AuthError)) throw err;
      const wait = onFailure(req);
      if (wait > 0) void reply.header('retry-after', String(wait));
      return reply.status(wait > 0 ? 429 : 401).send(errorBody(wait > 0 ? 'too_many_failed_attempts' : 'unauthorized', err.message));
    }
    const session = await sessions.create(credential.trim(), principal);
    void reply.header('set-cookie', cookie(req, session.id, Math.max(1, Math.floor((session.expiresAt - Date.now()) / 1000))));
    return describe(principal, config.mode);
  });

  api.get('/session', { config: publicRoute, schema: { tags: ['session'], summary: 'Who the dashboard is signed in as', response: { 200: session, ...errorResponses(500, 503) } } }, async (req, reply) => {
    const id = sessionCredential(req);
    if (id === undefined) {
      return { ...describe({ kind: 'anonymous' }, config.mode), authenticated: false, sign_in_required: config.mode === 'required' };
    }
    try {
      return { ...describe(await sessions.resolve(id), config.mode), sign_in_required: false };
    } catch (err) {
      if (!(err instanceof AuthError)) throw err;
      void reply.header('set-cookie', cookie(req, '', 0));
      return { ...describe({ kind: 'anonymous' }, config.mode), authenticated: false, sign_in_required: config.mode === 'required', expired: err.message };
    }
  });

  api.delete('/session', { config: publicRoute, schema: { tags: ['session'], summary: 'Sign out (ends the session on every collector)', response: { 204: Type.Null({ description: 'Signed out' }), ...errorResponses(500, 503) } } }, async (req, reply) => {
    const id = sessionCredential(req);
    if (id !== undefined) await sessions.revoke(id);
    void reply.header('set-cookie', cookie(req, '', 0));
    return reply.status(204).send(null);
  });
}
