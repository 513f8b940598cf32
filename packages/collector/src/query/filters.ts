/** Query-string filters shared by every read route: one TypeBox schema (validation + API docs) and its parsing. */
import { Type, type Static } from '@sinclair/typebox';
import { ApiError } from '../domain/errors.js';
import type { QueryFilters } from '../storage/types.js';

const Label = (description: string) => Type.String({ minLength: 1, maxLength: 256, description });

export const FilterQuerySchema = Type.Object({
  tenant_id: Type.Optional(Type.String({ maxLength: 64, description: 'Open mode: the tenant to read (default default_tenant).' })),
  customer_id: Type.Optional(Label('Only this end-customer.')),
  provider: Type.Optional(Label('Only this provider, e.g. openai.')),
  model: Type.Optional(Label('Only this model, as stored.')),
  section: Type.Optional(Type.String({ minLength: 1, maxLength: 1024, description: 'Only events whose section path contains this label (or label path) as whole segments.' })),
  from: Type.Optional(Type.String({ maxLength: 40, description: 'Inclusive start: ISO 8601 date or date-time, or epoch milliseconds.' })),
  to: Type.Optional(Type.String({ maxLength: 40, description: 'Exclusive end: ISO 8601 date or date-time, or epoch milliseconds.' })),
});
export type FilterQuery = Static<typeof FilterQuerySchema>;

const ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

export function parseTime(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  let ms: number;
  if (/^\d{1,15}$/.test(value)) ms = Number(value);
  else if (ISO.test(value)) ms = Date.parse(/[T ]\d{2}:\d{2}/.test(value) && !/(Z|[+-]\d{2}:?\d{2})$/i.test(value) ? `${value}Z` : value);
  else ms = Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new ApiError(400, 'invalid_request', `${name}: must be an ISO 8601 date or date-time, or epoch milliseconds`);
  }
  return ms;
}

export function parseFilters(q: FilterQuery): QueryFilters {
  const from = parseTime('from', q.from);
  const to = parseTime('to', q.to);
  if (from !== undefined && to !== undefined && from >= to) {
    throw new ApiError(400, 'invalid_request', 'from: must be earlier than to');
  }
  const f: QueryFilters = {};
  if (q.customer_id !== undefined) f.customer_id = q.customer_id;
  if (q.provider !== undefined) f.provider = q.provider;
  if (q.model !== undefined) f.model = q.model;
  if (q.section !== undefined) f.section = q.section;
  if (from !== undefined) f.from = from;
  if (to !== undefined) f.to = to;
  return f;
}
