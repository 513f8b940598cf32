/** A fake collector for component tests: routes by method and path, records every request. */
import { vi } from 'vitest';
import type { Insights, Metrics, Session } from '../api/types';

export type Handler = (url: URL, init: RequestInit) => { status?: number; body?: unknown } | unknown;

export interface MockApi {
  calls: { method: string; url: URL; body: unknown }[];
  on(method: string, path: string | RegExp, handler: Handler): MockApi;
}

export function mockApi(): MockApi {
  const routes: { method: string; path: string | RegExp; handler: Handler }[] = [];
  const api: MockApi = {
    calls: [],
    on(method, path, handler) {
      routes.unshift({ method, path, handler });
      return api;
    },
  };
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const url = new URL(input, 'http://collector.test');
    const method = (init.method ?? 'GET').toUpperCase();
    api.calls.push({ method, url, body: init.body ? JSON.parse(String(init.body)) : undefined });
    const route = routes.find((r) => r.method === method && (typeof r.path === 'string' ? r.path === url.pathname : r.path.test(url.pathname)));
    if (!route) return new Response(JSON.stringify({ error: { code: 'not_found', message: `no route ${method} ${url.pathname}` } }), { status: 404 });
    const out = route.handler(url, init) as { status?: number; body?: unknown } | undefined;
    const wrapped = out && typeof out === 'object' && ('status' in out || 'body' in out) ? out : { status: 200, body: out };
    const status = wrapped.status ?? 200;
    return new Response(status === 204 ? null : JSON.stringify(wrapped.body ?? {}), { status, headers: { 'content-type': 'application/json' } });
  });
  return api;
}

export const OPEN_SESSION: Session = { authenticated: false, mode: 'open', kind: 'anonymous', tenant_id: null, scopes: ['ingest', 'read', 'admin'], platform_admin: true, sign_in_required: false };

export function metrics(m: Partial<Metrics> = {}): Metrics {
  return { cost_usd: 0, calls: 0, unpriced_calls: 0, error_calls: 0, input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0, estimated_cost_usd: 0, estimated_calls: 0, ...m };
}

export function insights(over: Partial<Insights> = {}): Insights {
  return {
    tenant_id: 'default_tenant', range: { from: null, to: null }, bucket: 'day', totals: metrics(),
    by_customer: [], by_provider: [], by_model: [], by_section: [], unpriced_models: [], timeseries: [],
    ...over,
  };
}
