/** API errors: always `{"error": {"code", "message"}}`, a 4xx for the client's mistakes and 500 only for ours. */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isPgUnavailable, isSqliteUnavailable, StorageUnavailableError } from '../storage/faults.js';

import { ApiError, errorBody } from '../domain/errors.js';

export { ApiError, errorBody };

const FASTIFY_CODES: Record<string, [number, string, string?]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', 'Content-Type must be application/json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'invalid_content_length'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'empty_body', 'the request body is empty; send a JSON array of events'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid_json'],
  FST_ERR_BAD_URL: [400, 'bad_url', 'the URL is not valid (bad percent-encoding)'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'uri_too_long', 'a path parameter is too long'],
  FST_ERR_ASYNC_CONSTRAINT: [400, 'bad_request'],
};

/** Storage faults (full disk, read-only file, lost PostgreSQL) as one error the client may retry. */
export function storageFault(err: unknown): StorageUnavailableError | null {
  if (err instanceof StorageUnavailableError) return err;
  if (isSqliteUnavailable(err) || isPgUnavailable(err)) return new StorageUnavailableError(`storage unavailable: ${(err as Error).message}`, 5, { cause: err });
  return null;
}

const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'request_timeout', 'the request was not received in time'],
  HPE_HEADER_OVERFLOW: [431, 'headers_too_large', 'the request headers are too large'],
  HPE_URI_TOO_LONG: [414, 'uri_too_long', 'the request URL is too long'],
};

/**
 * Errors Node's HTTP parser raises before there is a request (header overflow, timeouts, malformed HTTP): answered
 * in the API's shape, then the socket is closed.
 */
export function handleClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] = CLIENT_ERRORS[err.code ?? ''] ?? [400, 'bad_request', 'the request is not valid HTTP'];
  const body = JSON.stringify(errorBody(code, message));
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy();
}

/** How much of a refused body is read and discarded (and for how long) so that a client still writing gets the 413. */
const DISCARD_MAX_BYTES = 64 * 1024 * 1024;
const DISCARD_MAX_MS = 10_000;

/**
 * Answers an over-limit body only once the client has finished sending it (read and discarded, up to a bound): a
 * response sent while the client is still writing is followed by the socket's close, and the client sees a reset
 * (EPIPE/ECONNRESET) instead of the 413. Beyond the bound the answer goes out anyway; the connection is closed after.
 */
function discardBodyThen(request: FastifyRequest, reply: FastifyReply, send: () => void): void {
  const raw = request.raw;
  void reply.header('connection', 'close');
  if (raw.readableEnded || raw.destroyed) return send();
  let seen = 0;
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    raw.removeListener('data', onData);
    send();
  };
  const onData = (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > DISCARD_MAX_BYTES) finish();
  };
  const timer = setTimeout(finish, DISCARD_MAX_MS);
  raw.on('data', onData);
  raw.once('end', finish);
  raw.once('error', finish);
  raw.once('close', finish);
  raw.resume();
}

export function handleError(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const fault = storageFault(err);
  if (fault) {
    request.log.warn({ err }, 'storage unavailable');
    void reply.status(503).header('retry-after', String(fault.retryAfterS)).send(errorBody(fault.code, fault.message));
    return;
  }
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
    const send = () => void reply.status(mapped[0]).send(errorBody(mapped[1], mapped[2] ?? err.message));
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') discardBodyThen(request, reply, send);
    else send();
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
