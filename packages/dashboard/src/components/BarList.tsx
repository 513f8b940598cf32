import { Link } from '../lib/router';
import { formatShare, formatUsd } from '../lib/format';

export interface BarItem {
  key: string;
  label: string;
  value: number;
  detail?: string;
  to?: string;
  /** Shown instead of the cost, e.g. "unpriced" (never a silent $0). */
  valueText?: string;
}

/** A ranked list with proportional bars: top customers, sections, models. */
export function BarList({ items, total, label, empty = 'Nothing in this period.' }: { items: BarItem[]; total: number; label: string; empty?: string }) {
  if (items.length === 0) return <p className="muted">{empty}</p>;
  const max = Math.max(...items.map((i) => i.value), 0);
  return (
    <ol className="barlist" aria-label={label}>
      {items.map((i) => (
        <li key={i.key}>
          <div className="barlist-row">
            <span className="barlist-label">{i.to ? <Link to={i.to}>{i.label}</Link> : i.label}</span>
            <span className="barlist-value">
              {i.valueText !== undefined ? <span className="flag flag-warn">{i.valueText}</span> : formatUsd(i.value)}
              {total > 0 && i.valueText === undefined && <span className="muted"> · {formatShare(i.value / total)}</span>}
            </span>
          </div>
          <div className="bar" aria-hidden="true">
            <div className="bar-fill" style={{ width: `${max > 0 ? Math.max(1, (i.value / max) * 100) : 0}%` }} />
          </div>
          {i.detail && <div className="barlist-detail muted">{i.detail}</div>}
        </li>
      ))}
    </ol>
  );
}
