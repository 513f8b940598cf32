/** Number and date formatting, fixed to en-US and UTC so that every viewer (and every test) reads the same text. */

const usd2 = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const usd4 = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 4, maximumFractionDigits: 4 });
const usdSig = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumSignificantDigits: 3 });
const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const pct1 = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** $1,234.56 · $0.0123 · $0.000123 (small costs keep three significant digits instead of reading $0.00). */
export function formatUsd(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  if (a === 0) return '$0.00';
  if (a >= 1) return usd2.format(x);
  if (a >= 0.01) return usd4.format(x);
  return usdSig.format(x);
}

/** Axis labels: short and round. */
export function formatUsdShort(x: number): string {
  const a = Math.abs(x);
  if (a === 0) return '$0';
  if (a >= 1000) return `$${compact.format(x)}`;
  if (a >= 1) return `$${Number(x.toFixed(2))}`;
  return usdSig.format(x);
}

export const formatInt = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : int.format(x));

/** 1.2M, 34.5K, 999. */
export const formatCompact = (x: number): string => (Math.abs(x) < 1000 ? int.format(x) : compact.format(x));

export const formatShare = (x: number): string => pct1.format(x);

export interface Change {
  /** Relative change, e.g. 0.25 for +25 %; null when there is nothing to compare with. */
  ratio: number | null;
  text: string;
  direction: 'up' | 'down' | 'flat' | 'new' | 'none';
}

/** Change of a cost against the previous period: "+25.0%", "−10.0%", "new", or "—". */
export function change(current: number, previous: number | null | undefined): Change {
  if (previous === null || previous === undefined) return { ratio: null, text: '—', direction: 'none' };
  if (previous === 0) return current > 0 ? { ratio: null, text: 'new', direction: 'new' } : { ratio: 0, text: '0.0%', direction: 'flat' };
  const ratio = (current - previous) / previous;
  if (Math.abs(ratio) < 0.0005) return { ratio, text: '0.0%', direction: 'flat' };
  const text = `${ratio > 0 ? '+' : '−'}${pct1.format(Math.abs(ratio))}`;
  return { ratio, text, direction: ratio > 0 ? 'up' : 'down' };
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms % 60_000) / 1000)} s`;
}

const dateTime = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const dayFmt = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric' });
const hourFmt = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', hour: '2-digit', minute: '2-digit', hour12: false });

/** "Jan 15, 10:30:05" (UTC). */
export const formatDateTime = (iso: string | number | null | undefined): string => (iso === null || iso === undefined ? '—' : dateTime.format(new Date(iso)));
export const formatDay = (iso: string | number): string => dayFmt.format(new Date(iso));
export const formatHour = (iso: string | number): string => hourFmt.format(new Date(iso));

/** "3 min ago", "2 days ago", or "never". */
export function formatAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} days ago`;
}

/** Label for a null dimension value. */
export const orNone = (v: string | null | undefined, none = '(none)'): string => (v === null || v === undefined || v === '' ? none : v);

/** "incl. $0.12 estimated (3 calls)" when part of a total rests on usage the SDK estimated, else null. */
export function estimatedNote(m: { estimated_cost_usd?: number; estimated_calls?: number }): string | null {
  const n = m.estimated_calls ?? 0;
  if (n <= 0) return null;
  return `incl. ${formatUsd(m.estimated_cost_usd ?? 0)} estimated (${formatInt(n)} ${n === 1 ? 'call' : 'calls'})`;
}
