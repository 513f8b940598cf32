import { api } from '../api/client';
import { useFilters } from '../app-context';
import { BarList } from '../components/BarList';
import { StackedBarChart } from '../components/charts';
import { FilterBar } from '../components/FilterBar';
import { RunsTable } from '../components/RunsTable';
import { StatCard } from '../components/StatCard';
import { ErrorState, Loading } from '../components/States';
import { UnpricedWarning } from '../components/UnpricedWarning';
import { apiQuery, describePeriod } from '../lib/filters';
import { estimatedNote, formatCompact, formatInt, formatShare, formatUsd, orNone } from '../lib/format';
import { Link, useLocation, withGlobals } from '../lib/router';
import { useAsync } from '../lib/use-async';
import { align, chartBuckets } from './Overview';
import { CustomerBudgets } from './Budgets';

export function CustomerDetailPage({ id }: { id: string }) {
  const { filters, period, previous, now, key } = useFilters();
  const { search } = useLocation();
  const base = { ...filters, customer: undefined };
  const detail = useAsync((signal) => api.customer(id, apiQuery(base, period, { limit: 20 }), signal), `${id}:${key}`);
  const prev = useAsync((signal) => (previous ? api.customer(id, apiQuery(base, previous, { limit: 1 }), signal).catch(() => undefined) : Promise.resolve(undefined)), `${id}:${key}`);
  const runs = useAsync((signal) => api.runs(apiQuery({ ...base, customer: id }, period, { limit: 20 }), signal), `${id}:${key}`);
  const d = detail.data;

  return (
    <div className="page" data-testid="customer-detail">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to={withGlobals('/customers', search)}>Customers</Link> <span aria-hidden="true">/</span> <span aria-current="page">{id}</span>
      </nav>
      <div className="page-head">
        <h1>
          Customer <span className="mono">{id}</span>
        </h1>
      </div>
      <FilterBar show={['provider', 'model', 'section']} />
      {detail.error ? (
        <ErrorState error={detail.error} retry={detail.reload} />
      ) : !d ? (
        <Loading rows={5} />
      ) : (
        <>
          <UnpricedWarning models={d.unpriced_models} calls={d.totals.unpriced_calls} />
          <CustomerBudgets customer={id} />
          <div className="grid grid-4">
            <StatCard testId="customer-cost" label={`Cost · ${describePeriod(filters, period)}`} value={formatUsd(d.totals.cost_usd)} sub={estimatedNote(d.totals)} current={d.totals.cost_usd} previous={previous ? (prev.data?.totals.cost_usd ?? (prev.loading ? undefined : 0)) : null} vs={previous ? 'vs previous period' : ''} />
            <StatCard label="Share of spend" value={formatShare(d.share)} />
            <StatCard label="Calls" value={formatInt(d.totals.calls)} sub={`${formatInt(d.totals.error_calls)} failed`} />
            <StatCard label="Tokens" value={formatCompact(d.totals.input_tokens + d.totals.output_tokens)} sub={`${formatCompact(d.totals.input_tokens)} in · ${formatCompact(d.totals.output_tokens)} out`} />
          </div>
          <section className="card" aria-labelledby="customer-over-time">
            <div className="card-head">
              <h2 id="customer-over-time">Cost over time</h2>
            </div>
            <StackedBarChart buckets={chartBuckets(d, period, now)} series={[{ key: 'total', label: 'Cost', values: align(d.timeseries, chartBuckets(d, period, now)) }]} bucket={d.bucket} label={`Cost of ${id} per ${d.bucket}`} />
          </section>
          <div className="grid grid-3">
            <section className="card" aria-labelledby="c-models">
              <h2 id="c-models">By model</h2>
              <BarList label={`Cost of ${id} by model`} total={d.totals.cost_usd} items={d.by_model.map((r) => ({ key: `${r.provider}/${r.model}`, label: orNone(r.model), value: r.cost_usd, detail: `${orNone(r.provider)} · ${formatInt(r.calls)} calls`, ...(r.unpriced_calls > 0 && r.unpriced_calls === r.calls ? { valueText: 'unpriced' } : {}) }))} />
            </section>
            <section className="card" aria-labelledby="c-providers">
              <h2 id="c-providers">By provider</h2>
              <BarList label={`Cost of ${id} by provider`} total={d.totals.cost_usd} items={d.by_provider.map((r) => ({ key: r.provider ?? '', label: orNone(r.provider), value: r.cost_usd, detail: `${formatInt(r.calls)} calls` }))} />
            </section>
            <section className="card" aria-labelledby="c-sections">
              <h2 id="c-sections">By section</h2>
              <BarList label={`Cost of ${id} by section`} total={d.totals.cost_usd} items={d.by_section.map((r) => ({ key: r.section_path ?? '', label: orNone(r.section_path, '(no section)'), value: r.cost_usd, detail: `${formatInt(r.calls)} calls` }))} />
            </section>
          </div>
          <section className="card" aria-labelledby="c-runs">
            <div className="card-head">
              <h2 id="c-runs">Recent runs</h2>
              <Link to={withGlobals('/runs', new URLSearchParams({ ...Object.fromEntries(search), customer: id }))}>All runs of {id}</Link>
            </div>
            {runs.error ? <ErrorState error={runs.error} retry={runs.reload} /> : !runs.data ? <Loading /> : runs.data.runs.length === 0 ? <p className="muted">No runs in this period.</p> : <RunsTable runs={runs.data.runs} showCustomer={false} label={`Runs of ${id}`} />}
          </section>
        </>
      )}
    </div>
  );
}
