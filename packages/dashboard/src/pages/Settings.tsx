import { useId, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client';
import type { ApiKey, CreatedKey, Scope } from '../api/types';
import { actingTenant, canAdminister, useApp, useFilters } from '../app-context';
import { CopyButton } from '../components/CopyButton';
import { ACTIONS, DataTable, num } from '../components/DataTable';
import { isMissingRoute, NEWER_COLLECTOR, PriceForm } from '../components/PriceForm';
import { ErrorState, Loading } from '../components/States';
import { formatAgo, formatDateTime } from '../lib/format';
import { useAsync } from '../lib/use-async';

const DAY = 86_400_000;
const rate = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `$${x}`);
// A Record over the API's Scope type: a scope added to the collector's schema fails the build until it is offered here.
const SCOPE_HELP: Record<Scope, string> = {
  ingest: 'send events (the SDK)',
  read: 'read costs (the dashboard, API)',
  admin: "manage this tenant's keys, prices, budgets and billing",
  metrics: 'scrape GET /metrics (Prometheus; keys of the platform tenant only)',
};
const SCOPES = (Object.keys(SCOPE_HELP) as Scope[]).map((id) => ({ id, help: SCOPE_HELP[id] }));

export function keyState(k: ApiKey, now = Date.now()): 'active' | 'revoked' | 'expired' {
  if (k.revoked_at) return 'revoked';
  if (k.expires_at && Date.parse(k.expires_at) <= now) return 'expired';
  return 'active';
}

function NewKey({ created, onDone }: { created: CreatedKey; onDone: () => void }) {
  const id = useId();
  return (
    <div className="notice notice-ok new-key" role="status" data-testid="new-key">
      <p>
        <strong>Key created{created.api_key.name ? ` — ${created.api_key.name}` : ''}.</strong> Copy it now: it is shown only this once (the collector keeps only its hash).
      </p>
      <label htmlFor={id} className="sr-only">New API key</label>
      <div className="key-row">
        <input id={id} className="mono" readOnly value={created.key} onFocus={(e) => e.target.select()} data-testid="new-key-value" />
        <CopyButton text={created.key} label="Copy key" />
      </div>
      <button type="button" className="btn btn-small btn-ghost" onClick={onDone}>I have stored it — hide</button>
    </div>
  );
}

function ApiKeys() {
  const { session } = useApp();
  if (!canAdminister(session)) {
    return (
      <section className="card" aria-label="API keys">
        <h2>API keys</h2>
        <p className="notice notice-warn" data-testid="keys-need-admin">
          Managing keys needs the <code>admin</code> scope; this session has {session.scopes.length > 0 ? session.scopes.join(', ') : 'none'}.
        </p>
      </section>
    );
  }
  return <ApiKeyManager />;
}

function ApiKeyManager() {
  const { session } = useApp();
  const { filters } = useFilters();
  const id = useId();
  const q = { tenant_id: filters.tenant };
  const keys = useAsync((signal) => api.apiKeys(q, signal), `keys:${filters.tenant ?? ''}`);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['read']);
  const [expiry, setExpiry] = useState('never');
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    if (scopes.length === 0) {
      setError('Choose at least one scope.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body: { name?: string; scopes: Scope[]; expires_at?: string } = { scopes };
      if (name.trim()) body.name = name.trim();
      if (expiry !== 'never') body.expires_at = new Date(Date.now() + Number(expiry) * DAY).toISOString();
      setCreated(await api.createApiKey(q, body));
      setName('');
      keys.reload();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (k: ApiKey) => {
    setError(null);
    try {
      await api.revokeApiKey(k.id, q);
      setConfirming(null);
      keys.reload();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const forbidden = keys.error instanceof ApiError && keys.error.status === 403;
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>API keys</h2>
      <p className="muted">
        Keys of the tenant <strong>{actingTenant(session, filters)}</strong>. The SDK sends events with an <code>ingest</code> key; the dashboard and API read with <code>read</code>.
      </p>
      {forbidden ? (
        <p className="notice notice-warn">Managing keys needs the <code>admin</code> scope: {keys.error!.message}.</p>
      ) : (
        <>
          {created && <NewKey created={created} onDone={() => setCreated(null)} />}
          <form className="key-form" onSubmit={(e) => void create(e)} aria-label="Create an API key">
            <div className="field">
              <label htmlFor={`${id}-name`}>Name</label>
              <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. production SDK" maxLength={200} />
            </div>
            <fieldset className="field">
              <legend>Scopes</legend>
              <div className="checks">
                {SCOPES.map((s) => (
                  <label key={s.id} className="check" title={s.help}>
                    <input type="checkbox" checked={scopes.includes(s.id)} onChange={(e) => setScopes(e.target.checked ? [...scopes, s.id] : scopes.filter((x) => x !== s.id))} />
                    {s.id}
                  </label>
                ))}
              </div>
            </fieldset>
            <div className="field">
              <label htmlFor={`${id}-exp`}>Expires</label>
              <select id={`${id}-exp`} value={expiry} onChange={(e) => setExpiry(e.target.value)}>
                <option value="never">Never</option>
                <option value="30">In 30 days</option>
                <option value="90">In 90 days</option>
                <option value="365">In a year</option>
              </select>
            </div>
            <div className="field field-actions">
              <button type="submit" className="btn btn-primary" disabled={busy}>{busy ? 'Creating…' : 'Create key'}</button>
            </div>
          </form>
          {error && <p className="form-error" role="alert">{error}</p>}
          {keys.error && !forbidden ? (
            <ErrorState error={keys.error} retry={keys.reload} />
          ) : !keys.data ? (
            <Loading rows={2} />
          ) : keys.data.api_keys.length === 0 ? (
            <p className="muted">No keys yet.</p>
          ) : (
            <DataTable label="API keys" columns={['Name', 'Key', 'Scopes', 'Created', 'Last used', 'Status', ACTIONS]} testId="keys-table">
              {keys.data.api_keys.map((k) => {
                const state = keyState(k);
                return (
                  <tr key={k.id} data-key-id={k.id}>
                    <th scope="row">{k.name ?? <span className="muted">(unnamed)</span>}</th>
                    <td className="mono">{k.prefix}…</td>
                    <td>{k.scopes.join(', ')}</td>
                    <td className="nowrap">{formatDateTime(k.created_at)}</td>
                    <td className="nowrap" title={k.last_used_at ?? undefined}>{formatAgo(k.last_used_at)}</td>
                    <td>
                      <span className={`status status-${state === 'active' ? 'ok' : 'error'}`}>{state}</span>
                      {k.expires_at && state === 'active' && <span className="muted small"> until {formatDateTime(k.expires_at)}</span>}
                    </td>
                    <td className="nowrap">
                      {state === 'active' &&
                        (confirming === k.id ? (
                          <span className="btn-row">
                            <button type="button" className="btn btn-small btn-danger" onClick={() => void revoke(k)}>Confirm revoke</button>
                            <button type="button" className="btn btn-small btn-ghost" onClick={() => setConfirming(null)}>Cancel</button>
                          </span>
                        ) : (
                          <button type="button" className="btn btn-small" onClick={() => setConfirming(k.id)} aria-label={`Revoke ${k.name ?? k.prefix}`}>
                            Revoke
                          </button>
                        ))}
                    </td>
                  </tr>
                );
              })}
            </DataTable>
          )}
        </>
      )}
    </section>
  );
}

function Prices() {
  const { filters } = useFilters();
  const admin = canAdminister(useApp().session);
  const id = useId();
  const q = { tenant_id: filters.tenant };
  const prices = useAsync((signal) => api.prices(q, signal), `prices:${filters.tenant ?? ''}`);
  const [error, setError] = useState<string | null>(null);
  const missing = prices.error !== undefined && isMissingRoute(prices.error);
  const remove = async (priceId: string) => {
    setError(null);
    try {
      await api.deletePrice(priceId, q);
      prices.reload();
    } catch (err) {
      setError(isMissingRoute(err) ? NEWER_COLLECTOR : (err as Error).message);
    }
  };
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Custom prices</h2>
      <p className="muted">Tenant prices win over the public price list: for fine-tunes, self-hosted models and negotiated rates. USD per million tokens.</p>
      {missing ? (
        <p className="notice notice-warn" data-testid="prices-unavailable">{NEWER_COLLECTOR}</p>
      ) : (
        <>
          {prices.error ? (
            <ErrorState error={prices.error} retry={prices.reload} />
          ) : !prices.data ? (
            <Loading rows={2} />
          ) : prices.data.prices.length === 0 ? (
            <p className="muted">No custom prices.</p>
          ) : (
            <DataTable label="Custom prices" columns={['Provider / model', num('Input'), num('Output'), num('Cached input'), num('Cache write'), 'From', ACTIONS]}>
              {prices.data.prices.map((p) => (
                <tr key={p.id}>
                  <th scope="row">{p.provider} / <span className="mono">{p.model}</span></th>
                  <td className="num">{rate(p.input_per_mtok)}</td>
                  <td className="num">{rate(p.output_per_mtok)}</td>
                  <td className="num">{rate(p.cache_read_per_mtok)}</td>
                  <td className="num">{rate(p.cache_write_per_mtok)}</td>
                  <td>{p.effective_from && Date.parse(p.effective_from) > 0 ? formatDateTime(p.effective_from) : 'always'}</td>
                  <td>
                    {admin && <button type="button" className="btn btn-small" onClick={() => void remove(p.id)} aria-label={`Delete the price of ${p.provider} ${p.model}`}>Delete</button>}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
          {error && <p className="form-error" role="alert">{error}</p>}
          {admin ? (
            <>
              <h3>Add or replace a price</h3>
              <PriceForm query={q} onSaved={() => prices.reload()} />
            </>
          ) : (
            <p className="muted" data-testid="prices-need-admin">Changing prices needs the <code>admin</code> scope.</p>
          )}
        </>
      )}
    </section>
  );
}

export function SettingsPage() {
  const { session } = useApp();
  return (
    <div className="page" data-testid="settings">
      <div className="page-head">
        <h1>Settings</h1>
      </div>
      <section className="card" aria-label="Session">
        <p>
          {session.authenticated ? (
            <>Signed in with {session.kind === 'jwt' ? 'a JWT' : 'an API key'} for the tenant <strong>{session.tenant_id ?? '(platform)'}</strong>, scopes {session.scopes.join(', ')}{session.platform_admin ? ' (platform administrator)' : ''}.</>
          ) : (
            <>The collector runs in <strong>open mode</strong>: no sign-in, every tenant is readable from this machine. Start it with <code>--auth required</code> to require keys.</>
          )}
        </p>
      </section>
      <ApiKeys />
      <Prices />
    </div>
  );
}
