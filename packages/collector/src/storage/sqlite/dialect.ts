/** SQLite's dialect for the shared statement builders (segment-sql.ts and the others): positional `?`. */
import type { Dialect } from '../segment-sql.js';

/** A plain LEFT JOIN: SQLite looks the key up for each outer row. */
const joinByKey = (table: string, alias: string, _columns: string, on: string) => `LEFT JOIN ${table} ${alias} ON ${on}`;
const joinByKeys = (table: string, alias: string, columns: string, where: string, key: string, outerKey: string) =>
  joinByKey(table, alias, columns, `${where} AND ${alias}.${key} = ${outerKey}`);
/** Section filter: the label (or label path) appears in the section path as whole segments. */
export const sectionMatch = (column: string, ph: string) => `instr('/' || COALESCE(${column}, '') || '/', '/' || ${ph} || '/') > 0`;

/** SQLite's dialect for one statement: positional `?`, values collected in order. */
export function sqliteDialect(): { dialect: Dialect; params: unknown[] } {
  const params: unknown[] = [];
  return { params, dialect: { name: 'sqlite', param: (v) => (params.push(v), '?'), int: (ph) => ph, sectionMatch, joinByKey, joinByKeys } };
}
