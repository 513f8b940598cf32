/** Hand-written SVG charts: small, CSP-clean (no inline scripts, no external assets), keyboard readable. */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { formatDay, formatHour, formatUsd, formatUsdShort } from '../lib/format';

export const PALETTE = ['#4f46e5', '#0891b2', '#d97706', '#db2777', '#16a34a', '#7c3aed', '#dc2626', '#64748b'];

export interface Series {
  key: string;
  label: string;
  /** One value per bucket, aligned with `buckets`. */
  values: number[];
}

/** Bucket starts (epoch ms) from `from` to `to` (exclusive), step hour or day; at most `max`. */
export function bucketStarts(from: number, to: number, bucket: 'hour' | 'day', max = 3000): number[] {
  const step = bucket === 'hour' ? 3_600_000 : 86_400_000;
  const first = Math.floor(from / step) * step;
  const out: number[] = [];
  for (let t = first; t < to && out.length < max; t += step) out.push(t);
  return out;
}

function useWidth(fallback: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w && w > 0) setWidth(Math.round(w));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return { ref, width };
}

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const exp = 10 ** Math.floor(Math.log10(v));
  const f = v / exp;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  return nice * exp;
}

export function StackedBarChart({ buckets, series, bucket, label, height = 240 }: {
  buckets: number[];
  series: Series[];
  bucket: 'hour' | 'day';
  label: string;
  height?: number;
}) {
  const { ref, width } = useWidth(800);
  const [active, setActive] = useState<number | null>(null);
  const totals = buckets.map((_, i) => series.reduce((s, x) => s + (x.values[i] ?? 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const padL = 56;
  const padR = 8;
  const padT = 8;
  const padB = 24;
  const plotW = Math.max(10, width - padL - padR);
  const plotH = height - padT - padB;
  const slot = plotW / Math.max(1, buckets.length);
  const barW = Math.max(1, slot * (buckets.length > 60 ? 0.9 : 0.7));
  const y = (v: number) => padT + plotH - (v / max) * plotH;
  const fmtX = (t: number) => (bucket === 'hour' ? `${formatDay(t)} ${formatHour(t)}` : formatDay(t));
  const labelEvery = Math.max(1, Math.ceil(buckets.length / Math.max(2, Math.floor(plotW / 70))));
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const sum = totals.reduce((a, b) => a + b, 0);

  const onKey = (e: KeyboardEvent) => {
    if (buckets.length === 0) return;
    const cur = active ?? buckets.length - 1;
    if (e.key === 'ArrowLeft') setActive(Math.max(0, cur - 1));
    else if (e.key === 'ArrowRight') setActive(Math.min(buckets.length - 1, cur + 1));
    else if (e.key === 'Home') setActive(0);
    else if (e.key === 'End') setActive(buckets.length - 1);
    else return;
    e.preventDefault();
  };

  const shown = active ?? null;
  const readout =
    shown !== null && buckets[shown] !== undefined
      ? `${fmtX(buckets[shown]!)}: ${formatUsd(totals[shown] ?? 0)}` +
        (series.length > 1 ? ` (${series.filter((s) => (s.values[shown] ?? 0) > 0).map((s) => `${s.label} ${formatUsd(s.values[shown] ?? 0)}`).join(', ')})` : '')
      : `Total ${formatUsd(sum)} over ${buckets.length} ${bucket === 'hour' ? 'hours' : 'days'}. Hover, or focus and use the arrow keys, for one ${bucket}.`;

  return (
    <div className="chart" ref={ref}>
      <p className="chart-readout muted" aria-live="polite">{readout}</p>
      <svg
        width={width}
        height={height}
        role="img"
        aria-label={`${label}: total ${formatUsd(sum)}`}
        tabIndex={0}
        onKeyDown={onKey}
        onMouseLeave={() => setActive(null)}
        onBlur={() => setActive(null)}
        className="chart-svg"
      >
        {ticks.map((t) => (
          <g key={t}>
            <line x1={padL} x2={width - padR} y1={y(t)} y2={y(t)} className="grid" />
            <text x={padL - 6} y={y(t) + 4} textAnchor="end" className="axis">
              {formatUsdShort(t)}
            </text>
          </g>
        ))}
        {buckets.map((t, i) => {
          let acc = 0;
          const x = padL + i * slot + (slot - barW) / 2;
          return (
            <g key={t} onMouseEnter={() => setActive(i)} className={active === i ? 'bucket active' : 'bucket'}>
              <rect x={padL + i * slot} y={padT} width={slot} height={plotH} className="hit" />
              {series.map((s, si) => {
                const v = s.values[i] ?? 0;
                if (v <= 0) return null;
                const y0 = y(acc);
                acc += v;
                const y1 = y(acc);
                return <rect key={s.key} x={x} y={y1} width={barW} height={Math.max(0.5, y0 - y1)} fill={PALETTE[si % PALETTE.length]} />;
              })}
              {i % labelEvery === 0 && (
                <text x={padL + i * slot + slot / 2} y={height - 6} textAnchor="middle" className="axis">
                  {bucket === 'hour' && buckets.length <= 48 ? formatHour(t) : formatDay(t)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      {series.length > 1 && (
        <ul className="legend" aria-label="Legend">
          {series.map((s, si) => (
            <li key={s.key}>
              <span className="swatch" style={{ background: PALETTE[si % PALETTE.length] }} aria-hidden="true" />
              {s.label}
            </li>
          ))}
        </ul>
      )}
      <table className="sr-only">
        <caption>{label}</caption>
        <thead>
          <tr>
            <th scope="col">{bucket === 'hour' ? 'Hour (UTC)' : 'Day (UTC)'}</th>
            {series.map((s) => (
              <th key={s.key} scope="col">{s.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {buckets.map((t, i) =>
            totals[i] ? (
              <tr key={t}>
                <th scope="row">{fmtX(t)}</th>
                {series.map((s) => (
                  <td key={s.key}>{formatUsd(s.values[i] ?? 0)}</td>
                ))}
              </tr>
            ) : null,
          )}
        </tbody>
      </table>
    </div>
  );
}

/** A tiny trend line (cost per bucket). */
export function Sparkline({ values, label, width = 88, height = 24 }: { values: number[]; label: string; width?: number; height?: number }) {
  if (values.length === 0) return null;
  const max = Math.max(...values, 0);
  const step = values.length > 1 ? (width - 2) / (values.length - 1) : 0;
  const pts = values.map((v, i) => `${(1 + i * step).toFixed(1)},${(height - 2 - (max > 0 ? (v / max) * (height - 4) : 0)).toFixed(1)}`).join(' ');
  return (
    <svg width={width} height={height} role="img" aria-label={label} className="sparkline">
      <polyline points={pts} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
    </svg>
  );
}
