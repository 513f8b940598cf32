/**
 * Runs every example of examples/ (through the built package, as a user would import it) against the mock OpenAI
 * server and a fake collector, and checks the attribution of what each one sent.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { startMockOpenAI, type MockOpenAI } from '@llmobserve/mock-providers';
import { startFakeCollector, type FakeCollector } from './helpers/fake-collector.js';
import { run as expressSaas } from '../../../examples/express-saas.js';
import { run as nextjsRoute } from '../../../examples/nextjs-route.js';
import { run as multiTenant } from '../../../examples/multi-tenant.js';
import { run as queueWorker } from '../../../examples/queue-worker.js';

let mock: MockOpenAI;
let collector: FakeCollector;
before(async () => {
  mock = await startMockOpenAI();
  collector = await startFakeCollector();
});
beforeEach(() => {
  collector.events.length = 0;
});
after(async () => {
  await Promise.all([mock.close(), collector.close()]);
});
const opts = () => ({ collectorUrl: collector.url, openaiBaseURL: mock.baseURL });

test('express-saas: each request is its own run, billed to the authenticated customer', async () => {
  await expressSaas(opts());
  const llm = collector.events.filter((e) => e.span_type === 'llm');
  assert.equal(llm.length, 3);
  assert.deepEqual(llm.map((e) => e.customer_id).sort(), ['cust_alice', 'cust_alice', 'cust_bob']);
  assert.equal(new Set(llm.map((e) => e.run_id)).size, 3);
  for (const e of llm) {
    assert.equal(e.section, 'support_chat');
    const sec = collector.events.find((s) => s.span_id === e.parent_span_id)!;
    assert.equal(sec.customer_id, e.customer_id);
    assert.equal(sec.run_id, e.run_id);
  }
});

test('nextjs-route: the route handler attributes the customer and delivers through waitUntil', async () => {
  const out = await nextjsRoute(opts());
  assert.deepEqual(out, { status: 200, delivered: [true] });
  const llm = collector.events.filter((e) => e.span_type === 'llm');
  assert.equal(llm.length, 1);
  assert.equal(llm[0]!.customer_id, 'cust_next');
  assert.equal(llm[0]!.section_path, 'chat');
});

test('multi-tenant: every event goes to its own tenant and customer', async () => {
  await multiTenant(opts());
  const llm = collector.events.filter((e) => e.span_type === 'llm');
  assert.deepEqual(llm.map((e) => `${e.tenant_id}/${e.customer_id}`).sort(), [
    'acme_corp/acme_user_1',
    'acme_corp/acme_user_2',
    'globex/globex_user_1',
  ]);
});

test('queue-worker: the job continues the request run, under the enqueuing section', async () => {
  const { runId } = await queueWorker(opts());
  const events = collector.events.filter((e) => e.run_id === runId);
  assert.equal(events.length, 4); // upload section + its call, the job section + its call
  const upload = events.find((e) => e.span_type === 'section' && e.section === 'upload')!;
  const job = events.find((e) => e.span_type === 'section' && e.section === 'summarize_job')!;
  assert.equal(job.parent_span_id, upload.span_id);
  assert.equal(job.section_path, 'upload/summarize_job');
  const jobCall = events.find((e) => e.span_type === 'llm' && e.section === 'summarize_job')!;
  assert.equal(jobCall.parent_span_id, job.span_id);
  assert.ok(events.every((e) => e.customer_id === 'cust_queue'));
});
