/** What every page needs: the session, the global filters from the URL, and the "now" the periods are computed at. */
import { createContext, useContext, useMemo } from 'react';
import type { Session } from './api/types';
import { calendarPeriods, parseFilters, previousPeriod, selectedPeriod, writeFilters, type Filters, type Period } from './lib/filters';
import { setSearch, useLocation } from './lib/router';

export interface AppContextValue {
  session: Session;
  /** Epoch ms the periods are computed at; bumped by "Refresh". */
  now: number;
  refresh: () => void;
  signOut: () => Promise<void>;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const v = useContext(AppContext);
  if (!v) throw new Error('useApp outside <AppContext.Provider>');
  return v;
}

export interface FilterState {
  filters: Filters;
  period: Period;
  previous: Period | null;
  calendar: ReturnType<typeof calendarPeriods>;
  now: number;
  /** A stable string for the filters + now: use it as the key of data loads. */
  key: string;
  update: (patch: Partial<Filters>, opts?: { replace?: boolean }) => void;
}

export function useFilters(): FilterState {
  const { now } = useApp();
  const { search } = useLocation();
  const s = search.toString();
  return useMemo(() => {
    const filters = parseFilters(new URLSearchParams(s));
    const period = selectedPeriod(filters, now);
    return {
      filters,
      period,
      previous: previousPeriod(period, now),
      calendar: calendarPeriods(now),
      now,
      key: JSON.stringify([filters, now]),
      update: (patch, opts) => {
        const current = new URLSearchParams(window.location.search);
        const merged: Filters = { ...parseFilters(current), ...patch };
        for (const k of Object.keys(merged) as (keyof Filters)[]) if (merged[k] === undefined || merged[k] === '') delete merged[k];
        setSearch(writeFilters(current, merged), opts);
      },
    };
  }, [s, now]);
}

/** The tenant the dashboard acts for (platform administrators choose; others are bound to theirs). */
/**
 * May this session use the tenant's admin routes (keys, price changes)? Learnt from GET /session, so that the
 * dashboard neither requests those routes nor shows their forms to a read-only key. An open collector (no auth)
 * lets everyone.
 */
export function canAdminister(session: Session): boolean {
  return session.mode === 'open' || session.platform_admin || session.scopes.includes('admin');
}

export function actingTenant(session: Session, filters: Filters): string {
  if (session.platform_admin) return filters.tenant ?? session.tenant_id ?? 'default_tenant';
  return session.tenant_id ?? 'default_tenant';
}
