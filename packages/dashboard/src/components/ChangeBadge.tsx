import { change } from '../lib/format';

/** "+25.0%" in red (spend went up), "−10.0%" in green, "new", or "—". */
export function ChangeBadge({ current, previous, title }: { current: number; previous: number | null | undefined; title?: string }) {
  const c = change(current, previous);
  const words = c.direction === 'up' ? 'up' : c.direction === 'down' ? 'down' : '';
  return (
    <span className={`change change-${c.direction}`} title={title}>
      {c.direction === 'up' ? '▲ ' : c.direction === 'down' ? '▼ ' : ''}
      {c.text}
      {words && <span className="sr-only"> ({words})</span>}
    </span>
  );
}
