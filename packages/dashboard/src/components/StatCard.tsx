import type { ReactNode } from 'react';
import { ChangeBadge } from './ChangeBadge';

export function StatCard({ label, value, current, previous, vs, sub, testId }: {
  label: string;
  value: ReactNode;
  current?: number;
  previous?: number | null;
  vs?: string;
  sub?: ReactNode;
  testId?: string;
}) {
  return (
    <section className="card stat" aria-label={label} data-testid={testId}>
      <h3 className="stat-label">{label}</h3>
      <p className="stat-value">{value}</p>
      {current !== undefined && previous !== undefined && (
        <p className="stat-change">
          <ChangeBadge current={current} previous={previous} /> <span className="muted">{vs}</span>
        </p>
      )}
      {sub && <p className="stat-sub muted">{sub}</p>}
    </section>
  );
}
