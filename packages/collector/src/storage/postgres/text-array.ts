/**
 * A batch's columns as PostgreSQL text array literals, for the column-wise statements of the ingest transaction
 * (`unnest($2::text[], …)`): the same text node-postgres builds for an array parameter (pg/lib/utils.js
 * arrayString: every element quoted, `\` and `"` escaped, NULL for null and undefined), built without its generic
 * per-element dispatch and its two regular-expression replaces of every element: encoding a 500-event batch's
 * arrays was about a fifth of the collector's CPU per batch on PostgreSQL (docs/benchmarks.md). An element that
 * is not a string, number, boolean or bigint (a Date, a Buffer, a nested array, an object) leaves the whole column
 * to node-postgres. test/pg-text-array.test.ts compares the two.
 */

const quoted = (s: string) => (s.includes('\\') || s.includes('"') ? `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : `"${s}"`);

/** One column: `encode` of every row, as node-postgres would send the array of them. */
export function textArray<R>(rows: readonly R[], encode: (row: R) => unknown): unknown {
  let out = '{';
  for (let i = 0; i < rows.length; i++) {
    const v = encode(rows[i]!);
    if (i > 0) out += ',';
    if (v === null || v === undefined) out += 'NULL';
    else if (typeof v === 'string') out += quoted(v);
    // (their text has neither a quote nor a backslash)
    else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') out += `"${String(v)}"`;
    else return rows.map(encode);
  }
  return `${out}}`;
}

/** Each encoder's column of `rows` (the parameters after the tenant of a column-wise statement). */
export const textColumns = <R>(encoders: readonly ((row: R) => unknown)[], rows: readonly R[]): unknown[] => encoders.map((f) => textArray(rows, f));
