/** The transport's parts on their own: batch building, the response -> outcome policy, the dropped-events count. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TraceEvent } from '@llmobserve/shared';
import { log } from '../src/log.js';
import { batchesOf, halves, type Batch, type SegmentRef } from '../src/transport/batch.js';
import { DROPPED_HEADER, Drops } from '../src/transport/drops.js';
import { responseOutcome } from '../src/transport/outcome.js';
import { emptyStats } from '../src/transport/stats.js';

const ev = (i: number, tenant = 'default_tenant'): TraceEvent => ({ span_id: `span-${i}`, tenant_id: tenant });
const batch = (events: TraceEvent[], apiKey: string | null = 'k'): Batch => ({ events, apiKey, attempts: 0, minSeq: 0 });
const answer = (status: number, body: unknown = '', headers: Record<string, string> = {}) => ({
  status,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

function quietLog(): () => void {
  const warnings: string[] = [];
  log.configure({ warn: (m) => warnings.push(m) }, false);
  return () => log.configure({ warn: () => {} }, false);
}

describe('batches', () => {
  it('one batch with the default key without tenantApiKeys; else one per key, in order of first event', () => {
    const events = [ev(0, 'a'), ev(1, 'b'), ev(2, 'a'), ev(3, 'c')];
    const none = batchesOf(events, { apiKey: 'dflt', tenantApiKeys: new Map() }, 7);
    assert.deepEqual(none.map((b) => [b.apiKey, b.events.length, b.minSeq]), [['dflt', 4, 7]]);
    const keyed = batchesOf(events, { apiKey: 'dflt', tenantApiKeys: new Map([['a', 'ka'], ['b', 'kb']]) }, 7);
    assert.deepEqual(
      keyed.map((b) => [b.apiKey, b.events.map((e) => e.span_id)]),
      [['ka', ['span-0', 'span-2']], ['kb', ['span-1']], ['dflt', ['span-3']]],
    );
    assert.ok(keyed.every((b) => b.segment === undefined && b.attempts === 0));
  });

  it('halves of a replayed batch keep its segment open until both are settled', () => {
    const ref = { seg: { file: 'f', name: 'n', events: [] }, open: 1 } satisfies SegmentRef;
    const [a, b] = halves({ ...batch([ev(0), ev(1), ev(2)]), segment: ref });
    assert.deepEqual([a.events.length, b.events.length], [2, 1]);
    assert.equal(a.segment, ref);
    assert.equal(ref.open, 2);
  });
});

describe('response -> outcome', () => {
  it('2xx counts accepted, duplicates and per-event rejections; an unexpected body counts all accepted', () => {
    const restore = quietLog();
    const s = emptyStats();
    const b = batch([ev(0), ev(1), ev(2)]);
    assert.deepEqual(responseOutcome(b, answer(200, { accepted: 1, duplicates: 1, rejected: [{ message: 'bad' }] }), s, new Map()), { kind: 'done' });
    assert.deepEqual([s.accepted, s.duplicates, s.rejected], [1, 1, 1]);
    assert.match(s.lastError ?? '', /rejected 1 event\(s\): bad/);
    responseOutcome(b, answer(202, 'ok'), s, new Map());
    assert.equal(s.accepted, 4);
    restore();
  });

  it('413 splits a batch, drops a single event; 429/5xx retry (Retry-After honoured); other 4xx refuse', () => {
    const restore = quietLog();
    const s = emptyStats();
    assert.deepEqual(responseOutcome(batch([ev(0), ev(1)]), answer(413), s, new Map()), { kind: 'split' });
    assert.deepEqual(responseOutcome(batch([ev(0)]), answer(413), s, new Map()), { kind: 'done' });
    assert.equal(s.rejected, 1);
    assert.deepEqual(responseOutcome(batch([ev(0)]), answer(503, '', { 'retry-after': '2' }), s, new Map()), {
      kind: 'retry',
      delayMs: 2000,
      honoured: true,
    });
    const r = responseOutcome(batch([ev(0)]), answer(429), s, new Map());
    assert.equal(r.kind === 'retry' && !r.honoured, true);
    assert.deepEqual(responseOutcome(batch([ev(0), ev(1)]), answer(400, { error: { code: 'x', message: 'nope' } }), s, new Map()), { kind: 'done' });
    assert.equal(s.rejected, 3);
    assert.equal(s.lastError, 'HTTP 400: nope');
    restore();
  });

  it('401 names the tenant missing from tenantApiKeys', () => {
    const restore = quietLog();
    const s = emptyStats();
    responseOutcome(batch([ev(0, 'acme')], 'dflt'), answer(401), s, new Map([['other', 'ko']]));
    assert.match(s.lastError ?? '', /tenant "acme" is not in tenantApiKeys, so the default apiKey was sent for it/);
    restore();
  });
});

describe('dropped-events count (x-llmobserve-dropped)', () => {
  it('is carried by every request until one carrying it is acknowledged, later drops added', () => {
    const restore = quietLog();
    const s = emptyStats();
    const d = new Drops(s, () => 5);
    assert.deepEqual(d.report(), { headers: {}, reported: 0 });
    d.count(0);
    d.count(3);
    const first = d.report();
    assert.deepEqual(first, { headers: { [DROPPED_HEADER]: '3' }, reported: 3 });
    // that request failed (not acknowledged): the next one carries it again, with the drops since
    d.count(2);
    const second = d.report();
    assert.equal(second.headers[DROPPED_HEADER], '5');
    // a drop while the acknowledged request was in flight stays to be reported
    d.count(1);
    d.acknowledged(second.reported);
    assert.deepEqual(d.report().headers, { [DROPPED_HEADER]: '1' });
    assert.equal(s.dropped, 6);
    assert.equal(s.lastError, 'queue full (maxQueueSize=5): events dropped');
    restore();
  });
});
