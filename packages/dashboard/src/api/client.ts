/**
 * The dashboard's only way to the collector: same-origin fetch with the session cookie (never a key in the page's
 * storage). Errors keep the collector's `{"error": {"code", "message"}}` shape; a 401 tells the app to sign in again.
 */
import type {
  Alert, ApiKey, BillingSettings, Budget, BudgetInput, BudgetStatus, CloseResult, CreatedKey, CreatedWebhook, CustomerDetail, CustomerList, CustomPrice,
  Evaluation, Finding, FindingList, Insights, MarkupRule, PeriodList, PriceInput, RuleInput, RunDetail, RunList, Scope, Session, SettingsInput, Statement,
  StatementList, Tenant, Webhook,
} from './types';

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Fired on window when any API call answers 401: the session is gone (expired, revoked or signed out). */
export const UNAUTHORIZED_EVENT = 'llmobserve:unauthorized';

export type Query = Record<string, string | number | undefined | null>;

export function queryString(q: Query = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

async function call<T>(method: string, path: string, opts: { query?: Query; body?: unknown; signal?: AbortSignal; quiet401?: boolean } = {}): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (opts.signal) init.signal = opts.signal;
  if (opts.body !== undefined) {
    init.body = JSON.stringify(opts.body);
    init.headers = { accept: 'application/json', 'content-type': 'application/json' };
  }
  let res: Response;
  try {
    res = await fetch(path + queryString(opts.query), init);
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'The collector did not answer. Is it running?');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    const e = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
    const err = new ApiError(res.status, e?.code ?? `http_${res.status}`, e?.message ?? `${method} ${path} answered ${res.status}`);
    if (res.status === 401 && !opts.quiet401 && typeof window !== 'undefined') window.dispatchEvent(new CustomEvent(UNAUTHORIZED_EVENT, { detail: err.message }));
    throw err;
  }
  return body as T;
}

/**
 * Reads are shared: identical GETs in flight (e.g. the overview and its filter bar asking the same /insights) make
 * one request, and an answer is reused for a few seconds. Any write, and "Refresh", clears this.
 */
const CACHE_MS = 5000;
const cache = new Map<string, { at: number; promise: Promise<unknown> }>();
export function clearCache(): void {
  cache.clear();
}
function get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
  const key = path + queryString(query);
  const hit = cache.get(key);
  const now = Date.now();
  let promise = hit && now - hit.at < CACHE_MS ? (hit.promise as Promise<T>) : undefined;
  if (!promise) {
    promise = call<T>('GET', path, { query });
    cache.set(key, { at: now, promise });
    promise.catch(() => cache.delete(key));
  }
  if (!signal) return promise;
  // The shared request goes on; only this caller stops waiting.
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new DOMException('aborted', 'AbortError'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
const write = <T>(method: string, path: string, opts: { query?: Query; body?: unknown }) => {
  clearCache();
  return call<T>(method, path, opts).finally(clearCache);
};

export const api = {
  session: (signal?: AbortSignal) => call<Session>('GET', '/session', { signal, quiet401: true }),
  signIn: (credential: string) => (clearCache(), call<Session>('POST', '/session', { body: { credential }, quiet401: true })),
  signOut: () => (clearCache(), call<void>('DELETE', '/session', { quiet401: true })),

  insights: (q: Query, signal?: AbortSignal) => get<Insights>('/insights', q, signal),
  customers: (q: Query, signal?: AbortSignal) => get<CustomerList>('/customers', q, signal),
  customer: (id: string, q: Query, signal?: AbortSignal) => get<CustomerDetail>(`/customers/${encodeURIComponent(id)}`, q, signal),
  runs: (q: Query, signal?: AbortSignal) => get<RunList>('/runs', q, signal),
  run: (id: string, q: Query, signal?: AbortSignal) => get<RunDetail>(`/runs/${encodeURIComponent(id)}`, q, signal),

  tenants: (signal?: AbortSignal) => get<{ tenants: Tenant[] }>('/tenants', undefined, signal),
  apiKeys: (q: Query, signal?: AbortSignal) => get<{ tenant_id: string; api_keys: ApiKey[] }>('/api-keys', q, signal),
  createApiKey: (q: Query, body: { name?: string; scopes: Scope[]; expires_at?: string }) => write<CreatedKey>('POST', '/api-keys', { query: q, body }),
  revokeApiKey: (id: string, q: Query) => write<{ api_key: ApiKey }>('DELETE', `/api-keys/${encodeURIComponent(id)}`, { query: q }),

  findings: (q: Query, signal?: AbortSignal) => get<FindingList>('/insights/findings', q, signal),
  evaluateInsights: (q: Query) => write<Evaluation>('POST', '/insights/evaluate', { query: q, body: {} }),
  dismissFinding: (id: string, q: Query) => write<{ finding: Finding }>('POST', `/insights/findings/${encodeURIComponent(id)}/dismiss`, { query: q }),

  prices: (q: Query, signal?: AbortSignal) => get<{ prices: CustomPrice[] }>('/prices', q, signal),
  putPrice: (q: Query, body: PriceInput) => write<{ price: CustomPrice }>('PUT', '/prices', { query: q, body }),
  deletePrice: (id: string, q: Query) => write<void>('DELETE', `/prices/${encodeURIComponent(id)}`, { query: q }),

  billingSettings: (q: Query, signal?: AbortSignal) => get<BillingSettings>('/billing/settings', q, signal),
  putBillingSettings: (q: Query, body: SettingsInput) => write<BillingSettings>('PUT', '/billing/settings', { query: q, body }),
  billingRules: (q: Query, signal?: AbortSignal) => get<{ rules: MarkupRule[] }>('/billing/rules', q, signal),
  addBillingRule: (q: Query, body: RuleInput) => write<{ rule: MarkupRule }>('POST', '/billing/rules', { query: q, body }),
  deleteBillingRule: (id: string, q: Query) => write<void>('DELETE', `/billing/rules/${encodeURIComponent(id)}`, { query: q }),
  billingPeriods: (q: Query, signal?: AbortSignal) => get<PeriodList>('/billing/periods', q, signal),
  statements: (q: Query, signal?: AbortSignal) => get<StatementList>('/statements', q, signal),
  statement: (customer: string, q: Query, signal?: AbortSignal) => get<Statement>(`/statements/${encodeURIComponent(customer)}`, q, signal),
  closePeriod: (q: Query, period: string) => write<CloseResult>('POST', '/statements/close', { query: q, body: { period } }),
  budgets: (q: Query, signal?: AbortSignal) => get<{ tenant_id: string; budgets: Budget[] }>('/budgets', q, signal),
  budgetStatus: (id: string, q: Query, signal?: AbortSignal) => get<BudgetStatus>(`/budgets/${encodeURIComponent(id)}/status`, q, signal),
  createBudget: (q: Query, body: BudgetInput) => write<{ budget: Budget }>('POST', '/budgets', { query: q, body }),
  updateBudget: (id: string, q: Query, body: Partial<BudgetInput>) => write<{ budget: Budget }>('PATCH', `/budgets/${encodeURIComponent(id)}`, { query: q, body }),
  deleteBudget: (id: string, q: Query) => write<void>('DELETE', `/budgets/${encodeURIComponent(id)}`, { query: q }),
  alerts: (q: Query, signal?: AbortSignal) => get<{ tenant_id: string; alerts: Alert[] }>('/alerts', q, signal),
  webhooks: (q: Query, signal?: AbortSignal) => get<{ tenant_id: string; webhooks: Webhook[]; event_types: string[] }>('/webhooks', q, signal),
  createWebhook: (q: Query, body: { url: string; format?: 'standard' | 'slack' }) => write<CreatedWebhook>('POST', '/webhooks', { query: q, body }),
  deleteWebhook: (id: string, q: Query) => write<void>('DELETE', `/webhooks/${encodeURIComponent(id)}`, { query: q }),
  testWebhook: (id: string, q: Query) => write<{ delivery_id: string }>('POST', `/webhooks/${encodeURIComponent(id)}/test`, { query: q }),
};

/** The URL of a CSV export (a plain link: the browser downloads it with the session cookie). */
export const csvUrl = (path: string, q: Query) => path + queryString({ ...q, format: 'csv' });

/** Every page of /customers (the table sorts and searches client-side), bounded. */
export async function allCustomers(q: Query, signal?: AbortSignal, max = 5000): Promise<CustomerList> {
  const first = await api.customers({ ...q, limit: 1000, offset: 0 }, signal);
  const rows = [...first.customers];
  let next = first.next_offset;
  while (next !== null && rows.length < max) {
    const page = await api.customers({ ...q, limit: 1000, offset: next }, signal);
    rows.push(...page.customers);
    next = page.next_offset;
  }
  return { ...first, customers: rows, next_offset: next };
}
