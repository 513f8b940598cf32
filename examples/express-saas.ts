/**
 * SaaS with per-customer attribution: every request is one run billed to the customer the app authenticated
 * (here: a bearer token mapped to a user), with the feature labelled by section().
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import OpenAI from 'openai';
import { expressMiddleware, observe, section, shutdown } from '@llmobserve/sdk';
import { standalone, type ExampleOptions } from './_shared.js';

const USERS: Record<string, string> = { 'token-alice': 'cust_alice', 'token-bob': 'cust_bob' };

export async function run({ collectorUrl, openaiBaseURL }: ExampleOptions) {
  observe({ collectorUrl, providers: { [new URL(openaiBaseURL).origin]: 'openai' }, flushIntervalMs: 50 });
  const openai = new OpenAI({ apiKey: 'sk-example', baseURL: openaiBaseURL });
  const app = express();
  app.use(express.json());
  // the customer comes from your own authentication, never from a client-controlled header
  app.use(expressMiddleware({ customerId: (req) => USERS[(req.headers.authorization ?? '').replace(/^Bearer /, '')] }));
  app.post('/api/chat', async (req, res) => {
    const reply = await section('support_chat', () =>
      openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: String(req.body.message) }] }),
    );
    res.json({ reply: reply.choices[0]?.message.content });
  });
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const calls = ['token-alice', 'token-bob', 'token-alice'].map((token) =>
      fetch(`${url}/api/chat`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'Where is my order?' }),
      }).then((r) => r.json()),
    );
    return { replies: (await Promise.all(calls)).length };
  } finally {
    server.closeAllConnections();
    server.close();
    await shutdown();
  }
}

standalone(import.meta.url, run);
