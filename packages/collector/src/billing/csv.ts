/**
 * Statements as CSV (RFC 4180: CRLF line ends, fields with a comma, quote or line break quoted, quotes doubled).
 * Money as exact decimal strings (costs to the nano-dollar, billed amounts to the cent), never float printing, so a
 * closed statement's CSV regenerates byte for byte from its frozen content.
 */
import { formatUsd } from '@llmobserve/shared';
import type { Statement, StatementLine } from './statement.js';

export const CSV_HEADER = [
  'customer_id', 'period', 'status', 'line', 'provider', 'model', 'feature', 'kind', 'unit', 'quantity', 'cost_usd',
  'rule_id', 'rule_scope', 'rule_type', 'rule_value', 'markup_usd', 'amount_usd', 'adjustment_period', 'adjustment_date',
];

export function csvField(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvRow = (fields: (string | number | null)[]) => `${fields.map(csvField).join(',')}\r\n`;

/** A quantity as a plain decimal (no exponent notation). */
function quantity(q: number): string {
  if (Number.isInteger(q)) return BigInt(q).toString();
  return q.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
}

function lineRow(s: Statement, status: string, i: number, l: StatementLine): string {
  return csvRow([
    s.customer_id, s.period ?? '', status, i + 1, l.provider, l.model, l.feature, l.kind, l.unit, quantity(l.quantity),
    formatUsd(l.cost_nanos), l.rule?.id ?? null, l.rule?.scope ?? null, l.rule?.type ?? null, l.rule?.value ?? null,
    formatUsd(l.markup_nanos), formatUsd(l.amount_nanos, 2), l.adjustment?.period ?? null, l.adjustment?.date ?? null,
  ]);
}

/** One statement's rows (and its total row), without the header. */
export function statementRows(s: Statement, status: 'open' | 'closed'): string {
  let out = '';
  s.lines.forEach((l, i) => (out += lineRow(s, status, i, l)));
  out += csvRow([s.customer_id, s.period ?? '', status, 'total', null, null, null, null, null, null, formatUsd(s.cost_nanos),
    null, null, null, null, formatUsd(s.amount_nanos - s.cost_nanos), formatUsd(s.amount_nanos, 2), null, null]);
  return out;
}

export const statementCsv = (s: Statement, status: 'open' | 'closed') => csvRow(CSV_HEADER) + statementRows(s, status);
