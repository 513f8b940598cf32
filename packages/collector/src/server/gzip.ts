/**
 * Request decompression. The body limit applies to the decompressed bytes (Fastify counts what this stream yields),
 * so a gzip bomb ends in a 413 after at most `bodyLimit` bytes were inflated.
 */
import { createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';

export function decompressRequest(request: FastifyRequest, payload: Readable): Readable {
  const encoding = String(request.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  if (encoding === 'identity' || encoding === '') return payload;
  let inflater;
  if (encoding === 'gzip' || encoding === 'x-gzip') inflater = createGunzip();
  else if (encoding === 'deflate') inflater = createInflate();
  else throw new ApiError(415, 'unsupported_encoding', `Content-Encoding ${encoding} is not supported; use gzip or none`);
  let encodedLength = 0;
  payload.on('data', (chunk: Buffer) => {
    encodedLength += chunk.length;
  });
  payload.on('error', (err) => inflater.destroy(err));
  inflater.on('error', (err: Error & { statusCode?: number; code?: string }) => {
    if (!err.statusCode) {
      err.statusCode = 400;
      err.code = 'invalid_body_encoding';
      err.message = `the body is not valid ${encoding}: ${err.message}`;
    }
  });
  const out = payload.pipe(inflater) as Readable & { receivedEncodedLength?: number };
  Object.defineProperty(out, 'receivedEncodedLength', { get: () => encodedLength });
  return out;
}
