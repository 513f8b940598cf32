/**
 * The OpenAI Agents SDK (`@openai/agents`) through the real package -> mock OpenAI, observed by the SDK, stored by
 * a real collector. The Agents SDK calls the Responses API by default (its own `openai` client, Node's fetch),
 * Chat Completions with `useResponses: false`. Its own tracing (which would export to OpenAI) is disabled.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { Agent, Runner } from '@openai/agents';
import { OpenAIProvider } from '@openai/agents-openai';
import { DEFAULT_REPLY } from '@llmobserve/mock-providers';
import { agent, withCustomer } from '../src/index.js';
import { callOf, calls, frameworkE2E, MINI_COST, OPENAI_USAGE } from './helpers/frameworks.js';
import { close } from './helpers/provider-e2e.js';

// Belt and braces with the Runner's tracingDisabled: the Agents SDK reads this when it would start a trace.
process.env.OPENAI_AGENTS_DISABLE_TRACING = '1';
const e2e = frameworkE2E();

/** The `openai` client the Agents SDK itself depends on (its own major version), so it can carry the mock's headers. */
async function agentsOpenAIClient(): Promise<any> {
  const require = createRequire(import.meta.url);
  const from = dirname(require.resolve('@openai/agents-openai'));
  const { default: OpenAI } = await import(pathToFileURL(require.resolve('openai', { paths: [from] })).href);
  return new OpenAI({ apiKey: 'sk-test', baseURL: e2e.openai.baseURL, defaultHeaders: OPENAI_USAGE, maxRetries: 0 });
}

async function runner(useResponses: boolean): Promise<Runner> {
  return new Runner({ modelProvider: new OpenAIProvider({ openAIClient: await agentsOpenAIClient(), useResponses }), tracingDisabled: true });
}

const assistant = new Agent({ name: 'Assistant', instructions: 'You are terse.', model: 'gpt-4o-mini' });

describe('OpenAI Agents SDK through the real package, stored by the real collector', () => {
  for (const useResponses of [true, false]) {
    const endpoint = useResponses ? 'responses' : 'chat.completions';
    it(`run() plain and streamed via ${endpoint}: exact usage, customer and agent section kept`, async () => {
      const r = await runner(useResponses);
      let streamed = '';
      const events = await e2e.runEvents(() =>
        withCustomer('cust_ag', () =>
          agent('support', async () => {
            const result = await r.run(assistant, 'Hi');
            assert.equal(result.finalOutput, DEFAULT_REPLY);
            const stream = await r.run(assistant, 'Hi', { stream: true });
            for await (const t of stream.toTextStream()) streamed += t;
            await stream.completed;
          }),
        ),
      );
      assert.equal(streamed, DEFAULT_REPLY);
      const llm = calls(events);
      assert.equal(llm.length, 2);
      for (const [i, e] of llm.entries()) {
        assert.deepEqual(callOf(e), {
          provider: 'openai', endpoint, model: e.model, streaming: i === 1, estimated: false, status: 'ok',
          customer: 'cust_ag', section: 'agent:support', tokens: [1200, 300, 1000, 0, 100],
        });
        assert.match(e.model, /^gpt-4o-mini/);
        close(e.cost_usd, MINI_COST, `cost ${i}`);
      }
    });
  }
});
