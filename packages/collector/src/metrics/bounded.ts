/**
 * Label values kept bounded: the first `max` distinct values are kept as they are, every later one is counted as
 * `other`. Free-form values (customer ids, open mode's tenants, model names) can never grow the series count.
 */
export const OTHER = 'other';

export class BoundedValues {
  private readonly seen = new Set<string>();
  constructor(readonly max: number) {}

  admit(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.max) return OTHER;
    this.seen.add(value);
    return value;
  }

  get size(): number {
    return this.seen.size;
  }
}
