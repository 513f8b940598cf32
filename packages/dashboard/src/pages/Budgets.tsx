/** Budgets: each budget's spend bar, state, reset time and projection; template instances by fraction used; alerts; webhook endpoints. */
import { useId, useState, type FormEvent } from 'react';
import { api, ApiError, clearCache } from '../api/client';
import type { Budget, BudgetInput, BudgetInstance, CreatedWebhook } from '../api/types';
import { actingTenant, canAdminister, useApp, useFilters } from '../app-context';
import { CopyButton } from '../components/CopyButton';
import { ErrorState, Loading } from '../components/States';
import { formatAgo, formatDateTime, formatUsd } from '../lib/format';
import { useAsync } from '../lib/use-async';

const pct = (f: number) => `${Math.round(f * 100)}%`;

export function SpendBar({ instance, testId }: { instance: BudgetInstance; testId?: string }) {
  return (
    <div data-testid={testId}>
      <div className="budget-bar" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(instance.fraction * 100)} aria-label={`${pct(instance.fraction)} of the budget used`}>
        <div className={`budget-fill state-${instance.state}`} style={{ width: `${Math.min(100, instance.fraction * 100)}%` }} />
      </div>
      <span className="muted">
        {formatUsd(instance.spent_usd)} of {formatUsd(instance.amount_usd)} ({pct(instance.fraction)}) · <StateBadge state={instance.state} />
        {instance.period_end ? ` · resets ${formatDateTime(instance.period_end)}` : ''}
        {instance.projected_usd !== null ? ` · projected ${formatUsd(instance.projected_usd)}` : ''}
        {instance.unpriced_calls > 0 ? ` · ${instance.unpriced_calls} unpriced calls` : ''}
      </span>
    </div>
  );
}

export function StateBadge({ state }: { state: 'ok' | 'warning' | 'blocked' }) {
  return <span className={`state-badge state-${state}`} data-testid="budget-state">{state}</span>;
}

function describeScope(b: Budget): string {
  const s = b.scope;
  const parts = [s.customer_id === '*' ? 'each customer' : s.customer_id ? `customer ${s.customer_id}` : null, s.section ? `section ${s.section}` : null, s.provider ?? null, s.model ?? null].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : 'all spend';
}

function Instances({ budget, q }: { budget: Budget; q: Record<string, string | undefined> }) {
  const status = useAsync((signal) => api.budgetStatus(budget.id, { ...q, limit: 10 }, signal), `${budget.id}:${budget.updated_at}`);
  if (status.error) return <ErrorState error={status.error} retry={status.reload} />;
  if (!status.data) return <Loading rows={2} />;
  if (status.data.instances.length === 0) return <p className="muted">No customer has spend in this period yet.</p>;
  return (
    <table className="table" aria-label={`Instances of ${budget.name}`} data-testid="budget-instances">
      <thead><tr><th>Customer</th><th>Spend</th></tr></thead>
      <tbody>
        {status.data.instances.map((i) => (
          <tr key={i.customer_id ?? ''}><td className="mono">{i.customer_id}</td><td><SpendBar instance={i} /></td></tr>
        ))}
      </tbody>
      {status.data.total > status.data.instances.length ? <caption className="muted">{status.data.instances.length} of {status.data.total} instances, largest fraction first</caption> : null}
    </table>
  );
}

function BudgetForm({ q, onSaved }: { q: Record<string, string | undefined>; onSaved: () => void }) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const str = (k: string) => String(f.get(k) ?? '').trim();
    const scope: BudgetInput['scope'] = {};
    if (str('customer')) scope.customer_id = str('customer');
    if (str('section')) scope.section = str('section');
    if (str('model')) scope.model = str('model');
    const body: BudgetInput = {
      name: str('name'), amount_usd: str('amount'), scope, period: str('period') as BudgetInput['period'], timezone: str('timezone') || 'UTC',
      action: str('action') as BudgetInput['action'], thresholds: str('thresholds').split(',').map((t) => Number(t.trim())).filter((t) => t > 0),
    };
    setBusy(true);
    setError(null);
    try {
      await api.createBudget(q, body);
      (e.target as HTMLFormElement).reset();
      onSaved();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="budget-form" onSubmit={(e) => void submit(e)} aria-label="New budget" data-testid="budget-form">
      <label htmlFor={`${id}-name`}>Name<input id={`${id}-name`} name="name" required maxLength={200} /></label>
      <label htmlFor={`${id}-amount`}>Amount (USD)<input id={`${id}-amount`} name="amount" required inputMode="decimal" pattern="[0-9]+(\.[0-9]{1,9})?" /></label>
      <label htmlFor={`${id}-period`}>Period<select id={`${id}-period`} name="period" defaultValue="month"><option value="day">day</option><option value="week">week</option><option value="month">month</option><option value="total">total</option></select></label>
      <label htmlFor={`${id}-tz`}>Time zone<input id={`${id}-tz`} name="timezone" placeholder="UTC" /></label>
      <label htmlFor={`${id}-customer`}>Customer (* = each)<input id={`${id}-customer`} name="customer" /></label>
      <label htmlFor={`${id}-section`}>Section<input id={`${id}-section`} name="section" /></label>
      <label htmlFor={`${id}-model`}>Model<input id={`${id}-model`} name="model" /></label>
      <label htmlFor={`${id}-th`}>Thresholds<input id={`${id}-th`} name="thresholds" defaultValue="0.8, 1" /></label>
      <label htmlFor={`${id}-action`}>Action<select id={`${id}-action`} name="action" defaultValue="alert"><option value="alert">alert</option><option value="block">block</option></select></label>
      <button className="btn" type="submit" disabled={busy}>Create budget</button>
      {error ? <p className="notice notice-warn" role="alert">{error}</p> : null}
    </form>
  );
}

/** Changes a budget's amount, action and thresholds (PATCH /budgets/:id: its instances are evaluated again). */
function EditBudget({ budget, q, onDone }: { budget: Budget; q: Record<string, string | undefined>; onDone: () => void }) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    try {
      await api.updateBudget(budget.id, q, {
        amount_usd: String(f.get('amount')).trim(), action: String(f.get('action')) as BudgetInput['action'],
        thresholds: String(f.get('thresholds')).split(',').map((t) => Number(t.trim())).filter((t) => t > 0),
      });
      onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <form className="budget-form" onSubmit={(e) => void submit(e)} aria-label={`Edit ${budget.name}`}>
      <label htmlFor={`${id}-a`}>Amount (USD)<input id={`${id}-a`} name="amount" required defaultValue={String(budget.amount_usd)} /></label>
      <label htmlFor={`${id}-t`}>Thresholds<input id={`${id}-t`} name="thresholds" defaultValue={budget.thresholds.join(', ')} /></label>
      <label htmlFor={`${id}-x`}>Action<select id={`${id}-x`} name="action" defaultValue={budget.action}><option value="alert">alert</option><option value="block">block</option></select></label>
      <button className="btn btn-small" type="submit">Save</button>
      {error ? <p className="notice notice-warn" role="alert">{error}</p> : null}
    </form>
  );
}

function Webhooks({ q, admin }: { q: Record<string, string | undefined>; admin: boolean }) {
  const [nonce, setNonce] = useState(0);
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const [error, setError] = useState<string | null>(null);
  const hooks = useAsync((signal) => api.webhooks(q, signal), `hooks:${q.tenant_id ?? ''}:${nonce}`);
  const id = useId();
  const add = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setError(null);
    try {
      setCreated(await api.createWebhook(q, { url: String(f.get('url')), format: String(f.get('format')) as 'standard' | 'slack' }));
      setNonce((n) => n + 1);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  const act = async (fn: () => Promise<unknown>) => {
    await fn().catch((err: unknown) => setError(err instanceof ApiError ? err.message : String(err)));
    setNonce((n) => n + 1);
  };
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Webhook endpoints</h2>
      {created ? (
        <div className="notice notice-ok" role="status" data-testid="new-webhook-secret">
          <p><strong>Endpoint registered.</strong> Its signing secret is shown only this once:</p>
          <div className="key-row"><input className="mono" readOnly value={created.secret} aria-label="Signing secret" /><CopyButton text={created.secret} label="Copy secret" /></div>
          <button type="button" className="btn btn-small btn-ghost" onClick={() => setCreated(null)}>I have stored it — hide</button>
        </div>
      ) : null}
      {hooks.error ? <ErrorState error={hooks.error} retry={hooks.reload} /> : !hooks.data ? <Loading rows={2} /> : hooks.data.webhooks.length === 0 ? <p className="muted">No endpoint yet: alerts are kept in the history below.</p> : (
        <table className="table" aria-label="Webhook endpoints" data-testid="webhooks-table">
          <thead><tr><th>URL</th><th>Status</th><th>Deliveries</th><th /></tr></thead>
          <tbody>
            {hooks.data.webhooks.map((w) => (
              <tr key={w.id}>
                <td className="mono">{w.url} <span className="muted">({w.format})</span></td>
                <td>{w.disabled ? <span className="state-badge state-blocked">disabled after {w.consecutive_failures} failures</span> : w.last_error ? <span className="state-badge state-warning">failing: {w.last_error}</span> : <span className="state-badge">{w.last_success_at ? `ok ${formatAgo(w.last_success_at)}` : 'no delivery yet'}</span>}</td>
                <td data-testid="webhook-counts">{w.delivered} delivered · {w.pending} pending · {w.failed} failed</td>
                <td>{admin ? <><button type="button" className="btn btn-small" onClick={() => void act(() => api.testWebhook(w.id, q))}>Send test</button> <button type="button" className="btn btn-small btn-ghost" onClick={() => void act(() => api.deleteWebhook(w.id, q))}>Delete</button></> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {admin ? (
        <form className="budget-form" onSubmit={(e) => void add(e)} aria-label="New webhook endpoint">
          <label htmlFor={`${id}-url`}>URL<input id={`${id}-url`} name="url" type="url" required placeholder="https://example.com/hooks/llmobserve" /></label>
          <label htmlFor={`${id}-fmt`}>Format<select id={`${id}-fmt`} name="format" defaultValue="standard"><option value="standard">Standard Webhooks</option><option value="slack">Slack</option></select></label>
          <button className="btn" type="submit">Add endpoint</button>
        </form>
      ) : null}
      {error ? <p className="notice notice-warn" role="alert">{error}</p> : null}
    </section>
  );
}

function AlertHistory({ q, nonce }: { q: Record<string, string | undefined>; nonce: number }) {
  const alerts = useAsync((signal) => api.alerts({ ...q, limit: 50 }, signal), `alerts:${q.tenant_id ?? ''}:${nonce}`);
  return (
    <section className="card" aria-label="Alert history">
      <h2>Alert history</h2>
      {alerts.error ? <ErrorState error={alerts.error} retry={alerts.reload} /> : !alerts.data ? <Loading rows={2} /> : alerts.data.alerts.length === 0 ? <p className="muted">No alert yet.</p> : (
        <table className="table" aria-label="Alerts" data-testid="alerts-table">
          <thead><tr><th>When</th><th>Alert</th><th>Budget</th><th>Customer</th><th>Spend</th></tr></thead>
          <tbody>
            {alerts.data.alerts.map((a) => {
              const d = a.data as { budget_name?: string; spent_usd?: number; amount_usd?: number };
              return (
                <tr key={a.id}>
                  <td>{formatDateTime(a.created_at)}</td>
                  <td>{a.type}{a.threshold !== null ? ` ${pct(a.threshold)}` : ''}</td>
                  <td>{d.budget_name ?? a.budget_id}</td>
                  <td className="mono">{a.customer_id ?? '—'}</td>
                  <td>{formatUsd(d.spent_usd ?? 0)} of {formatUsd(d.amount_usd ?? 0)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function BudgetsPage() {
  const { session } = useApp();
  const { filters, key } = useFilters();
  const [nonce, setNonce] = useState(0);
  const [editing, setEditing] = useState<string | null>(null);
  const q = { tenant_id: filters.tenant };
  const admin = canAdminister(session);
  const budgets = useAsync((signal) => api.budgets(q, signal), `budgets:${key}:${nonce}`);
  const reload = () => {
    clearCache();
    setNonce((n) => n + 1);
  };
  return (
    <div className="page" data-testid="budgets-page">
      <div className="page-head">
        <h1>Budgets</h1>
        <span className="muted">Tenant {actingTenant(session, filters)}</span>
      </div>
      <section className="card" aria-label="Budgets">
        {budgets.error ? <ErrorState error={budgets.error} retry={budgets.reload} /> : !budgets.data ? <Loading rows={3} /> : budgets.data.budgets.length === 0 ? <p className="muted">No budget yet.</p> : (
          <ul className="barlist" data-testid="budget-list">
            {budgets.data.budgets.map((b) => (
              <li key={b.id} data-testid={`budget-${b.name}`}>
                <div className="barlist-row">
                  <strong>{b.name}</strong>
                  <span className="muted">{formatUsd(b.amount_usd)} per {b.period}{b.period !== 'total' ? ` (${b.timezone})` : ''} · {describeScope(b)} · {b.action}{' '}
                    {admin ? <><button type="button" className="btn btn-small btn-ghost" onClick={() => setEditing(editing === b.id ? null : b.id)}>Edit</button> <button type="button" className="btn btn-small btn-ghost" onClick={() => void api.deleteBudget(b.id, q).then(reload)}>Delete</button></> : null}
                  </span>
                </div>
                {b.template ? (
                  <>
                    <p className="muted">{b.summary.instances} customers with spend · {b.summary.blocked} blocked · <StateBadge state={b.summary.state} /></p>
                    <Instances budget={b} q={q} />
                  </>
                ) : b.summary.top ? <SpendBar instance={b.summary.top} testId="budget-spend" /> : null}
                {editing === b.id ? <EditBudget budget={b} q={q} onDone={() => { setEditing(null); reload(); }} /> : null}
              </li>
            ))}
          </ul>
        )}
        <button type="button" className="btn btn-small btn-ghost" onClick={reload}>Reload</button>
      </section>
      {admin ? <section className="card" aria-label="New budget"><h2>New budget</h2><BudgetForm q={q} onSaved={reload} /></section> : null}
      <AlertHistory q={q} nonce={nonce} />
      <Webhooks q={q} admin={admin} />
    </div>
  );
}

/** The budgets that apply to one customer, with its instance's state (customer page). */
export function CustomerBudgets({ customer }: { customer: string }) {
  const { filters, key } = useFilters();
  const q = { tenant_id: filters.tenant };
  const state = useAsync(async (signal) => {
    const { budgets } = await api.budgets(q, signal);
    const mine = budgets.filter((b) => b.scope.customer_id === customer || b.scope.customer_id === '*');
    return Promise.all(mine.map(async (b) => {
      if (b.scope.customer_id !== '*') return { budget: b, instance: b.summary.top };
      const s = await api.budgetStatus(b.id, { ...q, limit: 1000 }, signal);
      return { budget: b, instance: s.instances.find((i) => i.customer_id === customer) ?? null };
    }));
  }, `cb:${customer}:${key}`);
  if (state.error || !state.data || state.data.length === 0) return null;
  return (
    <section className="card" aria-label="Budgets of this customer" data-testid="customer-budgets">
      <h2>Budgets</h2>
      <ul className="barlist">
        {state.data.map(({ budget, instance }) => (
          <li key={budget.id}>
            <strong>{budget.name}</strong>
            {instance ? <SpendBar instance={instance} /> : <p className="muted">No spend this period · <StateBadge state="ok" /></p>}
          </li>
        ))}
      </ul>
    </section>
  );
}
