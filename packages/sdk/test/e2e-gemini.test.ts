// @storage sqlite
/**
 * End to end: the official `@google/genai` client -> mock Gemini server (documented JSON and SSE formats),
 * observed by the SDK, into a real collector.
 *
 * Prices (genai-prices): gemini-2.5-flash $0.30/M input ($1/M audio), $0.03/M cached content, $2.50/M output
 * (thoughts included); gemini-2.5-flash-image $30/M image output; gemini-embedding-001 $0.15/M input.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GoogleGenAI } from '@google/genai';
import { startMockGemini, GEMINI_DEFAULT_REPLY } from '@llmobserve/mock-providers';
import { close, M, mockUsage, providerE2E, tokensOf } from './helpers/provider-e2e.js';

const e2e = providerE2E(startMockGemini, 'google');
const { runEvents } = e2e;
const client = (headers: Record<string, string> = {}) => new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: e2e.mock.url, headers } });


describe('Gemini through @google/genai, stored by the real collector', () => {
  it('generateContent: cached content inside the prompt, thoughts added to the output', async () => {
    const events = await runEvents(async () => {
      const r = await client(mockUsage({ promptTokenCount: 10_000, cachedContentTokenCount: 8000, candidatesTokenCount: 500, thoughtsTokenCount: 1500 }))
        .models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hi' });
      assert.equal(r.text, GEMINI_DEFAULT_REPLY);
    });
    const e = events[0]!;
    assert.deepEqual([e.provider, e.endpoint, e.model, e.span_type, e.is_streaming, e.usage_estimated, e.status],
      ['google', 'generateContent', 'gemini-2.5-flash', 'llm', false, false, 'ok']);
    assert.deepEqual(tokensOf(e), [10_000, 2000, 8000, 1500]);
    close(e.cost_usd, (2000 * 0.3 + 8000 * 0.03 + 2000 * 2.5) / M, 'cost');
  });

  it('audio input and image output at their own rates (promptTokensDetails, candidatesTokensDetails)', async () => {
    const events = await runEvents(async () => {
      await client(
        mockUsage({
          promptTokenCount: 100_000,
          candidatesTokenCount: 1000,
          promptTokensDetails: [{ modality: 'TEXT', tokenCount: 20_000 }, { modality: 'AUDIO', tokenCount: 80_000 }],
        }),
      ).models.generateContent({ model: 'gemini-2.5-flash', contents: 'Transcribe this' });
      await client(
        mockUsage({
          promptTokenCount: 1000,
          candidatesTokenCount: 1390,
          candidatesTokensDetails: [{ modality: 'TEXT', tokenCount: 100 }, { modality: 'IMAGE', tokenCount: 1290 }],
        }),
      ).models.generateContent({ model: 'gemini-2.5-flash-image', contents: 'Draw a cat' });
    });
    const audio = events.find((e) => e.model === 'gemini-2.5-flash')!;
    assert.deepEqual([audio.input_tokens, audio.token_details], [100_000, { input_audio_tokens: 80_000 }]);
    close(audio.cost_usd, (20_000 * 0.3 + 80_000 * 1 + 1000 * 2.5) / M, 'audio input cost ($1/M against $0.30/M for text)');
    const image = events.find((e) => e.model === 'gemini-2.5-flash-image')!;
    assert.deepEqual([image.output_tokens, image.token_details], [1390, { output_image_tokens: 1290 }]);
    close(image.cost_usd, (1000 * 0.3 + 100 * 2.5 + 1290 * 30) / M, 'image output cost ($30/M: $0.039 an image)');
  });

  it('generateContentStream: the last cumulative usageMetadata', async () => {
    let text = '';
    const events = await runEvents(async () => {
      const s = await client(mockUsage({ promptTokenCount: 3000, candidatesTokenCount: 200, thoughtsTokenCount: 100 }))
        .models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'Hi' });
      for await (const c of s) text += c.text ?? '';
    });
    assert.equal(text, GEMINI_DEFAULT_REPLY);
    const e = events[0]!;
    assert.deepEqual([e.endpoint, e.is_streaming, e.usage_estimated], ['streamGenerateContent', true, false]);
    assert.deepEqual(tokensOf(e), [3000, 300, 0, 100]);
    close(e.cost_usd, (3000 * 0.3 + 300 * 2.5) / M, 'cost');
  });

  it('an interrupted stream keeps the prompt count and estimates the output', async () => {
    const events = await runEvents(async () => {
      const s = await client({ ...mockUsage({ promptTokenCount: 4000, candidatesTokenCount: 900 }), 'x-mock-fail-after': '3', 'x-mock-reply': 'alpha beta gamma delta epsilon zeta' })
        .models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'Hi' });
      await assert.rejects(async () => {
        for await (const _ of s) {
          /* consume */
        }
      });
    });
    const e = events[0]!;
    assert.equal(e.usage_estimated, true);
    assert.equal(e.input_tokens, 4000);
    // three chunks seen: "alpha", " beta", " gamma" = 16 chars -> 4 tokens (> the 3 candidates counted so far)
    assert.equal(e.output_tokens, 4);
    close(e.cost_usd, (4000 * 0.3 + 4 * 2.5) / M, 'cost');
  });

  it('embedContent: usage estimated from the input (the API reports none), model from the URL; countTokens is free', async () => {
    const events = await runEvents(async () => {
      await client().models.embedContent({ model: 'gemini-embedding-001', contents: 'x'.repeat(400) });
      const n = await client().models.countTokens({ model: 'gemini-2.5-flash', contents: 'x'.repeat(40) });
      assert.equal(n.totalTokens, 10);
    });
    const emb = events.find((e) => e.span_type === 'embedding')!;
    assert.deepEqual([emb.model, emb.usage_estimated, emb.input_tokens], ['gemini-embedding-001', true, 100]);
    close(emb.cost_usd, (100 * 0.15) / M, 'embedding cost');
    const ct = events.find((e) => e.endpoint === 'countTokens')!;
    assert.deepEqual([ct.cost_usd, ct.cost_source, ct.usage_estimated], [0, 'no_usage', false]);
  });
});
