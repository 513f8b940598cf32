/**
 * The webhook sender: delivers the durable outbox (webhook_deliveries). A delivery is claimed with a lease (one
 * collector at a time, even with several on one PostgreSQL), POSTed signed per Standard Webhooks (webhook-id,
 * webhook-timestamp, webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">), and marked delivered on a
 * 2xx. A failure is retried with exponential backoff (base × 2^(attempt-1), at most an hour); an endpoint is
 * disabled after 10 consecutive failed deliveries. Deliveries left by a stopped collector (or an outage of the
 * receiver) are sent when it runs again: nothing is kept only in memory.
 */
import http from 'node:http';
import https from 'node:https';
import { Webhook } from 'standardwebhooks';
import { BudgetStore, type AttemptOutcome, type DeliveryRecord, type WebhookEndpointRecord } from '../storage/budget-store.js';
import type { Storage } from '../storage/types.js';
import { webhookEventType } from './registry.js';
import { openSecret } from './secrets.js';
import { guardedLookup, urlRefusal, type UrlPolicy } from './ssrf.js';

export const DISABLE_AFTER_FAILURES = 10;
const MAX_BACKOFF_MS = 3_600_000;
/**
 * Deliveries claimed at once: BATCH at first, up to BATCH_MAX (×4 per round) while every delivery of a round succeeded
 * within FAST_ROUND_MS. On SQLite every claim and record is a write on the main connection, waiting for the ingest
 * writer's transactions: a storm of alerts drains in fewer, larger rounds, while a slow or failing receiver gets
 * small ones (its requests stay within the claim's lease).
 */
const BATCH = 50;
const BATCH_MAX = 800;
const FAST_ROUND_MS = 2_000;
/** Connections per receiver origin (kept alive). */
const MAX_SOCKETS = 32;

export interface OutboxOptions {
  policy: UrlPolicy;
  /** First retry delay (ms, default 5000; env LLMOBSERVE_WEBHOOK_BACKOFF_MS). */
  backoffMs?: number;
  /** Polling period for due deliveries (ms, default 1000; env LLMOBSERVE_WEBHOOK_POLL_MS). */
  pollMs?: number;
  /** Time limit of one delivery request (ms, default 10000). */
  timeoutMs?: number;
  /** false: nothing is sent (LLMOBSERVE_WEBHOOK_DELIVERY=off), the outbox only fills. */
  enabled?: boolean;
  onError?: (err: unknown) => void;
  /** Told of every delivery attempt (metrics): its event type and whether the receiver answered 2xx. */
  onAttempt?: (eventType: string, ok: boolean) => void;
}

export const backoffDelay = (attempt: number, base: number) => Math.min(MAX_BACKOFF_MS, base * 2 ** Math.max(0, attempt - 1));

/** The request a delivery makes: Standard Webhooks headers, or a Slack message for `format: slack`. */
export function deliveryRequest(d: DeliveryRecord, e: WebhookEndpointRecord, at: Date): { headers: Record<string, string>; body: string } {
  let body = d.payload;
  if (e.format === 'slack') {
    const parsed = JSON.parse(d.payload) as { type: string; data: Record<string, unknown> };
    body = JSON.stringify({ text: webhookEventType(parsed.type)?.slackText(parsed) ?? `LLMObserve: ${parsed.type}` });
  }
  const signature = new Webhook(openSecret(e.secret)).sign(d.msg_id, at, body);
  return {
    body,
    headers: {
      'content-type': 'application/json', 'user-agent': 'llmobserve-webhooks/1',
      'webhook-id': d.msg_id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signature,
    },
  };
}

export class Outbox {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;
  private readonly agents = new Map<string, http.Agent>();
  private readonly backoffMs: number;
  private readonly timeoutMs: number;

  constructor(private readonly storage: Storage, private readonly options: OutboxOptions) {
    this.backoffMs = options.backoffMs ?? 5_000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    if (options.enabled !== false) {
      this.timer = setInterval(() => this.kick(), options.pollMs ?? 1_000);
      this.timer.unref();
      this.kick();
    }
  }

  /** Delivers what is due now (coalesced: one pass at a time). */
  kick(): void {
    if (this.closed || this.options.enabled === false) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass().catch((err) => this.options.onError?.(err)).finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
    for (const a of this.agents.values()) a.destroy();
    this.agents.clear();
  }

  private async pass(): Promise<void> {
    const now = Date.now();
    for (const tenant of await this.storage.budgetSql.dueDeliveryTenants(now)) {
      const store = new BudgetStore(this.storage.budgetSql, tenant);
      let size = BATCH;
      for (;;) {
        const due = await store.claimDue(Date.now(), size);
        if (due.length === 0 || this.closed) break;
        // the round's requests in parallel (at most MAX_SOCKETS per receiver), their outcomes recorded in one transaction
        const start = Date.now();
        const outcomes = await Promise.all(due.map(({ delivery, endpoint }) => this.deliver(delivery, endpoint)));
        await store.recordAttempts(outcomes);
        if (due.length < size) break;
        size = outcomes.every((o) => o.ok) && Date.now() - start < FAST_ROUND_MS ? Math.min(BATCH_MAX, size * 4) : BATCH;
      }
    }
  }

  /**
   * The keep-alive agent of an endpoint's origin: a storm of alerts to one receiver reuses its connections. Each new
   * connection's addresses are checked (guardedLookup), so a reused one was checked when it was made.
   */
  private agentFor(target: URL): http.Agent {
    const key = `${target.protocol}//${target.host}`;
    let agent = this.agents.get(key);
    if (!agent) {
      const options = { keepAlive: true, maxSockets: MAX_SOCKETS, timeout: this.timeoutMs };
      agent = target.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
      if (this.agents.size >= 100) for (const [k, a] of this.agents) {
        a.destroy();
        this.agents.delete(k);
        break;
      }
      this.agents.set(key, agent);
    }
    return agent;
  }

  /** POSTs one delivery (no redirects followed; the connection's addresses checked, see ssrf.ts); the status. */
  private post(url: string, req: { headers: Record<string, string>; body: string }): Promise<number> {
    const target = new URL(url);
    const mod = target.protocol === 'https:' ? https : http;
    const lookup = guardedLookup(this.options.policy);
    return new Promise<number>((resolve, reject) => {
      const r = mod.request(target, {
        method: 'POST', headers: { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) }, timeout: this.timeoutMs, agent: this.agentFor(target),
        ...(lookup ? { lookup } : {}),
      }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      });
      const deadline = setTimeout(() => r.destroy(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
      r.on('close', () => clearTimeout(deadline));
      r.on('timeout', () => r.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      r.on('error', reject);
      r.end(req.body);
    });
  }

  private async deliver(d: DeliveryRecord, e: WebhookEndpointRecord): Promise<AttemptOutcome> {
    let ok = false;
    let status: number | null = null;
    let error: string | null = null;
    try {
      const refusal = await urlRefusal(e.url, this.options.policy);
      if (refusal !== null) throw new Error(refusal);
      status = await this.post(e.url, deliveryRequest(d, e, new Date()));
      ok = status >= 200 && status < 300;
      if (!ok) error = `HTTP ${status}`;
    } catch (err) {
      error = (err as Error).message;
    }
    const at = Date.now();
    this.options.onAttempt?.(d.event_type, ok);
    return {
      delivery_id: d.id, endpoint_id: e.id, at, ok, status, error,
      next_attempt_at: at + backoffDelay(d.attempts + 1, this.backoffMs), disableAfter: DISABLE_AFTER_FAILURES,
    };
  }
}
