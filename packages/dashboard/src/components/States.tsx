import type { ReactNode } from 'react';
import { ApiError } from '../api/client';
import { CopyButton } from './CopyButton';

export function Loading({ label = 'Loading…', rows = 3 }: { label?: string; rows?: number }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="sr-only">{label}</span>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="skeleton" aria-hidden="true" />
      ))}
    </div>
  );
}

function explain(error: Error): { title: string; detail: string } {
  if (error instanceof ApiError) {
    if (error.status === 0) return { title: 'The collector did not answer', detail: error.message };
    if (error.status === 403) return { title: 'Not allowed', detail: error.message };
    if (error.status === 404) return { title: 'Not found', detail: error.message };
    if (error.status === 429) return { title: 'Too many requests', detail: `${error.message}. Wait a moment and retry.` };
    return { title: `Request failed (${error.status})`, detail: error.message };
  }
  return { title: 'Something went wrong', detail: error.message };
}

export function ErrorState({ error, retry }: { error: Error; retry?: () => void }) {
  const { title, detail } = explain(error);
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">{title}</p>
      <p>{detail}</p>
      {retry && (
        <button type="button" className="btn" onClick={retry}>
          Retry
        </button>
      )}
    </div>
  );
}

/** The two lines that send the first event. */
export function firstEventSnippet(origin: string): string {
  return `import { observe, setCustomerId } from '@llmobserve/sdk';\nobserve({ collectorUrl: '${origin}' });`;
}

export function EmptyState({ title, children, showSnippet = false }: { title: string; children?: ReactNode; showSnippet?: boolean }) {
  const snippet = firstEventSnippet(typeof window === 'undefined' ? 'http://127.0.0.1:8000' : window.location.origin);
  return (
    <div className="state state-empty">
      <p className="state-title">{title}</p>
      {children}
      {showSnippet && (
        <div className="snippet">
          <p>Send the first event: add these two lines to your app (every OpenAI call is then tracked; tag each request with <code>setCustomerId(user.id)</code>).</p>
          <div className="code-block">
            <pre>
              <code>{snippet}</code>
            </pre>
            <CopyButton text={snippet} label="Copy code" />
          </div>
          <p className="muted">
            No SDK? <code>POST /events</code> with a JSON array of events works from anything that speaks HTTP.
          </p>
        </div>
      )}
    </div>
  );
}
