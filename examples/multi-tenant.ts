/** A platform serving several tenants from one process: each request runs withTenant(), each with its customers. */
import OpenAI from 'openai';
import { observe, setCustomerId, shutdown, withRun, withTenant, agent } from '@llmobserve/sdk';
import { standalone, type ExampleOptions } from './_shared.js';

export async function run({ collectorUrl, openaiBaseURL }: ExampleOptions) {
  observe({ collectorUrl, providers: { [new URL(openaiBaseURL).origin]: 'openai' } });
  const openai = new OpenAI({ apiKey: 'sk-example', baseURL: openaiBaseURL });
  const handle = (tenant: string, user: string) =>
    withTenant(tenant, () =>
      withRun(async () => {
        setCustomerId(user);
        await agent('assistant', () => openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }));
      }),
    );
  await Promise.all([handle('acme_corp', 'acme_user_1'), handle('globex', 'globex_user_1'), handle('acme_corp', 'acme_user_2')]);
  await shutdown();
  return { requests: 3 };
}

standalone(import.meta.url, run);
