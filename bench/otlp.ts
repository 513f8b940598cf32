/**
 * npm run bench:otlp — spans/s into POST /v1/traces of a real collector process, protobuf and JSON, beside the same
 * events through POST /events, in one run; and the receiver's own CPU per span (decode + map, in process).
 *
 * The request bodies are the official OpenTelemetry JS exporters' own bytes: the spans are made with the SDK and
 * exported once (protobuf and JSON) to a local capture server, then replayed to the collector with the clock running,
 * 4 requests in flight, 500 spans per request. Each trace is one request span (customer on it) and 4 GenAI chat spans.
 * Env: BENCH_SPANS (default 100000).
 */
import { Agent, createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, trace } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { startCollector } from '../packages/collector/test/helpers/collector.js';
import { decodeTraceRequest } from '../packages/collector/src/otlp/proto.js';
import { flattenTraceRequest } from '../packages/collector/src/otlp/spans.js';
import { spansToEvents } from '../packages/collector/src/otlp/map.js';
import { DEFAULT_OTLP_ATTRIBUTES } from '../packages/collector/src/config.js';

const TOTAL = Number(process.env.BENCH_SPANS ?? 100_000);
const BATCH = 500;
const CONCURRENCY = 4;
const PER_TRACE = 5;

const readBody = (req: IncomingMessage) => new Promise<Buffer>((resolve) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => resolve(Buffer.concat(chunks)));
});

/** The exporter's request bodies for TOTAL spans, as it sends them. */
async function exportedBodies(kind: 'proto' | 'json'): Promise<Buffer[]> {
  const bodies: Buffer[] = [];
  const server = createServer(async (req, res) => {
    bodies.push(await readBody(req));
    res.writeHead(200, { 'content-type': kind === 'proto' ? 'application/x-protobuf' : 'application/json' }).end(kind === 'proto' ? '' : '{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
  const exporter: SpanExporter = kind === 'proto' ? new ProtoExporter({ url, concurrencyLimit: TOTAL }) : new JsonExporter({ url, concurrencyLimit: TOTAL });
  const provider = new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter, { maxExportBatchSize: BATCH, maxQueueSize: TOTAL, scheduledDelayMillis: 60_000 })] });
  const tracer = provider.getTracer('bench');
  for (let t = 0; t < TOTAL / PER_TRACE; t++) {
    const root = tracer.startSpan('POST /chat', { attributes: { 'enduser.id': `customer_${t % 1000}`, 'llmobserve.section': `feature:${t % 7}` } });
    const parent = trace.setSpan(context.active(), root);
    {
      for (let i = 1; i < PER_TRACE; i++) {
        tracer.startSpan('chat gpt-4o-mini', {
          attributes: {
            'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini',
            'gen_ai.response.model': 'gpt-4o-mini-2024-07-18', 'gen_ai.usage.input_tokens': 1000 + i, 'gen_ai.usage.output_tokens': 100,
            'gen_ai.usage.cache_read.input_tokens': 200,
          },
        }, parent).end();
      }
      root.end();
    }
  }
  await provider.forceFlush();
  await provider.shutdown();
  server.close();
  return bodies;
}

function post(url: URL, agent: Agent, body: Buffer | string, contentType: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function replay(path: string, bodies: (Buffer | string)[], contentType: string): Promise<{ rate: number; calls: number }> {
  const collector = await startCollector();
  const url = new URL(path, collector.url);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  await post(url, agent, bodies[0]!, contentType); // warm-up; stored again below as duplicates
  let next = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < bodies.length) {
      const status = await post(url, agent, bodies[next++]!, contentType);
      if (status !== 200) throw new Error(`${path} answered ${status}`);
    }
  }));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  agent.destroy();
  const insights = await fetch(`${collector.url}/insights`).then((r) => r.json() as Promise<{ totals: { calls: number } }>);
  await collector.stop();
  return { rate: TOTAL / seconds, calls: insights.totals.calls };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

const proto = await exportedBodies('proto');
const json = await exportedBodies('json');
const spanCount = proto.reduce((n, b) => n + flattenTraceRequest(decodeTraceRequest(b)).spans.length, 0);
if (spanCount !== TOTAL) throw new Error(`the exporter sent ${spanCount} spans, expected ${TOTAL}`);
// The same events as /events bodies: what the receiver makes of the protobuf requests.
const events = proto.map((b) => JSON.stringify(spansToEvents(flattenTraceRequest(decodeTraceRequest(b)).spans, DEFAULT_OTLP_ATTRIBUTES, Date.now())));

// The receiver's own work per span, in process: decode + flatten + map (no HTTP, no storage); each encoding twice,
// alternating, the second round reported (the first pays for the garbage of making and exporting the spans).
const rounds = [
  ['protobuf', proto, (b: Buffer) => decodeTraceRequest(b)],
  ['JSON', json, (b: Buffer) => JSON.parse(b.toString('utf8'))],
] as const;
for (const [round, [name, bodies, decode]] of [...rounds, ...rounds].entries()) {
  for (const b of bodies.slice(0, 20)) spansToEvents(flattenTraceRequest(decode(b)).spans, DEFAULT_OTLP_ATTRIBUTES, 0);
  const t0 = process.hrtime.bigint();
  for (const b of bodies) spansToEvents(flattenTraceRequest(decode(b)).spans, DEFAULT_OTLP_ATTRIBUTES, 0);
  const us = Number(process.hrtime.bigint() - t0) / 1e3 / TOTAL;
  if (round < rounds.length) continue;
  console.log(`decode + map, ${name}: ${us.toFixed(2)} µs/span (${(proto.reduce((n, b) => n + b.length, 0) / TOTAL).toFixed(0)} B/span protobuf, ${(json.reduce((n, b) => n + b.length, 0) / TOTAL).toFixed(0)} B/span JSON)`);
}

const expectedCalls = (TOTAL * (PER_TRACE - 1)) / PER_TRACE;
const results: [string, { rate: number; calls: number }][] = [
  ['POST /v1/traces protobuf', await replay('/v1/traces', proto, 'application/x-protobuf')],
  ['POST /v1/traces JSON', await replay('/v1/traces', json, 'application/json')],
  ['POST /events (the same events)', await replay('/events', events, 'application/json')],
];
for (const [name, r] of results) {
  if (r.calls !== expectedCalls) throw new Error(`${name}: stored ${r.calls} calls, expected ${expectedCalls}`);
  console.log(`${name}: ${fmt(r.rate)} spans/s (${fmt(r.calls)} priced calls stored)`);
}
