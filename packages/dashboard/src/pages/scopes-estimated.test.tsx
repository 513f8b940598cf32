import { render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from '../App';
import type { Session } from '../api/types';
import { insights, metrics, mockApi, type MockApi } from '../test-utils/mock-api';

let api: MockApi;
const go = (path: string) => window.history.replaceState(null, '', path);
const READ_ONLY: Session = { authenticated: true, mode: 'required', kind: 'api_key', tenant_id: 'acme', scopes: ['read'], platform_admin: false, sign_in_required: true };

describe('a read-only key', () => {
  beforeEach(() => {
    api = mockApi()
      .on('GET', '/session', () => READ_ONLY)
      .on('GET', '/insights', () => insights({ tenant_id: 'acme' }))
      .on('GET', '/prices', () => ({
        tenant_id: 'acme',
        prices: [{ id: 'p1', provider: 'openai', model: 'ft:gpt-4o-mini:acme', input_per_mtok: 0.3, output_per_mtok: 1.2, cache_read_per_mtok: null, cache_write_per_mtok: null, effective_from: null, created_at: '2026-01-01T00:00:00Z' }],
      }));
  });

  it('settings: no request to admin-only routes, no admin forms; the scopes are named', async () => {
    go('/dashboard/settings');
    render(<App />);
    expect((await screen.findByTestId('keys-need-admin')).textContent).toContain('this session has read');
    expect(await screen.findByTestId('prices-need-admin')).toBeTruthy();
    expect(await screen.findByText(/ft:gpt-4o-mini:acme/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Delete the price/ })).toBeNull();
    expect(screen.queryByRole('form', { name: 'Create an API key' })).toBeNull();
    const paths = api.calls.map((c) => `${c.method} ${c.url.pathname}`);
    expect(paths.filter((p) => /\/api-keys|\/tenants/.test(p))).toEqual([]);
    expect(api.calls.every((c) => c.method === 'GET')).toBe(true);
  });

  it('overview: no GET /tenants (platform administrators only)', async () => {
    go('/dashboard/');
    render(<App />);
    expect((await screen.findByTestId('tenant')).textContent).toBe('acme');
    await waitFor(() => expect(api.calls.some((c) => c.url.pathname === '/insights')).toBe(true));
    expect(api.calls.filter((c) => c.url.pathname === '/tenants')).toEqual([]);
  });
});

describe('estimated cost is shown where totals are', () => {
  beforeEach(() => {
    api = mockApi()
      .on('GET', '/session', () => READ_ONLY)
      .on('GET', '/insights', () => insights({ totals: metrics({ cost_usd: 2, calls: 10, estimated_cost_usd: 0.5, estimated_calls: 3 }) }))
      .on('GET', '/customers', () => ({
        tenant_id: 'acme', range: { from: null, to: null }, total_cost_usd: 2, total_estimated_cost_usd: 0.5, total_customers: 1, next_offset: null,
        customers: [{ customer_id: 'alice', ...metrics({ cost_usd: 2, calls: 10, estimated_cost_usd: 0.5, estimated_calls: 3 }), share: 1 }],
      }));
  });

  it('overview: the selected period says how much of it is estimated', async () => {
    go('/dashboard/');
    render(<App />);
    expect((await screen.findByTestId('stat-period')).textContent).toContain('incl. $0.5000 estimated (3 calls)');
  });

  it('customers: the total and the row say so', async () => {
    go('/dashboard/customers');
    render(<App />);
    expect(await screen.findByText(/\(incl\. \$0\.5000 estimated\)/)).toBeTruthy();
    expect(screen.getByTitle('$0.5000 of it from 3 call(s) with estimated usage')).toBeTruthy();
  });
});
