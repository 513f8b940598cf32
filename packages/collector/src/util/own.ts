/**
 * Own-property lookup for records indexed by user-supplied keys: `record[key]` would also find inherited members
 * (`constructor`, `__proto__`, `toString`) and return a function where a number was expected.
 */
export function own<V>(record: Readonly<Record<string, V>> | null | undefined, key: string): V | undefined {
  return record != null && Object.hasOwn(record, key) ? record[key] : undefined;
}
