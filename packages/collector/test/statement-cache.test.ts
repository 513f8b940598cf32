import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { StatementCache } from '../src/storage/sqlite/statement-cache.js';

test('the prepared-statement cache stays bounded, keeps what is used and evicts the least recently used', () => {
  const db = new Database(':memory:');
  const cache = new StatementCache(3);
  let prepared = 0;
  const get = (sql: string) => cache.get(sql, () => (prepared++, db.prepare(sql)));
  const one = get('SELECT 1');
  get('SELECT 2');
  get('SELECT 3');
  assert.equal(get('SELECT 1'), one, 'a hit returns the same statement');
  assert.equal(prepared, 3);
  // a page of customers per IN-list length: many distinct texts
  for (let n = 1; n <= 50; n++) get(`SELECT 1 WHERE 1 IN (${Array.from({ length: n }, () => '1').join(', ')})`);
  assert.equal(cache.size, 3, 'never more than max');
  get('SELECT 2');
  assert.equal(prepared, 54, 'an evicted statement is prepared again');
  const again = get('SELECT 2');
  assert.equal(get('SELECT 2'), again);
  db.close();
});
