import { useId, useState } from 'react';
import { api } from '../api/client';
import type { FindingKind } from '../api/types';
import { canAdminister, useApp, useFilters } from '../app-context';
import { ACTIONS, DataTable } from '../components/DataTable';
import { EmptyState, ErrorState, Loading } from '../components/States';
import { formatAgo, formatUsd } from '../lib/format';
import { byAtStake, evidenceLink, KIND_LABELS, scopeText } from '../lib/insights';
import { Link, setSearch, useLocation } from '../lib/router';
import { useAsync } from '../lib/use-async';

const STATUSES = ['open', 'dismissed', 'resolved', 'all'] as const;

/** Findings that cost money: every open one by dollars at stake, with its evidence, evaluated now on request. */
export function InsightsPage() {
  const { session, refresh } = useApp();
  const { filters, key } = useFilters();
  const { search } = useLocation();
  const id = useId();
  const kind = (search.get('kind') as FindingKind | null) ?? undefined;
  const status = (search.get('status') as (typeof STATUSES)[number] | null) ?? 'open';
  const found = useAsync(
    (signal) => api.findings({ tenant_id: filters.tenant, customer_id: filters.customer, section: filters.section, kind, status, limit: 500 }, signal),
    `insights:${key}:${kind}:${status}`,
  );
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const setParam = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(search);
    if (v) next.set(k, v);
    else next.delete(k);
    setSearch(next, { replace: true });
  };
  const run = async (what: string, fn: () => Promise<string | void>) => {
    setBusy(what);
    setError(null);
    try {
      const msg = await fn();
      if (msg) setNote(msg);
      refresh();
      found.reload();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(null);
    }
  };
  const evaluate = () => run('evaluate', async () => {
    const r = await api.evaluateInsights({ tenant_id: filters.tenant });
    return `Evaluated in ${Math.round(r.duration_ms)} ms: ${r.found} finding(s), ${r.new} new.`;
  });
  const rows = [...(found.data?.findings ?? [])].sort(byAtStake);
  const admin = canAdminister(session);

  return (
    <div className="page" data-testid="insights" data-state={found.loading ? 'loading' : found.error ? 'error' : 'ready'}>
      <div className="page-head">
        <h1>Insights</h1>
        <button type="button" className="btn" onClick={() => void evaluate()} disabled={busy !== null}>
          {busy === 'evaluate' ? 'Evaluating…' : 'Evaluate now'}
        </button>
      </div>
      <div className="filter-bar">
        <label htmlFor={`${id}-kind`}>Kind</label>
        <select id={`${id}-kind`} value={kind ?? ''} onChange={(e) => setParam('kind', e.target.value || undefined)}>
          <option value="">All kinds</option>
          {(Object.keys(KIND_LABELS) as FindingKind[]).map((k) => <option key={k} value={k}>{KIND_LABELS[k]}</option>)}
        </select>
        <label htmlFor={`${id}-status`}>Status</label>
        <select id={`${id}-status`} value={status} onChange={(e) => setParam('status', e.target.value === 'open' ? undefined : e.target.value)}>
          {STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </div>
      {note && <p className="muted" role="status">{note}</p>}
      {error && <p className="form-error" role="alert">{error}</p>}
      {found.error ? (
        <ErrorState error={found.error} retry={found.reload} />
      ) : !found.data ? (
        <Loading rows={4} />
      ) : rows.length === 0 ? (
        <EmptyState title="No findings">
          <p>Nothing found that costs money{kind ? ` of this kind` : ''}. Findings appear after an evaluation (scheduled, or “Evaluate now”).</p>
        </EmptyState>
      ) : (
        <section className="card">
          <DataTable label="Findings by dollars at stake" columns={['Finding', 'At stake / month', 'About', 'Last seen', ACTIONS]}>
            {rows.map((f) => (
              <tr key={f.id} data-kind={f.kind} data-testid="finding-row">
                <th scope="row">
                  <span className={`severity severity-${f.severity}`}>{KIND_LABELS[f.kind]}</span> {f.title}
                  <details>
                    <summary>Evidence</summary>
                    <pre className="evidence">{JSON.stringify(f.evidence, null, 2)}</pre>
                  </details>
                </th>
                <td data-testid="finding-stake">{formatUsd(f.at_stake_usd_per_month)}</td>
                <td>{scopeText(f)}</td>
                <td title={f.last_seen_at}>{formatAgo(f.last_seen_at)}</td>
                <td>
                  <Link to={evidenceLink(f, search)}>Show evidence</Link>
                  {admin && f.status === 'open' && (
                    <button type="button" className="btn btn-small" disabled={busy !== null} onClick={() => void run(f.id, async () => void (await api.dismissFinding(f.id, { tenant_id: filters.tenant })))}>
                      Dismiss<span className="sr-only"> {f.title}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        </section>
      )}
    </div>
  );
}
