/**
 * PostgreSQL: the insight aggregates' upserts in the ingest transaction (built from the tables in signals.ts). SQLite
 * groups them in SQL in the fold of the aggregates (sqlite/fold.ts, insights/rebuild.ts's SELECTs).
 */
import type { StoredEventInput } from '../../domain/event.js';
import { encoders } from '../columns.js';
import { upsertSql } from '../statements.js';
import { textColumns } from '../postgres/text-array.js';
import { INSIGHT_DAILY, INSIGHT_MINUTE, insightDailyDeltas, minuteDeltas } from './signals.js';

const keyOf = (t: typeof INSIGHT_MINUTE) => (r: Record<string, unknown>) => t.conflict.slice(1).map((k) => String(r[k]).padStart(12, '0')).join('\u0000');
const sorted = <T>(rows: T[], key: (r: Record<string, unknown>) => string) =>
  rows.map((r) => [key(r as Record<string, unknown>), r] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, r]) => r);

const PG_MINUTE = upsertSql(INSIGHT_MINUTE, 'postgres');
const PG_DAILY = upsertSql(INSIGHT_DAILY, 'postgres');
const PG_MINUTE_ENCODERS = encoders(INSIGHT_MINUTE, 'postgres');
const PG_DAILY_ENCODERS = encoders(INSIGHT_DAILY, 'postgres');

/**
 * PostgreSQL: the statement (named, column-wise arrays after $1 = the tenant) that folds one tenant's inserted events
 * into one of the insight aggregates, rows in key order so that concurrent batches never deadlock on them (none when
 * nothing changes). The ingest transaction upserts `daily`, whose rows every batch shares, among the last.
 */
export function pgSignalUpserts(inserted: StoredEventInput[], which: 'minute' | 'daily'): { name: string; text: string; columns: unknown[] }[] {
  const out: { name: string; text: string; columns: unknown[] }[] = [];
  const cols = (enc: typeof PG_MINUTE_ENCODERS, rows: object[]) => textColumns(enc as ((r: object) => unknown)[], rows);
  if (which === 'minute') {
    const minute = sorted(minuteDeltas(inserted), keyOf(INSIGHT_MINUTE));
    if (minute.length > 0) out.push({ name: 'llmo_upsert_insight_minute', text: PG_MINUTE, columns: cols(PG_MINUTE_ENCODERS, minute) });
  }
  if (which === 'daily') {
    const daily = sorted(insightDailyDeltas(inserted), keyOf(INSIGHT_DAILY));
    if (daily.length > 0) out.push({ name: 'llmo_upsert_insight_daily', text: PG_DAILY, columns: cols(PG_DAILY_ENCODERS, daily) });
  }
  return out;
}
