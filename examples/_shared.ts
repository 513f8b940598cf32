/** Helpers shared by the examples: a mock OpenAI server when none is given, and the standalone entry point. */
import { pathToFileURL } from 'node:url';
import { startMockOpenAI } from '@llmobserve/mock-providers';

export interface ExampleOptions {
  collectorUrl: string;
  /** an OpenAI-compatible base URL (…/v1); a mock server is started when absent */
  openaiBaseURL: string;
}

/** Runs `run` when the file is executed directly (`npx tsx examples/x.ts`). */
export function standalone(metaUrl: string, run: (o: ExampleOptions) => Promise<unknown>): void {
  if (!process.argv[1] || pathToFileURL(process.argv[1]).href !== metaUrl) return;
  void (async () => {
    const mock = await startMockOpenAI();
    try {
      const out = await run({ collectorUrl: process.env.LLMOBSERVE_COLLECTOR_URL ?? 'http://127.0.0.1:8000', openaiBaseURL: mock.baseURL });
      console.log(JSON.stringify(out, null, 2));
    } finally {
      await mock.close();
    }
  })();
}
