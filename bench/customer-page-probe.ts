/**
 * In-process probe of one read: the storage's customerPage of each customer window (all, 7d, 30d, 90d), both sorts,
 * the first page and page 4 (100 rows), answered from the window (storage/customer-windows.ts) and forced to the
 * rollups (customerPageSql) — median of 5 after a warm-up, ms. For a database built by bench/reads.ts:
 *
 *   node --import tsx bench/customer-page-probe.ts /tmp/llmo-bench-reads-200k.sqlite
 *
 * The windows must be today's (bench/reads.ts builds them); a stale one is answered by the rollups in both columns.
 */
import { SqliteStorage } from '../packages/collector/dist/storage/sqlite/sqlite-storage.js';

const file = process.argv[2];
if (!file) throw new Error('usage: node --import tsx bench/customer-page-probe.ts FILE');
const storage = new SqliteStorage(file, { writerThread: false });
// (the 5th argument is the adapters' internal option, not part of the TenantStore interface)
const store = storage.forTenant('default_tenant') as unknown as {
  customerPage(f: object, sort: 'cost' | 'calls', limit: number, offset: number, opts: { windows: boolean }): Promise<unknown>;
};
const DAY = 86_400_000;
const today = Math.floor(Date.now() / DAY) * DAY;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ranges = [['all', {}], ['7d', { from: today - 6 * DAY }], ['30d', { from: today - 29 * DAY }], ['90d', { from: today - 89 * DAY }]] as const;
console.log('| window, sort, page | window | rollups |\n| --- | ---: | ---: |');
for (const [name, f] of ranges) {
  for (const sort of ['cost', 'calls'] as const) {
    for (const offset of [0, 300]) {
      const cells: string[] = [];
      for (const windows of [true, false]) {
        const read = () => store.customerPage(f, sort, 100, offset, { windows });
        await read();
        const xs: number[] = [];
        for (let i = 0; i < 5; i++) {
          const t = performance.now();
          await read();
          xs.push(performance.now() - t);
        }
        cells.push(median(xs).toFixed(1));
      }
      console.log(`| ${name} ${sort} 100@${offset} | ${cells.join(' | ')} |`);
    }
  }
}
await storage.close();
