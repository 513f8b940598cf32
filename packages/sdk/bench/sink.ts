/**
 * Benchmark sink, in its own process: answers every POST with 200 `{}` after reading the body. It stands in for the
 * LLMObserve collector (POST /events) and for the OTLP endpoints of Langfuse (/api/public/otel/v1/traces) and
 * OpenLLMetry (/v1/traces), so that every tool pays the same for exporting and nothing leaves the machine.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const received = new Map<string, number>();
const server = http.createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    const path = (req.url ?? '/').split('?')[0]!;
    received.set(path, (received.get(path) ?? 0) + 1);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`sink listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.once('SIGTERM', () => {
  const counts = [...received].map(([p, n]) => `${p} ${n}`).join(', ');
  process.stderr.write(`sink received (requests per path, i.e. every tool really exported): ${counts || 'nothing'}\n`);
  server.close();
  process.exit(0);
});
