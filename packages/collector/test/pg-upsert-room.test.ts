// @storage postgres
/**
 * Migration 19 (storage/upsert-room.ts): every table of day- or month-keyed rows that ingest updates again and again
 * leaves room on its pages for in-place (HOT) updates. Checked against what ingest really does: after batches that
 * hit the same keys again, every table the server counted many updates in whose rows are keyed by a day or a month
 * (the column catalogue's conflict keys) is one of UPSERTED_TABLES, and each of those has the fillfactor — so such an
 * aggregate added later without it fails here — while the hour- and minute-keyed ones and the events keep full pages.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { only } from './helpers/collector.js';
import { freshPostgresDb, pgUrl } from './helpers/postgres.js';
import { storedCall, HOUR } from './helpers/histories.js';
import { PostgresStorage } from '../src/storage/postgres/postgres-storage.js';
import { UPSERT_FILLFACTOR, UPSERTED_TABLES } from '../src/storage/upsert-room.js';
import { TABLES } from '../src/storage/columns.js';
import { BILLING_HOURLY, BILLING_MONTHLY } from '../src/storage/billing/tables.js';
import { INSIGHT_DAILY, INSIGHT_MINUTE } from '../src/storage/insights/signals.js';

/** The declared tables (the column catalogue) by name. */
const DECLARED = new Map([...TABLES, BILLING_HOURLY, BILLING_MONTHLY, INSIGHT_MINUTE, INSIGHT_DAILY].map((t) => [t.name, t]));
const dayOrMonthKeyed = (name: string) => DECLARED.get(name)?.conflict.some((c) => c === 'day' || c === 'month') ?? false;

const NOW = Date.now();
/** Hour- and minute-keyed tables whose keys the batches repeat too: updated, but left with full pages. */
const HOUR_KEYED_UPDATED = ['rollup_hourly', 'insight_minute', 'billing_hourly'];

/** Calls of two tenants on a few customers, models and sections, today: batch `b` repeats batch 0's keys. */
const batch = (b: number) => Array.from({ length: 60 }, (_, i) => storedCall({
  span_id: `room-${b}-${i}`, run_id: `room-run-${i % 6}`, tenant_id: i % 2 ? 'tenant_a' : 'tenant_b', customer_id: `c${i % 3}`,
  model: i % 4 ? 'gpt-4o' : 'gpt-4o-mini', section_path: i % 5 ? 'chat/answer' : 'search', cost_usd: 0.002,
  started_at: NOW - HOUR / 2 + i * 1000,
}));

describe('room for in-place updates (migration 19)', { skip: only('postgres') }, () => {
  it('is set on every table that ingest updates again and again', async () => {
    const url = await freshPostgresDb('upsert_room');
    const storage = await PostgresStorage.open(url);
    const admin = new pg.Client({ connectionString: pgUrl({ database: new URL(url).pathname.slice(1) }) });
    await admin.connect();
    try {
      for (let b = 0; b < 5; b++) await storage.writeEvents(batch(b));
      // the collector's backend reports its counts when idle (about a second); waited for with a deadline
      const deadline = Date.now() + 20_000;
      let updated: string[] = [];
      for (;;) {
        await admin.query('SELECT pg_stat_clear_snapshot()');
        const rows = (await admin.query<{ relname: string; n: string }>('SELECT relname, n_tup_upd AS n FROM pg_stat_user_tables WHERE n_tup_upd >= 20')).rows;
        updated = rows.map((r) => r.relname).sort();
        // (the pool's backends report apart: waited for until every table expected is there)
        if ([...HOUR_KEYED_UPDATED, ...UPSERTED_TABLES].every((t) => updated.includes(t))) break;
        assert.ok(Date.now() < deadline, `the server's statistics never showed ingest's updates (saw ${updated.join(', ') || 'none'})`);
        await new Promise((r) => setTimeout(r, 250));
      }
      const dayOrMonth = updated.filter(dayOrMonthKeyed);
      assert.deepEqual(dayOrMonth.sort(), [...UPSERTED_TABLES].sort(), 'the day- and month-keyed tables ingest updates are the listed ones');
      const options = (await admin.query<{ relname: string; reloptions: string[] | null }>(
        'SELECT relname, reloptions FROM pg_class WHERE relkind = $1 AND relname = ANY($2)', ['r', UPSERTED_TABLES])).rows;
      assert.deepEqual(options.map((o) => o.relname).sort(), [...UPSERTED_TABLES].sort(), 'every listed table exists');
      for (const o of options) assert.ok(o.reloptions?.includes(`fillfactor=${UPSERT_FILLFACTOR}`), `${o.relname}: ${JSON.stringify(o.reloptions)}`);
      const events = (await admin.query<{ reloptions: string[] | null }>(`SELECT reloptions FROM pg_class WHERE relname = 'trace_events'`)).rows[0]!;
      assert.ok(!(events.reloptions ?? []).some((o) => o.startsWith('fillfactor')), 'events are never updated by ingest: their pages stay full');
      const hourly = (await admin.query<{ reloptions: string[] | null }>(`SELECT reloptions FROM pg_class WHERE relname = 'rollup_hourly'`)).rows[0]!;
      assert.ok(!(hourly.reloptions ?? []).some((o) => o.startsWith('fillfactor')), 'an hour-keyed table keeps full pages');
    } finally {
      await admin.end();
      await storage.close();
    }
  });
});
