/** Writing raw response bodies, shared by the mocks' file downloads. */
import type http from 'node:http';
import zlib from 'node:zlib';

/** Sends `payload` as is, or gzip-encoded when the request asked with `x-mock-gzip: 1`. */
export function sendBytes(req: http.IncomingMessage, res: http.ServerResponse, payload: Buffer, headers: Record<string, string>): void {
  let body = payload;
  const h = { ...headers };
  if (req.headers['x-mock-gzip'] === '1') {
    body = zlib.gzipSync(payload);
    h['content-encoding'] = 'gzip';
  }
  h['content-length'] = String(body.length);
  res.writeHead(200, h);
  res.end(body);
}
