/** Pure helpers of the Insights views: kind labels, the evidence link of a finding, ordering by dollars at stake. */
import type { Finding, FindingKind } from '../api/types';
import { withGlobals } from './router';

export const KIND_LABELS: Record<FindingKind, string> = {
  cost_spike: 'Cost spike',
  cost_regression: 'Cost regression',
  retry_loop: 'Retry loop',
  model_downgrade: 'Cheaper model',
  cache_miss: 'Cache miss',
  prompt_bloat: 'Prompt bloat',
};

const day = (iso: string) => iso.slice(0, 10);

/**
 * The filtered view that shows a finding's evidence: the customer's page (spikes), its runs (retry loops), the
 * feature (regressions, bloat) or the model (cheaper model, cache), over the evidence window (whole UTC days).
 */
export function evidenceLink(f: Finding, search: URLSearchParams): string {
  const extra: Record<string, string> = { range: 'custom', from: day(f.window_from), to: day(new Date(Date.parse(f.window_to) - 1).toISOString()) };
  const base = new URLSearchParams(search);
  for (const k of ['customer', 'provider', 'model', 'section', 'range', 'from', 'to']) base.delete(k);
  if (f.section_path) extra.section = f.section_path;
  if (f.model) extra.model = f.model;
  if (f.provider) extra.provider = f.provider;
  switch (f.kind) {
    case 'retry_loop':
      if (f.customer_id) extra.customer = f.customer_id;
      return withGlobals('/runs', base, extra);
    case 'cost_spike':
      if (f.customer_id) return withGlobals(`/customers/${encodeURIComponent(f.customer_id)}`, base, extra);
      return withGlobals('/features', base, extra);
    case 'cost_regression':
    case 'prompt_bloat':
      return withGlobals('/features', base, extra);
    case 'model_downgrade':
    case 'cache_miss':
      return withGlobals('/models', base, extra);
  }
}

/** Most dollars at stake first (ties: newest). */
export const byAtStake = (a: Finding, b: Finding) => b.at_stake_nanos_per_month - a.at_stake_nanos_per_month || b.last_seen_at.localeCompare(a.last_seen_at);

/** Who or what a finding is about, in words. */
export function scopeText(f: Finding): string {
  return [f.customer_id && `customer ${f.customer_id}`, f.section_path && `section ${f.section_path}`, f.model && `${f.provider ?? ''}/${f.model}`]
    .filter(Boolean).join(' · ') || 'all calls';
}
