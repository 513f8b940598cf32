import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from './App';
import { formatUsd } from './lib/format';
import { insights, metrics, mockApi, OPEN_SESSION, type MockApi } from './test-utils/mock-api';

let api: MockApi;

function go(path: string) {
  window.history.replaceState(null, '', path);
}

beforeEach(() => {
  api = mockApi()
    .on('GET', '/session', () => OPEN_SESSION)
    .on('GET', '/tenants', () => ({ tenants: [{ tenant_id: 'default_tenant', name: null, created_at: null }, { tenant_id: 'acme', name: 'Acme', created_at: null }] }));
});

describe('overview', () => {
  it('shows the totals of /insights, the unpriced warning with its list, and the top lists', async () => {
    api.on('GET', '/insights', (url) =>
      insights({
        totals: metrics({ cost_usd: url.searchParams.get('customer_id') === 'alice' ? 1.5 : 12.3456, calls: 40, unpriced_calls: 3, input_tokens: 12000, output_tokens: 3000 }),
        by_customer: [{ customer_id: 'alice', ...metrics({ cost_usd: 9, calls: 30 }) }, { customer_id: 'bob', ...metrics({ cost_usd: 3.3456, calls: 10 }) }],
        by_provider: [{ provider: 'openai', ...metrics({ cost_usd: 12.3456, calls: 37 }) }],
        by_model: [{ provider: 'openai', model: 'gpt-4o-mini', ...metrics({ cost_usd: 12.3456, calls: 37 }) }, { provider: 'selfhosted', model: 'acme-7b', ...metrics({ calls: 3, unpriced_calls: 3 }) }],
        by_section: [{ section_path: 'support_chat', ...metrics({ cost_usd: 10, calls: 20 }) }],
        unpriced_models: [{ provider: 'selfhosted', model: 'acme-7b', unpriced_calls: 3 }],
        timeseries: [{ start: new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000).toISOString(), ...metrics({ cost_usd: 12.3456, calls: 40 }) }],
      }),
    );
    go('/dashboard/?range=7d');
    render(<App />);
    const period = await screen.findByTestId('stat-period');
    await waitFor(() => expect(within(period).getByText(formatUsd(12.3456))).toBeTruthy());
    expect(within(period).getByText('Selected: Last 7 days')).toBeTruthy();
    const warning = screen.getByTestId('unpriced-warning');
    expect(warning.textContent).toContain('3 calls could not be priced');
    expect(warning.textContent).toContain('acme-7b');
    expect(screen.getByRole('list', { name: 'Top models by cost' }).textContent).toContain('unpriced');
    expect(screen.getByRole('link', { name: 'alice' }).getAttribute('href')).toBe('/dashboard/customers/alice?range=7d');
    // Every /insights call carries the period from the URL.
    expect(api.calls.filter((c) => c.url.pathname === '/insights').every((c) => c.url.searchParams.has('from'))).toBe(true);
  });

  it('filters by customer through the URL, and the total follows', async () => {
    api.on('GET', '/insights', (url) =>
      insights({ totals: metrics({ cost_usd: url.searchParams.get('customer_id') === 'alice' ? 1.5 : 12, calls: 4 }), by_customer: [{ customer_id: 'alice', ...metrics({ cost_usd: 1.5, calls: 1 }) }] }),
    );
    go('/dashboard/');
    render(<App />);
    const period = await screen.findByTestId('stat-period');
    await waitFor(() => expect(within(period).getByText('$12.00')).toBeTruthy());
    await userEvent.type(screen.getByLabelText('Customer'), 'alice{Enter}');
    await waitFor(() => expect(within(screen.getByTestId('stat-period')).getByText('$1.50')).toBeTruthy());
    expect(new URLSearchParams(window.location.search).get('customer')).toBe('alice');
    expect(api.calls.some((c) => c.url.pathname === '/insights' && c.url.searchParams.get('customer_id') === 'alice')).toBe(true);
  });

  it('shows the two lines that send the first event when the tenant has none', async () => {
    api.on('GET', '/insights', () => insights());
    go('/dashboard/');
    render(<App />);
    expect(await screen.findByText('No events yet')).toBeTruthy();
    expect(screen.getByText(/import \{ observe, setCustomerId \} from '@llmobserve\/sdk';/).textContent).toContain("observe({ collectorUrl: 'http://localhost:3000' });");
    expect(screen.getByRole('button', { name: 'Copy code' })).toBeTruthy();
  });

  it('shows the error of the collector and retries', async () => {
    let fail = true;
    api.on('GET', '/insights', () => (fail ? { status: 500, body: { error: { code: 'internal', message: 'database is locked' } } } : insights({ totals: metrics({ cost_usd: 2, calls: 1 }) })));
    go('/dashboard/');
    render(<App />);
    expect((await screen.findByRole('alert')).textContent).toContain('database is locked');
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(within(screen.getByTestId('stat-period')).getByText('$2.00')).toBeTruthy());
  });
});

describe('sessions', () => {
  it('required mode asks for a key, posts it to /session (never to storage) and shows the tenant', async () => {
    let signedIn = false;
    api
      .on('GET', '/session', () => (signedIn ? { ...OPEN_SESSION, authenticated: true, mode: 'required', kind: 'api_key', tenant_id: 'acme', scopes: ['read'], platform_admin: false } : { ...OPEN_SESSION, mode: 'required', platform_admin: false, sign_in_required: true }))
      .on('POST', '/session', (_u, init) => {
        const body = JSON.parse(String(init.body)) as { credential: string };
        if (body.credential !== 'llmo_sk_good_key_123') return { status: 401, body: { error: { code: 'unauthorized', message: 'unknown API key' } } };
        signedIn = true;
        return { ...OPEN_SESSION, authenticated: true, mode: 'required', kind: 'api_key', tenant_id: 'acme', scopes: ['read'], platform_admin: false };
      })
      .on('GET', '/insights', () => insights({ tenant_id: 'acme', totals: metrics({ cost_usd: 3, calls: 2 }) }));
    go('/dashboard/');
    render(<App />);
    const input = await screen.findByLabelText('API key or JWT');
    await userEvent.type(input, 'llmo_sk_bad_key_0000');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toContain('unknown API key');
    await userEvent.clear(input);
    await userEvent.type(input, 'llmo_sk_good_key_123');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByTestId('tenant')).toHaveProperty('textContent', 'acme');
    expect(screen.queryByLabelText('Tenant')).toBeNull();
    expect(window.localStorage.length + window.sessionStorage.length).toBe(0);
  });

  it('an expired session (401) returns to sign-in with the reason', async () => {
    let expired = false;
    api
      .on('GET', '/session', () => (expired ? { ...OPEN_SESSION, mode: 'required', platform_admin: false, sign_in_required: true, expired: 'the JWT has expired' } : { ...OPEN_SESSION, authenticated: true, mode: 'required', kind: 'jwt', tenant_id: 'acme', scopes: ['read'], platform_admin: false }))
      .on('GET', '/insights', () => {
        expired = true;
        return { status: 401, body: { error: { code: 'unauthorized', message: 'the JWT has expired' } } };
      });
    go('/dashboard/');
    render(<App />);
    expect(await screen.findByText(/Your session ended \(the JWT has expired\)/)).toBeTruthy();
    expect(screen.getByLabelText('API key or JWT')).toBeTruthy();
  });
});
