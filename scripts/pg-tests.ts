/**
 * Which test files run on which storage, said by each file itself: a tag line at its top, before the first import,
 *
 *     // @storage sqlite,postgres      (runs in the SQLite pass and again in the PostgreSQL pass of `npm test`)
 *     // @storage sqlite               (SQLite only: reads the SQLite file directly, or needs no PostgreSQL)
 *
 * `npm test` runs every test file once (SQLite) and then the files tagged `postgres` again with
 * LLMOBSERVE_TEST_STORAGE=postgres. A file with no tag runs in the SQLite pass only; a file that starts a collector
 * (or a PostgreSQL database) must say where it runs, so `--check` fails on such a file without a tag.
 *
 *   node --import tsx scripts/pg-tests.ts           prints the files of the PostgreSQL pass, one per line
 *   node --import tsx scripts/pg-tests.ts --check   exits 1 naming files that start a collector without a tag, or
 *                                                   whose tag is malformed
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Storage = 'sqlite' | 'postgres';
const STORAGES: readonly Storage[] = ['sqlite', 'postgres'];
const TAG_RE = /^\/\/ @storage (.*)$/;

/** The storages a file's tag names; null without a tag; a string (the problem) when the tag is malformed. */
export function storageTag(text: string): Storage[] | null | string {
  for (const line of text.split('\n')) {
    if (/^\s*(import|export)\b/.test(line)) break; // the tag sits above the code
    const m = TAG_RE.exec(line.trimEnd());
    if (!m) continue;
    const names = m[1]!.split(',').map((s) => s.trim());
    const bad = names.filter((n) => !STORAGES.includes(n as Storage));
    if (bad.length > 0 || names.length === 0) return `unknown storage ${JSON.stringify(bad.join(','))} (use ${STORAGES.join(', ')})`;
    return names as Storage[];
  }
  return null;
}

/**
 * Whether a test file starts a collector process or a PostgreSQL database: it calls the helpers that do
 * (packages/collector/test/helpers/collector.ts, sdk's collector-process.ts and provider-e2e.ts) or runs the CLI.
 */
export function startsCollector(text: string): boolean {
  return /\b(startCollector|startCollectorProcess|providerE2E|collectorCli|freshDb|freshPostgresDb|createDatabase)\s*\(|\b(COLLECTOR_)?CLI\b\s*,|helpers\/postgres\.js/.test(text);
}

/** The test files of `npm test`: packages/<name>/test/*.test.ts. */
export function testFiles(root: string): string[] {
  const out: string[] = [];
  for (const pkg of readdirSync(join(root, 'packages')).sort()) {
    let names: string[];
    try {
      names = readdirSync(join(root, 'packages', pkg, 'test'));
    } catch {
      continue;
    }
    for (const n of names.sort()) if (n.endsWith('.test.ts')) out.push(join('packages', pkg, 'test', n));
  }
  return out;
}

export interface Selection {
  postgres: string[];
  problems: string[];
}

export function selectTests(root: string): Selection {
  const sel: Selection = { postgres: [], problems: [] };
  for (const file of testFiles(root)) {
    const text = readFileSync(join(root, file), 'utf8');
    const tag = storageTag(text);
    if (typeof tag === 'string') sel.problems.push(`${file}: ${tag}`);
    else if (tag === null) {
      if (startsCollector(text)) sel.problems.push(`${file}: starts a collector but has no "// @storage sqlite" or "// @storage sqlite,postgres" line at its top`);
    } else if (tag.includes('postgres')) sel.postgres.push(file);
  }
  return sel;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const sel = selectTests(root);
  if (process.argv.includes('--check')) {
    if (sel.problems.length > 0) {
      process.stderr.write(`test storage tags (scripts/pg-tests.ts):\n${sel.problems.map((p) => `  ${p}`).join('\n')}\n`);
      process.exit(1);
    }
    process.stdout.write(`test storage tags: ok (${sel.postgres.length} file(s) in the PostgreSQL pass)\n`);
  } else {
    if (sel.postgres.length === 0) {
      process.stderr.write('no test file is tagged "// @storage ...,postgres"\n');
      process.exit(1);
    }
    process.stdout.write(sel.postgres.map((f) => relative(root, join(root, f))).join('\n') + '\n');
  }
}
