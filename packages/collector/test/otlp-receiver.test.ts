// @storage sqlite,postgres
/**
 * POST /v1/traces as an OTLP/HTTP endpoint, on a real collector process: both encodings and gzip, answers in the
 * request's encoding with partial_success, 415 for other content types, 400 (google.rpc.Status) for undecodable
 * bodies, the body limit, required-mode authentication (tenant from the API key), idempotency, configured attributes.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import protobuf from 'protobufjs';
import { CLI, freshDb, request, startCollector, STORAGE, type RunningCollector } from './helpers/collector.js';
import { decodeTraceResponse } from '../src/otlp/proto.js';

const hex = (n: number, len: number) => n.toString(16).padStart(len, '0');
let seq = 1;
const ids = () => ({ traceId: hex(seq, 32).replace(/^0/, 'f'), spanId: hex(seq++, 16).replace(/^0/, 'e') });

const str = (key: string, v: string) => ({ key, value: { stringValue: v } });
const int = (key: string, v: number) => ({ key, value: { intValue: String(v) } });

function chatSpan(extra: unknown[] = [], id = ids()) {
  return {
    ...id, name: 'chat gpt-4o-mini', kind: 3, startTimeUnixNano: '1765000000000000000', endTimeUnixNano: '1765000000250000000',
    attributes: [str('gen_ai.operation.name', 'chat'), str('gen_ai.system', 'openai'), str('gen_ai.request.model', 'gpt-4o-mini'), int('gen_ai.usage.input_tokens', 1000), int('gen_ai.usage.output_tokens', 100), ...extra],
    status: {},
  };
}
const body = (spans: unknown[], resource: unknown[] = []) => ({ resourceSpans: [{ resource: { attributes: resource }, scopeSpans: [{ scope: { name: 'test-emitter', version: '1.0' }, spans }] }] });

/** The same request, protobuf-encoded, with an independent encoder: protobufjs reflection on our own JSON → the OTLP JSON mapping. */
function toProtobuf(json: ReturnType<typeof body>): Buffer {
  const bytes = (h: string) => Buffer.from(h, 'hex');
  const root = protobuf.Root.fromJSON({
    nested: {
      R: { fields: { resourceSpans: { rule: 'repeated', type: 'RS', id: 1 } } },
      RS: { fields: { resource: { type: 'Res', id: 1 }, scopeSpans: { rule: 'repeated', type: 'SS', id: 2 } } },
      Res: { fields: { attributes: { rule: 'repeated', type: 'KV', id: 1 } } },
      SS: { fields: { scope: { type: 'Scope', id: 1 }, spans: { rule: 'repeated', type: 'S', id: 2 } } },
      Scope: { fields: { name: { type: 'string', id: 1 }, version: { type: 'string', id: 2 } } },
      S: { fields: { traceId: { type: 'bytes', id: 1 }, spanId: { type: 'bytes', id: 2 }, parentSpanId: { type: 'bytes', id: 4 }, name: { type: 'string', id: 5 }, kind: { type: 'int32', id: 6 }, startTimeUnixNano: { type: 'fixed64', id: 7 }, endTimeUnixNano: { type: 'fixed64', id: 8 }, attributes: { rule: 'repeated', type: 'KV', id: 9 } } },
      KV: { fields: { key: { type: 'string', id: 1 }, value: { type: 'V', id: 2 } } },
      V: { fields: { stringValue: { type: 'string', id: 1 }, intValue: { type: 'int64', id: 3 } } },
    },
  });
  const R = root.lookupType('R');
  const j = structuredClone(json) as any;
  for (const rs of j.resourceSpans) for (const ss of rs.scopeSpans) for (const s of ss.spans) {
    s.traceId = bytes(s.traceId);
    s.spanId = bytes(s.spanId);
    if (s.parentSpanId) s.parentSpanId = bytes(s.parentSpanId);
  }
  return Buffer.from(R.encode(R.fromObject(j)).finish());
}

const post = (c: RunningCollector, payload: Buffer | string, headers: Record<string, string>) =>
  fetch(`${c.url}/v1/traces`, { method: 'POST', body: payload, headers, signal: AbortSignal.timeout(20_000) });

const runEvents = async (c: RunningCollector, runId: string, headers: Record<string, string> = {}) => (await request(c.url, `/runs/${runId}`, { headers })).body.events as any[];

describe(`POST /v1/traces: the OTLP/HTTP protocol (${STORAGE})`, () => {
  let c: RunningCollector;
  before(async () => {
    c = await startCollector({ args: ['--body-limit', '64kb', '--otlp-customer-attributes', 'app.tenant_customer,enduser.id', '--otlp-run-attributes', 'session.id'] });
  });
  after(async () => {
    await c?.stop();
  });

  it('JSON and gzip JSON: stored, answered in JSON with an empty response; a re-send is stored once', async () => {
    const span = chatSpan([str('enduser.id', 'cust-json')]);
    const json = JSON.stringify(body([span]));
    for (const payload of [json, gzipSync(json)]) {
      const res = await post(c, payload as never, { 'content-type': 'application/json', ...(typeof payload === 'string' ? {} : { 'content-encoding': 'gzip' }) });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /application\/json/);
      assert.deepEqual(await res.json(), {});
    }
    const events = await runEvents(c, span.traceId);
    assert.equal(events.length, 1, 'the re-sent span is stored once');
    assert.equal(events[0].span_id, span.spanId);
    assert.equal(events[0].customer_id, 'cust-json');
    assert.equal(events[0].latency_ms, 250);
    assert.equal(events[0].started_at, new Date(1765000000000).toISOString());
  });

  it('protobuf and gzip protobuf: answered in protobuf; bad spans counted in partial_success, the others stored', async () => {
    const good = chatSpan([str('app.tenant_customer', 'cust-proto'), str('session.id', 'sess-42')]);
    const bad = { ...chatSpan(), spanId: '0000000000000000' };
    const pb = toProtobuf(body([good, bad]));
    for (const [payload, extra] of [[pb, {}], [gzipSync(pb), { 'content-encoding': 'gzip' }]] as const) {
      const res = await post(c, payload, { 'content-type': 'application/x-protobuf', ...extra });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/x-protobuf');
      const answer = decodeTraceResponse(new Uint8Array(await res.arrayBuffer()));
      assert.equal(answer.partialSuccess?.rejectedSpans, '1');
      assert.match(answer.partialSuccess?.errorMessage ?? '', /spanId/);
    }
    const events = await runEvents(c, 'sess-42');
    assert.equal(events.length, 1, 'run id from the configured session.id attribute');
    assert.equal(events[0].customer_id, 'cust-proto', 'customer from the configured attribute');
    assert.equal(events[0].metadata.otel_trace_id, good.traceId, 'the trace id kept beside the run id');
    assert.equal(events[0].cost_status, 'priced');
    assert.equal(events[0].started_at, new Date(1765000000000).toISOString(), 'fixed64 nanoseconds read exactly');
    assert.equal(events[0].latency_ms, 250);
  });

  it('JSON accepts the proto field names, intValue as a number, and names the rejected span', async () => {
    const id = ids();
    const payload = { resource_spans: [{ scope_spans: [{ spans: [{ trace_id: id.traceId, span_id: id.spanId, name: 'x', attributes: [{ key: 'gen_ai.operation.name', value: { string_value: 'chat' } }, { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o-mini' } }, { key: 'gen_ai.usage.input_tokens', value: { intValue: 7 } }] }, { traceId: 'zz', spanId: id.spanId }] }] }] };
    const res = await post(c, JSON.stringify(payload), { 'content-type': 'application/json' });
    assert.equal(res.status, 200);
    const answer = (await res.json()) as { partialSuccess: { rejectedSpans: number; errorMessage: string } };
    assert.equal(answer.partialSuccess.rejectedSpans, 1);
    assert.match(answer.partialSuccess.errorMessage, /traceId/);
    assert.equal((await runEvents(c, id.traceId))[0].input_tokens, 7);
  });

  it('client mistakes get 4xx, never 500: other content types 415, undecodable protobuf 400 with a Status, too large 413', async () => {
    const text = await post(c, 'hello', { 'content-type': 'text/plain' });
    assert.equal(text.status, 415);
    assert.match(((await text.json()) as { error: { message: string } }).error.message, /application\/x-protobuf/);
    const garbage = await post(c, Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]), { 'content-type': 'application/x-protobuf' });
    assert.equal(garbage.status, 400);
    assert.equal(garbage.headers.get('content-type'), 'application/x-protobuf');
    const status = protobuf.Root.fromJSON({ nested: { S: { fields: { code: { type: 'int32', id: 1 }, message: { type: 'string', id: 2 } } } } }).lookupType('S');
    const decoded = status.toObject(status.decode(new Uint8Array(await garbage.arrayBuffer()))) as { code: number; message: string };
    assert.equal(decoded.code, 3);
    assert.match(decoded.message, /ExportTraceServiceRequest/);
    assert.equal((await post(c, '{"resourceSpans": 3}', { 'content-type': 'application/json' })).status, 400);
    assert.equal((await post(c, '{not json', { 'content-type': 'application/json' })).status, 400);
    const big = JSON.stringify(body(Array.from({ length: 400 }, () => chatSpan())));
    assert.ok(big.length > 64 * 1024);
    assert.equal((await post(c, big, { 'content-type': 'application/json' })).status, 413);
    // POST /events does not take protobuf.
    const events = await fetch(`${c.url}/events`, { method: 'POST', body: Buffer.from([1]), headers: { 'content-type': 'application/x-protobuf' }, signal: AbortSignal.timeout(10_000) });
    assert.equal(events.status, 415);
  });
});

describe(`POST /v1/traces in required mode (${STORAGE})`, () => {
  let c: RunningCollector;
  let key = '';
  before(async () => {
    const db = await freshDb('otlp-auth.sqlite');
    const r = spawnSync(process.execPath, [CLI, 'keys', 'create', '--db', db, '--tenant', 'acme', '--scope', 'ingest,read', '--create-tenant', '--json'], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 0, r.stderr);
    key = JSON.parse(r.stdout).key;
    c = await startCollector({ db, args: ['--auth', 'required'] });
  });
  after(async () => {
    await c?.stop();
  });

  it("needs credentials; the spans belong to the key's tenant", async () => {
    const span = chatSpan();
    const payload = toProtobuf(body([span], [str('tenant_id', 'globex')]));
    assert.equal((await post(c, payload, { 'content-type': 'application/x-protobuf' })).status, 401);
    assert.equal((await post(c, payload, { 'content-type': 'application/x-protobuf', authorization: 'Bearer llmo_sk_' + 'x'.repeat(32) })).status, 401);
    const ok = await post(c, payload, { 'content-type': 'application/x-protobuf', authorization: `Bearer ${key}` });
    assert.equal(ok.status, 200);
    const res = await request(c.url, `/runs/${span.traceId}`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(res.status, 200);
    assert.equal(res.body.tenant_id, 'acme');
    assert.equal(res.body.events.length, 1);
  });
});
