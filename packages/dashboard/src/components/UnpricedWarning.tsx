import type { UnpricedModel } from '../api/types';
import { formatInt, orNone } from '../lib/format';
import { Link, useLocation, withGlobals } from '../lib/router';

/** Unpriced calls are never shown as $0: they are listed, with the way to price them. */
export function UnpricedWarning({ models, calls }: { models: UnpricedModel[]; calls: number }) {
  const { search } = useLocation();
  if (calls === 0 && models.length === 0) return null;
  return (
    <div className="notice notice-warn" role="status" data-testid="unpriced-warning">
      <p>
        <strong>{formatInt(calls)} {calls === 1 ? 'call' : 'calls'} could not be priced</strong> and {calls === 1 ? 'is' : 'are'} not in the costs below:
      </p>
      <ul>
        {models.map((m) => (
          <li key={`${m.provider}/${m.model}`}>
            <code>{orNone(m.provider)}</code> / <code>{orNone(m.model)}</code> — {formatInt(m.unpriced_calls)} calls
          </li>
        ))}
      </ul>
      <p>
        <Link to={withGlobals('/models', search)}>Add a custom price</Link> for these models.
      </p>
    </div>
  );
}
