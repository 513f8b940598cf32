/**
 * Building blocks of the HTTP API's response schemas (TypeBox: one declaration gives the handler's type, the
 * serializer and /openapi.json). Response objects are closed (`additionalProperties: false`): the serializer drops
 * what a schema does not declare, so every returned field must be declared here, and the response test
 * (test/response-schemas.test.ts) fails on a field that is not.
 */
import { Type, type Static, type TObject, type TProperties, type TSchema } from '@sinclair/typebox';
import { ErrorResponseSchema } from '@llmobserve/shared';

/** A closed object: what it does not declare is never sent. */
export const Closed = <P extends TProperties>(properties: P, options: { description?: string; $id?: string } = {}): TObject<P> =>
  Type.Object(properties, { ...options, additionalProperties: false });

/**
 * `T | null` as `type: [T, "null"]` (not `anyOf`): the serializer writes it without trying each member, and
 * @fastify/swagger turns it into OpenAPI 3.0's `nullable: true`.
 */
export function Nullable<T extends TSchema>(schema: T) {
  const type = (schema as { type?: unknown }).type;
  if (typeof type !== 'string') throw new Error('Nullable: the schema needs a single type');
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [type, 'null'] });
}

export const IsoTime = (description?: string) => Type.String({ format: 'date-time', ...(description ? { description } : {}) });
export const NullableIso = (description?: string) => Nullable(IsoTime(description));
export const NullableString = (description?: string) => Nullable(Type.String(description ? { description } : {}));
export const Count = (description?: string) => Type.Integer(description ? { description } : {});
export const Usd = (description?: string) => Type.Number(description ? { description } : {});

/** The error shape, by reference to the shared `ErrorResponse` component. */
export const ErrorRef = Type.Ref(ErrorResponseSchema);

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500 | 503;
const ERROR_DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: 'The request is not valid (error.code says why)',
  401: 'Credentials missing or not valid',
  403: 'The credentials may not do this (scope, tenant, origin)',
  404: 'Not found in this tenant',
  409: 'Conflict',
  413: 'The body is too large or too complex',
  415: 'Content-Type must be application/json',
  429: 'Rate limited, or too many failed sign-ins (see Retry-After)',
  500: 'The collector failed (it logged the details)',
  503: 'Storage or the identity provider is unavailable (see Retry-After)',
};

/** Error responses, each `{"error": {"code", "message"}}`. */
export function errorResponses<S extends ErrorStatus>(...statuses: S[]) {
  return Object.fromEntries(statuses.map((s) => [s, Type.Ref(ErrorResponseSchema, { description: ERROR_DESCRIPTIONS[s] })])) as Record<S, typeof ErrorRef>;
}

/** What every route behind authentication may answer besides its own. */
export const AUTHENTICATED_ERRORS = [400, 401, 403, 429, 500, 503] as const;
/** …and a route that reads a body. */
export const BODY_ERRORS = [...AUTHENTICATED_ERRORS, 413, 415] as const;
