/**
 * A queue job continues the run of the request that enqueued it. The queue is a tiny in-repo one (a JSON payload
 * per job, as BullMQ, SQS or Pub/Sub would carry it); the context travels in the payload: exportContext() when
 * enqueuing, importContext() in the worker. Between services over HTTP, use propagationHeaders() and the
 * middleware's `propagation` option instead.
 */
import OpenAI from 'openai';
import { exportContext, importContext, observe, section, shutdown, withCustomer, withRun } from '@llmobserve/sdk';
import { standalone, type ExampleOptions } from './_shared.js';

/** A minimal job queue: payloads are serialised to strings as they would be on a real broker. */
class JobQueue {
  private jobs: string[] = [];
  private waiting: Array<(job: string) => void> = [];
  add(payload: unknown): void {
    const job = JSON.stringify(payload);
    const w = this.waiting.shift();
    if (w) w(job);
    else this.jobs.push(job);
  }
  next(): Promise<string> {
    const job = this.jobs.shift();
    return job !== undefined ? Promise.resolve(job) : new Promise((r) => this.waiting.push(r));
  }
}

export async function run({ collectorUrl, openaiBaseURL }: ExampleOptions) {
  observe({ collectorUrl, providers: { [new URL(openaiBaseURL).origin]: 'openai' } });
  const openai = new OpenAI({ apiKey: 'sk-example', baseURL: openaiBaseURL });
  const queue = new JobQueue();

  // the worker (normally another process): a fresh context per job, continued from the payload
  const worker = (async () => {
    const { context, document } = JSON.parse(await queue.next()) as { context: unknown; document: string };
    await importContext(context, () =>
      section('summarize_job', () =>
        openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Summarize: ${document}` }] }),
      ),
    );
  })();

  // the web request that enqueues the job
  const runId = await withCustomer('cust_queue', () =>
    withRun(async (runId) => {
      await section('upload', async () => {
        await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'classify upload' }] });
        queue.add({ context: exportContext(), document: 'Q3 report' });
      });
      return runId;
    }),
  );
  await worker;
  await shutdown();
  return { runId };
}

standalone(import.meta.url, run);
