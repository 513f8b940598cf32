/**
 * Billing: the statements of a period (every customer: cost, markup, billed), one customer's statement with its
 * lines, CSV downloads, a printable invoice (print stylesheet), the markup rules, and closing the period (after a
 * confirmation). Amounts are the collector's exact strings; nothing is re-computed here.
 */
import { useState, type FormEvent } from 'react';
import { api, csvUrl } from '../api/client';
import type { MarkupRule, RuleInput, Statement } from '../api/types';
import { actingTenant, useApp, useFilters } from '../app-context';
import { DataTable, num } from '../components/DataTable';
import { EmptyState, ErrorState, Loading } from '../components/States';
import { formatInt, formatUsd } from '../lib/format';
import { setSearch, useLocation } from '../lib/router';
import { useAsync } from '../lib/use-async';

const money = (exact: string) => `$${exact}`;

function lastMonth(now: number): string {
  const d = new Date(now);
  const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1));
  return m.toISOString().slice(0, 7);
}

function describeRule(r: { scope: string; type: string; value: string; id: string }): string {
  const v = r.type === 'percent' ? `+${r.value} %` : r.type === 'unit_price' ? `$${r.value} / unit` : `$${r.value}`;
  return `${r.scope} · ${v}`;
}

function StatementView({ statement, invoice }: { statement: Statement; invoice: boolean }) {
  return (
    <div className={invoice ? 'invoice' : undefined} data-testid={invoice ? 'invoice' : 'statement'}>
      {invoice && (
        <header className="invoice-head">
          <h2>Usage statement</h2>
          <p>
            Customer <strong>{statement.customer_id}</strong> · period <strong>{statement.period ?? 'preview'}</strong> ({statement.timezone}) ·{' '}
            {statement.status === 'closed' ? `closed ${statement.closed_at?.slice(0, 10)}` : 'open (not final)'}
          </p>
        </header>
      )}
      <DataTable
        testId="statement-lines"
        columns={['Provider / model', 'Feature', 'Kind', num('Quantity'), num('Cost'), !invoice && 'Rule', num('Billed')]}
        foot={
            <tr>
              <th scope="row" colSpan={invoice ? 4 : 5}>Total</th>
              <td className="num">{formatUsd(statement.cost_usd)}</td>
              <td className="num" data-testid="statement-total"><strong>{money(statement.amount)}</strong></td>
            </tr>
        }
      >
        {statement.lines.map((l, i) => (
          <tr key={i}>
            <td>{l.provider ? `${l.provider} / ${l.model ?? '—'}` : '—'}</td>
            <td>{l.feature ?? '—'}</td>
            <td>
              {l.kind}
              {l.adjustment && <span className="badge" title="A late event of a closed period"> adjustment {l.adjustment.period} ({l.adjustment.date})</span>}
            </td>
            <td className="num">{l.unit === 'usd' ? '—' : `${formatInt(l.quantity)} ${l.unit}`}</td>
            <td className="num">{formatUsd(l.cost_usd)}</td>
            {!invoice && <td>{l.rule ? describeRule(l.rule) : '—'}</td>}
            <td className="num">{money(l.amount)}</td>
          </tr>
        ))}
      </DataTable>
      {statement.unpriced_calls > 0 && <p className="muted">{formatInt(statement.unpriced_calls)} calls have no price and are not billed.</p>}
      {statement.content_hash && <p className="muted small">Content hash <code>{statement.content_hash}</code> · prices {statement.price_version}</p>}
    </div>
  );
}

function RulesCard({ query, canEdit }: { query: { tenant_id: string | undefined }; canEdit: boolean }) {
  const [tick, setTick] = useState(0);
  const rules = useAsync((signal) => api.billingRules(query, signal), `rules:${query.tenant_id}:${tick}`);
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState<RuleInput>({ scope: 'tenant', type: 'percent', value: '20', match: '' });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api.addBillingRule(query, { ...form, kind: form.kind || null });
      setTick((t) => t + 1);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const remove = async (r: MarkupRule) => {
    await api.deleteBillingRule(r.id, query);
    setTick((t) => t + 1);
  };
  return (
    <section className="card no-print" aria-labelledby="rules-title" data-testid="markup-rules">
      <h2 id="rules-title">Markup rules</h2>
      <p className="muted">Precedence: customer &gt; feature &gt; model &gt; tenant, then the default markup.</p>
      {rules.error ? <ErrorState error={rules.error} retry={rules.reload} /> : !rules.data ? <Loading rows={2} /> : rules.data.rules.length === 0 ? (
        <p>No rules: every line gets the default markup.</p>
      ) : (
        <ul className="rule-list">
          {rules.data.rules.map((r) => (
            <li key={r.id}>
              <code>{r.scope}{r.match ? `:${r.match}` : ''}{r.kind ? ` (${r.kind})` : ''}</code> — {describeRule(r)}
              {canEdit && <button type="button" className="btn btn-small btn-ghost" onClick={() => void remove(r)} aria-label={`Delete rule ${r.id}`}>Delete</button>}
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <form className="rule-form" onSubmit={(e) => void submit(e)} aria-label="Add a markup rule">
          <label>Scope
            <select value={form.scope} onChange={(e) => setForm({ ...form, scope: e.target.value as RuleInput['scope'] })} data-testid="rule-scope">
              {['tenant', 'customer', 'feature', 'model'].map((s) => <option key={s} value={s}>{s}</option>)}
            </select>
          </label>
          <label>Match
            <input value={form.match ?? ''} onChange={(e) => setForm({ ...form, match: e.target.value })} placeholder="customer, feature or provider/model" data-testid="rule-match" />
          </label>
          <label>Kind
            <input value={form.kind ?? ''} onChange={(e) => setForm({ ...form, kind: e.target.value })} placeholder="all kinds" />
          </label>
          <label>Type
            <select value={form.type} onChange={(e) => setForm({ ...form, type: e.target.value as RuleInput['type'] })} data-testid="rule-type">
              {['percent', 'unit_price', 'platform_fee', 'minimum'].map((s) => <option key={s} value={s}>{s}</option>)}
            </select>
          </label>
          <label>Value
            <input value={form.value} onChange={(e) => setForm({ ...form, value: e.target.value })} inputMode="decimal" data-testid="rule-value" />
          </label>
          <button type="submit" className="btn">Add rule</button>
          {error && <p role="alert" className="error-text">{error}</p>}
        </form>
      )}
    </section>
  );
}

export function BillingPage() {
  const { session, now } = useApp();
  const { filters } = useFilters();
  const { search } = useLocation();
  const tenant = actingTenant(session, filters);
  const query = { tenant_id: filters.tenant };
  const period = search.get('period') ?? lastMonth(now);
  const customer = search.get('customer');
  const invoice = search.get('invoice') === '1';
  const canEdit = session.scopes.includes('admin');
  const [tick, setTick] = useState(0);
  const [confirming, setConfirming] = useState(false);
  const [closeError, setCloseError] = useState<string | null>(null);
  const list = useAsync((signal) => api.statements({ ...query, period }, signal), `statements:${tenant}:${period}:${tick}:${now}`);
  const one = useAsync((signal) => (customer ? api.statement(customer, { ...query, period }, signal) : Promise.resolve(null)), `statement:${tenant}:${period}:${customer}:${tick}:${now}`);
  const go = (changes: Record<string, string | null>) => {
    const s = new URLSearchParams(search);
    for (const [k, v] of Object.entries(changes)) if (v === null) s.delete(k); else s.set(k, v);
    setSearch(s);
  };
  const close = async () => {
    setCloseError(null);
    try {
      await api.closePeriod(query, period);
      setConfirming(false);
      setTick((t) => t + 1);
    } catch (err) {
      setCloseError((err as Error).message);
    }
  };
  const d = list.data;
  return (
    <div className="page" data-testid="billing">
      <div className="page-head no-print">
        <h1>Billing</h1>
        <label className="period-picker">Period{' '}
          <input type="month" value={period} onChange={(e) => e.target.value && go({ period: e.target.value, customer: null, invoice: null })} data-testid="period-picker" />
        </label>
      </div>
      {list.error ? <ErrorState error={list.error} retry={list.reload} /> : !d ? <Loading rows={4} /> : (
        <>
          <section className="card no-print" aria-labelledby="statements-title">
            <div className="card-head">
              <h2 id="statements-title">Statements {period} <span className={`badge ${d.status === 'closed' ? 'badge-ok' : ''}`} data-testid="period-status">{d.status}</span></h2>
              <div className="actions">
                <a className="btn btn-small" href={csvUrl('/statements', { ...query, period })} download data-testid="csv-all">Download CSV (all)</a>
                {canEdit && d.status === 'open' && !confirming && <button type="button" className="btn btn-small" onClick={() => setConfirming(true)} data-testid="close-period">Close period…</button>}
              </div>
            </div>
            {confirming && (
              <div className="confirm" role="alertdialog" aria-labelledby="confirm-title" data-testid="close-confirm">
                <p id="confirm-title">
                  Close <strong>{period}</strong>? Its {d.statements.length} statements are frozen for good; later events of this period become adjustments of the next open one.
                </p>
                <button type="button" className="btn" onClick={() => void close()} data-testid="close-confirm-yes">Close {period}</button>{' '}
                <button type="button" className="btn btn-ghost" onClick={() => setConfirming(false)}>Cancel</button>
                {closeError && <p role="alert" className="error-text">{closeError}</p>}
              </div>
            )}
            <p className="muted">{d.timezone} · {d.from.slice(0, 16)} → {d.to.slice(0, 16)} UTC · billed in total <strong data-testid="period-total">{money(d.amount)}</strong></p>
            {d.statements.length === 0 ? <EmptyState title="No customer usage in this period" /> : (
              <div className="table-wrap">
                <table className="table" data-testid="statements">
                  <thead>
                    <tr><th scope="col">Customer</th><th scope="col" className="num">Cost</th><th scope="col" className="num">Markup</th><th scope="col" className="num">Billed</th></tr>
                  </thead>
                  <tbody>
                    {d.statements.map((s) => (
                      <tr key={s.customer_id} aria-selected={s.customer_id === customer}>
                        <td><button type="button" className="link-button" onClick={() => go({ customer: s.customer_id, invoice: null })}>{s.customer_id}</button></td>
                        <td className="num">{formatUsd(s.cost_usd)}</td>
                        <td className="num">{formatUsd(s.markup_usd)}</td>
                        <td className="num">{money(s.amount)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          {customer && (
            <section className="card" aria-labelledby="statement-title">
              <div className="card-head no-print">
                <h2 id="statement-title">{customer} · {period}</h2>
                <div className="actions">
                  <a className="btn btn-small" href={csvUrl(`/statements/${encodeURIComponent(customer)}`, { ...query, period })} download data-testid="csv-one">Download CSV</a>
                  <button type="button" className="btn btn-small" onClick={() => go({ invoice: invoice ? null : '1' })} data-testid="invoice-toggle">{invoice ? 'Back to the lines' : 'Printable invoice'}</button>
                  {invoice && <button type="button" className="btn btn-small" onClick={() => window.print()}>Print</button>}
                </div>
              </div>
              {one.error ? <ErrorState error={one.error} retry={one.reload} /> : !one.data ? <Loading rows={3} /> : <StatementView statement={one.data} invoice={invoice} />}
            </section>
          )}
          <RulesCard query={query} canEdit={canEdit} />
        </>
      )}
    </div>
  );
}
