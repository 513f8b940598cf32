/**
 * LLMOBSERVE_METRICS_LISTEN: GET /metrics on a separate address, without credentials, for a scraper on a private
 * network (the API's port then has no /metrics). Anything else there is a 404.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MetricsRegistry } from '../metrics/index.js';
import { errorBody } from './errors.js';

export interface MetricsListener {
  readonly url: string;
  close(): Promise<void>;
}

export async function listenMetrics(registry: MetricsRegistry, host: string, port: number): Promise<MetricsListener> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify(errorBody('not_found', `no route ${req.method} ${path} (this address serves GET /metrics only)`)));
      return;
    }
    registry.render().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(req.method === 'HEAD' ? undefined : text),
      () => res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify(errorBody('internal', 'metrics could not be rendered'))),
    );
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
