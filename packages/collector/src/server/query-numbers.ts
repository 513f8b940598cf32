/**
 * Finite-number validation for every numeric query parameter, derived from each route's querystring schema: Ajv's
 * type coercion turns "Infinity", "-Infinity" and "1e400" into ±Infinity and then skips minimum/maximum, so a
 * `limit=Infinity` would read every row. Integers must be safe integers, numbers finite, before Ajv sees them.
 */
import type { FastifyInstance, preValidationHookHandler, RouteOptions } from 'fastify';
import { errorBody } from './errors.js';

type JsonSchema = { type?: unknown; properties?: Record<string, JsonSchema>; anyOf?: JsonSchema[] };

function numericKind(s: JsonSchema): 'integer' | 'number' | null {
  if (s.type === 'integer' || s.type === 'number') return s.type;
  for (const option of s.anyOf ?? []) {
    const k = numericKind(option);
    if (k) return k;
  }
  return null;
}

export function installFiniteQueryNumbers(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const props = (route.schema?.querystring as JsonSchema | undefined)?.properties;
    if (!props) return;
    const numeric = Object.entries(props).flatMap(([name, s]) => {
      const kind = numericKind(s);
      return kind ? [[name, kind] as const] : [];
    });
    if (numeric.length === 0) return;
    const check: preValidationHookHandler = (request, reply, done) => {
      const q: unknown = request.query;
      if (q === null || typeof q !== 'object') return done();
      for (const [name, kind] of numeric) {
        const v: unknown = Object.hasOwn(q, name) ? Reflect.get(q, name) : undefined;
        if (typeof v !== 'string') continue;
        const n = Number(v);
        if (v.trim() === '' || (kind === 'integer' ? !Number.isSafeInteger(n) : !Number.isFinite(n))) {
          void reply.status(400).send(errorBody('invalid_request', `querystring.${name}: must be a finite ${kind === 'integer' ? 'integer' : 'number'}`));
          return;
        }
      }
      done();
    };
    const existing = route.preValidation;
    route.preValidation = existing === undefined ? [check] : Array.isArray(existing) ? [check, ...existing] : [check, existing];
  });
}
