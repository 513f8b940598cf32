/**
 * A local mock of Stripe's Billing Meter Events API (api.stripe.com), reproducing its documented wire format:
 *
 *  - POST /v1/billing/meter_events, form-encoded (`event_name`, `identifier`, `timestamp`,
 *    `payload[stripe_customer_id]`, `payload[value]`), `Authorization: Bearer sk_…`
 *    -> 200 `{ object: "billing.meter_event", created, event_name, identifier, livemode: false, payload, timestamp }`
 *  - errors `{ error: { type, code?, param?, message } }`: 401 without a key, 400 `parameter_missing`, 400 for an
 *    identifier already recorded ("An event already exists with identifier …", `Stripe-Should-Retry: false`; Stripe
 *    enforces uniqueness within a rolling 24 hours), 429 `rate_limit`.
 *
 * Test controls: `rateLimitNext(n)` answers the next n requests 429; `hangUpAfterRecording(n)` handles the next n
 * requests (recording their events) and then cuts the connection instead of answering (a crash between send and
 * acknowledgement, as the sender sees it; the client's own retries are cut too while n lasts); `close()` and `startMockStripe({ port })` stop it and bring it back on the same port. `events` holds
 * each identifier once: what Stripe would bill.
 */
import http from 'node:http';
import { startHttpServer } from './http-server.js';

export interface MeterEvent {
  object: 'billing.meter_event';
  created: number;
  event_name: string;
  identifier: string;
  livemode: false;
  payload: Record<string, string>;
  timestamp: number;
}

export interface MockStripe {
  url: string;
  port: number;
  /** every meter event recorded, once per identifier (shared across restarts when passed back in) */
  events: Map<string, MeterEvent>;
  /** requests received (POST bodies as parsed forms) */
  requests: { path: string; form: Record<string, string> }[];
  rateLimitNext(n: number): void;
  hangUpAfterRecording(n: number): void;
  close(): Promise<void>;
}

const err = (res: http.ServerResponse, status: number, error: Record<string, string>, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_mock_${Math.random().toString(36).slice(2, 10)}`, ...headers });
  res.end(JSON.stringify({ error }));
};

export async function startMockStripe(opts: { port?: number; events?: Map<string, MeterEvent> } = {}): Promise<MockStripe> {
  const events = opts.events ?? new Map<string, MeterEvent>();
  const requests: MockStripe['requests'] = [];
  let rateLimited = 0;
  let hangUps = 0;
  const server = await startHttpServer((req, res, raw, url) => {
    const form = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
    requests.push({ path: url.pathname, form });
    if (!/^Bearer sk_(test|live)_\w+$/.test(req.headers.authorization ?? '')) {
      return err(res, 401, { type: 'invalid_request_error', message: 'You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth.' });
    }
    if (req.method !== 'POST' || url.pathname !== '/v1/billing/meter_events') {
      return err(res, 404, { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${url.pathname}).` });
    }
    if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return err(res, 400, { type: 'invalid_request_error', message: 'Invalid request: the body must be application/x-www-form-urlencoded.' });
    }
    if (rateLimited > 0) {
      rateLimited--;
      return err(res, 429, { type: 'invalid_request_error', code: 'rate_limit', message: 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.' });
    }
    for (const param of ['event_name', 'payload[stripe_customer_id]', 'payload[value]']) {
      if (!form[param]) return err(res, 400, { type: 'invalid_request_error', code: 'parameter_missing', param, message: `Missing required param: ${param}.` });
    }
    const identifier = form.identifier || `mock_${Math.random().toString(36).slice(2)}`;
    if (hangUps > 0 && events.has(identifier)) {
      hangUps--;
      req.socket.destroy();
      return;
    }
    if (events.has(identifier)) {
      return err(res, 400, { type: 'invalid_request_error', message: `An event already exists with identifier ${identifier}.` }, { 'stripe-should-retry': 'false' });
    }
    const payload: Record<string, string> = {};
    for (const [k, v] of Object.entries(form)) {
      const m = /^payload\[(.+)\]$/.exec(k);
      if (m) payload[m[1]!] = v;
    }
    const now = Math.floor(Date.now() / 1000);
    const event: MeterEvent = {
      object: 'billing.meter_event', created: now, event_name: form.event_name!, identifier, livemode: false, payload,
      timestamp: form.timestamp ? Number(form.timestamp) : now,
    };
    events.set(identifier, event);
    if (hangUps > 0) {
      hangUps--;
      req.socket.destroy();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'request-id': `req_mock_${Math.random().toString(36).slice(2, 10)}` });
    res.end(JSON.stringify(event));
  }, { port: opts.port });
  return {
    ...server, events, requests,
    rateLimitNext: (n) => void (rateLimited = n),
    hangUpAfterRecording: (n) => void (hangUps = n),
  };
}
