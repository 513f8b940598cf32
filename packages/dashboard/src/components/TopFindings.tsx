import { api } from '../api/client';
import { useFilters } from '../app-context';
import { byAtStake, evidenceLink, KIND_LABELS, scopeText } from '../lib/insights';
import { formatUsd } from '../lib/format';
import { Link, useLocation, withGlobals } from '../lib/router';
import { useAsync } from '../lib/use-async';
import { ErrorState, Loading } from './States';

/** The overview's panel: the open findings with the most dollars at stake, each linking to its evidence. */
export function TopFindings({ top = 5 }: { top?: number }) {
  const { filters, key } = useFilters();
  const { search } = useLocation();
  const found = useAsync((signal) => api.findings({ tenant_id: filters.tenant, limit: 200 }, signal), `findings:${key}`);
  const rows = [...(found.data?.findings ?? [])].sort(byAtStake).slice(0, top);
  return (
    <section className="card" aria-labelledby="top-findings" data-testid="top-findings">
      <div className="card-head">
        <h2 id="top-findings">Top insights by dollars at stake</h2>
        <Link to={withGlobals('/insights', search)}>All insights</Link>
      </div>
      {found.error ? (
        <ErrorState error={found.error} retry={found.reload} />
      ) : !found.data ? (
        <Loading rows={2} />
      ) : rows.length === 0 ? (
        <p className="muted">No open findings. Insights are evaluated on a schedule, or now from the Insights page.</p>
      ) : (
        <ol className="finding-list" aria-label="Top findings by dollars at stake">
          {rows.map((f) => (
            <li key={f.id} data-kind={f.kind}>
              <span className={`severity severity-${f.severity}`}>{KIND_LABELS[f.kind]}</span>{' '}
              <Link to={evidenceLink(f, search)}>{f.title}</Link>
              <span className="finding-stake" data-testid="finding-stake">{formatUsd(f.at_stake_usd_per_month)}/mo</span>
              <span className="muted finding-scope">{scopeText(f)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
