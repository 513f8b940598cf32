import { useId, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client';
import type { Session } from '../api/types';

/** Sign in with an API key or a JWT: the collector keeps it in an HttpOnly cookie; the page never stores it. */
export function SignIn({ reason, onSignedIn }: { reason?: string | undefined; onSignedIn: (s: Session) => void }) {
  const id = useId();
  const [credential, setCredential] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (credential.trim().length < 10) {
      setError('Paste an API key (llmo_sk_…) or a JWT.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const session = await api.signIn(credential.trim());
      setCredential('');
      onSignedIn(session);
    } catch (err) {
      setError(err instanceof ApiError ? (err.status === 401 ? `Not signed in: ${err.message}.` : err.message) : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="signin" id="main">
      <form className="card signin-card" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
        <h1 id={`${id}-title`}>
          <span className="brand-mark" aria-hidden="true" /> Sign in to LLMObserve
        </h1>
        {reason && (
          <p className="notice notice-warn" role="status">
            {reason}
          </p>
        )}
        <label htmlFor={`${id}-cred`}>API key or JWT</label>
        <input
          id={`${id}-cred`}
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={credential}
          onChange={(e) => setCredential(e.target.value)}
          placeholder="llmo_sk_…"
          aria-describedby={`${id}-help`}
          aria-invalid={error ? true : undefined}
          required
        />
        <p id={`${id}-help`} className="muted small">
          A key with the <code>read</code> scope (create one with <code>llmobserve keys create --tenant ID --scope read</code>), or a JWT
          from your platform. It is kept in an HttpOnly cookie for 12 hours, never in the page.
        </p>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
