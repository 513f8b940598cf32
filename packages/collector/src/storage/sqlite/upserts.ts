/**
 * SQLite: the aggregates' upserts of a fold or a batch (rollups, runs, billing rollups), in statements of UPSERT_ROWS
 * rows (the rest one by one), every value its own argument (columns.ts rowsRunner: no parameter array for the driver
 * to read back). The rows of one call have distinct keys (they are grouped deltas) and a statement's rows are applied
 * in order: the same stored rows as one statement per delta, for fewer statement executions (docs/benchmarks.md).
 */
import type Database from 'better-sqlite3';
import { rowsRunner, written, type Table } from '../columns.js';
import { upsertFromSql, upsertSql } from '../statements.js';

export const UPSERT_ROWS = 8;

export function sqliteUpserts<R>(db: Database.Database, t: Table): (rows: readonly R[]) => void {
  const row = `(${written(t).map(() => '?').join(', ')})`;
  const many = db.prepare(upsertFromSql(t, 'sqlite', `VALUES ${Array(UPSERT_ROWS).fill(row).join(',\n')}`));
  const one = db.prepare(upsertSql(t, 'sqlite'));
  const runMany = rowsRunner<R>(t, 'sqlite', UPSERT_ROWS);
  const runOne = rowsRunner<R>(t, 'sqlite', 1);
  return (rows) => {
    let i = 0;
    for (; i + UPSERT_ROWS <= rows.length; i += UPSERT_ROWS) runMany(many, rows, i);
    for (; i < rows.length; i++) runOne(one, rows, i);
  };
}
