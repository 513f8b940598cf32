// @storage sqlite,postgres
/**
 * The column-wise statements' text arrays (storage/postgres/text-array.ts) against node-postgres's own encoding of an
 * array parameter (pg/lib/utils.js prepareValue): the same text for every kind of element the encoders produce, the
 * array itself handed back for any other element; and, in the PostgreSQL pass, the same values read back from the
 * server for every column type the ingest statements cast to.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
// node-postgres's encoder of parameters (exported subpath pg/lib/*)
import pgUtils from 'pg/lib/utils.js';
import { textArray, textColumns } from '../src/storage/postgres/text-array.js';
import { only } from './helpers/collector.js';
import { pgUrl } from './helpers/postgres.js';

const prepareValue = (pgUtils as { prepareValue: (v: unknown) => unknown }).prepareValue;
const id = (v: unknown) => v;

const STRINGS = ['', 'plain', 'with "quotes"', 'back\\slash', '\\"both\\"', 'NULL', 'null', '{braces}', 'a,b', ' spaced ', 'tab\tnew\nline',
  'ünïcødé ✓ 🚀', "o'brien", 'trailing\\'];
const NUMBERS = [0, -0, 1, -1, 42.5, 1e-7, 123_456_789_012, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 0.1 + 0.2];

describe('text arrays of the ingest statements', () => {
  it('build the text node-postgres builds, for strings, numbers, booleans, bigints and nulls', () => {
    const columns: unknown[][] = [STRINGS, NUMBERS, [true, false, true], [1n, -2n, 9_007_199_254_740_993n], [null, undefined, 'x', null, 3],
      [], ['only'], [null]];
    for (const values of columns) assert.equal(textArray(values, id), prepareValue(values), JSON.stringify(values, (_, v) => (typeof v === 'bigint' ? `${v}n` : v)));
  });

  it('apply the encoder to each row, and hand any other element to node-postgres as the array itself', () => {
    const rows = [{ a: 'x"y', n: 1 }, { a: null, n: 2 }];
    assert.deepEqual(textColumns([(r: (typeof rows)[number]) => r.a, (r) => r.n * 10], rows), ['{"x\\"y",NULL}', '{"10","20"}']);
    const when = new Date(0);
    assert.deepEqual(textArray([1, when], id), [1, when]);
    assert.deepEqual(textArray([[1, 2], [3]], id), [[1, 2], [3]]);
    assert.deepEqual(textArray([{ k: 1 }], id), [{ k: 1 }]);
  });

  it('read back as the same values from PostgreSQL, for each type the statements cast to', { skip: only('postgres') }, async () => {
    const client = new pg.Client({ connectionString: pgUrl({}) });
    await client.connect();
    try {
      const cases: [string, unknown[], (v: unknown) => unknown][] = [
        ['text', [...STRINGS, null], id],
        ['bigint', [0, -1, 123_456_789_012, Number.MAX_SAFE_INTEGER, null], (v) => (v === null ? null : String(v))],
        ['float8', [0, 42.5, 1e-7, 0.1 + 0.2, -3, null], id],
        ['boolean', [true, false, null], id],
      ];
      for (const [type, values, expect] of cases) {
        const r = await client.query(`SELECT $1::${type}[] AS ours, $2::${type}[] AS theirs`, [textArray(values, id), values]);
        assert.deepEqual(r.rows[0].ours, values.map(expect), type);
        assert.deepEqual(r.rows[0].ours, r.rows[0].theirs, type);
      }
    } finally {
      await client.end();
    }
  });
});
