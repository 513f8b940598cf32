/** The HTTP plumbing every mock of this package shares: whole bodies, a chosen or free port, a close that ends kept-alive connections. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP server whose handler gets each request's whole body; it listens on `port` (default a free one) and
 * `close()` also ends kept-alive connections. The base of every mock of this package.
 */
export async function startHttpServer(
  handle: (req: http.IncomingMessage, res: http.ServerResponse, raw: Buffer, url: URL) => void,
  opts: { host?: string; port?: number } = {},
): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const host = opts.host ?? '127.0.0.1';
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks), new URL(req.url ?? '/', 'http://mock')));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
