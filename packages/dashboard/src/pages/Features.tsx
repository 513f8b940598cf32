import { useState } from 'react';
import { api } from '../api/client';
import { useFilters } from '../app-context';
import { DataTable, num } from '../components/DataTable';
import { FilterBar } from '../components/FilterBar';
import { EmptyState, ErrorState, Loading } from '../components/States';
import { UnpricedWarning } from '../components/UnpricedWarning';
import { apiQuery } from '../lib/filters';
import { formatInt, formatShare, formatUsd } from '../lib/format';
import { Link, useLocation, withGlobals } from '../lib/router';
import { buildSectionTree, type SectionNode } from '../lib/section-tree';
import { useAsync } from '../lib/use-async';

function Rows({ nodes, depth, total, open, toggle }: { nodes: SectionNode[]; depth: number; total: number; open: Set<string>; toggle: (p: string) => void }) {
  const { search } = useLocation();
  return (
    <>
      {nodes.map((n) => {
        const expanded = open.has(n.path);
        return [
          <tr key={n.path} data-depth={depth}>
            <th scope="row">
              <span className="tree-cell" style={{ paddingLeft: `${depth * 1.25}rem` }}>
                {n.children.length > 0 ? (
                  <button type="button" className="disclosure" aria-expanded={expanded} aria-label={`${expanded ? 'Collapse' : 'Expand'} ${n.path}`} onClick={() => toggle(n.path)}>
                    {expanded ? '▾' : '▸'}
                  </button>
                ) : (
                  <span className="disclosure-spacer" aria-hidden="true" />
                )}
                {n.path ? (
                  <Link to={withGlobals('/', new URLSearchParams({ ...Object.fromEntries(search), section: n.path }))} title={`Overview of ${n.path}`}>
                    {n.name}
                  </Link>
                ) : (
                  <span className="muted">{n.name}</span>
                )}
              </span>
            </th>
            <td className="num">{formatUsd(n.cost_usd)}</td>
            <td className="num muted">{n.children.length > 0 ? formatUsd(n.own_cost_usd) : ''}</td>
            <td className="num">
              <span className="share">
                <span className="share-bar" aria-hidden="true"><span style={{ width: `${total > 0 ? Math.min(100, (n.cost_usd / total) * 100) : 0}%` }} /></span>
                {total > 0 ? formatShare(n.cost_usd / total) : '—'}
              </span>
            </td>
            <td className="num">{formatInt(n.calls)}</td>
          </tr>,
          expanded && n.children.length > 0 ? <Rows key={`${n.path}/children`} nodes={n.children} depth={depth + 1} total={total} open={open} toggle={toggle} /> : null,
        ];
      })}
    </>
  );
}

export function FeaturesPage() {
  const { filters, period, key } = useFilters();
  const data = useAsync((signal) => api.insights(apiQuery(filters, period, { limit: 1000 }), signal), key);
  const tree = data.data ? buildSectionTree(data.data.by_section) : [];
  const [open, setOpen] = useState<Set<string> | null>(null);
  // Top levels open by default.
  const opened = open ?? new Set(tree.flatMap((n) => [n.path, ...n.children.map((c) => c.path)]));
  const toggle = (p: string) => {
    const next = new Set(opened);
    if (next.has(p)) next.delete(p);
    else next.add(p);
    setOpen(next);
  };
  const all = (expand: boolean) => {
    const paths: string[] = [];
    const walk = (ns: SectionNode[]) => ns.forEach((n) => (paths.push(n.path), walk(n.children)));
    walk(tree);
    setOpen(expand ? new Set(paths) : new Set());
  };
  const total = data.data?.totals.cost_usd ?? 0;
  return (
    <div className="page" data-testid="features">
      <div className="page-head">
        <h1>Features</h1>
      </div>
      <FilterBar />
      {data.error ? (
        <ErrorState error={data.error} retry={data.reload} />
      ) : !data.data ? (
        <Loading rows={6} />
      ) : data.data.totals.calls === 0 ? (
        <EmptyState title="No calls in this period">
          <p>
            Label features with <code>section('support_chat', () =&gt; …)</code>, <code>agent()</code> and <code>tool()</code>; nested sections roll up here.
          </p>
        </EmptyState>
      ) : (
        <section className="card" aria-labelledby="sections-title">
          <div className="card-head">
            <h2 id="sections-title">Cost by section</h2>
            <div className="btn-row">
              <button type="button" className="btn btn-small btn-ghost" onClick={() => all(true)}>Expand all</button>
              <button type="button" className="btn btn-small btn-ghost" onClick={() => all(false)}>Collapse all</button>
            </div>
          </div>
          <UnpricedWarning models={data.data.unpriced_models} calls={data.data.totals.unpriced_calls} />
          <p className="muted small">A section's cost includes its nested sections; “own” is what was spent directly in it.</p>
          <DataTable label="Cost by section path" columns={['Section', num('Cost'), num('Own'), num('Share'), num('Calls')]} className="tree-table">
            <Rows nodes={tree} depth={0} total={total} open={opened} toggle={toggle} />
          </DataTable>
        </section>
      )}
    </div>
  );
}
