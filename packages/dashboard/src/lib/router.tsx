/**
 * A tiny router keyed on the URL: pages are paths under /dashboard, filters are search params. Links are real
 * anchors (open in a new tab, copy, keyboard) and keep the global filters.
 */
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';
import { GLOBAL_PARAMS } from './filters';

export const BASE = '/dashboard';
const CHANGE = 'llmobserve:navigate';

function subscribe(cb: () => void): () => void {
  window.addEventListener('popstate', cb);
  window.addEventListener(CHANGE, cb);
  return () => {
    window.removeEventListener('popstate', cb);
    window.removeEventListener(CHANGE, cb);
  };
}
const snapshot = () => window.location.pathname + window.location.search;

export interface Location {
  /** Path inside the dashboard: "/", "/customers", "/runs/abc". */
  path: string;
  search: URLSearchParams;
}

export function currentLocation(): Location {
  let path = window.location.pathname;
  if (path.startsWith(BASE)) path = path.slice(BASE.length);
  if (path === '' || path === '/index.html') path = '/';
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return { path, search: new URLSearchParams(window.location.search) };
}

export function useLocation(): Location {
  const key = useSyncExternalStore(subscribe, snapshot, snapshot);
  void key;
  return currentLocation();
}

/** `to` is a dashboard path ("/runs/x?y=1") or a search string ("?range=7d") for the current page. */
export function href(to: string): string {
  if (to.startsWith('?')) return `${window.location.pathname}${to === '?' ? '' : to}`;
  return BASE + (to === '/' ? '/' : to);
}

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  const url = href(to);
  if (url === snapshot()) return;
  if (opts.replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  window.dispatchEvent(new Event(CHANGE));
}

/** Replaces the current search params (filters) without a new history entry per keystroke when `replace`. */
export function setSearch(search: URLSearchParams, opts: { replace?: boolean } = {}): void {
  const s = search.toString();
  navigate(s ? `?${s}` : '?', opts);
}

/** A path with the current global filters carried over. */
export function withGlobals(path: string, search: URLSearchParams, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  for (const k of GLOBAL_PARAMS) {
    const v = search.get(k);
    if (v) p.set(k, v);
  }
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  const s = p.toString();
  return s ? `${path}?${s}` : path;
}

export function Link({ to, children, ...rest }: { to: string; children: ReactNode } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    rest.onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
    window.scrollTo?.(0, 0);
  };
  return (
    <a {...rest} href={href(to)} onClick={onClick}>
      {children}
    </a>
  );
}

export type Route =
  | { page: 'overview' }
  | { page: 'customers' }
  | { page: 'customer'; id: string }
  | { page: 'features' }
  | { page: 'runs' }
  | { page: 'run'; id: string }
  | { page: 'models' }
  | { page: 'insights' }
  | { page: 'settings' }
  | { page: 'billing' }
  | { page: 'budgets' }
  | { page: 'not-found' };

export function matchRoute(path: string): Route {
  const parts = path.split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  const [a, b, ...more] = parts;
  if (more.length > 0) return { page: 'not-found' };
  if (a === undefined) return { page: 'overview' };
  if (a === 'customers') return b === undefined ? { page: 'customers' } : { page: 'customer', id: b };
  if (a === 'runs') return b === undefined ? { page: 'runs' } : { page: 'run', id: b };
  if (b !== undefined) return { page: 'not-found' };
  if (a === 'features' || a === 'models' || a === 'settings' || a === 'billing' || a === 'insights' || a === 'budgets') return { page: a };
  return { page: 'not-found' };
}
