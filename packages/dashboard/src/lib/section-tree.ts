/** Cost by section path as a tree (pure): `a/b/c` nests under `a/b` under `a`; each node rolls up its subtree. */
import type { SectionRow } from '../api/types';

export interface SectionNode {
  name: string;
  /** Full path; "" for events outside any section. */
  path: string;
  own_cost_usd: number;
  own_calls: number;
  cost_usd: number;
  calls: number;
  unpriced_calls: number;
  children: SectionNode[];
}

export const NO_SECTION = '(no section)';

export function buildSectionTree(rows: SectionRow[]): SectionNode[] {
  const roots: SectionNode[] = [];
  const byPath = new Map<string, SectionNode>();
  const node = (path: string, name: string, siblings: SectionNode[]): SectionNode => {
    let n = byPath.get(path);
    if (!n) {
      n = { name, path, own_cost_usd: 0, own_calls: 0, cost_usd: 0, calls: 0, unpriced_calls: 0, children: [] };
      byPath.set(path, n);
      siblings.push(n);
    }
    return n;
  };
  for (const r of rows) {
    if (!r.section_path) {
      const n = node('', NO_SECTION, roots);
      n.own_cost_usd += r.cost_usd;
      n.own_calls += r.calls;
      n.cost_usd += r.cost_usd;
      n.calls += r.calls;
      n.unpriced_calls += r.unpriced_calls;
      continue;
    }
    const parts = r.section_path.split('/');
    let siblings = roots;
    let n: SectionNode | undefined;
    for (let i = 0; i < parts.length; i++) {
      n = node(parts.slice(0, i + 1).join('/'), parts[i]!, siblings);
      n.cost_usd += r.cost_usd;
      n.calls += r.calls;
      n.unpriced_calls += r.unpriced_calls;
      siblings = n.children;
    }
    n!.own_cost_usd += r.cost_usd;
    n!.own_calls += r.calls;
  }
  const sort = (list: SectionNode[]) => {
    list.sort((a, b) => b.cost_usd - a.cost_usd || b.calls - a.calls || a.name.localeCompare(b.name));
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}
