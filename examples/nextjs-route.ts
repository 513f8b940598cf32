/**
 * A Next.js App Router route handler (app/api/chat/route.ts). In a Next.js app you would write:
 *
 *   export const POST = withLLMObserve(handler, { customerId: (req) => req.headers.get('x-user-id'), waitUntil: after });
 *
 * (`after` from 'next/server', or `waitUntil` from '@vercel/functions': the events are delivered after the response,
 * before the serverless instance is frozen). Here the handler is called with real Web `Request` objects.
 */
import OpenAI from 'openai';
import { observe, section, shutdown, withLLMObserve } from '@llmobserve/sdk';
import { standalone, type ExampleOptions } from './_shared.js';

export async function run({ collectorUrl, openaiBaseURL }: ExampleOptions) {
  observe({ collectorUrl, providers: { [new URL(openaiBaseURL).origin]: 'openai' } });
  const openai = new OpenAI({ apiKey: 'sk-example', baseURL: openaiBaseURL });
  const background: Array<Promise<unknown>> = [];

  // app/api/chat/route.ts
  const POST = withLLMObserve(
    async (request: Request) => {
      const { message } = (await request.json()) as { message: string };
      const completion = await section('chat', () =>
        openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: message }] }),
      );
      return Response.json({ reply: completion.choices[0]?.message.content });
    },
    // behind your auth middleware, which sets x-user-id itself
    { customerId: (req) => req.headers.get('x-user-id'), waitUntil: (p) => background.push(p) },
  );

  const res = await POST(
    new Request('http://localhost/api/chat', {
      method: 'POST',
      headers: { 'x-user-id': 'cust_next' },
      body: JSON.stringify({ message: 'Summarize my invoices' }),
    }),
  );
  const delivered = await Promise.all(background); // what the platform does with waitUntil
  await shutdown();
  return { status: res.status, delivered };
}

standalone(import.meta.url, run);
