import { useId, useState, type FormEvent } from 'react';
import { api, ApiError, type Query } from '../api/client';
import type { CustomPrice, PriceInput } from '../api/types';

/** A 404 from the price routes means the collector predates custom prices (issue 6). */
export const isMissingRoute = (err: unknown) => err instanceof ApiError && err.status === 404 && (err.code === 'not_found' ? /no route/i.test(err.message) : true);
export const NEWER_COLLECTOR = 'Custom prices need a newer collector: this one has no /prices route yet.';

const num = (s: string) => (s.trim() === '' ? undefined : Number(s));

export function PriceForm({ query, initial, onSaved }: { query: Query; initial?: { provider?: string | null; model?: string | null }; onSaved?: (p: CustomPrice | undefined) => void }) {
  const id = useId();
  const [v, setV] = useState({ provider: initial?.provider ?? '', model: initial?.model ?? '', input: '', output: '', cacheRead: '', cacheWrite: '', from: '' });
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setSaved(null);
    const input = num(v.input);
    const output = num(v.output);
    const bad = [input, output, num(v.cacheRead), num(v.cacheWrite)].some((x) => x !== undefined && (!Number.isFinite(x) || x < 0));
    if (!v.provider.trim() || !v.model.trim() || input === undefined || output === undefined || bad) {
      setError('Provider, model, and input and output prices (USD per million tokens, ≥ 0) are required.');
      return;
    }
    const body: PriceInput = { provider: v.provider.trim(), model: v.model.trim(), input_per_mtok: input, output_per_mtok: output };
    const cr = num(v.cacheRead);
    const cw = num(v.cacheWrite);
    if (cr !== undefined) body.cache_read_per_mtok = cr;
    if (cw !== undefined) body.cache_write_per_mtok = cw;
    if (v.from) body.effective_from = new Date(`${v.from}T00:00:00Z`).toISOString();
    setBusy(true);
    try {
      const res = await api.putPrice(query, body);
      setSaved(`Saved: ${body.provider} / ${body.model}. New events are priced with it.`);
      onSaved?.(res?.price);
    } catch (err) {
      setError(isMissingRoute(err) ? NEWER_COLLECTOR : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="price-form" onSubmit={(e) => void submit(e)} aria-label="Custom price">
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-p`}>Provider</label>
          <input id={`${id}-p`} value={v.provider} onChange={set('provider')} required placeholder="openai" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-m`}>Model</label>
          <input id={`${id}-m`} value={v.model} onChange={set('model')} required placeholder="my-fine-tune" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-i`}>Input $/M tokens</label>
          <input id={`${id}-i`} inputMode="decimal" value={v.input} onChange={set('input')} required placeholder="0.15" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-o`}>Output $/M tokens</label>
          <input id={`${id}-o`} inputMode="decimal" value={v.output} onChange={set('output')} required placeholder="0.60" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-cr`}>Cached input $/M (optional)</label>
          <input id={`${id}-cr`} inputMode="decimal" value={v.cacheRead} onChange={set('cacheRead')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-cw`}>Cache write $/M (optional)</label>
          <input id={`${id}-cw`} inputMode="decimal" value={v.cacheWrite} onChange={set('cacheWrite')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-f`}>Effective from (optional)</label>
          <input id={`${id}-f`} type="date" value={v.from} onChange={set('from')} />
        </div>
      </div>
      {error && <p className="form-error" role="alert">{error}</p>}
      {saved && <p className="form-ok" role="status">{saved}</p>}
      <button type="submit" className="btn btn-primary" disabled={busy}>{busy ? 'Saving…' : 'Save price'}</button>
    </form>
  );
}
