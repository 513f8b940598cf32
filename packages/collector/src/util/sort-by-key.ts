/**
 * The rows in the order of their string keys (UTF-16 code units, as `<` compares), each key computed once. A
 * comparator that builds both keys on every comparison builds n·log n of them: sorting a PostgreSQL batch's delta
 * rows that way was a tenth of the collector's CPU per batch (docs/benchmarks.md). Stable, like Array.prototype.sort.
 */
export function sortByKey<T>(rows: readonly T[], key: (row: T) => string): T[] {
  const keyed = rows.map((row) => ({ k: key(row), row }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  return keyed.map((x) => x.row);
}
