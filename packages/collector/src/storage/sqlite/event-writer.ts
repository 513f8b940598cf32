/**
 * The event write path of the SQLite adapter: one transaction inserts a batch, then folds only the rows really
 * inserted into the hourly rollup, the daily rollups and the run summaries. Used on the main thread or inside the writer worker.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { dailyDeltas, hourlyDeltas, runDeltas, type DailyDelta, type HourlyDelta, type RunDelta } from '../rollup.js';
import type { StoredEventInput } from '../../domain/event.js';
import type { WriteResult } from '../types.js';

export interface SqliteOptions {
  synchronous?: 'NORMAL' | 'FULL';
}

/** Opens a connection with the collector's pragmas (WAL; NORMAL sync survives a killed process). */
export function openConnection(file: string, options: SqliteOptions = {}): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
  db.pragma('busy_timeout = 5000');
  // Rollup and index pages are hot: a larger page cache and fewer, larger checkpoints keep ingest off the disk.
  db.pragma('cache_size = -65536');
  db.pragma('wal_autocheckpoint = 10000');
  return db;
}

const INSERT_EVENT = `
INSERT INTO trace_events (
  tenant_id, span_id, run_id, parent_span_id, span_type, section, section_path, customer_id, provider, endpoint, model,
  input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, units, reported_cost_usd,
  cost_usd, cost_status, cost_source, started_at, latency_ms, status, error, is_streaming, usage_estimated, metadata,
  sdk, created_at, cache_write_1h_tokens, token_details)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (tenant_id, span_id) DO NOTHING`;

const ESTIMATED_SET = `estimated_calls = estimated_calls + excluded.estimated_calls,
  estimated_cost_usd = estimated_cost_usd + excluded.estimated_cost_usd`;

const UPSERT_HOURLY = `
INSERT INTO rollup_hourly (tenant_id, hour, customer_id, provider, model, section_path, calls, cost_usd, unpriced_calls,
  error_calls, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, latency_ms,
  estimated_calls, estimated_cost_usd)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (tenant_id, hour, customer_id, provider, model, section_path) DO UPDATE SET
  calls = calls + excluded.calls, cost_usd = cost_usd + excluded.cost_usd,
  unpriced_calls = unpriced_calls + excluded.unpriced_calls, error_calls = error_calls + excluded.error_calls,
  input_tokens = input_tokens + excluded.input_tokens, output_tokens = output_tokens + excluded.output_tokens,
  cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
  cache_write_tokens = cache_write_tokens + excluded.cache_write_tokens,
  reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens, latency_ms = latency_ms + excluded.latency_ms,
  ${ESTIMATED_SET}`;

const UPSERT_RUN = `
INSERT INTO runs (tenant_id, run_id, started_at, ended_at, customer_id, top_section, top_section_at, calls, spans,
  cost_usd, unpriced_calls, error_calls, input_tokens, output_tokens, estimated_calls, estimated_cost_usd)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (tenant_id, run_id) DO UPDATE SET
  started_at = min(started_at, excluded.started_at), ended_at = max(ended_at, excluded.ended_at),
  customer_id = COALESCE(customer_id, excluded.customer_id),
  top_section = CASE WHEN excluded.top_section_at IS NOT NULL AND (top_section_at IS NULL OR excluded.top_section_at < top_section_at)
                     THEN excluded.top_section ELSE top_section END,
  top_section_at = CASE WHEN excluded.top_section_at IS NOT NULL AND (top_section_at IS NULL OR excluded.top_section_at < top_section_at)
                     THEN excluded.top_section_at ELSE top_section_at END,
  calls = calls + excluded.calls, spans = spans + excluded.spans, cost_usd = cost_usd + excluded.cost_usd,
  unpriced_calls = unpriced_calls + excluded.unpriced_calls, error_calls = error_calls + excluded.error_calls,
  input_tokens = input_tokens + excluded.input_tokens, output_tokens = output_tokens + excluded.output_tokens,
  ${ESTIMATED_SET}`;

function eventParams(e: StoredEventInput): unknown[] {
  return [
    e.tenant_id, e.span_id, e.run_id, e.parent_span_id, e.span_type, e.section, e.section_path, e.customer_id,
    e.provider, e.endpoint, e.model, e.input_tokens, e.output_tokens, e.cache_read_tokens, e.cache_write_tokens,
    e.reasoning_tokens, e.units === null ? null : JSON.stringify(e.units), e.reported_cost_usd, e.cost_usd,
    e.cost_status, e.cost_source, e.started_at, e.latency_ms, e.status, e.error, e.is_streaming ? 1 : 0,
    e.usage_estimated ? 1 : 0, e.metadata, e.sdk, e.received_at, e.cache_write_1h_tokens ?? 0,
    e.token_details ? JSON.stringify(e.token_details) : null,
  ];
}

const UPSERT_DAILY = `
INSERT INTO rollup_daily (tenant_id, family, day, key1, key2, calls, cost_usd, unpriced_calls, error_calls, input_tokens,
  output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, estimated_calls, estimated_cost_usd)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (tenant_id, family, day, key1, key2) DO UPDATE SET
  calls = calls + excluded.calls, cost_usd = cost_usd + excluded.cost_usd,
  unpriced_calls = unpriced_calls + excluded.unpriced_calls, error_calls = error_calls + excluded.error_calls,
  input_tokens = input_tokens + excluded.input_tokens, output_tokens = output_tokens + excluded.output_tokens,
  cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens,
  cache_write_tokens = cache_write_tokens + excluded.cache_write_tokens,
  reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens, ${ESTIMATED_SET}`;

function dailyParams(d: DailyDelta): unknown[] {
  return [
    d.tenant_id, d.family, d.day, d.key1, d.key2, d.calls, d.cost_usd, d.unpriced_calls, d.error_calls, d.input_tokens,
    d.output_tokens, d.cache_read_tokens, d.cache_write_tokens, d.reasoning_tokens, d.estimated_calls, d.estimated_cost_usd,
  ];
}

function hourlyParams(d: HourlyDelta): unknown[] {
  return [
    d.tenant_id, d.hour, d.customer_id, d.provider, d.model, d.section_path, d.calls, d.cost_usd, d.unpriced_calls,
    d.error_calls, d.input_tokens, d.output_tokens, d.cache_read_tokens, d.cache_write_tokens, d.reasoning_tokens,
    d.latency_ms, d.estimated_calls, d.estimated_cost_usd,
  ];
}

function runParams(r: RunDelta): unknown[] {
  return [
    r.tenant_id, r.run_id, r.started_at, r.ended_at, r.customer_id, r.top_section, r.top_section_at, r.calls, r.spans,
    r.cost_usd, r.unpriced_calls, r.error_calls, r.input_tokens, r.output_tokens, r.estimated_calls, r.estimated_cost_usd,
  ];
}

export type EventWriter = (events: StoredEventInput[]) => WriteResult;
/** Several batches in one transaction (group commit); each gets its own result. */
export type GroupWriter = (batches: StoredEventInput[][]) => WriteResult[];

export function createGroupWriter(db: Database.Database): GroupWriter {
  const insertEvent = db.prepare(INSERT_EVENT);
  const upsertHourly = db.prepare(UPSERT_HOURLY);
  const upsertRun = db.prepare(UPSERT_RUN);
  const upsertDaily = db.prepare(UPSERT_DAILY);
  const tx = db.transaction((batches: StoredEventInput[][]): WriteResult[] => {
    const inserted: StoredEventInput[] = [];
    const results = batches.map((events): WriteResult => {
      const before = inserted.length;
      const duplicateIndexes: number[] = [];
      events.forEach((e, i) => {
        if (insertEvent.run(eventParams(e)).changes === 1) inserted.push(e);
        else duplicateIndexes.push(i);
      });
      return { accepted: inserted.length - before, duplicateIndexes };
    });
    // Rollup rows shared by the batches are updated once for all of them.
    for (const d of hourlyDeltas(inserted)) upsertHourly.run(hourlyParams(d));
    for (const d of dailyDeltas(inserted)) upsertDaily.run(dailyParams(d));
    for (const r of runDeltas(inserted)) upsertRun.run(runParams(r));
    return results;
  });
  return (batches) => tx.immediate(batches);
}

export function createEventWriter(db: Database.Database): EventWriter {
  const write = createGroupWriter(db);
  return (events) => write([events])[0]!;
}
