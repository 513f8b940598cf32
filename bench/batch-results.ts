/**
 * `npm run bench:batch`: reading a large OpenAI Batch output file with the official client, untracked vs tracked by
 * LLMObserve (built bundle), side by side in one run.
 *
 * Layout: the mock OpenAI server (its Files/Batch API) and a real collector each run in their own process; this
 * process is the "app". It uploads a batch of BENCH_BATCH_LINES chat requests (default 50,000, OpenAI's maximum),
 * lets the mock run it, then alternates rounds: download `files.content(output_file_id)` and parse every line (what
 * an app does with results), untracked (after shutdown()) and tracked (observe()).
 *
 * Reported per mode (median of BENCH_ROUNDS rounds, default 3): the app's time to download and parse; for tracked
 * rounds also the time until `flush()` resolved (every result's event acknowledged by the collector); for both, the
 * app's peak RSS above its level before the download (the app's own copy of the file text is in both). The first tracked round stores one event per line (checked against
 * the collector); later rounds re-read the same file and are answered as duplicates (stored once).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI, { toFile } from 'openai';
import { startCollectorProcess } from '../packages/sdk/test/helpers/collector-process.js';

const here = dirname(fileURLToPath(import.meta.url));
const LINES = Number(process.env.BENCH_BATCH_LINES ?? 50_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TENANT = 'bench_batch';

function startMock(): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', resolve(here, '../packages/mock-providers/src/cli.ts'), '--no-record'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((res, rej) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/\S+)/.exec(out);
      if (m) res({ url: m[1]!, proc });
    });
    proc.once('exit', (c) => rej(new Error(`mock exited with ${c}`)));
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const ms = (x: number) => `${Math.round(x).toLocaleString('en-US')} ms`;

async function main() {
  const sdk = await import('../packages/sdk/dist/index.js');
  const [collector, mock] = await Promise.all([startCollectorProcess(), startMock()]);
  const client = new OpenAI({ apiKey: 'sk-bench', baseURL: mock.url + '/v1', maxRetries: 0 });
  try {
    const lines = Array.from({ length: LINES }, (_, i) =>
      JSON.stringify({
        custom_id: `cust_${i % 500}:row-${i}`,
        method: 'POST',
        url: '/v1/chat/completions',
        body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Summarise document ${i} in one sentence.` }] },
      }),
    );
    const input = await client.files.create({ file: await toFile(Buffer.from(lines.join('\n') + '\n'), 'bench.jsonl'), purpose: 'batch' });
    const created = await client.batches.create({ input_file_id: input.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
    const batch = await client.batches.retrieve(created.id);
    const outputId = batch.output_file_id!;

    const read = async () => {
      const text = await (await client.files.content(outputId)).text();
      let n = 0;
      let tokens = 0;
      for (const line of text.split('\n')) {
        if (line === '') continue;
        const r = JSON.parse(line) as { response: { body: { usage: { total_tokens: number } } } };
        tokens += r.response.body.usage.total_tokens;
        n++;
      }
      if (n !== LINES || tokens <= 0) throw new Error(`read ${n} lines`);
      return text.length;
    };
    const bytes = await read(); // warm-up (untracked)

    const untracked: number[] = [];
    const tracked: number[] = [];
    const delivered: number[] = [];
    const rss: number[] = [];
    const rssUntracked: number[] = [];
    let storedFirst = -1;
    for (let round = 0; round < ROUNDS; round++) {
      for (const mode of round % 2 === 0 ? ['untracked', 'tracked'] : ['tracked', 'untracked']) {
        if (mode === 'untracked') {
          global.gc?.();
          const base = process.memoryUsage().rss;
          let peak = base;
          const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
          const t0 = performance.now();
          await read();
          untracked.push(performance.now() - t0);
          clearInterval(sampler);
          rssUntracked.push((peak - base) / 2 ** 20);
          continue;
        }
        sdk.observe({ collectorUrl: collector.url, tenantId: TENANT, providers: { [mock.url]: 'openai' }, batchCustomerId: (id: string) => id.split(':')[0] });
        global.gc?.();
        const base = process.memoryUsage().rss;
        let peak = base;
        const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
        const before = sdk.stats();
        const t0 = performance.now();
        await read();
        const t1 = performance.now();
        const ok = await sdk.flush({ timeoutMs: 300_000 });
        const t2 = performance.now();
        clearInterval(sampler);
        if (!ok) throw new Error('flush timed out');
        const after = sdk.stats();
        if (storedFirst < 0) storedFirst = after.accepted - before.accepted;
        else if (after.duplicates - before.duplicates !== LINES) throw new Error(`re-read: ${after.duplicates - before.duplicates} duplicates`);
        tracked.push(t1 - t0);
        delivered.push(t2 - t1);
        rss.push((peak - base) / 2 ** 20);
        await sdk.shutdown();
      }
    }
    const { body } = await collector.get(`/insights?tenant_id=${TENANT}`);
    const u = median(untracked);
    const t = median(tracked);
    console.log(`batch output file: ${LINES.toLocaleString('en-US')} results, ${(bytes / 2 ** 20).toFixed(1)} MiB; rounds: ${ROUNDS}`);
    console.log(`download + parse, untracked: ${ms(u)} (rounds ${untracked.map(ms).join(', ')})`);
    console.log(`download + parse, tracked:   ${ms(t)} (rounds ${tracked.map(ms).join(', ')}); ratio ${(t / u).toFixed(2)}`);
    console.log(`then until flush() resolved (every event acknowledged): ${ms(median(delivered))} (rounds ${delivered.map(ms).join(', ')})`);
    const mib = (xs: number[]) => `${median(xs).toFixed(0)} MiB (rounds ${xs.map((x) => x.toFixed(0)).join(', ')})`;
    console.log(`app peak RSS above its level before the download: untracked ${mib(rssUntracked)}, tracked ${mib(rss)}`);
    console.log(`events stored by the first tracked read: ${storedFirst.toLocaleString('en-US')}; re-reads: all duplicates`);
    console.log(`collector /insights for the tenant: ${JSON.stringify((body as { totals?: unknown }).totals ?? body).slice(0, 300)}`);
    if (storedFirst !== LINES) throw new Error(`stored ${storedFirst} events for ${LINES} results`);
  } finally {
    mock.proc.kill('SIGTERM');
    await collector.stop();
  }
}

await main();
