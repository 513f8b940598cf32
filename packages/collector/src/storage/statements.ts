/**
 * The write statements of both adapters, built from the column catalogue (storage/columns.ts): the event insert and
 * the rollup and run upserts. SQLite inserts one row per statement (VALUES); PostgreSQL a whole group of rows per
 * statement through unnest of column-wise arrays. The conflict merges are the same in both.
 */
import { SQL_TYPES, written, type Column, type DialectName, type Table } from './columns.js';

/** What folds the new row (`excluded`) into the stored one, per merge kind. */
function mergeSql(t: Table, c: Column, dialect: DialectName): string {
  const [old, neu] = [`${t.name}.${c.name}`, `excluded.${c.name}`];
  const earlier = `excluded.top_section_at IS NOT NULL AND (${t.name}.top_section_at IS NULL OR excluded.top_section_at < ${t.name}.top_section_at)`;
  switch (c.merge) {
    case 'sum': return `${old} + ${neu}`;
    case 'min': return dialect === 'sqlite' ? `min(${old}, ${neu})` : `LEAST(${old}, ${neu})`;
    case 'max': return dialect === 'sqlite' ? `max(${old}, ${neu})` : `GREATEST(${old}, ${neu})`;
    case 'first': return `COALESCE(${old}, ${neu})`;
    case 'earliest_section': return `CASE WHEN ${earlier} THEN ${neu} ELSE ${old} END`;
    case 'key': throw new Error(`${t.name}.${c.name} is a key`);
  }
}

/** Column-wise arrays through unnest: one statement, one round trip, for a whole group of rows. */
const unnestOf = (types: string[], first: number) => `unnest(${types.map((t, i) => `$${first + i}::${t}[]`).join(', ')})`;

function source(t: Table, dialect: DialectName): { columns: string; rows: string } {
  const cols = written(t);
  const rows = dialect === 'sqlite'
    ? `VALUES (${cols.map(() => '?').join(', ')})`
    : `SELECT $1, u.* FROM ${unnestOf(cols.slice(1).map((c) => SQL_TYPES[c.kind].postgres), 2)} AS u`;
  return { columns: cols.map((c) => c.name).join(', '), rows };
}

/** Inserts the rows not yet stored (by the conflict target); PostgreSQL returns the span ids it inserted. */
export function insertSql(t: Table, dialect: DialectName, returning?: string): string {
  const { columns, rows } = source(t, dialect);
  return `INSERT INTO ${t.name} (${columns})\n${rows}\nON CONFLICT (${t.conflict.join(', ')}) DO NOTHING${returning ? `\nRETURNING ${returning}` : ''}`;
}

/** Inserts or folds into the stored row by each column's merge. */
export function upsertSql(t: Table, dialect: DialectName): string {
  return upsertFromSql(t, dialect, source(t, dialect).rows);
}

/** The same upsert with the rows of a query (its columns in the table's written order; it must have a WHERE). */
export function upsertFromSql(t: Table, dialect: DialectName, rows: string): string {
  const set = written(t).filter((c) => c.merge !== 'key').map((c) => `${c.name} = ${mergeSql(t, c, dialect)}`);
  return `INSERT INTO ${t.name} (${source(t, dialect).columns})\n${rows}\nON CONFLICT (${t.conflict.join(', ')}) DO UPDATE SET\n  ${set.join(',\n  ')}`;
}
