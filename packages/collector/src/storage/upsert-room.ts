/**
 * Room on each page for the in-place updates of the aggregates whose rows every ingest batch of a day updates
 * (PostgreSQL only; migration 19, a no-op on SQLite).
 *
 * An upsert that finds its row writes a new version of it. PostgreSQL keeps that version on the same page, and then
 * needs no new index entry, only when the page has room (a "HOT" update); at the default fillfactor of 100 pages are
 * filled by inserts, so about half of rollup_daily's updates and three quarters of billing's and insight_daily's
 * (pg_stat_user_tables after bench:ingest) wrote a new entry into every index of the table as well, and the indexes
 * grew with every batch. The rows concerned are those keyed by a day or a month — a tenant's daily totals, its
 * models' and sections' days, billing's month rows, the insight day rows — which all of a day's (or month's) batches
 * update; rows keyed by an hour or a minute are updated for that hour only, then never, and the free space would
 * stay empty on their pages for ever. Side by side (docs/benchmarks.md, session 15) these three tables at 70 % gave
 * ingest the same 10 % as every upserted table at 70 %, for a fraction of the space.
 *
 * The setting applies to pages written from now on: a database migrated with data keeps its full pages until their
 * rows move (updates, VACUUM FULL).
 */
import { ROLLUP_DAILY } from './columns.js';
import { BILLING_MONTHLY } from './billing/tables.js';
import { INSIGHT_DAILY } from './insights/signals.js';

export const UPSERT_ROOM_MIGRATION_NAME = 'room on the pages of the upserted aggregates for in-place updates';

/** Percent of each page that inserts fill (PostgreSQL's fillfactor). */
export const UPSERT_FILLFACTOR = 70;

/** The tables of day- or month-keyed rows that the ingest transaction upserts. */
export const UPSERTED_TABLES = [ROLLUP_DAILY, BILLING_MONTHLY, INSIGHT_DAILY].map((t) => t.name);

export const upsertRoomSql = () => UPSERTED_TABLES.map((t) => `ALTER TABLE ${t} SET (fillfactor = ${UPSERT_FILLFACTOR});`).join('\n');
