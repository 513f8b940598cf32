/** The global filters (date range, customer, provider, model, section), written to the URL on every change. */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { useFilters } from '../app-context';
import { apiQuery, describePeriod, hasDimensionFilter, isoDate, PRESETS, type Preset } from '../lib/filters';
import { useAsync } from '../lib/use-async';

const DAY = 86_400_000;
/** Rows per breakdown for the choices; the overview asks the same, so both share one request. */
export const OPTIONS_LIMIT = 200;

export function FilterBar({ show = ['customer', 'provider', 'model', 'section'] }: { show?: ('customer' | 'provider' | 'model' | 'section')[] }) {
  const { filters, period, update, now } = useFilters();
  const id = useId();
  // Choices come from the selected period and tenant, without the other filters.
  const options = useAsync(
    (signal) => api.insights(apiQuery({ range: filters.range, tenant: filters.tenant }, period, { limit: OPTIONS_LIMIT }), signal),
    JSON.stringify([filters.tenant, period]),
  );
  const [customer, setCustomer] = useState(filters.customer ?? '');
  const [section, setSection] = useState(filters.section ?? '');
  useEffect(() => setCustomer(filters.customer ?? ''), [filters.customer]);
  useEffect(() => setSection(filters.section ?? ''), [filters.section]);

  const providers = [...new Set((options.data?.by_provider ?? []).map((r) => r.provider).filter((p): p is string => !!p))];
  if (filters.provider && !providers.includes(filters.provider)) providers.unshift(filters.provider);
  const models = [...new Set((options.data?.by_model ?? []).filter((r) => !filters.provider || r.provider === filters.provider).map((r) => r.model).filter((m): m is string => !!m))];
  if (filters.model && !models.includes(filters.model)) models.unshift(filters.model);
  const customers = (options.data?.by_customer ?? []).map((r) => r.customer_id).filter((c): c is string => !!c);
  const sections = [...new Set((options.data?.by_section ?? []).flatMap((r) => {
    if (!r.section_path) return [];
    const parts = r.section_path.split('/');
    return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  }))];

  const submitText = (e: FormEvent) => {
    e.preventDefault();
    update({ customer: customer.trim() || undefined, section: section.trim() || undefined });
  };
  const setRange = (range: Preset) => {
    if (range === 'custom') {
      const from = period.from ?? now - 29 * DAY;
      const to = (period.to ?? now) - 1;
      update({ range, from: isoDate(from), to: isoDate(Math.max(from, to)) });
    } else update({ range, from: undefined, to: undefined });
  };

  return (
    <form className="filterbar" onSubmit={submitText} aria-label="Filters">
      <div className="field">
        <label htmlFor={`${id}-range`}>Period (UTC)</label>
        <select id={`${id}-range`} value={filters.range} onChange={(e) => setRange(e.target.value as Preset)}>
          {PRESETS.map((p) => (
            <option key={p.id} value={p.id}>{p.label}</option>
          ))}
        </select>
      </div>
      {filters.range === 'custom' && (
        <>
          <div className="field">
            <label htmlFor={`${id}-from`}>From</label>
            <input id={`${id}-from`} type="date" value={filters.from ?? ''} max={filters.to} onChange={(e) => e.target.value && update({ from: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-to`}>To (inclusive)</label>
            <input id={`${id}-to`} type="date" value={filters.to ?? ''} min={filters.from} onChange={(e) => e.target.value && update({ to: e.target.value })} />
          </div>
        </>
      )}
      {show.includes('customer') && (
        <div className="field">
          <label htmlFor={`${id}-customer`}>Customer</label>
          <input
            id={`${id}-customer`}
            type="search"
            list={`${id}-customers`}
            value={customer}
            placeholder="All customers"
            autoComplete="off"
            onChange={(e) => {
              setCustomer(e.target.value);
              // Picking a suggestion applies at once; typing applies on Enter or when leaving the field.
              if (customers.includes(e.target.value) || e.target.value === '') update({ customer: e.target.value || undefined });
            }}
            onBlur={() => customer.trim() !== (filters.customer ?? '') && update({ customer: customer.trim() || undefined })}
          />
          <datalist id={`${id}-customers`}>
            {customers.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
        </div>
      )}
      {show.includes('provider') && (
        <div className="field">
          <label htmlFor={`${id}-provider`}>Provider</label>
          <select id={`${id}-provider`} value={filters.provider ?? ''} onChange={(e) => update({ provider: e.target.value || undefined, model: undefined })}>
            <option value="">All providers</option>
            {providers.map((p) => (
              <option key={p} value={p}>{p}</option>
            ))}
          </select>
        </div>
      )}
      {show.includes('model') && (
        <div className="field">
          <label htmlFor={`${id}-model`}>Model</label>
          <select id={`${id}-model`} value={filters.model ?? ''} onChange={(e) => update({ model: e.target.value || undefined })}>
            <option value="">All models</option>
            {models.map((m) => (
              <option key={m} value={m}>{m}</option>
            ))}
          </select>
        </div>
      )}
      {show.includes('section') && (
        <div className="field">
          <label htmlFor={`${id}-section`}>Section</label>
          <input
            id={`${id}-section`}
            type="search"
            list={`${id}-sections`}
            value={section}
            placeholder="All sections"
            autoComplete="off"
            onChange={(e) => {
              setSection(e.target.value);
              if (sections.includes(e.target.value) || e.target.value === '') update({ section: e.target.value || undefined });
            }}
            onBlur={() => section.trim() !== (filters.section ?? '') && update({ section: section.trim() || undefined })}
          />
          <datalist id={`${id}-sections`}>
            {sections.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </div>
      )}
      <div className="field field-actions">
        <button type="submit" className="btn btn-small">Apply</button>
        {hasDimensionFilter(filters) && (
          <button type="button" className="btn btn-small btn-ghost" onClick={() => update({ customer: undefined, provider: undefined, model: undefined, section: undefined })}>
            Clear filters
          </button>
        )}
      </div>
      <p className="filter-summary muted" aria-live="polite">
        {describePeriod(filters, period)}
        {filters.customer && <> · customer <strong>{filters.customer}</strong></>}
        {filters.provider && <> · provider <strong>{filters.provider}</strong></>}
        {filters.model && <> · model <strong>{filters.model}</strong></>}
        {filters.section && <> · section <strong>{filters.section}</strong></>}
      </p>
    </form>
  );
}
