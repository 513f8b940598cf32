/**
 * The budgets store: budgets, their instances' state, the alert ledger, webhook endpoints and the outbox, for one
 * tenant. Its SQL is written once against the Dialect seam; each adapter gives a `BudgetSqlRunner` that runs a
 * statement (or several in one transaction) with its driver under its tenant scope (on PostgreSQL: row-level
 * security with app.tenant_id set).
 *
 * Spend is not read here: it comes from the rollups through TenantStore.aggregate (budgets/spend.ts).
 */
/** The part of the Dialect seam (segment-sql.ts) these statements use; each adapter's dialect provides it. */
export interface Dialect {
  param(value: unknown): string;
  int(placeholder: string): string;
  sectionMatch(column: string, placeholder: string): string;
}

type Row = Record<string, unknown>;

/** Builds one statement's SQL, recording its values through the dialect. */
export type SqlBuild = (d: Dialect) => string;

export interface BudgetSqlRunner {
  /** Runs one statement in the tenant's scope; its rows (RETURNING included). */
  all(tenantId: string, build: SqlBuild): Promise<Row[]>;
  /** Runs the statements in order in one transaction in the tenant's scope; the rows each returned. */
  batch(tenantId: string, builds: SqlBuild[]): Promise<Row[][]>;
  /** Tenants that have budgets (cross-tenant; PostgreSQL: a SECURITY DEFINER function). */
  budgetTenants(): Promise<string[]>;
  /** Tenants with webhook deliveries due at `at` (cross-tenant; PostgreSQL: a SECURITY DEFINER function). */
  dueDeliveryTenants(at: number): Promise<string[]>;
}

export type BudgetPeriod = 'day' | 'week' | 'month' | 'total';
export type BudgetAction = 'alert' | 'block';
export type UnpricedPolicy = 'flag' | 'block';
export type InstanceState = 'ok' | 'warning' | 'blocked';

export interface BudgetScope {
  customer_id?: string;
  section?: string;
  provider?: string;
  model?: string;
}

export interface BudgetRecord {
  id: string;
  name: string;
  scope: BudgetScope;
  amount_nanos: number;
  period: BudgetPeriod;
  timezone: string;
  /** Fractions as decimal strings (exact), ascending, e.g. ["0.8", "1"]. */
  thresholds: string[];
  action: BudgetAction;
  unpriced: UnpricedPolicy;
  created_at: number;
  updated_at: number;
}

export interface BudgetStateRecord {
  budget_id: string;
  /** The template's customer id, or '' for a budget with one instance. */
  instance: string;
  period_start: number;
  period_end: number | null;
  state: InstanceState;
  spent_nanos: number;
  unpriced_calls: number;
  projected_nanos: number | null;
  updated_at: number;
}

export interface AlertRecord {
  id: string;
  budget_id: string;
  instance: string;
  period_start: number;
  kind: string;
  threshold: string;
  /** The webhook body (JSON text) as delivered. */
  payload: string;
  created_at: number;
}

export interface WebhookEndpointRecord {
  id: string;
  url: string;
  /** Event types it receives; empty: all. */
  events: string[];
  format: 'standard' | 'slack';
  /** The signing secret as stored (see webhooks/secrets.ts). */
  secret: string;
  created_at: number;
  disabled_at: number | null;
  consecutive_failures: number;
  last_attempt_at: number | null;
  last_success_at: number | null;
  last_status: number | null;
  last_error: string | null;
}

export interface DeliveryRecord {
  id: string;
  endpoint_id: string;
  msg_id: string;
  event_type: string;
  payload: string;
  created_at: number;
  attempts: number;
  next_attempt_at: number;
  delivered_at: number | null;
  failed_at: number | null;
  last_status: number | null;
  last_error: string | null;
}

/** A new alert and the deliveries it causes: written together, or not at all when the ledger has it already. */
export interface NewAlert extends AlertRecord {
  event_type: string;
  /** Delivery ids per endpoint are `${alert id}_${endpoint id}`. */
}

const BUDGET_COLUMNS = 'id, name, scope_customer, scope_section, scope_provider, scope_model, amount_nanos, period, timezone, thresholds, action, unpriced, created_at, updated_at';
const ENDPOINT_COLUMNS = 'id, url, events, format, secret, created_at, disabled_at, consecutive_failures, last_attempt_at, last_success_at, last_status, last_error';
const DELIVERY_COLUMNS = 'id, endpoint_id, msg_id, event_type, payload, created_at, attempts, next_attempt_at, delivered_at, failed_at, last_status, last_error';
const STATE_COLUMNS = 'budget_id, instance, period_start, period_end, state, spent_nanos, unpriced_calls, projected_nanos, updated_at';
const ALERT_COLUMNS = 'id, budget_id, instance, period_start, kind, threshold, payload, created_at';

/** The endpoints (`e`) that receive an event type: not disabled, subscribed to every type ('*') or to this one. */
const subscribedTo = (d: Dialect, eventType: string) => `e.disabled_at IS NULL AND (e.events = '*' OR ${d.sectionMatch('e.events', d.param(eventType))})`;

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function rowToBudget(r: Row): BudgetRecord {
  const scope: BudgetScope = {};
  if (r.scope_customer !== null) scope.customer_id = String(r.scope_customer);
  if (r.scope_section !== null) scope.section = String(r.scope_section);
  if (r.scope_provider !== null) scope.provider = String(r.scope_provider);
  if (r.scope_model !== null) scope.model = String(r.scope_model);
  return {
    id: String(r.id), name: String(r.name), scope, amount_nanos: num(r.amount_nanos), period: r.period as BudgetPeriod,
    timezone: String(r.timezone), thresholds: JSON.parse(String(r.thresholds)) as string[], action: r.action as BudgetAction,
    unpriced: r.unpriced as UnpricedPolicy, created_at: num(r.created_at), updated_at: num(r.updated_at),
  };
}

/** Event types are stored `/`-joined so that the dialect's whole-segment match finds one ('*' = every type). */
const encodeEvents = (events: string[]) => (events.length === 0 ? '*' : events.join('/'));
const decodeEvents = (s: string) => (s === '*' ? [] : s.split('/'));

function rowToEndpoint(r: Row): WebhookEndpointRecord {
  return {
    id: String(r.id), url: String(r.url), events: decodeEvents(String(r.events)), format: r.format as 'standard' | 'slack',
    secret: String(r.secret), created_at: num(r.created_at), disabled_at: numOrNull(r.disabled_at),
    consecutive_failures: num(r.consecutive_failures), last_attempt_at: numOrNull(r.last_attempt_at),
    last_success_at: numOrNull(r.last_success_at), last_status: numOrNull(r.last_status), last_error: strOrNull(r.last_error),
  };
}

function rowToDelivery(r: Row): DeliveryRecord {
  return {
    id: String(r.id), endpoint_id: String(r.endpoint_id), msg_id: String(r.msg_id), event_type: String(r.event_type),
    payload: String(r.payload), created_at: num(r.created_at), attempts: num(r.attempts), next_attempt_at: num(r.next_attempt_at),
    delivered_at: numOrNull(r.delivered_at), failed_at: numOrNull(r.failed_at), last_status: numOrNull(r.last_status),
    last_error: strOrNull(r.last_error),
  };
}

function rowToState(r: Row): BudgetStateRecord {
  return {
    budget_id: String(r.budget_id), instance: String(r.instance), period_start: num(r.period_start), period_end: numOrNull(r.period_end),
    state: r.state as InstanceState, spent_nanos: num(r.spent_nanos), unpriced_calls: num(r.unpriced_calls),
    projected_nanos: numOrNull(r.projected_nanos), updated_at: num(r.updated_at),
  };
}

function rowToAlert(r: Row): AlertRecord {
  return {
    id: String(r.id), budget_id: String(r.budget_id), instance: String(r.instance), period_start: num(r.period_start),
    kind: String(r.kind), threshold: String(r.threshold), payload: String(r.payload), created_at: num(r.created_at),
  };
}

export interface AlertFilters {
  budget_id?: string;
  customer_id?: string;
  kind?: string;
  from?: number;
  to?: number;
  limit: number;
}

/** One delivery attempt's outcome (BudgetStore.recordAttempts). */
export interface AttemptOutcome {
  delivery_id: string;
  endpoint_id: string;
  at: number;
  ok: boolean;
  status: number | null;
  error: string | null;
  next_attempt_at: number;
  disableAfter: number;
}

/** How long a claimed delivery stays with its collector before another may try it. */
export const DELIVERY_LEASE_MS = 30_000;

export class BudgetStore {
  constructor(private readonly sql: BudgetSqlRunner, readonly tenantId: string) {}

  private all(build: SqlBuild): Promise<Row[]> {
    return this.sql.all(this.tenantId, build);
  }

  // ---- budgets

  async listBudgets(): Promise<BudgetRecord[]> {
    return (await this.all((d) => `SELECT ${BUDGET_COLUMNS} FROM budgets WHERE tenant_id = ${d.param(this.tenantId)} ORDER BY created_at, id`)).map(rowToBudget);
  }

  async getBudget(id: string): Promise<BudgetRecord | null> {
    const r = await this.all((d) => `SELECT ${BUDGET_COLUMNS} FROM budgets WHERE tenant_id = ${d.param(this.tenantId)} AND id = ${d.param(id)}`);
    return r[0] ? rowToBudget(r[0]) : null;
  }

  /** Creates or replaces (same id) a budget; a replaced budget's instance states are forgotten (re-evaluated). */
  async saveBudget(b: BudgetRecord): Promise<BudgetRecord> {
    const values = [b.name, b.scope.customer_id ?? null, b.scope.section ?? null, b.scope.provider ?? null, b.scope.model ?? null];
    await this.sql.batch(this.tenantId, [
      (d) => `DELETE FROM budget_states WHERE tenant_id = ${d.param(this.tenantId)} AND budget_id = ${d.param(b.id)}`,
      (d) => `INSERT INTO budgets (tenant_id, ${BUDGET_COLUMNS}) VALUES (${d.param(this.tenantId)}, ${d.param(b.id)}, ${values.map((v) => d.param(v)).join(', ')},
                ${d.int(d.param(b.amount_nanos))}, ${d.param(b.period)}, ${d.param(b.timezone)}, ${d.param(JSON.stringify(b.thresholds))},
                ${d.param(b.action)}, ${d.param(b.unpriced)}, ${d.int(d.param(b.created_at))}, ${d.int(d.param(b.updated_at))})
              ON CONFLICT (tenant_id, id) DO UPDATE SET name = excluded.name, scope_customer = excluded.scope_customer,
                scope_section = excluded.scope_section, scope_provider = excluded.scope_provider, scope_model = excluded.scope_model,
                amount_nanos = excluded.amount_nanos, period = excluded.period, timezone = excluded.timezone,
                thresholds = excluded.thresholds, action = excluded.action, unpriced = excluded.unpriced, updated_at = excluded.updated_at`,
    ]);
    return (await this.getBudget(b.id))!;
  }

  async deleteBudget(id: string): Promise<boolean> {
    const [, , deleted] = await this.sql.batch(this.tenantId, [
      (d) => `DELETE FROM budget_states WHERE tenant_id = ${d.param(this.tenantId)} AND budget_id = ${d.param(id)}`,
      (d) => `DELETE FROM webhook_deliveries WHERE tenant_id = ${d.param(this.tenantId)} AND delivered_at IS NULL AND msg_id IN
                (SELECT id FROM budget_alerts WHERE tenant_id = ${d.param(this.tenantId)} AND budget_id = ${d.param(id)})`,
      (d) => `DELETE FROM budgets WHERE tenant_id = ${d.param(this.tenantId)} AND id = ${d.param(id)} RETURNING id`,
    ]);
    return deleted!.length === 1;
  }

  // ---- instance states

  async listStates(budgetId?: string): Promise<BudgetStateRecord[]> {
    return (await this.all((d) => `SELECT ${STATE_COLUMNS} FROM budget_states WHERE tenant_id = ${d.param(this.tenantId)}
      ${budgetId === undefined ? '' : `AND budget_id = ${d.param(budgetId)}`} ORDER BY budget_id, instance`)).map(rowToState);
  }

  async blockedStates(): Promise<BudgetStateRecord[]> {
    return (await this.all((d) => `SELECT ${STATE_COLUMNS} FROM budget_states WHERE tenant_id = ${d.param(this.tenantId)} AND state = 'blocked'
      ORDER BY budget_id, instance`)).map(rowToState);
  }

  /**
   * Writes instance states and new alerts in one transaction. An alert whose ledger key is taken already is not
   * written, and neither are its deliveries (they are selected from the alert row written by this very statement
   * batch). Returns the alerts this call wrote (the ones that are new, whichever collector raced it).
   */
  async commitEvaluation(states: BudgetStateRecord[], alerts: NewAlert[]): Promise<AlertRecord[]> {
    if (states.length === 0 && alerts.length === 0) return [];
    const t = this.tenantId;
    const builds: SqlBuild[] = [];
    for (const s of states) {
      builds.push((d) => `INSERT INTO budget_states (tenant_id, ${STATE_COLUMNS}) VALUES (${d.param(t)}, ${d.param(s.budget_id)}, ${d.param(s.instance)},
          ${d.int(d.param(s.period_start))}, ${d.int(d.param(s.period_end))}, ${d.param(s.state)}, ${d.int(d.param(s.spent_nanos))},
          ${d.int(d.param(s.unpriced_calls))}, ${d.int(d.param(s.projected_nanos))}, ${d.int(d.param(s.updated_at))})
        ON CONFLICT (tenant_id, budget_id, instance) DO UPDATE SET period_start = excluded.period_start, period_end = excluded.period_end,
          state = excluded.state, spent_nanos = excluded.spent_nanos, unpriced_calls = excluded.unpriced_calls,
          projected_nanos = excluded.projected_nanos, updated_at = excluded.updated_at`);
    }
    const alertIndexes: number[] = [];
    for (const a of alerts) {
      alertIndexes.push(builds.length);
      builds.push((d) => `INSERT INTO budget_alerts (tenant_id, ${ALERT_COLUMNS}) VALUES (${d.param(t)}, ${d.param(a.id)}, ${d.param(a.budget_id)},
          ${d.param(a.instance)}, ${d.int(d.param(a.period_start))}, ${d.param(a.kind)}, ${d.param(a.threshold)}, ${d.param(a.payload)},
          ${d.int(d.param(a.created_at))})
        ON CONFLICT (tenant_id, budget_id, instance, period_start, kind, threshold) DO NOTHING RETURNING ${ALERT_COLUMNS}`);
      builds.push((d) => `INSERT INTO webhook_deliveries (tenant_id, ${DELIVERY_COLUMNS})
        SELECT a.tenant_id, a.id || '_' || e.id, e.id, a.id, ${d.param(a.event_type)}, a.payload, a.created_at, 0, a.created_at, NULL, NULL, NULL, NULL
        FROM budget_alerts a JOIN webhook_endpoints e ON e.tenant_id = a.tenant_id
        WHERE a.tenant_id = ${d.param(t)} AND a.id = ${d.param(a.id)} AND ${subscribedTo(d, a.event_type)}`);
    }
    const results = await this.sql.batch(t, builds);
    return alertIndexes.flatMap((i) => results[i]!.map(rowToAlert));
  }

  async listAlerts(f: AlertFilters): Promise<AlertRecord[]> {
    return (await this.all((d) => {
      const where = [`tenant_id = ${d.param(this.tenantId)}`];
      if (f.budget_id !== undefined) where.push(`budget_id = ${d.param(f.budget_id)}`);
      // a template's instance, or a budget scoped to that one customer
      if (f.customer_id !== undefined) {
        where.push(`(instance = ${d.param(f.customer_id)} OR (instance = '' AND budget_id IN (SELECT id FROM budgets WHERE tenant_id = ${d.param(this.tenantId)}
          AND scope_customer = ${d.param(f.customer_id)})))`);
      }
      if (f.kind !== undefined) where.push(`kind = ${d.param(f.kind)}`);
      if (f.from !== undefined) where.push(`created_at >= ${d.int(d.param(f.from))}`);
      if (f.to !== undefined) where.push(`created_at < ${d.int(d.param(f.to))}`);
      return `SELECT ${ALERT_COLUMNS} FROM budget_alerts WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id LIMIT ${d.int(d.param(f.limit))}`;
    })).map(rowToAlert);
  }

  // ---- webhook endpoints

  async createEndpoint(e: WebhookEndpointRecord): Promise<WebhookEndpointRecord> {
    const r = await this.all((d) => `INSERT INTO webhook_endpoints (tenant_id, id, url, events, format, secret, created_at)
      VALUES (${d.param(this.tenantId)}, ${d.param(e.id)}, ${d.param(e.url)}, ${d.param(encodeEvents(e.events))}, ${d.param(e.format)},
        ${d.param(e.secret)}, ${d.int(d.param(e.created_at))}) RETURNING ${ENDPOINT_COLUMNS}`);
    return rowToEndpoint(r[0]!);
  }

  async listEndpoints(): Promise<WebhookEndpointRecord[]> {
    return (await this.all((d) => `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE tenant_id = ${d.param(this.tenantId)} ORDER BY created_at, id`)).map(rowToEndpoint);
  }

  async getEndpoint(id: string): Promise<WebhookEndpointRecord | null> {
    const r = await this.all((d) => `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE tenant_id = ${d.param(this.tenantId)} AND id = ${d.param(id)}`);
    return r[0] ? rowToEndpoint(r[0]) : null;
  }

  async deleteEndpoint(id: string): Promise<boolean> {
    const [, deleted] = await this.sql.batch(this.tenantId, [
      (d) => `DELETE FROM webhook_deliveries WHERE tenant_id = ${d.param(this.tenantId)} AND endpoint_id = ${d.param(id)}`,
      (d) => `DELETE FROM webhook_endpoints WHERE tenant_id = ${d.param(this.tenantId)} AND id = ${d.param(id)} RETURNING id`,
    ]);
    return deleted!.length === 1;
  }

  // ---- the outbox

  /**
   * Queues events of the other features (statement.closed, insight.found) to every endpoint subscribed to their
   * type, by the same rule as the alerts; a delivery already queued (same message id) stays as it is. The number of
   * deliveries queued.
   */
  async enqueueToSubscribers(events: Pick<DeliveryRecord, 'msg_id' | 'event_type' | 'payload' | 'created_at'>[]): Promise<number> {
    if (events.length === 0) return 0;
    const t = this.tenantId;
    const queued = await this.sql.batch(t, events.map((ev): SqlBuild => (d) => `INSERT INTO webhook_deliveries (tenant_id, ${DELIVERY_COLUMNS})
      SELECT e.tenant_id, ${d.param(`${ev.msg_id}_`)} || e.id, e.id, ${d.param(ev.msg_id)}, ${d.param(ev.event_type)}, ${d.param(ev.payload)},
        ${d.int(d.param(ev.created_at))}, 0, ${d.int(d.param(ev.created_at))}, NULL, NULL, NULL, NULL
      FROM webhook_endpoints e WHERE e.tenant_id = ${d.param(t)} AND ${subscribedTo(d, ev.event_type)}
      ON CONFLICT DO NOTHING RETURNING id`));
    return queued.reduce((n, rows) => n + rows.length, 0);
  }

  /** Queues one delivery to one endpoint (e.g. POST /webhooks/:id/test). */
  async enqueueDelivery(dl: Pick<DeliveryRecord, 'id' | 'endpoint_id' | 'msg_id' | 'event_type' | 'payload' | 'created_at'>): Promise<void> {
    await this.all((d) => `INSERT INTO webhook_deliveries (tenant_id, ${DELIVERY_COLUMNS}) VALUES (${d.param(this.tenantId)}, ${d.param(dl.id)},
      ${d.param(dl.endpoint_id)}, ${d.param(dl.msg_id)}, ${d.param(dl.event_type)}, ${d.param(dl.payload)}, ${d.int(d.param(dl.created_at))}, 0,
      ${d.int(d.param(dl.created_at))}, NULL, NULL, NULL, NULL) ON CONFLICT DO NOTHING`);
  }

  /**
   * Claims the due deliveries of this tenant (a lease: another collector skips them until it expires) and returns
   * them with their endpoints. A claim is one UPDATE … RETURNING, so two collectors never claim the same row.
   */
  async claimDue(at: number, limit: number): Promise<{ delivery: DeliveryRecord; endpoint: WebhookEndpointRecord }[]> {
    const t = this.tenantId;
    const claimed = (await this.all((d) => `UPDATE webhook_deliveries SET locked_until = ${d.int(d.param(at + DELIVERY_LEASE_MS))}
      WHERE tenant_id = ${d.param(t)} AND id IN (SELECT id FROM webhook_deliveries WHERE tenant_id = ${d.param(t)}
        AND delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ${d.int(d.param(at))}
        AND (locked_until IS NULL OR locked_until <= ${d.int(d.param(at))}) ORDER BY next_attempt_at, id LIMIT ${d.int(d.param(limit))})
        AND (locked_until IS NULL OR locked_until <= ${d.int(d.param(at))})
      RETURNING ${DELIVERY_COLUMNS}`)).map(rowToDelivery);
    if (claimed.length === 0) return [];
    const endpoints = new Map((await this.listEndpoints()).map((e) => [e.id, e]));
    return claimed.flatMap((delivery) => {
      const endpoint = endpoints.get(delivery.endpoint_id);
      return endpoint ? [{ delivery, endpoint }] : [];
    });
  }

  /**
   * Records attempts' outcomes in one transaction, in order: on each delivery, and on its endpoint (consecutive
   * failures; disabled at `disableAfter`, its queued deliveries then failed).
   */
  async recordAttempts(outcomes: readonly AttemptOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    const t = this.tenantId;
    await this.sql.batch(t, outcomes.flatMap((o): SqlBuild[] => {
      const error = o.error === null ? null : o.error.slice(0, 500);
      return [
        (d) => o.ok
          ? `UPDATE webhook_deliveries SET attempts = attempts + 1, delivered_at = ${d.int(d.param(o.at))}, locked_until = NULL,
               last_status = ${d.int(d.param(o.status))}, last_error = NULL WHERE tenant_id = ${d.param(t)} AND id = ${d.param(o.delivery_id)}`
          : `UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = ${d.int(d.param(o.next_attempt_at))}, locked_until = NULL,
               last_status = ${d.int(d.param(o.status))}, last_error = ${d.param(error)} WHERE tenant_id = ${d.param(t)} AND id = ${d.param(o.delivery_id)}`,
        (d) => o.ok
          ? `UPDATE webhook_endpoints SET consecutive_failures = 0, last_attempt_at = ${d.int(d.param(o.at))}, last_success_at = ${d.int(d.param(o.at))},
               last_status = ${d.int(d.param(o.status))}, last_error = NULL WHERE tenant_id = ${d.param(t)} AND id = ${d.param(o.endpoint_id)}`
          : `UPDATE webhook_endpoints SET consecutive_failures = CASE WHEN disabled_at IS NULL THEN consecutive_failures + 1 ELSE consecutive_failures END, last_attempt_at = ${d.int(d.param(o.at))},
               last_status = ${d.int(d.param(o.status))}, last_error = ${d.param(error)},
               disabled_at = CASE WHEN disabled_at IS NULL AND consecutive_failures + 1 >= ${d.int(d.param(o.disableAfter))} THEN ${d.int(d.param(o.at))} ELSE disabled_at END
             WHERE tenant_id = ${d.param(t)} AND id = ${d.param(o.endpoint_id)}`,
        // a disabled endpoint's queued deliveries end as failed (shown so), none is retried for ever
        (d) => `UPDATE webhook_deliveries SET failed_at = ${d.int(d.param(o.at))} WHERE tenant_id = ${d.param(t)} AND delivered_at IS NULL
               AND failed_at IS NULL AND endpoint_id IN (SELECT id FROM webhook_endpoints WHERE tenant_id = ${d.param(t)} AND id = ${d.param(o.endpoint_id)} AND disabled_at IS NOT NULL)`,
      ];
    }));
  }

  async listDeliveries(endpointId: string | undefined, limit: number): Promise<DeliveryRecord[]> {
    return (await this.all((d) => `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE tenant_id = ${d.param(this.tenantId)}
      ${endpointId === undefined ? '' : `AND endpoint_id = ${d.param(endpointId)}`} ORDER BY created_at DESC, id LIMIT ${d.int(d.param(limit))}`)).map(rowToDelivery);
  }

  /** Per endpoint: deliveries pending, delivered, failed. */
  async deliveryCounts(): Promise<Map<string, { pending: number; delivered: number; failed: number }>> {
    const rows = await this.all((d) => `SELECT endpoint_id, SUM(CASE WHEN delivered_at IS NULL AND failed_at IS NULL THEN 1 ELSE 0 END) AS pending,
        SUM(CASE WHEN delivered_at IS NOT NULL THEN 1 ELSE 0 END) AS delivered, SUM(CASE WHEN failed_at IS NOT NULL THEN 1 ELSE 0 END) AS failed
      FROM webhook_deliveries WHERE tenant_id = ${d.param(this.tenantId)} GROUP BY endpoint_id`);
    return new Map(rows.map((r) => [String(r.endpoint_id), { pending: num(r.pending), delivered: num(r.delivered), failed: num(r.failed) }]));
  }
}
