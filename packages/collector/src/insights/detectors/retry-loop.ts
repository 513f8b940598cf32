/**
 * retry_loop, three patterns over the minute signals of the last `windowMs`:
 * - identical_calls: the same customer + provider + model + section sending calls of one input size, in
 *   consecutive minutes (a minute row whose smallest and largest input are equal), at least `minRepeats` of them;
 * - sdk_retries: one client call (the SDK's `metadata.operation_id`) attempted at least `minAttempts` times;
 * - error_storm: a minute with at least `stormErrors` failed calls (429, 5xx, timeouts) making at least `stormShare`
 *   of a customer + provider + model's calls.
 * One finding per scope. At stake: the cost of every repeat beyond the first of a loop (all attempts but the first
 * of an operation; every call of a storm minute), over the window, scaled to 30 days.
 */
import { nanosToUsd } from '@llmobserve/shared';
import type { FindingInput } from '../../storage/insights/types.js';
import { severityOf, type DetectorConfig } from '../config.js';
import type { MinuteRow } from '../series.js';
import { groupBy, scopeOf, scale } from './stats.js';

const DAY = 86_400_000;
const MINUTE = 60_000;

interface Acc {
  scope: { customer_id: string; provider: string; model: string; section_path: string };
  pattern: Set<string>;
  repeats: number;
  loops: number;
  operations: number;
  max_attempts: number;
  storm_minutes: number;
  errors: number;
  excess: number;
  from: number;
  to: number;
}

export function detectRetryLoops(rows: readonly MinuteRow[], cfg: DetectorConfig['retry']): FindingInput[] {
  const acc = new Map<string, Acc>();
  const at = (scope: Acc['scope']) => {
    const key = [scope.customer_id, scope.provider, scope.model, scope.section_path].join('\u001f');
    let a = acc.get(key);
    if (!a) acc.set(key, (a = { scope, pattern: new Set(), repeats: 0, loops: 0, operations: 0, max_attempts: 0, storm_minutes: 0, errors: 0, excess: 0, from: Infinity, to: -Infinity }));
    return a;
  };
  const scope4 = (r: MinuteRow) => ({ customer_id: r.customer_id, provider: r.provider, model: r.model, section_path: r.section_path });
  const all = rows.filter((r) => r.operation_id === '');

  // identical calls: runs of consecutive minutes with one input size
  const same = groupBy(all.filter((r) => r.min_input === r.max_input), (r) => [r.customer_id, r.provider, r.model, r.section_path, r.min_input].join('\u001f'));
  for (const group of same.values()) {
    group.sort((a, b) => a.minute - b.minute);
    let run: MinuteRow[] = [];
    const flush = () => {
      const calls = run.reduce((t, r) => t + r.calls, 0);
      if (calls >= cfg.minRepeats) {
        const a = at(scope4(run[0]!));
        const cost = run.reduce((t, r) => t + r.cost_nanos, 0);
        a.pattern.add('identical_calls');
        a.repeats += calls - 1;
        a.loops += 1;
        a.excess += cost - scale(cost, 1, calls);
        a.from = Math.min(a.from, ...run.map((r) => r.first_at));
        a.to = Math.max(a.to, ...run.map((r) => r.last_at + 1));
      }
      run = [];
    };
    for (const r of group) {
      if (run.length > 0 && r.minute - run[run.length - 1]!.minute > MINUTE) flush();
      run.push(r);
    }
    flush();
  }

  // SDK retries of one operation
  for (const ops of groupBy(rows.filter((r) => r.operation_id !== ''), (r) => `${r.customer_id}\u001f${r.operation_id}`).values()) {
    const attempts = Math.max(...ops.map((r) => r.max_attempt)) + 1;
    if (attempts < cfg.minAttempts) continue;
    const a = at(scope4(ops[0]!));
    a.pattern.add('sdk_retries');
    a.operations += 1;
    a.max_attempts = Math.max(a.max_attempts, attempts);
    a.excess += ops.reduce((t, r) => t + r.cost_nanos, 0);
    a.from = Math.min(a.from, ...ops.map((r) => r.first_at));
    a.to = Math.max(a.to, ...ops.map((r) => r.last_at + 1));
  }

  // error storms per customer + provider + model and minute
  for (const minute of groupBy(all, (r) => `${r.customer_id}\u001f${r.provider}\u001f${r.model}\u001f${r.minute}`).values()) {
    const calls = minute.reduce((t, r) => t + r.calls, 0);
    const errors = minute.reduce((t, r) => t + r.error_calls, 0);
    if (errors < cfg.stormErrors || errors < cfg.stormShare * calls) continue;
    const a = at({ ...scope4(minute[0]!), section_path: '' });
    a.pattern.add('error_storm');
    a.storm_minutes += 1;
    a.errors += errors;
    a.excess += minute.reduce((t, r) => t + r.cost_nanos, 0);
    a.from = Math.min(a.from, ...minute.map((r) => r.first_at));
    a.to = Math.max(a.to, ...minute.map((r) => r.last_at + 1));
  }

  return [...acc.values()].map((a) => {
    const monthly = scale(a.excess, 30 * DAY, cfg.windowMs);
    const patterns = [...a.pattern].sort();
    const who = [a.scope.customer_id && `customer ${a.scope.customer_id}`, a.scope.section_path && `section ${a.scope.section_path}`, a.scope.model].filter(Boolean).join(', ');
    const what = patterns.includes('error_storm') && patterns.length === 1
      ? `${a.errors} failed calls in ${a.storm_minutes} minute(s)`
      : patterns.includes('identical_calls') ? `${a.repeats} repeated identical calls` : `operations retried up to ${a.max_attempts} times`;
    return {
      kind: 'retry_loop' as const,
      scope: scopeOf(a.scope),
      severity: severityOf(monthly),
      title: `Retry loop: ${what} (${who || 'unattributed'})`,
      evidence: {
        patterns, repeated_calls: a.repeats, loops: a.loops, retried_operations: a.operations, max_attempts: a.max_attempts,
        storm_minutes: a.storm_minutes, failed_calls: a.errors, wasted_usd: nanosToUsd(a.excess),
        from: new Date(a.from).toISOString(), to: new Date(a.to).toISOString(),
      },
      window_from: a.from,
      window_to: a.to,
      at_stake_nanos: monthly,
    };
  });
}
