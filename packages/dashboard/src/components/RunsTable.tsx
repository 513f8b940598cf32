import type { RunSummary } from '../api/types';
import { formatDateTime, formatDuration, formatInt, formatUsd, orNone } from '../lib/format';
import { Link, useLocation, withGlobals } from '../lib/router';
import { DataTable, num } from './DataTable';

export function RunsTable({ runs, showCustomer = true, label = 'Runs' }: { runs: RunSummary[]; showCustomer?: boolean; label?: string }) {
  const { search } = useLocation();
  return (
    <DataTable label={label} columns={['Started (UTC)', 'Run', showCustomer && 'Customer', 'Section', num('Calls'), num('Duration'), num('Cost'), 'Status']}>
      {runs.map((r) => (
        <tr key={r.run_id}>
          <td className="nowrap">{formatDateTime(r.started_at)}</td>
          <th scope="row">
            <Link to={withGlobals(`/runs/${encodeURIComponent(r.run_id)}`, search)} className="mono">
              {r.run_id.length > 18 ? `${r.run_id.slice(0, 18)}…` : r.run_id}
            </Link>
          </th>
          {showCustomer && <td>{orNone(r.customer_id, '—')}</td>}
          <td>{orNone(r.top_section, '—')}</td>
          <td className="num">{formatInt(r.calls)}</td>
          <td className="num">{formatDuration(r.duration_ms)}</td>
          <td className="num">
            {formatUsd(r.cost_usd)}
            {r.unpriced_calls > 0 && <span className="flag flag-warn" title={`${r.unpriced_calls} unpriced calls`}> +unpriced</span>}
            {(r.estimated_calls ?? 0) > 0 && <span className="flag" title={`${formatUsd(r.estimated_cost_usd ?? 0)} of it from ${r.estimated_calls} call(s) with estimated usage`}> est.</span>}
          </td>
          <td>{r.error_calls > 0 ? <span className="status status-error">{r.error_calls} failed</span> : <span className="status status-ok">ok</span>}</td>
        </tr>
      ))}
    </DataTable>
  );
}
