import { useState } from 'react';
import type { TreeNode } from '../api/types';
import { formatDuration, formatUsd, orNone } from '../lib/format';

/** Sections, agents and tools by their label; calls by their model (their `name` is the enclosing section). */
export function label(n: TreeNode): string {
  if (n.span_type === 'section' || n.span_type === 'agent' || n.span_type === 'tool') return n.name ?? n.span_type;
  return n.model ?? n.name ?? n.span_type;
}

function Node({ node, depth }: { node: TreeNode; depth: number }) {
  const [open, setOpen] = useState(depth < 4);
  const own = node.cost_usd;
  return (
    <li className="span-node" data-testid="span-node" data-span-id={node.span_id}>
      <div className={`span-row span-${node.status}`}>
        {node.children.length > 0 ? (
          <button type="button" className="disclosure" aria-expanded={open} aria-label={`${open ? 'Collapse' : 'Expand'} ${label(node)}`} onClick={() => setOpen(!open)}>
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span className="disclosure-spacer" aria-hidden="true" />
        )}
        <span className={`type type-${node.span_type}`}>{node.span_type}</span>
        <span className="span-name" data-testid="span-name">{label(node)}</span>
        {node.provider && <span className="muted small">{node.provider}</span>}
        {node.status !== 'ok' && <span className="status status-error">{node.status}</span>}
        <span className="span-meta">
          <span className="muted small">{formatDuration(node.latency_ms)}</span>
          <span className="span-cost" data-testid="span-total" title={node.children.length ? `own ${formatUsd(own)}, subtree ${formatUsd(node.total_cost_usd)}` : undefined}>
            {formatUsd(node.total_cost_usd)}
          </span>
          {node.unpriced_spans > 0 && <span className="flag flag-warn" title="spans without a price in this subtree">{node.unpriced_spans} unpriced</span>}
        </span>
      </div>
      {open && node.children.length > 0 && (
        <ul className="span-children">
          {node.children.map((c) => (
            <Node key={c.span_id} node={c} depth={depth + 1} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** The run's span tree; each node shows the cost rolled up over its subtree. */
export function SpanTree({ tree }: { tree: TreeNode[] }) {
  return (
    <ul className="span-tree" aria-label="Span tree">
      {tree.map((n) => (
        <Node key={n.span_id} node={n} depth={0} />
      ))}
    </ul>
  );
}

export interface WaterfallRow {
  node: TreeNode;
  depth: number;
}

export function flatten(tree: TreeNode[], depth = 0, out: WaterfallRow[] = []): WaterfallRow[] {
  for (const n of tree) {
    out.push({ node: n, depth });
    flatten(n.children, depth + 1, out);
  }
  return out;
}

/** Every span on one time axis: offset from the run's start, width = latency. */
export function Waterfall({ tree }: { tree: TreeNode[] }) {
  const rows = flatten(tree);
  const starts = rows.map((r) => Date.parse(r.node.started_at));
  const t0 = Math.min(...starts);
  const t1 = Math.max(...rows.map((r, i) => starts[i]! + (r.node.latency_ms ?? 0)));
  const span = Math.max(1, t1 - t0);
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return (
    <div className="waterfall" role="table" aria-label="Waterfall: each span's start and latency">
      <div className="wf-row wf-axis" role="row">
        <span className="wf-label" role="columnheader">Span</span>
        <span className="wf-track" role="columnheader">
          {ticks.map((f) => (
            <span key={f} className="wf-tick" style={{ left: `${f * 100}%` }}>
              {formatDuration(f * span)}
            </span>
          ))}
        </span>
      </div>
      {rows.map(({ node, depth }, i) => {
        const left = ((starts[i]! - t0) / span) * 100;
        const width = ((node.latency_ms ?? 0) / span) * 100;
        return (
          <div key={node.span_id} className="wf-row" role="row">
            <span className="wf-label" role="rowheader" style={{ paddingLeft: `${depth * 0.9}rem` }} title={`${node.span_type} ${label(node)}`}>
              {label(node)}
            </span>
            <span className="wf-track" role="cell">
              <span
                className={`wf-bar type-${node.span_type} status-${node.status}`}
                style={{ left: `${Math.min(left, 99.5)}%`, width: `${Math.max(0.5, Math.min(width, 100 - left))}%` }}
                title={`starts at +${formatDuration(starts[i]! - t0)}, lasts ${formatDuration(node.latency_ms)}, ${formatUsd(node.total_cost_usd)}`}
              />
              <span className="sr-only">
                starts at +{formatDuration(starts[i]! - t0)}, lasts {formatDuration(node.latency_ms)}, {orNone(node.provider, '')} {formatUsd(node.total_cost_usd)}
              </span>
            </span>
          </div>
        );
      })}
    </div>
  );
}
