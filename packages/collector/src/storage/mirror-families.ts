/**
 * Migration 20 (PostgreSQL; a no-op on SQLite): the daily families PostgreSQL keeps as another family's rows
 * (rollup.ts PG_MIRRORS: model_customer as customer_model's rows, section_customer as customer_section's,
 * customer as customer_days'), each read through a partial index of those rows in its own key order.
 *
 * A family's key order is what makes its reads an index range: the leading dimension (the filtered value), then the
 * day range, then the rest. On PostgreSQL rollup_daily is a heap, and every index, the primary key too, fetches its
 * rows from it, so an index whose columns are the mirrored family's order — (tenant_id, family, its leading key's
 * column, day, the others') over the stored family's rows — reads the same rows in the same order as the second
 * copy did, which ingest no longer upserts (docs/benchmarks.md, session 15/16). The index holds the stored family's
 * day rows and, for the families that have them, its week rows (week-grain.ts: `@week`); a row inserted adds an entry
 * to it, an update in place (migration 19's room) does not.
 *
 * The migration moves the mirrored families' week rows that the stored family had none of (into customer_model's
 * and customer_section's: the same sums, their keys in the stored order), deletes the mirrored families' rows, and creates
 * the indexes. Written from the current declarations: should the families change, this text is to be frozen first.
 */
import { ROLLUP_DAILY } from './columns.js';
import { FAMILY_KEYS, familyColumns, KEY_COLUMNS, ownColumns, PG_MIRRORS, type DailyFamily, type KeyDimension, type MirroredFamily } from './rollup.js';
import { hasWeeks, weekFamily } from './week-grain.js';

export const MIRROR_MIGRATION_NAME = 'three daily families read from the rows of the families they mirror (PostgreSQL)';

const dimsOf = (family: DailyFamily) => FAMILY_KEYS[family] as readonly (KeyDimension | null)[];

/** The families' partial indexes: name, columns, the families whose rows they hold. */
export const MIRROR_INDEXES = (Object.entries(PG_MIRRORS) as [MirroredFamily, DailyFamily][]).map(([mirror, stored]) => {
  const [lead, ...rest] = dimsOf(mirror);
  // (the mirror's dimensions in the stored family's columns)
  const { columns } = familyColumns('postgres', mirror);
  const keys = (dims: readonly (KeyDimension | null)[]) => dims.filter((d): d is KeyDimension => d !== null).map((d) => columns[d]!);
  return {
    name: `ix_rollup_daily_${mirror}`,
    // (a family without a leading dimension, customer, is read by day range: its index leads with the day)
    columns: ['tenant_id', 'family', ...keys([lead ?? null]), 'day', ...keys(rest)],
    families: hasWeeks(mirror) ? [stored, weekFamily(stored)] : [stored],
  };
});

/** The statements of migration 20 on PostgreSQL (rollup_daily's row-level security is not forced on the owner meanwhile). */
export function mirrorFamiliesSql(): string {
  // every column of the row: the keys put in the stored family's order, the metrics as they are
  const columns = ROLLUP_DAILY.columns.map((c) => c.name);
  const moves = (Object.entries(PG_MIRRORS) as [MirroredFamily, DailyFamily][])
    .filter(([mirror, stored]) => hasWeeks(mirror) && !hasWeeks(stored))
    .map(([mirror, stored]) => {
      const value = (c: string) => {
        if (c === 'family') return `'${weekFamily(stored)}'`;
        const i = (KEY_COLUMNS as readonly string[]).indexOf(c);
        if (i < 0) return c;
        const dim = dimsOf(stored)[i];
        return dim ? ownColumns(mirror)[dim]! : `''`;
      };
      return `INSERT INTO ${ROLLUP_DAILY.name} (${columns.join(', ')})
SELECT ${columns.map(value).join(', ')} FROM ${ROLLUP_DAILY.name} WHERE family = '${weekFamily(mirror)}';`;
    });
  const gone = Object.keys(PG_MIRRORS).flatMap((m) => [m, weekFamily(m)]).map((f) => `'${f}'`).join(', ');
  return [
    `ALTER TABLE ${ROLLUP_DAILY.name} NO FORCE ROW LEVEL SECURITY;`,
    ...moves,
    `DELETE FROM ${ROLLUP_DAILY.name} WHERE family IN (${gone});`,
    ...MIRROR_INDEXES.map((ix) => `CREATE INDEX ${ix.name} ON ${ROLLUP_DAILY.name} (${ix.columns.join(', ')}) WHERE family IN (${ix.families.map((f) => `'${f}'`).join(', ')});`),
    `ALTER TABLE ${ROLLUP_DAILY.name} FORCE ROW LEVEL SECURITY;`,
  ].join('\n');
}
