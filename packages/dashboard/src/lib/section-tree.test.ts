import { expect, it } from 'vitest';
import { metrics } from '../test-utils/mock-api';
import { buildSectionTree, NO_SECTION } from './section-tree';

it('nests section paths and rolls costs up to every ancestor', () => {
  const tree = buildSectionTree([
    { section_path: 'support_chat/agent:research/tool:search', ...metrics({ cost_usd: 0.5, calls: 2 }) },
    { section_path: 'support_chat/agent:research', ...metrics({ cost_usd: 1, calls: 3 }) },
    { section_path: 'support_chat', ...metrics({ cost_usd: 0.25, calls: 1 }) },
    { section_path: 'summarize', ...metrics({ cost_usd: 2, calls: 4 }) },
    { section_path: null, ...metrics({ cost_usd: 0.1, calls: 1 }) },
  ]);
  expect(tree.map((n) => [n.name, n.cost_usd, n.calls])).toEqual([['summarize', 2, 4], ['support_chat', 1.75, 6], [NO_SECTION, 0.1, 1]]);
  const chat = tree[1]!;
  expect(chat.own_cost_usd).toBe(0.25);
  const agent = chat.children[0]!;
  expect([agent.path, agent.cost_usd, agent.own_cost_usd]).toEqual(['support_chat/agent:research', 1.5, 1]);
  expect(agent.children.map((c) => [c.name, c.cost_usd])).toEqual([['tool:search', 0.5]]);
});
