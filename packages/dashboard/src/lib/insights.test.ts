import { describe, expect, it } from 'vitest';
import type { Finding } from '../api/types';
import { byAtStake, evidenceLink, scopeText } from './insights';

const finding = (over: Partial<Finding>): Finding => ({
  id: 'ins_1', kind: 'retry_loop', status: 'open', severity: 'low', title: 't', customer_id: null, section_path: null, provider: null, model: null,
  at_stake_usd_per_month: 1, at_stake_nanos_per_month: 1e9, evidence: {}, window_from: '2026-11-20T10:00:00.000Z', window_to: '2026-11-21T00:00:00.000Z',
  first_seen_at: '2026-11-21T00:00:00.000Z', last_seen_at: '2026-11-21T00:00:00.000Z', dismissed_at: null, ...over,
});

describe('evidenceLink', () => {
  it('a retry loop opens the runs of its customer over the window (whole UTC days, to inclusive), keeping the tenant', () => {
    const link = evidenceLink(finding({ customer_id: 'a b', provider: 'openai', model: 'gpt-4o' }), new URLSearchParams('tenant=t1&customer=other&range=7d'));
    expect(link).toBe('/runs?tenant=t1&range=custom&from=2026-11-20&to=2026-11-20&model=gpt-4o&provider=openai&customer=a+b');
  });

  it('a spike opens the customer; a regression the feature; a cheaper model the models page', () => {
    expect(evidenceLink(finding({ kind: 'cost_spike', customer_id: 'acme', section_path: 'agent:x' }), new URLSearchParams())).toMatch(/^\/customers\/acme\?.*section=agent%3Ax/);
    expect(evidenceLink(finding({ kind: 'cost_regression', section_path: 'feat' }), new URLSearchParams())).toMatch(/^\/features\?.*section=feat/);
    expect(evidenceLink(finding({ kind: 'model_downgrade', model: 'gpt-4o', provider: 'openai' }), new URLSearchParams())).toMatch(/^\/models\?.*model=gpt-4o/);
  });
});

describe('ordering and wording', () => {
  it('most dollars at stake first', () => {
    const rows = [finding({ id: 'a', at_stake_nanos_per_month: 5 }), finding({ id: 'b', at_stake_nanos_per_month: 50 })].sort(byAtStake);
    expect(rows.map((r) => r.id)).toEqual(['b', 'a']);
    expect(scopeText(finding({ customer_id: 'c', model: 'm', provider: 'p' }))).toBe('customer c · p/m');
  });
});
