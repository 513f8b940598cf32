/**
 * Prepared statements by SQL text, at most `max` of them: some reads' text varies with a list's length
 * (`customer_id IN (?, ?, …)` for a page of customers), so an unbounded cache would grow with every distinct length
 * ever asked for. Least recently used out first (a Map keeps insertion order; a hit moves its entry to the end).
 */
import type Database from 'better-sqlite3';

export class StatementCache {
  private readonly entries = new Map<string, Database.Statement>();

  constructor(private readonly max = 500) {}

  get(key: string, prepare: () => Database.Statement): Database.Statement {
    let s = this.entries.get(key);
    if (s !== undefined) {
      this.entries.delete(key);
    } else {
      s = prepare();
      if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(key, s);
    return s;
  }

  get size(): number {
    return this.entries.size;
  }
}
