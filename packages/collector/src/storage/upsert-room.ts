/**
 * Room on each page for the in-place updates of the aggregates that every ingest batch upserts (PostgreSQL only;
 * migration 19, a no-op on SQLite).
 *
 * An upsert that finds its row writes a new version of it. PostgreSQL keeps that version on the same page, and then
 * needs no new index entry, only when the page has room (a "HOT" update); at the default fillfactor of 100 every page
 * is filled by inserts, so about half of rollup_daily's updates and three quarters of billing's and insight_daily's
 * (pg_stat_user_tables after bench:ingest) wrote a new entry into every index of the table as well. At 70 % the
 * ingest ran 6 % faster side by side (docs/benchmarks.md), for about 30 % more pages in these tables only — not in
 * trace_events, whose rows are never updated by ingest.
 *
 * The setting applies to pages written from now on: a database migrated with data keeps its full pages until their
 * rows move (updates, VACUUM FULL), and gains room as days go by, since the rows updated are today's.
 */
import { ROLLUP_DAILY, ROLLUP_DAILY_WIDE, ROLLUP_HOURLY, RUNS } from './columns.js';
import { BILLING_HOURLY, BILLING_MONTHLY } from './billing/tables.js';
import { INSIGHT_DAILY, INSIGHT_MINUTE } from './insights/signals.js';

export const UPSERT_ROOM_MIGRATION_NAME = 'room on the pages of the upserted aggregates for in-place updates';

/** Percent of each page that inserts fill (PostgreSQL's fillfactor). */
export const UPSERT_FILLFACTOR = 70;

/** The tables every ingest batch upserts rows of (their rows are updated again and again). */
export const UPSERTED_TABLES = [ROLLUP_HOURLY, ROLLUP_DAILY, ROLLUP_DAILY_WIDE, RUNS, BILLING_HOURLY, BILLING_MONTHLY, INSIGHT_MINUTE, INSIGHT_DAILY].map((t) => t.name);

export const upsertRoomSql = () => UPSERTED_TABLES.map((t) => `ALTER TABLE ${t} SET (fillfactor = ${UPSERT_FILLFACTOR});`).join('\n');
