/**
 * Spend limits in the SDK (`observe({ enforceBudgets: true })`): a provider call whose attribution falls under a
 * budget instance the collector reports `blocked` is refused before any byte reaches the provider. The blocked
 * instances are learned in the background — from a conditional `GET /budgets/blocked` (ETag) after the collector
 * answers an event batch (at most once a second) and every `refreshMs` — never by a round trip before a call. The
 * check itself is a lookup in a small in-memory list (nothing at all when none is blocked).
 */
import http from 'node:http';
import https from 'node:https';
import { SDK_ID } from '../constants.js';

/** Thrown (as the failure of the provider request) when a call falls under a blocked budget instance. */
/** The header of a refused call's local 402 answer to an official client (budgets/refuse.ts): the refusal's fields. */
export const BUDGET_REFUSAL_HEADER = 'x-llmobserve-budget-exceeded';

export class BudgetExceededError extends Error {
  override readonly name = 'BudgetExceededError';
  constructor(
    readonly budgetId: string,
    readonly customerId: string | null,
    readonly amountUsd: number,
    readonly spentUsd: number,
    readonly periodEnd: string | null,
  ) {
    super(`LLMObserve budget ${budgetId}${customerId ? ` (customer ${customerId})` : ''} is exhausted: $${spentUsd} of $${amountUsd}${periodEnd ? ` until ${periodEnd}` : ''}; the call was not sent`);
  }

  /**
   * The BudgetExceededError behind an error a client wrapped (fetch's TypeError, an SDK's connection error), or made
   * from the local 402 answer an official client turned into its APIError (see budgets/refuse.ts); or null.
   */
  static find(err: unknown): BudgetExceededError | null {
    for (let e = err, i = 0; e && i < 8; e = (e as { cause?: unknown }).cause, i++) {
      if (e instanceof BudgetExceededError) return e;
      const answered = BudgetExceededError.fromHeaders((e as { headers?: unknown }).headers);
      if (answered) return answered;
    }
    return null;
  }

  private static fromHeaders(headers: unknown): BudgetExceededError | null {
    if (headers === null || typeof headers !== 'object') return null;
    const v = typeof (headers as Headers).get === 'function' ? (headers as Headers).get(BUDGET_REFUSAL_HEADER) : (headers as Record<string, unknown>)[BUDGET_REFUSAL_HEADER];
    if (typeof v !== 'string') return null;
    try {
      const f = JSON.parse(decodeURIComponent(v)) as { budget_id: string; customer_id: string | null; amount_usd: number; spent_usd: number; period_end: string | null };
      return new BudgetExceededError(f.budget_id, f.customer_id, f.amount_usd, f.spent_usd, f.period_end);
    } catch {
      return null;
    }
  }
}

export interface BlockedInstance {
  budget_id: string;
  customer_id: string | null;
  scope: { customer_id?: string; section?: string; provider?: string; model?: string };
  amount_usd: number;
  spent_usd: number;
  period_end: string | null;
}

const inSection = (path: string | null, section: string) => `/${path ?? ''}/`.includes(`/${section}/`);

/** The request's model, read from its JSON body only when a blocked instance is scoped by model. */
export function modelOf(body: unknown): string | null {
  const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8', 0, Math.min(body.length, 65_536)) : null;
  const m = text === null ? null : /"model"\s*:\s*"([^"\\]{1,256})"/.exec(text);
  return m ? m[1]! : null;
}

/**
 * The first blocked instance the call falls under, or null. Positional arguments, no allocation: this runs on the
 * call path of every provider request while anything is blocked.
 */
export function blocking(list: readonly BlockedInstance[], customerId: string | null, sectionPath: string | null, provider: string, body: unknown): BlockedInstance | null {
  for (const b of list) {
    const s = b.scope;
    const customer = b.customer_id ?? (s.customer_id !== undefined && s.customer_id !== '*' ? s.customer_id : undefined);
    if (customer !== undefined && customer !== null && customerId !== customer) continue;
    if (s.provider !== undefined && s.provider !== provider) continue;
    if (s.section !== undefined && !inSection(sectionPath, s.section)) continue;
    if (s.model !== undefined && s.model !== modelOf(body)) continue;
    if (b.period_end !== null && Date.parse(b.period_end) <= Date.now()) continue;
    return b;
  }
  return null;
}

export interface GuardOptions {
  collectorUrl: string;
  apiKey: string | null;
  /** tenant -> its own key (platforms) */
  tenantApiKeys: Map<string, string>;
  defaultTenant: string;
  refreshMs: number;
}

/** The blocked instances per tenant, refreshed in the background. */
export class BudgetGuard {
  private readonly blocked = new Map<string, { etag: string | null; list: BlockedInstance[] }>();
  private readonly tenants = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private lastRefresh = 0;
  private inFlight: Promise<void> | null = null;
  private readonly agent: http.Agent;
  /** Set while any tenant has a blocked instance: the per-call check is one property read otherwise. */
  any = false;

  constructor(private readonly o: GuardOptions) {
    this.tenants.add(o.defaultTenant);
    for (const t of o.tenantApiKeys.keys()) this.tenants.add(t);
    this.agent = o.collectorUrl.startsWith('https:') ? new https.Agent({ keepAlive: true, maxSockets: 1 }) : new http.Agent({ keepAlive: true, maxSockets: 1 });
    this.timer = setInterval(() => void this.refresh(), o.refreshMs);
    this.timer.unref();
    void this.refresh();
  }

  /** The error for a call under a blocked instance, or null (the call goes ahead). */
  check(tenantId: string, customerId: string | null, sectionPath: string | null, provider: string, body: unknown): BudgetExceededError | null {
    if (!this.any) return null;
    const list = this.blocked.get(tenantId)?.list;
    if (!list || list.length === 0) return null;
    const b = blocking(list, customerId, sectionPath, provider, body);
    return b ? new BudgetExceededError(b.budget_id, b.customer_id ?? customerId, b.amount_usd, b.spent_usd, b.period_end) : null;
  }

  /**
   * The collector answered an event batch. Its `x-llmobserve-budgets` header names the current ETag of the default
   * tenant's blocked list: refreshed at once when it differs from ours. Without the header (a collector that
   * predates it, or no blocking budget), at most once a second.
   */
  answered(etag?: string): void {
    if (etag !== undefined) {
      if (etag !== this.blocked.get(this.o.defaultTenant)?.etag) void this.refresh();
      return;
    }
    if (Date.now() - this.lastRefresh >= 1000) void this.refresh();
  }

  refresh(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    this.lastRefresh = Date.now();
    this.inFlight = Promise.all([...this.tenants].map((t) => this.refreshTenant(t))).then(() => undefined, () => undefined).finally(() => {
      this.inFlight = null;
      this.any = [...this.blocked.values()].some((b) => b.list.length > 0);
    });
    return this.inFlight;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.agent.destroy();
  }

  private refreshTenant(tenant: string): Promise<void> {
    const key = this.o.tenantApiKeys.get(tenant) ?? this.o.apiKey;
    const url = new URL(`${this.o.collectorUrl.replace(/\/+$/, '')}/budgets/blocked`);
    if (!key) url.searchParams.set('tenant_id', tenant);
    const prev = this.blocked.get(tenant);
    const headers: Record<string, string> = { 'user-agent': SDK_ID, accept: 'application/json' };
    if (key) headers.authorization = `Bearer ${key}`;
    if (prev?.etag) headers['if-none-match'] = prev.etag;
    const mod = url.protocol === 'https:' ? https : http;
    return new Promise<void>((resolve) => {
      const req = mod.request(url, { method: 'GET', headers, agent: this.agent, timeout: 5_000 }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body.length < 1_000_000 ? (body += c) : undefined));
        res.on('end', () => {
          if (res.statusCode === 200) {
            try {
              const parsed = JSON.parse(body) as { blocked?: BlockedInstance[] };
              this.blocked.set(tenant, { etag: typeof res.headers.etag === 'string' ? res.headers.etag : null, list: Array.isArray(parsed.blocked) ? parsed.blocked : [] });
            } catch {
              /* keep what we knew */
            }
          }
          resolve();
        });
        res.on('error', () => resolve());
      });
      req.on('timeout', () => req.destroy());
      req.on('error', () => resolve());
      req.end();
    });
  }
}
