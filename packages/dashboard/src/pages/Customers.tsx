import { useEffect, useId, useState } from 'react';
import { allCustomers } from '../api/client';
import { useFilters } from '../app-context';
import { ChangeBadge } from '../components/ChangeBadge';
import { Sparkline } from '../components/charts';
import { FilterBar } from '../components/FilterBar';
import { EmptyState, ErrorState, Loading } from '../components/States';
import { apiQuery, isoDate } from '../lib/filters';
import { buildRows, downloadText, filterRows, sortRows, toCsv, type SortKey } from '../lib/customers';
import { formatInt, formatShare, formatUsd, orNone } from '../lib/format';
import { Link, setSearch, useLocation, withGlobals } from '../lib/router';
import { useAsync } from '../lib/use-async';

const COLUMNS: { key: SortKey; label: string; numeric: boolean }[] = [
  { key: 'customer', label: 'Customer', numeric: false },
  { key: 'cost', label: 'Cost', numeric: true },
  { key: 'share', label: 'Share of spend', numeric: true },
  { key: 'calls', label: 'Calls', numeric: true },
  { key: 'cpc', label: 'Cost per call', numeric: true },
  { key: 'change', label: 'Change', numeric: true },
];
const PAGE = 200;

export function CustomersPage() {
  const { filters, period, previous, key } = useFilters();
  const { search } = useLocation();
  const id = useId();
  const sort = (COLUMNS.find((c) => c.key === search.get('sort'))?.key ?? 'cost') as SortKey;
  const dir = search.get('dir') === 'asc' ? 'asc' : 'desc';
  const [q, setQ] = useState(search.get('q') ?? '');
  const [shown, setShown] = useState(PAGE);
  useEffect(() => setQ(search.get('q') ?? ''), [search]);

  const base = { ...filters, customer: undefined };
  const current = useAsync((signal) => allCustomers(apiQuery(base, period), signal), key);
  // Until the collector sends previous_cost_usd, the previous period is a second query.
  const needPrev = previous !== null && current.data !== undefined && current.data.customers.some((c) => c.previous_cost_usd === undefined);
  const prev = useAsync(
    (signal) => (needPrev && previous ? allCustomers(apiQuery(base, previous), signal).then((r) => new Map(r.customers.map((c) => [c.customer_id ?? '', c.cost_usd]))) : Promise.resolve(null)),
    `${key}:${needPrev}`,
  );

  const setParam = (k: string, v: string | null) => {
    const next = new URLSearchParams(window.location.search);
    if (v === null || v === '') next.delete(k);
    else next.set(k, v);
    setSearch(next, { replace: k === 'q' });
  };
  const sortBy = (k: SortKey) => {
    const next = new URLSearchParams(window.location.search);
    const nextDir = sort === k ? (dir === 'desc' ? 'asc' : 'desc') : k === 'customer' ? 'asc' : 'desc';
    next.set('sort', k);
    next.set('dir', nextDir);
    setSearch(next, { replace: true });
  };

  const rows = current.data ? sortRows(filterRows(buildRows(current.data.customers, prev.data ?? null), q), sort, dir) : [];
  const hasTrend = rows.some((r) => r.trend && r.trend.length > 0);
  const spiking = rows.filter((r) => r.spiking).length;

  return (
    <div className="page" data-testid="customers">
      <div className="page-head">
        <h1>Customers</h1>
        {current.data && (
          <button
            type="button"
            className="btn"
            onClick={() => downloadText(`customers-${isoDate(period.from ?? Date.now())}-${filters.range}.csv`, toCsv(rows))}
            disabled={rows.length === 0}
          >
            Export CSV
          </button>
        )}
      </div>
      <FilterBar show={['provider', 'model', 'section']} />
      {current.error ? (
        <ErrorState error={current.error} retry={current.reload} />
      ) : !current.data ? (
        <Loading rows={6} />
      ) : current.data.total_customers === 0 ? (
        <EmptyState title="No customers in this period">
          <p>
            Tag each request with <code>setCustomerId(user.id)</code> in your app, or choose a longer period.
          </p>
        </EmptyState>
      ) : (
        <section className="card">
          <div className="table-tools">
            <div className="field">
              <label htmlFor={`${id}-q`}>Search customers</label>
              <input id={`${id}-q`} type="search" value={q} placeholder="Customer id" onChange={(e) => { setQ(e.target.value); setShown(PAGE); setParam('q', e.target.value); }} />
            </div>
            <p className="muted" aria-live="polite">
              {formatInt(rows.length)} of {formatInt(current.data.total_customers)} customers · {formatUsd(current.data.total_cost_usd)} total{(current.data.total_estimated_cost_usd ?? 0) > 0 ? ` (incl. ${formatUsd(current.data.total_estimated_cost_usd)} estimated)` : ''}
              {spiking > 0 && <> · <span className="flag">{spiking} spiking</span></>}
              {prev.loading && needPrev && ' · comparing with the previous period…'}
            </p>
          </div>
          <div className="table-wrap">
            <table className="table" aria-label="Customers by cost">
              <thead>
                <tr>
                  {COLUMNS.map((c) => (
                    <th key={c.key} scope="col" className={c.numeric ? 'num' : ''} aria-sort={sort === c.key ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
                      <button type="button" className="sort" onClick={() => sortBy(c.key)}>
                        {c.label}
                        <span aria-hidden="true" className="sort-icon">{sort === c.key ? (dir === 'asc' ? '▲' : '▼') : '↕'}</span>
                      </button>
                    </th>
                  ))}
                  {hasTrend && <th scope="col">Trend</th>}
                  <th scope="col">
                    <span title="Spend at least doubled vs the previous period (or the last bucket is 3× the average), and ≥ 1% of the spend">Spiking</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.slice(0, shown).map((r) => (
                  <tr key={r.customer_id ?? '(none)'}>
                    <th scope="row">
                      {r.customer_id ? (
                        <Link to={withGlobals(`/customers/${encodeURIComponent(r.customer_id)}`, search)}>{r.customer_id}</Link>
                      ) : (
                        <span className="muted">{orNone(r.customer_id, '(no customer)')}</span>
                      )}
                    </th>
                    <td className="num">
                      {formatUsd(r.cost_usd)}
                      {r.estimated_calls > 0 && <span className="flag" title={`${formatUsd(r.estimated_cost_usd)} of it from ${r.estimated_calls} call(s) with estimated usage`}> est.</span>}
                    </td>
                    <td className="num">
                      <span className="share">
                        <span className="share-bar" aria-hidden="true"><span style={{ width: `${Math.min(100, r.share * 100)}%` }} /></span>
                        {formatShare(r.share)}
                      </span>
                    </td>
                    <td className="num">{formatInt(r.calls)}</td>
                    <td className="num">{formatUsd(r.cost_per_call)}</td>
                    <td className="num">{r.previous_cost_usd === null ? <span className="muted">—</span> : <ChangeBadge current={r.cost_usd} previous={r.previous_cost_usd} title={`previous period: ${formatUsd(r.previous_cost_usd)}`} />}</td>
                    {hasTrend && <td>{r.trend ? <Sparkline values={r.trend} label={`Cost trend of ${orNone(r.customer_id)}`} /> : null}</td>}
                    <td>{r.spiking ? <span className="flag" title="Spend at least doubled vs the previous period">Spiking</span> : <span className="sr-only">no</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {rows.length === 0 && <p className="muted">No customer matches “{q}”.</p>}
          {rows.length > shown && (
            <button type="button" className="btn" onClick={() => setShown((s) => s + PAGE)}>
              Show more ({formatInt(rows.length - shown)} left)
            </button>
          )}
        </section>
      )}
    </div>
  );
}
