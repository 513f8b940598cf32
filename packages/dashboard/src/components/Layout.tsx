import { useId, type ReactNode } from 'react';
import { api } from '../api/client';
import { actingTenant, useApp, useFilters } from '../app-context';
import { Link, useLocation, withGlobals, type Route } from '../lib/router';
import { useAsync } from '../lib/use-async';

const NAV: { page: Route['page']; path: string; label: string; also?: Route['page'][] }[] = [
  { page: 'overview', path: '/', label: 'Overview' },
  { page: 'insights', path: '/insights', label: 'Insights' },
  { page: 'customers', path: '/customers', label: 'Customers', also: ['customer'] },
  { page: 'features', path: '/features', label: 'Features' },
  { page: 'runs', path: '/runs', label: 'Runs', also: ['run'] },
  { page: 'models', path: '/models', label: 'Models & providers' },
  { page: 'billing', path: '/billing', label: 'Billing' },
  { page: 'budgets', path: '/budgets', label: 'Budgets' },
  { page: 'settings', path: '/settings', label: 'Settings' },
];

function TenantSelector() {
  const { session } = useApp();
  const { filters, update } = useFilters();
  const current = actingTenant(session, filters);
  if (!session.platform_admin) {
    return (
      <p className="tenant-badge" title="Your credentials are bound to this tenant">
        Tenant <strong data-testid="tenant">{current}</strong>
      </p>
    );
  }
  return <PlatformTenantSelector current={current} update={update} />;
}

/** Only for platform administrators: GET /tenants is theirs alone (never requested for a tenant's key). */
function PlatformTenantSelector({ current, update }: { current: string; update: ReturnType<typeof useFilters>['update'] }) {
  const id = useId();
  const tenants = useAsync((signal) => api.tenants(signal), 'tenants');
  const ids = (tenants.data?.tenants ?? []).map((t) => t.tenant_id);
  if (!ids.includes(current)) ids.unshift(current);
  return (
    <div className="tenant-select">
      <label htmlFor={id}>Tenant</label>
      <select id={id} value={current} onChange={(e) => update({ tenant: e.target.value, customer: undefined })} data-testid="tenant-select">
        {ids.map((t) => (
          <option key={t} value={t}>{t}</option>
        ))}
      </select>
    </div>
  );
}

export function Layout({ route, children }: { route: Route; children: ReactNode }) {
  const { session, signOut, refresh } = useApp();
  const { search } = useLocation();
  return (
    <div className="app">
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="topbar">
        <Link to={withGlobals('/', search)} className="brand" aria-label="LLMObserve overview">
          <span className="brand-mark" aria-hidden="true" />
          LLMObserve
        </Link>
        <div className="topbar-right">
          <TenantSelector />
          <button type="button" className="btn btn-small btn-ghost" onClick={refresh} title="Reload the data up to now">
            Refresh
          </button>
          {session.authenticated ? (
            <button type="button" className="btn btn-small" onClick={() => void signOut()}>
              Sign out
            </button>
          ) : (
            <span className="mode-badge" title="The collector runs without authentication (loopback)">Open mode</span>
          )}
        </div>
      </header>
      <nav className="sidenav" aria-label="Pages">
        <ul>
          {NAV.map((n) => {
            const current = route.page === n.page || (n.also ?? []).includes(route.page);
            return (
              <li key={n.page}>
                <Link to={withGlobals(n.path, search)} aria-current={current ? 'page' : undefined}>
                  {n.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <main id="main" className="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
