// @storage sqlite
/**
 * End to end: OpenAI beyond chat through the official `openai` client -> mock OpenAI server, observed by the SDK,
 * stored and priced by a real collector process with its non-token price overlay (unit-prices.ts):
 * DALL·E 3 $0.04 (1024x1024 standard) / $0.12 (1792x1024 hd) per image, DALL·E 2 1024x1024 $0.02; whisper-1
 * $0.006/min by the second; tts-1 $15/M characters; moderations free; gpt-image-1 (genai-prices) $5/M text input,
 * $10/M image input, $40/M output; gpt-audio $2.50/M text and $32/M audio input, $10/M text and $64/M audio output.
 * (Batches: e2e-batches.test.ts.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI, { toFile } from 'openai';
import { startMockOpenAI, MOCK_AUDIO_SECONDS, MOCK_EDIT_IMAGE_TOKENS, type MockOpenAI } from '@llmobserve/mock-providers';
import { observe, shutdown } from '../src/index.js';
import { startCollectorProcess, type CollectorProcess } from './helpers/collector-process.js';
import { storedRunEvents } from './helpers/provider-e2e.js';

let collector: CollectorProcess;
let mock: MockOpenAI;
let client: OpenAI;

const close = (actual: unknown, expected: number, what: string) => {
  assert.equal(typeof actual, 'number', `${what} is a number`);
  assert.ok(Math.abs((actual as number) - expected) < 1e-12, `${what}: ${actual} != ${expected}`);
};

before(async () => {
  [collector, mock] = await Promise.all([startCollectorProcess(), startMockOpenAI()]);
  client = new OpenAI({ apiKey: 'sk-test', baseURL: mock.baseURL, maxRetries: 0 });
  observe({ collectorUrl: collector.url, tenantId: 'acme_corp', providers: { [mock.url]: 'openai' }, flushIntervalMs: 50 });
});

after(async () => {
  await shutdown({ timeoutMs: 5000 });
  await mock.close();
  await collector.stop();
});

const runEvents = (fn: () => Promise<void>) => storedRunEvents(collector, 'acme_corp', fn);

const audio = (bytes: number) => toFile(Buffer.alloc(bytes, 1), 'speech.mp3', { type: 'audio/mpeg' });

describe('OpenAI images, audio and moderations, priced by the collector overlay', () => {
  it('images.generate: one unit per image keyed by size and quality', async () => {
    const events = await runEvents(async () => {
      const a = await client.images.generate({ model: 'dall-e-3', prompt: 'a cat', size: '1792x1024', quality: 'hd' });
      assert.equal(a.data?.length, 1);
      await client.images.generate({ model: 'dall-e-3', prompt: 'a dog', size: '1024x1024', quality: 'standard' });
      const c = await client.images.generate({ prompt: 'two birds', n: 2 }); // API defaults: dall-e-2, 1024x1024
      assert.equal(c.data?.length, 2);
    });
    assert.equal(events.length, 3);
    const [hd, std, d2] = events as [Record<string, any>, Record<string, any>, Record<string, any>];
    for (const e of events) {
      assert.deepEqual([e.provider, e.endpoint, e.span_type, e.status, e.usage_estimated, e.input_tokens], ['openai', 'images.generations', 'api', 'ok', false, 0]);
      assert.match(e.cost_source, /^overlay@/);
    }
    assert.deepEqual([hd.model, hd.units], ['dall-e-3', { images_1792x1024_hd: 1 }]);
    close(hd.cost_usd, 0.12, 'hd cost');
    assert.deepEqual([std.model, std.units], ['dall-e-3', { images_1024x1024_standard: 1 }]);
    close(std.cost_usd, 0.04, 'standard cost');
    assert.deepEqual([d2.model, d2.units], ['dall-e-2', { images_1024x1024_standard: 2 }]);
    close(d2.cost_usd, 0.04, 'dall-e-2 cost');
  });

  it('gpt-image-1 generate and edit: tokens, input images at the image rate ($10/M), output $40/M', async () => {
    const png = () => toFile(Buffer.from('89504e470d0a1a0a', 'hex'), 'in.png', { type: 'image/png' });
    const events = await runEvents(async () => {
      const g = await client.images.generate({ model: 'gpt-image-1', prompt: 'a red fox', quality: 'high' });
      assert.equal(g.data?.length, 1);
      const e = await client.images.edit({ model: 'gpt-image-1', image: [await png(), await png()], prompt: 'add a hat', quality: 'low' });
      assert.equal(e.data?.length, 1);
    });
    assert.equal(events.length, 2);
    const gen = events.find((e) => e.endpoint === 'images.generations')!;
    assert.deepEqual([gen.model, gen.input_tokens, gen.output_tokens, gen.token_details, gen.units], ['gpt-image-1', 3, 4160, null, null]);
    close(gen.cost_usd, (3 * 5 + 4160 * 40) / 1e6, 'generate cost');
    const edit = events.find((e) => e.endpoint === 'images.edits')!;
    assert.deepEqual([edit.model, edit.span_type, edit.input_tokens, edit.output_tokens, edit.token_details], ['gpt-image-1', 'api', 3 + 2 * MOCK_EDIT_IMAGE_TOKENS, 272, { input_image_tokens: 2 * MOCK_EDIT_IMAGE_TOKENS }]);
    close(edit.cost_usd, (3 * 5 + 2000 * 10 + 272 * 40) / 1e6, 'edit cost');
    assert.match(edit.cost_source, /^genai-prices@/);
  });

  it('gpt-audio chat: audio tokens in ($32/M) and out ($64/M) apart from text ($2.50/M, $10/M)', async () => {
    const events = await runEvents(async () => {
      await client.chat.completions.create(
        { model: 'gpt-audio', messages: [{ role: 'user', content: 'Say hi' }] },
        { headers: { 'x-mock-usage': JSON.stringify({ prompt_tokens: 2000, completion_tokens: 800, prompt_audio_tokens: 1500, completion_audio_tokens: 600 }) } },
      );
    });
    const e = events[0]!;
    assert.deepEqual([e.input_tokens, e.output_tokens, e.token_details], [2000, 800, { input_audio_tokens: 1500, output_audio_tokens: 600 }]);
    close(e.cost_usd, (500 * 2.5 + 1500 * 32 + 200 * 10 + 600 * 64) / 1e6, 'gpt-audio cost');
  });

  it('audio transcriptions/translations: audio_seconds from the response, else estimated from the file size', async () => {
    const events = await runEvents(async () => {
      const v = await client.audio.transcriptions.create({ file: await audio(1000), model: 'whisper-1', response_format: 'verbose_json' });
      assert.equal(v.duration, MOCK_AUDIO_SECONDS);
      await client.audio.translations.create({ file: await audio(1000), model: 'whisper-1' }); // json: usage.seconds
      const t = await client.audio.transcriptions.create({ file: await audio(48_000), model: 'whisper-1', response_format: 'text' });
      assert.equal(typeof t, 'string');
    });
    assert.equal(events.length, 3);
    const [verbose, json, text] = events as [Record<string, any>, Record<string, any>, Record<string, any>];
    assert.deepEqual([verbose.endpoint, verbose.model, verbose.units, verbose.usage_estimated, verbose.status], ['audio.transcriptions', 'whisper-1', { audio_seconds: MOCK_AUDIO_SECONDS }, false, 'ok']);
    close(verbose.cost_usd, (MOCK_AUDIO_SECONDS * 0.006) / 60, 'verbose cost');
    assert.match(verbose.cost_source, /^overlay@/);
    assert.deepEqual([json.endpoint, json.model, json.units, json.usage_estimated], ['audio.translations', 'whisper-1', { audio_seconds: 13 }, false]);
    close(json.cost_usd, (13 * 0.006) / 60, 'json cost');
    // text/plain response: 48,000 bytes uploaded at 16,000 bytes/s -> 3 s, estimated
    assert.deepEqual([text.endpoint, text.model, text.units, text.usage_estimated, text.status], ['audio.transcriptions', 'whisper-1', { audio_seconds: 3 }, true, 'ok']);
    close(text.cost_usd, (3 * 0.006) / 60, 'estimated cost');
  });

  it('audio.speech: characters of the input (binary response recorded as ok); moderations free', async () => {
    const input = 'Hello there, this is a speech test.';
    const events = await runEvents(async () => {
      const speech = await client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input });
      assert.equal((await speech.arrayBuffer()).byteLength, 2048);
      const mod = await client.moderations.create({ model: 'omni-moderation-latest', input: 'hi' });
      assert.equal(mod.results[0]?.flagged, false);
    });
    const speech = events.find((e) => e.endpoint === 'audio.speech')!;
    assert.deepEqual([speech.model, speech.units, speech.status, speech.usage_estimated], ['tts-1', { characters: input.length }, 'ok', false]);
    close(speech.cost_usd, (input.length * 15) / 1e6, 'speech cost');
    const mod = events.find((e) => e.endpoint === 'moderations')!;
    assert.deepEqual([mod.model, mod.units, mod.cost_usd, mod.cost_status, mod.status], ['omni-moderation-2024-09-26', { requests: 1 }, 0, 'priced', 'ok']);
    assert.match(mod.cost_source, /^overlay@/);
  });
});
