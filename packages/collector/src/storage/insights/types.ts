/** The records of the insight findings and the interface of a tenant's insight store (no imports: storage/types.ts uses it). */
export const FINDING_KINDS = ['cost_spike', 'cost_regression', 'retry_loop', 'model_downgrade', 'cache_miss', 'prompt_bloat'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];
export const SEVERITIES = ['low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const FINDING_STATUSES = ['open', 'dismissed', 'resolved'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** The scope of a finding: what it is about (null = any). */
export interface FindingScope {
  customer_id: string | null;
  section_path: string | null;
  provider: string | null;
  model: string | null;
}

/** What a detector reports. Times epoch ms; money integer nano-dollars. */
export interface FindingInput {
  kind: FindingKind;
  scope: FindingScope;
  severity: Severity;
  title: string;
  evidence: Record<string, unknown>;
  window_from: number;
  window_to: number;
  /** estimated dollars at stake per month, nano-dollars */
  at_stake_nanos: number;
}

export interface StoredFinding extends FindingInput {
  id: string;
  status: FindingStatus;
  first_seen_at: number;
  last_seen_at: number;
  dismissed_at: number | null;
}

export interface FindingFilter {
  from?: number;
  to?: number;
  kind?: FindingKind;
  customer_id?: string;
  section?: string;
  status?: FindingStatus;
}

export interface FindingCursor {
  last_seen_at: number;
  id: string;
}

/** A row of rollup_hourly as the spike detector reads it (cost as stored). */
export interface HourlyCostRow {
  hour: number;
  customer_id: string;
  provider: string;
  model: string;
  section_path: string;
  calls: number;
  /** integer nano-dollars, as stored */
  cost_nanos: number;
}

/** The key of a scope in the unique index: its four parts (null as ''), separated. */
export const scopeKey = (s: FindingScope) => [s.customer_id, s.section_path, s.provider, s.model].map((v) => v ?? '').join('\u001f');

/** The insight store of one tenant (storage/insights/store.ts implements it for both databases). */
export interface InsightStore {
  readonly tenantId: string;
  /** Hourly rollup rows in [fromHour, toHour) (epoch seconds) costing at least minCostUsd, most expensive first. */
  hourlyCostRows(fromHour: number, toHour: number, minCostUsd: number, limit: number): Promise<HourlyCostRow[]>;
  /** Hourly rollup rows at these hours for these customers. */
  hourlyRowsAt(hours: number[], customers: string[]): Promise<HourlyCostRow[]>;
  dailyRows(fromDay: number): Promise<Record<string, unknown>[]>;
  minuteRows(fromMinute: number): Promise<Record<string, unknown>[]>;
  lastEvaluatedHour(): Promise<number | null>;
  saveEvaluation(e: EvaluationWrite): Promise<{ stored: StoredFinding[]; newIds: Set<string>; resolved: number }>;
  listFindings(f: FindingFilter, limit: number, after?: FindingCursor): Promise<StoredFinding[]>;
  dismiss(id: string, at: number): Promise<StoredFinding | null>;
}

export interface EvaluationWrite {
  findings: (FindingInput & { id: string })[];
  at: number;
  staleBefore: number;
  lastHour: number;
  pruneMinuteBefore: number;
  pruneDayBefore: number;
}
