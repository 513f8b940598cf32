/**
 * npm run check:layers — fails (exit 1) on any import cycle or layer violation in packages/<pkg>/src.
 *
 * Imports are read with the TypeScript compiler's own pre-processor (static imports, re-exports, `import type`,
 * dynamic `import()`), type-only imports included: a type cycle is still a cycle in the design.
 *  - cycles: between files of a package (strongly connected components), and between workspace packages;
 *  - a relative import may not leave its package's src/ (packages talk through their names);
 *  - the collector's layers (LAYERS below): each top-level folder may import only the folders listed for it.
 * See docs/architecture.md for what the layers are.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** What each top-level module of packages/collector/src may import (besides itself). */
export const COLLECTOR_LAYERS: Record<string, readonly string[]> = {
  'util': [],
  'version.ts': [],
  'config.ts': [],
  'domain': ['util'],
  'storage': ['domain', 'util', 'config.ts'],
  'pricing': ['domain', 'storage', 'util', 'version.ts'],
  'auth': ['domain', 'storage', 'config.ts', 'util'],
  'ingest': ['domain', 'storage', 'pricing', 'util'],
  'schemas': ['domain', 'storage', 'util'],
  'metrics': ['domain', 'config.ts'],
  'otlp': ['domain', 'util', 'config.ts'],
  'query': ['domain', 'storage', 'auth', 'schemas', 'util'],
  'webhooks': ['domain', 'storage', 'auth', 'schemas', 'util'],
  'budgets': ['domain', 'storage', 'auth', 'schemas', 'webhooks', 'util'],
  'billing': ['domain', 'storage', 'pricing', 'auth', 'query', 'schemas', 'webhooks', 'util'],
  'insights': ['domain', 'storage', 'pricing', 'auth', 'schemas', 'query', 'webhooks', 'util', 'config.ts'],
  'server': ['domain', 'storage', 'pricing', 'auth', 'ingest', 'otlp', 'query', 'schemas', 'billing', 'insights', 'budgets', 'webhooks', 'metrics', 'util', 'config.ts', 'version.ts'],
  'cli': ['domain', 'storage', 'pricing', 'auth', 'ingest', 'otlp', 'query', 'server', 'billing', 'insights', 'budgets', 'webhooks', 'metrics', 'util', 'config.ts', 'version.ts'],
  'index.ts': ['domain', 'storage', 'pricing', 'auth', 'ingest', 'otlp', 'query', 'server', 'billing', 'budgets', 'webhooks', 'metrics', 'util', 'config.ts', 'version.ts'],
};

export interface PackageSpec {
  /** workspace package name, e.g. @llmobserve/collector */
  name: string;
  /** absolute path of the package folder */
  dir: string;
  /** allowed imports per top-level module of src/ (every module must be listed), or none to check cycles only */
  layers?: Record<string, readonly string[]>;
}

const SOURCE = /\.(ts|tsx|mts)$/;

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return SOURCE.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function resolveRelative(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  const stem = base.replace(/\.(js|mjs|jsx)$/, '');
  for (const c of [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (existsSync(c) && statSync(c).isFile() && SOURCE.test(c)) return c;
  }
  return null;
}

/** The top-level module of src/ a file belongs to: its first folder, or the file name for files directly in src/. */
const moduleOf = (src: string, file: string) => relative(src, file).split(sep)[0]!;

/** Strongly connected components of size > 1, and self-imports (Tarjan). */
export function cycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || graph.get(v)?.has(v)) out.push(scc.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  return out;
}

/** Every problem found in these packages (empty: the check passes). */
export function checkPackages(packages: PackageSpec[]): string[] {
  const problems: string[] = [];
  const names = new Set(packages.map((p) => p.name));
  const packageGraph = new Map<string, Set<string>>(packages.map((p) => [p.name, new Set<string>()]));
  for (const pkg of packages) {
    const src = join(pkg.dir, 'src');
    const graph = new Map<string, Set<string>>();
    for (const file of sourceFiles(src)) {
      const edges = new Set<string>();
      graph.set(file, edges);
      const where = relative(process.cwd(), file);
      const from = moduleOf(src, file);
      if (pkg.layers && !(from in pkg.layers)) problems.push(`${where}: module "${from}" has no layer in the rules (scripts/check-layers.ts)`);
      for (const { fileName: spec } of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
        if (!spec.startsWith('.')) {
          const bare = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
          if (names.has(bare) && bare !== pkg.name) packageGraph.get(pkg.name)!.add(bare);
          continue;
        }
        const target = resolveRelative(file, spec);
        if (target === null) {
          if (!/\.(css|svg|png|json)$/.test(spec)) problems.push(`${where}: cannot resolve "${spec}"`);
          continue;
        }
        if (relative(src, target).startsWith('..')) {
          problems.push(`${where}: "${spec}" leaves ${relative(process.cwd(), src)} (import the package by its name)`);
          continue;
        }
        edges.add(target);
        const to = moduleOf(src, target);
        if (pkg.layers && to !== from && from in pkg.layers && !pkg.layers[from]!.includes(to)) {
          problems.push(`${where}: layer "${from}" may not import "${to}" ("${spec}")`);
        }
      }
    }
    for (const scc of cycles(graph)) problems.push(`import cycle in ${pkg.name}: ${scc.map((f) => relative(process.cwd(), f)).join(' → ')}`);
  }
  for (const scc of cycles(packageGraph)) problems.push(`package cycle: ${scc.join(' → ')}`);
  return problems;
}

/** The workspace packages of the repository at `root`, with the collector's layer rules. */
export function workspacePackages(root: string): PackageSpec[] {
  const dir = join(root, 'packages');
  return readdirSync(dir)
    .filter((d) => existsSync(join(dir, d, 'package.json')))
    .map((d) => {
      const name = (JSON.parse(readFileSync(join(dir, d, 'package.json'), 'utf8')) as { name: string }).name;
      return { name, dir: join(dir, d), ...(name === '@llmobserve/collector' ? { layers: COLLECTOR_LAYERS } : {}) };
    });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const packages = workspacePackages(root);
  const problems = checkPackages(packages);
  if (problems.length > 0) {
    console.error(`check:layers: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join('\n')}`);
    process.exit(1);
  }
  console.log(`check:layers: ${packages.length} packages, no import cycle, no layer violation`);
}
