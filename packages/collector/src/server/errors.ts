/** API errors: always `{"error": {"code", "message"}}`, a 4xx for the client's mistakes and 500 only for ours. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

export class ApiError extends Error {
  constructor(readonly statusCode: number, readonly code: string, message: string) {
    super(message);
  }
}

export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

const FASTIFY_CODES: Record<string, [number, string, string?]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', 'Content-Type must be application/json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'invalid_content_length'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'empty_body', 'the request body is empty; send a JSON array of events'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid_json'],
};

export function handleError(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (err instanceof ApiError) {
    void reply.status(err.statusCode).send(errorBody(err.code, err.message));
    return;
  }
  if (err.validation) {
    const first = err.validation[0];
    const where = first?.instancePath ? first.instancePath.replace(/^\//, '') : (first?.params as { missingProperty?: string })?.missingProperty ?? '';
    const message = `${err.validationContext ?? 'request'}${where ? `.${where}` : ''}: ${first?.message ?? 'invalid'}`;
    void reply.status(400).send(errorBody('invalid_request', message));
    return;
  }
  const mapped = err.code ? FASTIFY_CODES[err.code] : undefined;
  if (mapped) {
    void reply.status(mapped[0]).send(errorBody(mapped[1], mapped[2] ?? err.message));
    return;
  }
  if (err instanceof SyntaxError || (err.statusCode === 400 && /JSON/i.test(err.message))) {
    void reply.status(400).send(errorBody('invalid_json', `the body is not valid JSON: ${err.message}`));
    return;
  }
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    void reply.status(status).send(errorBody((err.code ?? 'bad_request').toLowerCase(), err.message));
    return;
  }
  request.log.error({ err }, 'unhandled error');
  void reply.status(500).send(errorBody('internal', 'internal error; the collector logged the details'));
}
