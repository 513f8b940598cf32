import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from '../App';
import type { RunDetail } from '../api/types';
import { insights, metrics, mockApi, OPEN_SESSION, type MockApi } from '../test-utils/mock-api';

let api: MockApi;
const go = (path: string) => window.history.replaceState(null, '', path);

beforeEach(() => {
  api = mockApi().on('GET', '/session', () => OPEN_SESSION).on('GET', '/tenants', () => ({ tenants: [] })).on('GET', '/insights', () => insights());
});

describe('customers', () => {
  beforeEach(() => {
    api.on('GET', '/customers', () => ({
      tenant_id: 'default_tenant', range: { from: null, to: null }, total_cost_usd: 10, total_customers: 3, next_offset: null,
      customers: [
        { customer_id: 'alice', ...metrics({ cost_usd: 6, calls: 10 }), share: 0.6, previous_cost_usd: 2, trend: [1, 2, 3] },
        { customer_id: 'bob', ...metrics({ cost_usd: 3, calls: 30 }), share: 0.3, previous_cost_usd: 3, trend: [1, 1, 1] },
        { customer_id: 'carol', ...metrics({ cost_usd: 1, calls: 1 }), share: 0.1, previous_cost_usd: 0, trend: [0, 0, 1] },
      ],
    }));
  });

  it('sorts by a column (in the URL), searches, and flags spikes', async () => {
    go('/dashboard/customers');
    render(<App />);
    const table = await screen.findByRole('table', { name: 'Customers by cost' });
    const names = () => within(table).getAllByRole('rowheader').map((c) => c.textContent);
    expect(names()).toEqual(['alice', 'bob', 'carol']);
    const row = (name: string) => within(table).getByRole('rowheader', { name }).closest('tr')!;
    expect(row('alice').textContent).toContain('+200.0%');
    expect(row('alice').textContent).toContain('Spiking');
    expect(row('carol').textContent).toContain('new');
    expect(within(table).getAllByRole('img', { name: /Cost trend of/ })).toHaveLength(3);

    await userEvent.click(within(table).getByRole('button', { name: /Calls/ }));
    expect(names()).toEqual(['bob', 'alice', 'carol']);
    expect(within(table).getByRole('columnheader', { name: /Calls/ }).getAttribute('aria-sort')).toBe('descending');
    expect(window.location.search).toContain('sort=calls');
    await userEvent.click(within(table).getByRole('button', { name: /Calls/ }));
    expect(names()).toEqual(['carol', 'alice', 'bob']);

    await userEvent.type(screen.getByLabelText('Search customers'), 'ro');
    expect(names()).toEqual(['carol']);
  });

  it('falls back to a second /customers call for the previous period on an older collector', async () => {
    api.on('GET', '/customers', (url) => ({
      tenant_id: 't', range: { from: null, to: null }, total_cost_usd: 4, total_customers: 1, next_offset: null,
      customers: [{ customer_id: 'alice', ...metrics({ cost_usd: url.searchParams.get('to') ? 1 : 4, calls: 2 }), share: 1 }],
    }));
    go('/dashboard/customers?range=7d');
    render(<App />);
    const table = await screen.findByRole('table', { name: 'Customers by cost' });
    await waitFor(() => expect(table.textContent).toContain('+300.0%'));
    expect(within(table).queryByText('Trend')).toBeNull();
  });
});

describe('run detail', () => {
  it('shows the span tree with rolled-up costs, the waterfall and the events', async () => {
    const node = (id: string, type: string, name: string, own: number | null, total: number, children: RunDetail['tree'] = [], start = 0, latency = 100) => ({
      span_id: id, span_type: type, name, provider: type === 'llm' ? 'openai' : null, model: type === 'llm' ? 'gpt-4o-mini' : null, status: 'ok',
      started_at: new Date(Date.parse('2026-01-01T00:00:00Z') + start).toISOString(), latency_ms: latency, cost_usd: own, total_cost_usd: total, unpriced_spans: 0, children,
    });
    const tree = [node('s', 'section', 'support_chat', null, 0.003, [node('a', 'agent', 'agent:research', null, 0.003, [node('l1', 'llm', 'chat.completions', 0.001, 0.001, [], 10, 50), node('l2', 'llm', 'chat.completions', 0.002, 0.002, [], 70, 30)])], 0, 120)];
    api.on('GET', /^\/runs\/run-1$/, () => ({
      tenant_id: 't',
      run: { run_id: 'run-1', started_at: '2026-01-01T00:00:00.000Z', ended_at: '2026-01-01T00:00:00.120Z', duration_ms: 120, customer_id: 'alice', top_section: 'support_chat', cost_usd: 0.003, calls: 2, spans: 4, unpriced_calls: 0, error_calls: 0, input_tokens: 10, output_tokens: 5 },
      events: [],
      tree,
    }));
    go('/dashboard/runs/run-1');
    render(<App />);
    const treeEl = await screen.findByRole('list', { name: 'Span tree' });
    const nodes = within(treeEl).getAllByTestId('span-node');
    expect(nodes.map((n) => [within(n).getAllByTestId('span-name')[0]!.textContent, within(n).getAllByTestId('span-total')[0]!.textContent])).toEqual([
      ['support_chat', '$0.003'],
      ['agent:research', '$0.003'],
      ['gpt-4o-mini', '$0.001'],
      ['gpt-4o-mini', '$0.002'],
    ]);
    await userEvent.click(within(treeEl).getByRole('button', { name: 'Collapse agent:research' }));
    expect(within(treeEl).getAllByTestId('span-node')).toHaveLength(2);
    expect(screen.getByRole('table', { name: /Waterfall/ }).textContent).toContain('starts at +70 ms, lasts 30 ms');
  });
});

describe('settings', () => {
  it('shows a created key once, with a copy button, and revokes keys', async () => {
    const keys = [{ id: 'key_1', tenant_id: 'default_tenant', name: 'old', prefix: 'llmo_sk_AbCd', scopes: ['read'], created_at: '2026-01-01T00:00:00Z', last_used_at: null, expires_at: null, revoked_at: null as string | null }];
    api
      .on('GET', '/api-keys', () => ({ tenant_id: 'default_tenant', api_keys: keys }))
      .on('POST', '/api-keys', (_u, init) => {
        const body = JSON.parse(String(init.body)) as { name: string; scopes: string[] };
        const k = { ...keys[0]!, id: 'key_2', name: body.name, prefix: 'llmo_sk_NeWk', scopes: body.scopes };
        keys.push(k);
        return { status: 201, body: { key: 'llmo_sk_NeWkEy0123456789abcdefghijklmn', api_key: k, note: 'shown once' } };
      })
      .on('DELETE', /^\/api-keys\//, (url) => {
        const k = keys.find((x) => url.pathname.endsWith(x.id))!;
        k.revoked_at = '2026-01-02T00:00:00Z';
        return { api_key: k };
      })
      .on('GET', '/prices', () => ({ status: 404, body: { error: { code: 'not_found', message: 'no route GET /prices' } } }));
    go('/dashboard/settings');
    render(<App />);
    expect((await screen.findByTestId('prices-unavailable')).textContent).toContain('Custom prices need a newer collector');
    await userEvent.type(await screen.findByLabelText('Name'), 'ci');
    expect(screen.getAllByRole('checkbox').map((c) => c.closest('label')!.textContent)).toEqual(['ingest', 'read', 'admin', 'metrics']);
    await userEvent.click(screen.getByRole('checkbox', { name: 'ingest' }));
    await userEvent.click(screen.getByRole('button', { name: 'Create key' }));
    expect(((await screen.findByTestId('new-key-value')) as HTMLInputElement).value).toBe('llmo_sk_NeWkEy0123456789abcdefghijklmn');
    expect(screen.getByRole('button', { name: 'Copy key' })).toBeTruthy();
    expect(api.calls.find((c) => c.method === 'POST')!.body).toEqual({ name: 'ci', scopes: ['read', 'ingest'] });
    await waitFor(() => expect(screen.getByTestId('keys-table').textContent).toContain('llmo_sk_NeWk…'));
    expect(screen.getByTestId('keys-table').textContent).not.toContain('llmo_sk_NeWkEy0123456789');
    await userEvent.click(screen.getByRole('button', { name: 'I have stored it — hide' }));
    expect(screen.queryByTestId('new-key')).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Revoke old' }));
    await userEvent.click(screen.getByRole('button', { name: 'Confirm revoke' }));
    await waitFor(() => expect(screen.getByTestId('keys-table').querySelector('[data-key-id="key_1"]')!.textContent).toContain('revoked'));
  });
});

describe('features', () => {
  it('shows nested sections rolled up', async () => {
    api.on('GET', '/insights', () =>
      insights({
        totals: metrics({ cost_usd: 3, calls: 3 }),
        by_section: [
          { section_path: 'support_chat/agent:research', ...metrics({ cost_usd: 2, calls: 2 }) },
          { section_path: 'support_chat', ...metrics({ cost_usd: 1, calls: 1 }) },
        ],
      }),
    );
    go('/dashboard/features');
    render(<App />);
    const table = await screen.findByRole('table', { name: 'Cost by section path' });
    const rows = within(table).getAllByRole('row').slice(1).map((r) => r.textContent);
    expect(rows[0]).toContain('support_chat$3.00$1.00100.0%3');
    expect(rows[1]).toContain('agent:research$2.00');
  });
});
