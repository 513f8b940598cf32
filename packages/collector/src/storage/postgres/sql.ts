/** SQL of the PostgreSQL adapter: statements, column lists, measures, dimensions, parameters; parameterised always. */
import type { DailyDelta, HourlyDelta, RunDelta } from '../rollup.js';
import type { WideDelta } from '../wide-families.js';
import type { StoredEventInput } from '../../domain/event.js';
import { encoders, eventEncoders, EVENTS, ROLLUP_DAILY, ROLLUP_DAILY_WIDE, ROLLUP_HOURLY, RUNS } from '../columns.js';
import { insertSql, upsertSql } from '../statements.js';

export const SET_TENANT = `SELECT set_config('app.tenant_id', $1, true)`;

/**
 * The one normaliser of PostgreSQL text: it holds neither NUL characters nor lone UTF-16 surrogates (the driver's
 * UTF-8 encoding would turn each surrogate into U+FFFD behind our back, so "c\ud800" and "c\udbff" would collide
 * in a rollup key after the deltas were computed). Both are stored, and looked up, as U+FFFD, before anything is
 * keyed on them. SQLite keeps NULs.
 */
const NOT_PG_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const MAYBE_NOT_PG_TEXT = /[\u0000\ud800-\udfff]/;
export const text = <T extends string | null>(s: T): T => (s === null || !MAYBE_NOT_PG_TEXT.test(s) ? s : (s.replace(NOT_PG_TEXT, '\uFFFD') as T));

type TextField = { [K in keyof StoredEventInput]-?: StoredEventInput[K] extends string | null ? K : never }[keyof StoredEventInput];

/** The record fields of the events' text columns (from the column catalogue): what `pgSafe` normalises. */
export const TEXT_FIELDS: readonly TextField[] = EVENTS.columns.filter((c) => c.kind === 'text').map((c) => c.field as TextField);

/** The event as PostgreSQL can store it: itself, or a copy whose text went through `text`. */
export function pgSafe(e: StoredEventInput): StoredEventInput {
  let copy: Record<string, unknown> | undefined;
  for (const f of TEXT_FIELDS) {
    const v: unknown = e[f];
    if (typeof v === 'string' && text(v) !== v) (copy ??= { ...e })[f] = text(v);
  }
  return (copy as StoredEventInput | undefined) ?? e;
}

export const INSERT_EVENTS = insertSql(EVENTS, 'postgres', 'span_id');
export const UPSERT_HOURLY = upsertSql(ROLLUP_HOURLY, 'postgres');
export const UPSERT_DAILY = upsertSql(ROLLUP_DAILY, 'postgres');
export const UPSERT_DAILY_WIDE = upsertSql(ROLLUP_DAILY_WIDE, 'postgres');
export const UPSERT_RUNS = upsertSql(RUNS, 'postgres');

type Encode<R> = (r: R) => unknown;
/** Column-wise encoders (after $1, the tenant) of each statement. */
export const EVENT_ENCODERS = eventEncoders('postgres');
export const HOURLY_ENCODERS = encoders(ROLLUP_HOURLY, 'postgres') as unknown as Encode<HourlyDelta>[];
export const DAILY_ENCODERS = encoders(ROLLUP_DAILY, 'postgres') as unknown as Encode<DailyDelta>[];
export const DAILY_WIDE_ENCODERS = encoders(ROLLUP_DAILY_WIDE, 'postgres') as unknown as Encode<WideDelta>[];
export const RUN_ENCODERS = encoders(RUNS, 'postgres') as unknown as Encode<RunDelta>[];

/** Positional parameters for a query being built. */
export class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(typeof v === 'string' ? text(v) : v);
    return `$${this.values.length}`;
  }
}

/** Section filter: the label (or label path) appears in the section path as whole segments. */
export const sectionMatch = (column: string, param: string) => `strpos('/' || COALESCE(${column}, '') || '/', '/' || ${param} || '/') > 0`;
