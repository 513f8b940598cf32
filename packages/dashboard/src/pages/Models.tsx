import { useState } from 'react';
import { api } from '../api/client';
import { actingTenant, useApp, useFilters } from '../app-context';
import { DataTable, num } from '../components/DataTable';
import { FilterBar } from '../components/FilterBar';
import { PriceForm } from '../components/PriceForm';
import { EmptyState, ErrorState, Loading } from '../components/States';
import { apiQuery } from '../lib/filters';
import { formatCompact, formatInt, formatShare, formatUsd, orNone } from '../lib/format';
import { useAsync } from '../lib/use-async';

const avg = (cost: number, calls: number, unpriced: number) => (calls - unpriced > 0 ? cost / (calls - unpriced) : null);

export function ModelsPage() {
  const { session } = useApp();
  const { filters, period, key } = useFilters();
  const data = useAsync((signal) => api.insights(apiQuery(filters, period, { limit: 1000 }), signal), key);
  const [pricing, setPricing] = useState<{ provider: string | null; model: string | null } | null>(null);
  const d = data.data;
  const total = d?.totals.cost_usd ?? 0;
  const canPrice = session.scopes.includes('admin');
  return (
    <div className="page" data-testid="models">
      <div className="page-head">
        <h1>Models & providers</h1>
      </div>
      <FilterBar />
      {data.error ? (
        <ErrorState error={data.error} retry={data.reload} />
      ) : !d ? (
        <Loading rows={6} />
      ) : d.totals.calls === 0 ? (
        <EmptyState title="No calls in this period" />
      ) : (
        <>
          {d.unpriced_models.length > 0 && (
            <section className="card card-warn" aria-labelledby="unpriced-title" data-testid="unpriced-models">
              <h2 id="unpriced-title">Unpriced models</h2>
              <p>
                These calls have no known price, so they are <strong>not</strong> in any cost (never counted as $0). Add a custom price for the tenant <strong>{actingTenant(session, filters)}</strong>.
              </p>
              <ul className="unpriced-list">
                {d.unpriced_models.map((m) => (
                  <li key={`${m.provider}/${m.model}`}>
                    <span>
                      <code>{orNone(m.provider)}</code> / <code>{orNone(m.model)}</code> — {formatInt(m.unpriced_calls)} calls
                    </span>
                    {canPrice && (
                      <button type="button" className="btn btn-small" onClick={() => setPricing({ provider: m.provider, model: m.model })} aria-expanded={pricing?.model === m.model && pricing?.provider === m.provider}>
                        Add custom price
                      </button>
                    )}
                  </li>
                ))}
              </ul>
              {pricing && <PriceForm key={`${pricing.provider}/${pricing.model}`} query={{ tenant_id: filters.tenant }} initial={pricing} />}
            </section>
          )}
          <section className="card" aria-labelledby="providers-title">
            <h2 id="providers-title">Providers</h2>
            <DataTable label="Cost by provider" columns={['Provider', num('Cost'), num('Share'), num('Calls'), num('Tokens in / out'), num('Avg cost per call')]}>
              {d.by_provider.map((r) => (
                <tr key={r.provider ?? ''}>
                  <th scope="row">{orNone(r.provider)}</th>
                  <td className="num">{r.unpriced_calls === r.calls ? <span className="flag flag-warn">unpriced</span> : formatUsd(r.cost_usd)}</td>
                  <td className="num">{total > 0 && r.unpriced_calls < r.calls ? formatShare(r.cost_usd / total) : '—'}</td>
                  <td className="num">{formatInt(r.calls)}</td>
                  <td className="num">{formatCompact(r.input_tokens)} / {formatCompact(r.output_tokens)}</td>
                  <td className="num">{formatUsd(avg(r.cost_usd, r.calls, r.unpriced_calls))}</td>
                </tr>
              ))}
            </DataTable>
          </section>
          <section className="card" aria-labelledby="models-title">
            <h2 id="models-title">Models</h2>
            <DataTable label="Cost by model" columns={['Model', 'Provider', num('Cost'), num('Calls'), num('Tokens in (cached)'), num('Tokens out'), num('Avg cost per call')]}>
              {d.by_model.map((r) => (
                <tr key={`${r.provider}/${r.model}`}>
                  <th scope="row" className="mono">{orNone(r.model)}</th>
                  <td>{orNone(r.provider)}</td>
                  <td className="num">
                    {r.unpriced_calls === r.calls ? <span className="flag flag-warn">unpriced</span> : formatUsd(r.cost_usd)}
                    {r.unpriced_calls > 0 && r.unpriced_calls < r.calls && <span className="flag flag-warn" title={`${r.unpriced_calls} unpriced calls`}> +{r.unpriced_calls} unpriced</span>}
                  </td>
                  <td className="num">{formatInt(r.calls)}</td>
                  <td className="num">{formatCompact(r.input_tokens)} ({formatCompact(r.cache_read_tokens)})</td>
                  <td className="num">{formatCompact(r.output_tokens)}</td>
                  <td className="num">{formatUsd(avg(r.cost_usd, r.calls, r.unpriced_calls))}</td>
                </tr>
              ))}
            </DataTable>
          </section>
        </>
      )}
    </div>
  );
}
