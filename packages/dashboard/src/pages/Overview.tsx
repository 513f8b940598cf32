import { api } from '../api/client';
import type { Insights, Metrics } from '../api/types';
import { useFilters } from '../app-context';
import { BarList, type BarItem } from '../components/BarList';
import { bucketStarts, StackedBarChart, type Series } from '../components/charts';
import { FilterBar, OPTIONS_LIMIT } from '../components/FilterBar';
import { StatCard } from '../components/StatCard';
import { TopFindings } from '../components/TopFindings';
import { EmptyState, ErrorState, Loading } from '../components/States';
import { UnpricedWarning } from '../components/UnpricedWarning';
import { apiQuery, describePeriod, hasDimensionFilter, type Period } from '../lib/filters';
import { estimatedNote, formatCompact, formatInt, formatUsd, orNone } from '../lib/format';
import { Link, setSearch, useLocation, withGlobals } from '../lib/router';
import { useAsync } from '../lib/use-async';

type Stack = 'total' | 'provider' | 'model';
const TOP = 8;
/** Never settles: a load that waits for another one. */
const WAIT = new Promise<never>(() => undefined);
const TOP_SERIES = 5;

/** Aligns a sparse API time series onto every bucket of the chart. */
export function align(points: { start: string; cost_usd: number }[], buckets: number[]): number[] {
  const at = new Map(points.map((p) => [Date.parse(p.start), p.cost_usd]));
  return buckets.map((b) => at.get(b) ?? 0);
}

export function chartBuckets(data: Pick<Insights, 'timeseries' | 'bucket'>, period: Period, now: number): number[] {
  const firstPoint = data.timeseries[0] ? Date.parse(data.timeseries[0].start) : now;
  const lastPoint = data.timeseries.length ? Date.parse(data.timeseries[data.timeseries.length - 1]!.start) + 1 : now;
  const from = period.from ?? firstPoint;
  const to = Math.max(period.to ?? now, lastPoint);
  return bucketStarts(from, to, data.bucket);
}

function CostChart({ data, period, now }: { data: Insights; period: Period; now: number }) {
  const { filters } = useFilters();
  const { search } = useLocation();
  const stack = (search.get('stack') as Stack | null) ?? 'provider';
  const buckets = chartBuckets(data, period, now);
  const top =
    stack === 'provider'
      ? data.by_provider.slice(0, TOP_SERIES).map((r) => ({ key: r.provider ?? '', label: orNone(r.provider), q: { provider: r.provider ?? undefined } }))
      : stack === 'model'
        ? data.by_model.slice(0, TOP_SERIES).map((r) => ({ key: `${r.provider}/${r.model}`, label: orNone(r.model), q: { provider: r.provider ?? undefined, model: r.model ?? undefined } }))
        : [];
  // One filtered time series per stacked key (the API's series is the total); the rest is "other".
  const parts = useAsync(
    (signal) =>
      Promise.all(
        top.map((t) => (t.q.provider === undefined ? Promise.resolve(null) : api.insights(apiQuery({ ...filters, ...t.q }, period, { bucket: data.bucket, limit: 1 }), signal))),
      ),
    JSON.stringify([stack, filters, period, data.bucket, top.map((t) => t.key), data.totals.cost_usd]),
  );
  const total = align(data.timeseries, buckets);
  let series: Series[] = [{ key: 'total', label: 'Total', values: total }];
  if (stack !== 'total' && parts.data && parts.data.length === top.length) {
    const stacked = top.map((t, i) => ({ key: t.key, label: t.label, values: parts.data![i] ? align(parts.data![i]!.timeseries, buckets) : buckets.map(() => 0) }));
    const other = total.map((v, i) => Math.max(0, v - stacked.reduce((s, x) => s + (x.values[i] ?? 0), 0)));
    const shown = stacked.filter((s) => s.values.some((v) => v > 0));
    series = other.some((v) => v > 1e-9) ? [...shown, { key: 'other', label: 'Other', values: other }] : shown;
    if (series.length === 0) series = [{ key: 'total', label: 'Total', values: total }];
  }
  const setStack = (s: Stack) => {
    const next = new URLSearchParams(window.location.search);
    if (s === 'provider') next.delete('stack');
    else next.set('stack', s);
    setSearch(next, { replace: true });
  };
  return (
    <section className="card" aria-labelledby="cost-over-time">
      <div className="card-head">
        <h2 id="cost-over-time">Cost over time</h2>
        <div className="segmented" role="radiogroup" aria-label="Stack by">
          {(['total', 'provider', 'model'] as const).map((s) => (
            <button key={s} type="button" role="radio" aria-checked={stack === s} className={stack === s ? 'on' : ''} onClick={() => setStack(s)}>
              {s === 'total' ? 'Total' : `By ${s}`}
            </button>
          ))}
        </div>
      </div>
      {parts.error && stack !== 'total' ? <p className="muted">Could not split by {stack}: {parts.error.message}</p> : null}
      <StackedBarChart buckets={buckets} series={series} bucket={data.bucket} label={`Cost per ${data.bucket}${stack !== 'total' ? ` by ${stack}` : ''}`} />
    </section>
  );
}

/** One of the overview's top-N cards: a heading with a link to the full page, and the ranked bars. */
function TopCard({ id, title, to, linkText, total, items }: { id: string; title: string; to: string; linkText: string; total: number; items: BarItem[] }) {
  return (
    <section className="card" aria-labelledby={id}>
      <div className="card-head">
        <h2 id={id}>{title}</h2>
        <Link to={to}>{linkText}</Link>
      </div>
      <BarList label={`${title} by cost`} total={total} items={items} />
    </section>
  );
}

function totalsOf(d: Insights | undefined): Metrics | undefined {
  return d?.totals;
}

export function OverviewPage() {
  const { filters, period, previous, calendar, now, key } = useFilters();
  const { search } = useLocation();
  // The selected period first: it makes the page usable. The comparisons follow once it has answered, so that they
  // do not compete with it for the collector (SQLite answers one query at a time).
  const main = useAsync((signal) => api.insights(apiQuery(filters, period, { limit: OPTIONS_LIMIT }), signal), key);
  const after = main.data !== undefined && !main.loading;
  const prev = useAsync((signal) => (!after ? WAIT : previous ? api.insights(apiQuery(filters, previous, { limit: 1 }), signal) : Promise.resolve(undefined)), `${key}:${after}`);
  const cal = useAsync(
    (signal) => (!after ? WAIT : Promise.all(calendar.flatMap((c) => [api.insights(apiQuery(filters, c.current, { limit: 1 }), signal), api.insights(apiQuery(filters, c.previous, { limit: 1 }), signal)]))),
    `${key}:${after}`,
  );
  const empty = main.data !== undefined && main.data.totals.calls === 0;
  // Tell "no events at all" (show how to send the first) from "nothing matches the filters".
  const anyAtAll = useAsync(
    (signal) => (empty ? api.insights(apiQuery({ range: 'all', tenant: filters.tenant }, null, { limit: 1 }), signal) : Promise.resolve(undefined)),
    `${key}:${empty}`,
  );

  const d = main.data;
  const t = totalsOf(d);
  return (
    <div className="page" data-testid="overview" data-state={main.loading ? 'loading' : main.error ? 'error' : 'ready'}>
      <div className="page-head">
        <h1>Overview</h1>
      </div>
      <FilterBar />
      {main.error ? (
        <ErrorState error={main.error} retry={main.reload} />
      ) : !d || !t ? (
        <Loading rows={4} />
      ) : empty && anyAtAll.data && anyAtAll.data.totals.calls === 0 ? (
        <EmptyState title="No events yet" showSnippet />
      ) : (
        <>
          <UnpricedWarning models={d.unpriced_models} calls={t.unpriced_calls} />
          <div className="grid grid-4">
            {calendar.map((c, i) => {
              const cur = cal.data?.[i * 2]?.totals.cost_usd;
              const before = cal.data?.[i * 2 + 1]?.totals.cost_usd;
              return (
                <StatCard
                  key={c.id}
                  testId={`stat-${c.id}`}
                  label={c.label}
                  value={cal.error ? '—' : cur === undefined ? <span className="skeleton-inline" aria-label="loading" /> : formatUsd(cur)}
                  {...(cur !== undefined ? { current: cur, previous: before ?? null, vs: c.vs } : {})}
                />
              );
            })}
            <StatCard
              testId="stat-period"
              label={`Selected: ${describePeriod(filters, period)}`}
              value={formatUsd(t.cost_usd)}
              sub={estimatedNote(t)}
              current={t.cost_usd}
              previous={previous ? (prev.data?.totals.cost_usd ?? null) : null}
              vs={previous ? 'vs previous period' : ''}
            />
          </div>
          <div className="grid grid-3">
            <StatCard
              testId="stat-calls"
              label="Calls"
              value={formatInt(t.calls)}
              sub={
                <>
                  {formatInt(t.error_calls)} failed · {formatInt(t.unpriced_calls)} unpriced
                </>
              }
            />
            <StatCard
              testId="stat-tokens"
              label="Tokens"
              value={formatCompact(t.input_tokens + t.output_tokens)}
              sub={
                <>
                  {formatCompact(t.input_tokens)} in ({formatCompact(t.cache_read_tokens)} cached) · {formatCompact(t.output_tokens)} out
                </>
              }
            />
            <StatCard testId="stat-avg" label="Average cost per call" value={formatUsd(t.calls - t.unpriced_calls > 0 ? t.cost_usd / (t.calls - t.unpriced_calls) : 0)} sub="priced calls only" />
          </div>
          {empty ? (
            <EmptyState title="No calls match these filters">
              <p>{hasDimensionFilter(filters) ? 'Clear a filter or choose a longer period.' : 'Choose a longer period.'}</p>
            </EmptyState>
          ) : (
            <>
              <CostChart data={d} period={period} now={now} />
              <TopFindings />
              <div className="grid grid-3">
                <TopCard
                  id="top-customers" title="Top customers" to={withGlobals('/customers', search)} linkText="All customers" total={t.cost_usd}
                  items={d.by_customer.slice(0, TOP).map((r) => ({
                    key: r.customer_id ?? '(none)',
                    label: orNone(r.customer_id, '(no customer)'),
                    value: r.cost_usd,
                    detail: `${formatInt(r.calls)} calls`,
                    ...(r.customer_id ? { to: withGlobals(`/customers/${encodeURIComponent(r.customer_id)}`, search) } : {}),
                  }))}
                />
                <TopCard
                  id="top-sections" title="Top sections" to={withGlobals('/features', search)} linkText="All features" total={t.cost_usd}
                  items={d.by_section.slice(0, TOP).map((r) => ({ key: r.section_path ?? '(none)', label: orNone(r.section_path, '(no section)'), value: r.cost_usd, detail: `${formatInt(r.calls)} calls` }))}
                />
                <TopCard
                  id="top-models" title="Top models" to={withGlobals('/models', search)} linkText="Models & providers" total={t.cost_usd}
                  items={d.by_model.slice(0, TOP).map((r) => ({ key: `${r.provider}/${r.model}`, label: `${orNone(r.model)}`, value: r.cost_usd, detail: `${orNone(r.provider)} · ${formatInt(r.calls)} calls`, ...(r.unpriced_calls > 0 && r.unpriced_calls === r.calls ? { valueText: 'unpriced' } : {}) }))}
                />
              </div>
            </>
          )}
        </>
      )}
    </div>
  );
}
