import { useEffect, useId, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { RunSummary } from '../api/types';
import { useFilters } from '../app-context';
import { FilterBar } from '../components/FilterBar';
import { RunsTable } from '../components/RunsTable';
import { EmptyState, ErrorState, Loading } from '../components/States';
import { apiQuery, hasDimensionFilter } from '../lib/filters';
import { navigate, useLocation, withGlobals } from '../lib/router';
import { useAsync } from '../lib/use-async';

export function RunsPage() {
  const { filters, period, key } = useFilters();
  const { search } = useLocation();
  const id = useId();
  const first = useAsync((signal) => api.runs(apiQuery(filters, period, { limit: 50 }), signal), key);
  const [more, setMore] = useState<{ runs: RunSummary[]; cursor: string | null; loading: boolean; error?: Error }>({ runs: [], cursor: null, loading: false });
  const [jump, setJump] = useState('');
  useEffect(() => setMore({ runs: [], cursor: null, loading: false }), [key]);

  const cursor = more.cursor ?? first.data?.next_cursor ?? null;
  const loadMore = async () => {
    if (!cursor) return;
    setMore((m) => ({ ...m, loading: true }));
    try {
      const page = await api.runs(apiQuery(filters, period, { limit: 50, cursor }));
      setMore((m) => ({ runs: [...m.runs, ...page.runs], cursor: page.next_cursor ?? '', loading: false }));
    } catch (err) {
      setMore((m) => ({ ...m, loading: false, error: err as Error }));
    }
  };
  const open = (e: FormEvent) => {
    e.preventDefault();
    if (jump.trim()) navigate(withGlobals(`/runs/${encodeURIComponent(jump.trim())}`, search));
  };
  const runs = [...(first.data?.runs ?? []), ...more.runs];
  const hasMore = more.cursor === null ? Boolean(first.data?.next_cursor) : more.cursor !== '';

  return (
    <div className="page" data-testid="runs">
      <div className="page-head">
        <h1>Runs</h1>
        <form className="inline-form" onSubmit={open} role="search" aria-label="Open a run by id">
          <label htmlFor={`${id}-run`} className="sr-only">Run id</label>
          <input id={`${id}-run`} type="search" placeholder="Open run id…" value={jump} onChange={(e) => setJump(e.target.value)} />
          <button type="submit" className="btn btn-small">Open</button>
        </form>
      </div>
      <FilterBar />
      {first.error ? (
        <ErrorState error={first.error} retry={first.reload} />
      ) : !first.data ? (
        <Loading rows={6} />
      ) : runs.length === 0 ? (
        <EmptyState title="No runs in this period" showSnippet={!hasDimensionFilter(filters) && filters.range === 'all'}>
          <p>{hasDimensionFilter(filters) ? 'No run matches these filters.' : 'Choose a longer period, or send events.'}</p>
        </EmptyState>
      ) : (
        <section className="card">
          <RunsTable runs={runs} label="Runs, newest first" />
          <div className="table-foot">
            <span className="muted" aria-live="polite">{runs.length} runs shown, newest first</span>
            {hasMore && (
              <button type="button" className="btn" onClick={() => void loadMore()} disabled={more.loading}>
                {more.loading ? 'Loading…' : 'Load more'}
              </button>
            )}
            {more.error && <span className="form-error" role="alert">{more.error.message}</span>}
          </div>
        </section>
      )}
    </div>
  );
}
