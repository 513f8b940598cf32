/**
 * Span tree of a run (pure): nodes linked by parent_span_id; a span whose parent is unknown (or that would close a
 * cycle) becomes a root. Each node carries its own cost and the cost rolled up over its subtree.
 */
export interface TreeInput {
  span_id: string;
  parent_span_id: string | null;
  started_at: number;
  /** integer nano-dollars */
  cost_nanos: number | null;
  cost_status: string;
}

export interface TreeNode<E extends TreeInput> {
  span_id: string;
  event: E;
  /** This span's subtree: own cost plus every descendant's (unpriced spans add nothing), integer nano-dollars. */
  total_cost_nanos: number;
  unpriced_spans: number;
  children: TreeNode<E>[];
}

export function buildSpanTree<E extends TreeInput>(events: E[]): TreeNode<E>[] {
  const nodes = new Map<string, TreeNode<E>>();
  for (const e of events) {
    if (!nodes.has(e.span_id)) nodes.set(e.span_id, { span_id: e.span_id, event: e, total_cost_nanos: 0, unpriced_spans: 0, children: [] });
  }
  const roots: TreeNode<E>[] = [];
  for (const node of nodes.values()) {
    const parentId = node.event.parent_span_id;
    const parent = parentId !== null && parentId !== node.span_id ? nodes.get(parentId) : undefined;
    if (parent && !isAncestor(node, parent, nodes)) parent.children.push(node);
    else roots.push(node);
  }
  const byStart = (a: TreeNode<E>, b: TreeNode<E>) => a.event.started_at - b.event.started_at;
  const visit = (n: TreeNode<E>): void => {
    n.children.sort(byStart);
    n.total_cost_nanos = n.event.cost_nanos ?? 0;
    n.unpriced_spans = n.event.cost_status === 'unpriced' ? 1 : 0;
    for (const c of n.children) {
      visit(c);
      n.total_cost_nanos += c.total_cost_nanos;
      n.unpriced_spans += c.unpriced_spans;
    }
  };
  roots.sort(byStart);
  for (const r of roots) visit(r);
  return roots;
}

/** True when `candidate` is `node` or lies below it (linking node under candidate would make a cycle). */
function isAncestor<E extends TreeInput>(node: TreeNode<E>, candidate: TreeNode<E>, nodes: Map<string, TreeNode<E>>): boolean {
  let cur: TreeNode<E> | undefined = candidate;
  const seen = new Set<string>();
  while (cur) {
    if (cur === node) return true;
    if (seen.has(cur.span_id)) return false;
    seen.add(cur.span_id);
    const pid: string | null = cur.event.parent_span_id;
    cur = pid !== null ? nodes.get(pid) : undefined;
  }
  return false;
}
