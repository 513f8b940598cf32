/**
 * The collector fuzzer's generators and its oracle (fast-check), shared by the fuzz test (`npm test`) and the long
 * run (`npm run bench:fuzz`). A case is one HTTP request: POST /events with a batch mixing valid events (known
 * valid by construction) and broken ones (arbitrary JSON, a field set to a hostile value, prototype keys, deep
 * nesting, lone surrogates, huge numbers), or a GET of a read route with hostile query strings, paths and cookies.
 *
 * The oracle, for every answer: no 5xx; every error in the documented `{"error": {"code", "message"}}` shape; for a
 * batch, every valid event is stored (accepted or duplicate), and nothing is counted twice.
 */
import fc from 'fast-check';

export interface FuzzRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** POST /events: how many events of the batch are valid by construction (at least these must be stored). */
  validEvents?: number;
  /** The total number of items in the batch. */
  items?: number;
}

export interface FuzzAnswer {
  status: number;
  body: unknown;
}

const TENANTS = ['fz_a', 'fz_b', 'fz_c'];
const HOSTILE_STRINGS = [
  '', ' ', '\u0000', '\ud800', '\udbff', 'c\ud800', '\ud83d\ude00', '__proto__', 'constructor', 'toString', 'hasOwnProperty',
  '%ZZ', '%00', '../..', "'; DROP TABLE trace_events; --", '\\', '"', '{}', '[]', 'null', 'NaN', 'Infinity', '-Infinity',
  '1e400', '-1', '0', '9007199254740993', '1e300', 'x'.repeat(300), 'llmo_sk_' + 'A'.repeat(32), 'a.b.c',
];
const HOSTILE_NUMBERS = [-1, 0, 0.5, 1e15, 1e16, 1e300, -1e300, 2 ** 53, 2 ** 53 + 2, Number.MAX_VALUE, Number.MIN_VALUE, -0];

const hostileString = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }));
const hostileNumber = fc.oneof(fc.constantFrom(...HOSTILE_NUMBERS), fc.double(), fc.integer());
/** Any JSON value, with hostile leaves. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: 'small' },
  hostileString,
  hostileNumber,
  fc.constant(null),
  fc.boolean(),
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'toString', 'images', 'characters', 'x'), hostileNumber, { maxKeys: 4 }),
);

const NOW = Date.now();
/** A valid event (the schema and the collector's own rules hold by construction). */
export const validEvent = (spanId: string) =>
  fc.record({
    tenant_id: fc.constantFrom(...TENANTS),
    span_id: fc.constant(spanId),
    run_id: fc.constantFrom('run-1', 'run-2', 'run\ud800', 'run-\u0000'),
    span_type: fc.constantFrom('llm', 'embedding', 'section', 'tool'),
    provider: fc.constantFrom('openai', 'anthropic', 'acme-ai', 'pinecone'),
    model: fc.constantFrom('gpt-4o-mini', 'gpt-4o', 'claude-sonnet-4-20250514', 'm1', 'unknown-model'),
    customer_id: fc.oneof(fc.constantFrom('alice', 'bob', 'c\ud800', 'c\udbff', '__proto__', 'constructor'), fc.string({ minLength: 1, maxLength: 20 })),
    input_tokens: fc.integer({ min: 0, max: 1_000_000 }),
    output_tokens: fc.integer({ min: 0, max: 100_000 }),
    units: fc.option(fc.dictionary(fc.constantFrom('constructor', '__proto__', 'toString', 'images', 'characters', 'read_units'), fc.double({ min: 0, max: 1e6, noNaN: true }), { maxKeys: 4 }), { nil: undefined }),
    started_at: fc.integer({ min: NOW - 30 * 86_400_000, max: NOW }).map((ms) => new Date(ms).toISOString()),
    metadata: fc.option(fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 6 }), { nil: undefined }).filter((m) => m === undefined || JSON.stringify(m).length < 4000),
  }, { requiredKeys: ['tenant_id', 'span_id'] });

const EVENT_FIELDS = ['tenant_id', 'span_id', 'run_id', 'parent_span_id', 'span_type', 'customer_id', 'provider', 'model', 'input_tokens',
  'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'reasoning_tokens', 'units', 'cost_usd', 'cost_source', 'started_at',
  'latency_ms', 'status', 'error', 'metadata', 'token_details', 'section_path', 'is_streaming', '__proto__', 'constructor'];

/** An item that may or may not be a valid event (counted as not valid). */
const anyItem = (spanId: string) =>
  fc.oneof(
    hostileValue,
    fc.tuple(validEvent(spanId), fc.constantFrom(...EVENT_FIELDS), hostileValue).map(([e, field, value]) => {
      const broken: Record<string, unknown> = { ...e };
      Object.defineProperty(broken, field, { value, enumerable: true, writable: true, configurable: true });
      return broken;
    }),
  );

let spanSeq = 0;
const nextSpan = () => `fz-${process.pid}-${++spanSeq}`;

/** POST /events with a mixed batch: `valid` events known valid and `broken` items of anything. */
const postEvents: fc.Arbitrary<FuzzRequest> = fc
  .tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 4 }), fc.boolean(), fc.nat())
  .chain(([valid, broken, envelope, seed]) =>
    fc.tuple(
      fc.tuple(...Array.from({ length: valid }, () => validEvent(`v-${seed}`))),
      fc.tuple(...Array.from({ length: broken }, () => anyItem(`b-${seed}`))),
    ).map(([goods, bads]) => {
      // Unique span ids, assigned at run time: every valid event is new, so "stored" means accepted.
      const items: unknown[] = [...goods.map((g) => ({ ...g, span_id: nextSpan() })), ...bads];
      const batch = envelope ? { events: items } : items;
      return {
        method: 'POST' as const, url: '/events', headers: { 'content-type': 'application/json' },
        body: JSON.stringify(batch), validEvents: goods.length, items: items.length,
      };
    }));

/** POST /events with a body that is not a batch: arbitrary JSON, malformed JSON, deep nesting, wrong types. */
const postJunk: fc.Arbitrary<FuzzRequest> = fc
  .oneof(
    fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 200 }),
    fc.integer({ min: 1, max: 200 }).map((d) => `[{"span_id":"deep","metadata":${'['.repeat(d)}${']'.repeat(d)}}]`),
    fc.integer({ min: 1, max: 4000 }).map((n) => `[${Array.from({ length: n }, () => '[]').join(',')}]`),
    fc.constantFrom('[', '[{', '{"events":', 'null', '""', '[1e400]', '[{"span_id":"x","input_tokens":1e400}]', '[{"span_id":"\\ud800"}]', '\u0000'),
  )
  .chain((body) => fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1').map((ct) => ({
    method: 'POST' as const, url: '/events', headers: { 'content-type': ct }, body,
  })));

const QUERY_PARAMS = ['tenant_id', 'customer_id', 'provider', 'model', 'section', 'from', 'to', 'limit', 'offset', 'cursor', 'bucket', 'sort', '__proto__', 'constructor'];
const queryValue = fc.oneof(
  hostileString,
  fc.integer({ min: -5, max: 2000 }).map(String),
  fc.constantFrom('2026-01-01', '2026-01-15T10:00:00Z', String(Date.now()), 'hour', 'day', 'cost', 'calls', 'fz_a', 'fz_b'),
  fc.constantFrom(Buffer.from(JSON.stringify([1e300, 'r'])).toString('base64url'), Buffer.from(JSON.stringify([1, 'r'])).toString('base64url'), Buffer.from('[').toString('base64url')),
);
/** encodeURIComponent throws on lone surrogates: they go as the raw (invalid UTF-8) bytes a hostile client sends. */
const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const encode = (s: string) => s.split(LONE).map(encodeURIComponent).join('%ED%A0%80');

const READ_ROUTES = ['/runs', '/insights', '/customers', '/runs/run-1', '/runs/%ZZ', '/runs/run%00', '/customers/alice', '/customers/%F0%9F', '/prices', '/api-keys', '/session', '/health', '/ready', '/openapi.json', '/tenants', '/nope'];

const getRoute: fc.Arbitrary<FuzzRequest> = fc
  .tuple(
    fc.oneof(fc.constantFrom(...READ_ROUTES), hostileString.map((s) => `/runs/${encode(s).slice(0, 200) || 'x'}`), hostileString.map((s) => `/customers/${encode(s).slice(0, 300) || 'x'}`)),
    fc.array(fc.tuple(fc.constantFrom(...QUERY_PARAMS), queryValue), { maxLength: 5 }),
    fc.option(fc.oneof(fc.constantFrom('llmo_session=%ZZ', 'llmo_session=', 'llmo_session=llmo_sk_' + 'B'.repeat(32), 'a=b; llmo_session=x.y.z'), hostileString.map((s) => `llmo_session=${s}`)), { nil: undefined }),
    fc.option(fc.oneof(fc.constantFrom('Bearer', 'Bearer llmo_sk_' + 'C'.repeat(32), 'Bearer a.b.c', 'Basic Zm9vOmJhcg=='), hostileString.map((s) => `Bearer ${s}`)), { nil: undefined }),
  )
  .map(([path, params, cookie, authorization]) => {
    const qs = params.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
    const headers: Record<string, string> = {};
    // Header values must be valid HTTP header text.
    if (cookie !== undefined && /^[\t\x20-\x7e]*$/.test(cookie)) headers.cookie = cookie;
    if (authorization !== undefined && /^[\t\x20-\x7e]*$/.test(authorization)) headers.authorization = authorization;
    return { method: 'GET' as const, url: qs ? `${path}?${qs}` : path, headers };
  });

export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  { arbitrary: postEvents, weight: 5 },
  { arbitrary: postJunk, weight: 2 },
  { arbitrary: getRoute, weight: 4 },
);

const isErrorShape = (b: unknown) => {
  const e = (b as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return typeof e?.code === 'string' && typeof e?.message === 'string';
};

/** The oracle: throws (with the request in the message) when an answer breaks a property. */
export function checkAnswer(req: FuzzRequest, res: FuzzAnswer): void {
  const where = `${req.method} ${req.url} ${req.body ? req.body.slice(0, 300) : ''}`;
  if (res.status >= 500) throw new Error(`${res.status} for ${where}: ${JSON.stringify(res.body).slice(0, 300)}`);
  if (res.status >= 400 && !isErrorShape(res.body)) throw new Error(`error not in the documented shape (${res.status}) for ${where}: ${JSON.stringify(res.body).slice(0, 300)}`);
  if (req.validEvents !== undefined && (res.status === 200 || res.status === 207 || res.status === 400)) {
    const b = res.body as { accepted?: number; duplicates?: number; rejected?: unknown[] };
    if (res.status === 400 && b.accepted === undefined) {
      if (req.validEvents > 0) throw new Error(`a batch with ${req.validEvents} valid events was refused whole: ${JSON.stringify(b)} for ${where}`);
      return;
    }
    const stored = (b.accepted ?? 0) + (b.duplicates ?? 0);
    if (stored < req.validEvents) throw new Error(`only ${stored} of ${req.validEvents} valid events stored for ${where}: ${JSON.stringify(b).slice(0, 400)}`);
    if (stored + (b.rejected?.length ?? 0) !== req.items) throw new Error(`stored + rejected ≠ items (${req.items}) for ${where}: ${JSON.stringify(b).slice(0, 400)}`);
  }
}

/** The run's seed: FUZZ_SEED, or a fresh one (printed, so a failure can be replayed with FUZZ_SEED=…). */
export function fuzzSeed(): number {
  const given = process.env.FUZZ_SEED;
  const seed = given !== undefined && given !== '' ? Number(given) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  console.log(`fuzz seed: ${seed} (replay with FUZZ_SEED=${seed})`);
  return seed;
}
