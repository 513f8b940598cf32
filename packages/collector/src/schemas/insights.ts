/** Response shapes of the insight findings (/insights/findings, POST /insights/evaluate, dismiss). */
import { Type, type Static } from '@sinclair/typebox';
import { FINDING_KINDS, FINDING_STATUSES, SEVERITIES } from '../storage/insights/types.js';
import { Closed, Count, IsoTime, NullableIso, NullableString, Usd } from './common.js';

/** A string enum (one schema, one generated union type). */
const literals = <T extends readonly string[]>(xs: T) => Type.Unsafe<T[number]>(Type.String({ enum: [...xs] }));

export const FindingKindSchema = literals(FINDING_KINDS);
export const FindingStatusSchema = literals(FINDING_STATUSES);

export const FindingSchema = Closed({
  id: Type.String(),
  kind: FindingKindSchema,
  status: FindingStatusSchema,
  severity: literals(SEVERITIES),
  title: Type.String(),
  customer_id: NullableString('The end-customer it is about, or null'),
  section_path: NullableString('The section (feature) it is about, or null'),
  provider: NullableString(),
  model: NullableString(),
  at_stake_usd_per_month: Usd('Estimated dollars at stake per month (docs/insights.md says what they mean per kind); presentation of at_stake_nanos_per_month'),
  at_stake_nanos_per_month: Count('The same, exact: integer nano-dollars'),
  evidence: Type.Record(Type.String(), Type.Unknown(), { description: 'The numbers behind the finding and their time window (per kind).' }),
  window_from: IsoTime('Start of the evidence window'),
  window_to: IsoTime('End of the evidence window'),
  first_seen_at: IsoTime(),
  last_seen_at: IsoTime('Last evaluation that found it (findings are updated while they last)'),
  dismissed_at: NullableIso(),
}, { $id: 'Finding', description: 'What an insight detector found, with the dollars at stake.' });
export type FindingOut = Static<typeof FindingSchema>;

export const FindingListSchema = Closed({
  tenant_id: Type.String(),
  findings: Type.Array(Type.Ref(FindingSchema)),
  next_cursor: NullableString('Pass as cursor for the next page, or null'),
}, { $id: 'FindingList', description: 'Findings, newest (last seen) first.' });

export const EvaluationSchema = Closed({
  tenant_id: Type.String(),
  evaluated_at: IsoTime(),
  duration_ms: Type.Number(),
  found: Count('Findings detected by this evaluation'),
  new: Count('Of them, newly opened'),
  resolved: Count('Live findings not seen for two days, now resolved'),
  findings: Type.Array(Type.Ref(FindingSchema)),
}, { $id: 'Evaluation', description: 'The result of one evaluation, answered once it is stored.' });

export const DismissedSchema = Closed({ tenant_id: Type.String(), finding: Type.Ref(FindingSchema) }, { $id: 'DismissedFinding' });

export const INSIGHT_COMPONENTS = [FindingSchema, FindingListSchema, EvaluationSchema, DismissedSchema];
