/**
 * The insight store of one tenant: the reads the detectors need (the hourly rollup at chosen hours, the insight
 * signals), the findings (upsert with one live finding per kind and scope, list, dismiss, resolve), the evaluation
 * state and the pruning of the signals. Written once for both adapters through the Dialect seam; each adapter only
 * supplies a runner (its driver, its transaction with the tenant set) and its dialect. Parameterised always; every
 * statement is scoped by tenant_id (and by row-level security on PostgreSQL).
 */
import { usdToNanos } from '@llmobserve/shared';
import type { Dialect } from '../segment-sql.js';
import type { Row } from '../rows.js';
import { scopeKey, type EvaluationWrite, type FindingCursor, type FindingFilter, type FindingKind, type FindingStatus, type HourlyCostRow, type InsightStore, type Severity, type StoredFinding } from './types.js';

export * from './types.js';

export interface InsightRunner {
  /** Runs the statements in order, in one transaction; the rows each returned. */
  batch(statements: { sql: string; params: unknown[] }[], readOnly: boolean): Promise<Row[][]>;
}

/** A fresh dialect for one statement and the values its placeholders collected. */
export type DialectFactory = () => { dialect: Dialect; values: () => unknown[] };

const FINDING_COLUMNS = 'id, kind, customer_id, section_path, provider, model, severity, status, title, evidence, window_from, window_to, at_stake_nanos, first_seen_at, last_seen_at, dismissed_at';

export function rowToFinding(r: Row): StoredFinding {
  return {
    id: r.id as string, kind: r.kind as FindingKind, status: r.status as FindingStatus, severity: r.severity as Severity,
    scope: { customer_id: r.customer_id as string | null, section_path: r.section_path as string | null, provider: r.provider as string | null, model: r.model as string | null },
    title: r.title as string, evidence: JSON.parse(r.evidence as string) as Record<string, unknown>,
    window_from: Number(r.window_from), window_to: Number(r.window_to), at_stake_nanos: Number(r.at_stake_nanos),
    first_seen_at: Number(r.first_seen_at), last_seen_at: Number(r.last_seen_at), dismissed_at: r.dismissed_at === null ? null : Number(r.dismissed_at),
  };
}

/** The oldest minutes one evaluation prunes (6 hours). */
const PRUNE_SLICE_S = 6 * 3600;

/** Most values a single IN list may carry (both drivers allow far more placeholders). */
const MAX_IN = 5000;

export class SqlInsightStore implements InsightStore {
  constructor(private readonly runner: InsightRunner, private readonly dialect: DialectFactory, readonly tenantId: string) {}

  /** One statement built against a fresh dialect. */
  private stmt(build: (d: Dialect) => string): { sql: string; params: unknown[] } {
    const { dialect, values } = this.dialect();
    const sql = build(dialect);
    return { sql, params: values() };
  }

  private async read(build: (d: Dialect) => string): Promise<Row[]> {
    return (await this.runner.batch([this.stmt(build)], true))[0]!;
  }

  /** Hourly rollup rows in [fromHour, toHour) (epoch seconds) costing at least minCostUsd, most expensive first. */
  async hourlyCostRows(fromHour: number, toHour: number, minCostUsd: number, limit: number): Promise<HourlyCostRow[]> {
    const rows = await this.read((d) =>
      `SELECT hour, customer_id, provider, model, section_path, calls, cost_nanos FROM rollup_hourly
       WHERE tenant_id = ${d.param(this.tenantId)} AND hour >= ${d.int(d.param(fromHour))} AND hour < ${d.int(d.param(toHour))}
         AND cost_nanos >= ${d.int(d.param(usdToNanos(minCostUsd)))}
       ORDER BY cost_nanos DESC, hour, customer_id, provider, model, section_path LIMIT ${d.int(d.param(limit))}`);
    return rows.map(toHourly);
  }

  /** Hourly rollup rows at these hours for these customers (the baselines of spike candidates). */
  async hourlyRowsAt(hours: number[], customers: string[]): Promise<HourlyCostRow[]> {
    const out: HourlyCostRow[] = [];
    for (let i = 0; i < customers.length; i += MAX_IN) {
      const part = customers.slice(i, i + MAX_IN);
      if (hours.length === 0 || part.length === 0) continue;
      const rows = await this.read((d) =>
        `SELECT hour, customer_id, provider, model, section_path, calls, cost_nanos FROM rollup_hourly
         WHERE tenant_id = ${d.param(this.tenantId)} AND hour IN (${hours.map((h) => d.int(d.param(h))).join(', ')})
           AND customer_id IN (${part.map((c) => d.param(c)).join(', ')})`);
      out.push(...rows.map(toHourly));
    }
    return out;
  }

  /** insight_daily rows from this day (epoch seconds) on. */
  dailyRows(fromDay: number): Promise<Row[]> {
    return this.read((d) => `SELECT * FROM insight_daily WHERE tenant_id = ${d.param(this.tenantId)} AND day >= ${d.int(d.param(fromDay))}`);
  }

  /**
   * insight_minute rows from this minute on that can show a repeat: several calls or errors, an operation's retries,
   * or a single call next to a minute of identical calls of the same key (a loop that straddles a minute boundary).
   */
  minuteRows(fromMinute: number): Promise<Row[]> {
    return this.read((d) =>
      `SELECT m.* FROM insight_minute m WHERE m.tenant_id = ${d.param(this.tenantId)} AND m.minute >= ${d.int(d.param(fromMinute))}
         AND (m.calls >= 2 OR m.error_calls >= 2 OR m.operation_id <> '' OR EXISTS (
           SELECT 1 FROM insight_minute n WHERE n.tenant_id = m.tenant_id AND n.minute IN (m.minute - 60, m.minute + 60)
             AND n.customer_id = m.customer_id AND n.provider = m.provider AND n.model = m.model AND n.section_path = m.section_path
             AND n.operation_id = '' AND n.calls >= 2 AND n.min_input = m.min_input AND n.max_input = m.min_input))`);
  }

  /** The last hour (epoch seconds) the spike detector evaluated, or null before the first evaluation. */
  async lastEvaluatedHour(): Promise<number | null> {
    const r = await this.read((d) => `SELECT last_hour FROM insight_state WHERE tenant_id = ${d.param(this.tenantId)}`);
    return r[0] ? Number(r[0].last_hour) : null;
  }

  /**
   * Stores an evaluation in one transaction: each finding created, or folded into the live (open or dismissed) one of
   * its kind and scope; live findings not seen since `staleBefore` resolved; the state advanced; old signals pruned.
   * Returns the findings as stored and which of them are new.
   */
  async saveEvaluation(e: EvaluationWrite): Promise<{ stored: StoredFinding[]; newIds: Set<string>; resolved: number }> {
    const t = this.tenantId;
    const upserts = e.findings.map((f) => this.stmt((d) => {
      const v = [t, f.id, f.kind, scopeKey(f.scope), f.scope.customer_id, f.scope.section_path, f.scope.provider, f.scope.model, f.severity, 'open',
        f.title, JSON.stringify(f.evidence)].map((x) => d.param(x));
      const ints = [f.window_from, f.window_to, f.at_stake_nanos, e.at, e.at].map((x) => d.int(d.param(x)));
      return `INSERT INTO insight_findings (tenant_id, id, kind, scope_key, customer_id, section_path, provider, model, severity, status, title,
          evidence, window_from, window_to, at_stake_nanos, first_seen_at, last_seen_at, dismissed_at)
        VALUES (${[...v, ...ints].join(', ')}, NULL)
        ON CONFLICT (tenant_id, kind, scope_key) WHERE status <> 'resolved' DO UPDATE SET
          severity = excluded.severity, title = excluded.title, evidence = excluded.evidence,
          window_from = CASE WHEN excluded.window_from < insight_findings.window_from THEN excluded.window_from ELSE insight_findings.window_from END,
          window_to = excluded.window_to, at_stake_nanos = excluded.at_stake_nanos, last_seen_at = excluded.last_seen_at
        RETURNING ${FINDING_COLUMNS}`;
    }));
    const tail = [
      this.stmt((d) => `UPDATE insight_findings SET status = 'resolved' WHERE tenant_id = ${d.param(t)} AND status <> 'resolved'
        AND last_seen_at < ${d.int(d.param(e.staleBefore))} RETURNING id`),
      this.stmt((d) => `INSERT INTO insight_state (tenant_id, last_hour, evaluated_at) VALUES (${d.param(t)}, ${d.int(d.param(e.lastHour))}, ${d.int(d.param(e.at))})
        ON CONFLICT (tenant_id) DO UPDATE SET last_hour = excluded.last_hour, evaluated_at = excluded.evaluated_at`),
      // at most PRUNE_SLICE_S of the oldest minutes per evaluation: a backlog is pruned over several evaluations, never in one long delete
      this.stmt((d) => {
        const oldest = `(SELECT min(minute) FROM insight_minute WHERE tenant_id = ${d.param(t)}) + ${PRUNE_SLICE_S}`;
        const cutoff = d.int(d.param(e.pruneMinuteBefore));
        return `DELETE FROM insight_minute WHERE tenant_id = ${d.param(t)} AND minute < ${cutoff} AND minute < ${oldest}`;
      }),
      this.stmt((d) => `DELETE FROM insight_daily WHERE tenant_id = ${d.param(t)} AND day < ${d.int(d.param(e.pruneDayBefore))}`),
    ];
    const results = await this.runner.batch([...upserts, ...tail], false);
    const stored = results.slice(0, upserts.length).map((rows) => rowToFinding(rows[0]!));
    return { stored, newIds: new Set(stored.filter((f) => f.first_seen_at === e.at).map((f) => f.id)), resolved: results[upserts.length]!.length };
  }

  /** Findings newest first (by last seen), after the cursor. */
  async listFindings(f: FindingFilter, limit: number, after?: FindingCursor): Promise<StoredFinding[]> {
    const rows = await this.read((d) => {
      const where = [`tenant_id = ${d.param(this.tenantId)}`];
      if (f.status !== undefined) where.push(`status = ${d.param(f.status)}`);
      if (f.kind !== undefined) where.push(`kind = ${d.param(f.kind)}`);
      if (f.customer_id !== undefined) where.push(`customer_id = ${d.param(f.customer_id)}`);
      if (f.section !== undefined) where.push(d.sectionMatch('section_path', d.param(f.section)));
      if (f.from !== undefined) where.push(`window_to > ${d.int(d.param(Math.ceil(f.from)))}`);
      if (f.to !== undefined) where.push(`window_from < ${d.int(d.param(Math.ceil(f.to)))}`);
      if (after) {
        const at = Math.round(after.last_seen_at);
        where.push(`(last_seen_at < ${d.int(d.param(at))} OR (last_seen_at = ${d.int(d.param(at))} AND id < ${d.param(after.id)}))`);
      }
      return `SELECT ${FINDING_COLUMNS} FROM insight_findings WHERE ${where.join(' AND ')} ORDER BY last_seen_at DESC, id DESC LIMIT ${d.int(d.param(limit))}`;
    });
    return rows.map(rowToFinding);
  }

  /** Dismisses an open finding (idempotent: a dismissed or resolved one is returned as it is); null if none. */
  async dismiss(id: string, at: number): Promise<StoredFinding | null> {
    const [, rows] = await this.runner.batch([
      this.stmt((d) => `UPDATE insight_findings SET status = 'dismissed', dismissed_at = ${d.int(d.param(at))}
        WHERE tenant_id = ${d.param(this.tenantId)} AND id = ${d.param(id)} AND status = 'open'`),
      this.stmt((d) => `SELECT ${FINDING_COLUMNS} FROM insight_findings WHERE tenant_id = ${d.param(this.tenantId)} AND id = ${d.param(id)}`),
    ], false);
    return rows![0] ? rowToFinding(rows![0]) : null;
  }
}

function toHourly(r: Row): HourlyCostRow {
  return {
    hour: Number(r.hour), customer_id: r.customer_id as string, provider: r.provider as string, model: r.model as string,
    section_path: r.section_path as string, calls: Number(r.calls), cost_nanos: Number(r.cost_nanos),
  };
}
