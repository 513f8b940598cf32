import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, clearCache, UNAUTHORIZED_EVENT } from './api/client';
import type { Session } from './api/types';
import { AppContext, type AppContextValue } from './app-context';
import { Layout } from './components/Layout';
import { ErrorState, Loading } from './components/States';
import { matchRoute, useLocation, type Route } from './lib/router';
import { BudgetsPage } from './pages/Budgets';
import { CustomerDetailPage } from './pages/CustomerDetail';
import { CustomersPage } from './pages/Customers';
import { FeaturesPage } from './pages/Features';
import { InsightsPage } from './pages/Insights';
import { ModelsPage } from './pages/Models';
import { NotFound } from './pages/NotFound';
import { OverviewPage } from './pages/Overview';
import { RunDetailPage } from './pages/RunDetail';
import { RunsPage } from './pages/Runs';
import { SettingsPage } from './pages/Settings';
import { BillingPage } from './pages/Billing';
import { SignIn } from './pages/SignIn';

const TITLES: Record<Route['page'], string> = {
  overview: 'Overview', customers: 'Customers', customer: 'Customer', features: 'Features', runs: 'Runs', run: 'Run',
  models: 'Models & providers', insights: 'Insights', settings: 'Settings', billing: 'Billing', budgets: 'Budgets', 'not-found': 'Not found',
};

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'overview': return <OverviewPage />;
    case 'customers': return <CustomersPage />;
    case 'customer': return <CustomerDetailPage id={route.id} />;
    case 'features': return <FeaturesPage />;
    case 'runs': return <RunsPage />;
    case 'run': return <RunDetailPage id={route.id} />;
    case 'models': return <ModelsPage />;
    case 'insights': return <InsightsPage />;
    case 'settings': return <SettingsPage />;
    case 'billing': return <BillingPage />;
    case 'budgets': return <BudgetsPage />;
    case 'not-found': return <NotFound />;
  }
}

export function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [bootError, setBootError] = useState<Error | null>(null);
  const [reason, setReason] = useState<string | undefined>();
  const [now, setNow] = useState(() => Date.now());
  const { path } = useLocation();
  const route = matchRoute(path);

  const loadSession = useCallback(async (why?: 'expired' | 'signed-out') => {
    try {
      clearCache();
      const s = await api.session();
      setBootError(null);
      setSession(s);
      if (why === 'expired') setReason(s.expired ? `Your session ended (${s.expired}). Sign in again.` : 'Your session ended. Sign in again.');
      else if (why === 'signed-out') setReason('You are signed out.');
      else if (s.expired) setReason(`Your session ended (${s.expired}). Sign in again.`);
      setNow(Date.now());
    } catch (err) {
      setBootError(err as Error);
    }
  }, []);

  useEffect(() => {
    void loadSession();
    const onUnauthorized = () => void loadSession('expired');
    window.addEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
  }, [loadSession]);

  useEffect(() => {
    document.title = `${TITLES[route.page]} · LLMObserve`;
  }, [route.page]);

  const ctx = useMemo<AppContextValue | null>(
    () =>
      session && {
        session,
        now,
        refresh: () => {
          clearCache();
          setNow(Date.now());
        },
        signOut: async () => {
          try {
            await api.signOut();
          } finally {
            await loadSession('signed-out');
          }
        },
      },
    [session, now, loadSession],
  );

  if (bootError) {
    return (
      <main className="signin" id="main">
        <ErrorState error={bootError} retry={() => void loadSession()} />
      </main>
    );
  }
  if (!session || !ctx) {
    return (
      <main className="signin" id="main">
        <Loading label="Connecting to the collector…" rows={1} />
      </main>
    );
  }
  if (!session.authenticated && session.sign_in_required) {
    return (
      <SignIn
        reason={reason}
        onSignedIn={(s) => {
          setReason(undefined);
          setSession(s);
          setNow(Date.now());
        }}
      />
    );
  }
  return (
    <AppContext.Provider value={ctx}>
      <Layout route={route}>
        <Page key={`${route.page}:${session.tenant_id ?? ''}:${session.kind}`} route={route} />
      </Layout>
    </AppContext.Provider>
  );
}
