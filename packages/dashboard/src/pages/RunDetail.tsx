import { api } from '../api/client';
import type { StoredEvent } from '../api/types';
import { useFilters } from '../app-context';
import { DataTable, num } from '../components/DataTable';
import { SpanTree, Waterfall } from '../components/SpanTree';
import { StatCard } from '../components/StatCard';
import { ErrorState, Loading } from '../components/States';
import { estimatedNote, formatDateTime, formatDuration, formatInt, formatUsd, orNone } from '../lib/format';
import { Link, useLocation, withGlobals } from '../lib/router';
import { useAsync } from '../lib/use-async';

function costCell(e: StoredEvent) {
  if (e.cost_status === 'unpriced') return <span className="flag flag-warn">unpriced</span>;
  if (e.cost_status === 'not_applicable') return <span className="muted">—</span>;
  return <span title={`${e.cost_status}${e.cost_source ? ` · ${e.cost_source}` : ''}`}>{formatUsd(e.cost_usd)}</span>;
}

export function RunDetailPage({ id }: { id: string }) {
  const { filters } = useFilters();
  const { search } = useLocation();
  const data = useAsync((signal) => api.run(id, { tenant_id: filters.tenant }, signal), `${id}:${filters.tenant ?? ''}`);
  const d = data.data;
  const t0 = d ? Math.min(...d.events.map((e) => Date.parse(e.started_at))) : 0;
  const events = d ? [...d.events].sort((a, b) => Date.parse(a.started_at) - Date.parse(b.started_at)) : [];
  return (
    <div className="page" data-testid="run-detail">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to={withGlobals('/runs', search)}>Runs</Link> <span aria-hidden="true">/</span> <span aria-current="page" className="mono">{id}</span>
      </nav>
      <div className="page-head">
        <h1>
          Run <span className="mono">{id}</span>
        </h1>
      </div>
      {data.error ? (
        <ErrorState error={data.error} retry={data.reload} />
      ) : !d ? (
        <Loading rows={5} />
      ) : (
        <>
          <div className="grid grid-4">
            <StatCard testId="run-cost" label="Cost" value={formatUsd(d.run.cost_usd)} sub={[d.run.unpriced_calls > 0 ? `${d.run.unpriced_calls} unpriced calls not included` : `${formatInt(d.run.calls)} calls`, estimatedNote(d.run)].filter(Boolean).join(' · ')} />
            <StatCard label="Started (UTC)" value={formatDateTime(d.run.started_at)} sub={`lasted ${formatDuration(d.run.duration_ms)}`} />
            <StatCard
              label="Customer"
              value={d.run.customer_id ? <Link to={withGlobals(`/customers/${encodeURIComponent(d.run.customer_id)}`, search)}>{d.run.customer_id}</Link> : '—'}
              sub={d.run.top_section ? `section ${d.run.top_section}` : undefined}
            />
            <StatCard label="Spans" value={formatInt(d.run.spans)} sub={`${formatInt(d.run.error_calls)} failed · ${formatInt(d.run.input_tokens + d.run.output_tokens)} tokens`} />
          </div>
          <div className="grid">
            <section className="card" aria-labelledby="tree-title">
              <h2 id="tree-title">Span tree</h2>
              <p className="muted small">Cost per node includes everything below it.</p>
              <SpanTree tree={d.tree} />
            </section>
            <section className="card" aria-labelledby="wf-title">
              <h2 id="wf-title">Timeline</h2>
              <Waterfall tree={d.tree} />
            </section>
          </div>
          <section className="card" aria-labelledby="events-title">
            <h2 id="events-title">Events</h2>
            <DataTable label="Events of the run" columns={[num('Start'), 'Type', 'Section path', 'Provider / model', num('In (cached)'), num('Out (reasoning)'), num('Latency'), num('Cost'), 'Status']}>
              {events.map((e) => (
                <tr key={e.span_id}>
                  <td className="num nowrap">+{formatDuration(Date.parse(e.started_at) - t0)}</td>
                  <td><span className={`type type-${e.span_type}`}>{e.span_type}</span></td>
                  <td className="mono small">{orNone(e.section_path, '—')}</td>
                  <td>{e.provider ? <>{e.provider} / <span className="mono small">{orNone(e.model, '—')}</span></> : <span className="muted">—</span>}</td>
                  <td className="num">{e.input_tokens ? `${formatInt(e.input_tokens)}${e.cache_read_tokens ? ` (${formatInt(e.cache_read_tokens)})` : ''}` : '—'}</td>
                  <td className="num">{e.output_tokens ? `${formatInt(e.output_tokens)}${e.reasoning_tokens ? ` (${formatInt(e.reasoning_tokens)})` : ''}` : '—'}</td>
                  <td className="num">{formatDuration(e.latency_ms)}</td>
                  <td className="num">{costCell(e)}</td>
                  <td>
                    <span className={`status status-${e.status === 'ok' ? 'ok' : 'error'}`}>{e.status}</span>
                    {e.usage_estimated && <span className="muted small" title="tokens counted locally"> est.</span>}
                    {e.error && <div className="small muted">{e.error}</div>}
                  </td>
                </tr>
              ))}
            </DataTable>
          </section>
        </>
      )}
    </div>
  );
}
