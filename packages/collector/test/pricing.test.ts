/**
 * Pricing: hand-computed cases from the providers' published prices ($ per million tokens), following the canonical
 * usage convention (cached tokens inside input_tokens, reasoning tokens inside output_tokens).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findProvider } from '@pydantic/genai-prices';
import { priceEvent, type PricingInput } from '../src/pricing/price-event.js';
import { TokenPricer } from '../src/pricing/token-prices.js';

const M = 1e6;
const base: PricingInput = {
  span_type: 'llm', provider: 'openai', model: 'gpt-4o-mini', units: null, reported_cost_usd: null,
  reported_cost_source: null, started_at: Date.parse('2026-01-15T10:00:00Z'),
  input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0,
};

interface Case {
  name: string;
  e: Partial<PricingInput>;
  cost: number | null;
  status: string;
  source?: string | null;
}

const CASES: Case[] = [
  { name: 'gpt-4o-mini plain', e: { input_tokens: 1000, output_tokens: 100 }, cost: (1000 * 0.15 + 100 * 0.6) / M, status: 'priced' },
  { name: 'gpt-4o-mini with cached input (inside input_tokens, billed at half price, not twice)',
    e: { input_tokens: 1000, cache_read_tokens: 200, output_tokens: 100 }, cost: (800 * 0.15 + 200 * 0.075 + 100 * 0.6) / M, status: 'priced' },
  { name: 'dated model id resolves to its family', e: { model: 'gpt-4o-mini-2024-07-18', input_tokens: 1000, output_tokens: 100 },
    cost: (1000 * 0.15 + 100 * 0.6) / M, status: 'priced' },
  { name: 'gpt-4o with cached input', e: { model: 'gpt-4o', input_tokens: 10_000, cache_read_tokens: 4000, output_tokens: 500 },
    cost: (6000 * 2.5 + 4000 * 1.25 + 500 * 10) / M, status: 'priced' },
  { name: 'gpt-4.1 half cached, 1M tokens', e: { model: 'gpt-4.1', input_tokens: 1_000_000, cache_read_tokens: 500_000 },
    cost: 1.25, status: 'priced' },
  { name: 'o1 reasoning tokens are part of output (billed once at the output rate)',
    e: { model: 'o1', input_tokens: 2000, output_tokens: 5000, reasoning_tokens: 4000 }, cost: (2000 * 15 + 5000 * 60) / M, status: 'priced' },
  { name: 'o3-mini reasoning', e: { model: 'o3-mini', input_tokens: 1000, output_tokens: 3000, reasoning_tokens: 2500 },
    cost: (1000 * 1.1 + 3000 * 4.4) / M, status: 'priced' },
  { name: 'claude-sonnet-4 with cache reads and writes (each at its own rate)',
    e: { provider: 'anthropic', model: 'claude-sonnet-4-20250514', input_tokens: 8000, cache_read_tokens: 5000, cache_write_tokens: 2000, output_tokens: 500 },
    cost: (1000 * 3 + 5000 * 0.3 + 2000 * 3.75 + 500 * 15) / M, status: 'priced' },
  { name: 'claude-3-5-haiku cache write only',
    e: { provider: 'anthropic', model: 'claude-3-5-haiku-latest', input_tokens: 10_100, cache_write_tokens: 10_000, output_tokens: 200 },
    cost: (100 * 0.8 + 10_000 * 1 + 200 * 4) / M, status: 'priced' },
  { name: 'claude-opus-4-1 plain', e: { provider: 'anthropic', model: 'claude-opus-4-1', input_tokens: 1000, output_tokens: 1000 },
    cost: (1000 * 15 + 1000 * 75) / M, status: 'priced' },
  { name: 'text-embedding-3-small', e: { span_type: 'embedding', model: 'text-embedding-3-small', input_tokens: 50_000 },
    cost: (50_000 * 0.02) / M, status: 'priced' },
  { name: 'text-embedding-3-large', e: { span_type: 'embedding', model: 'text-embedding-3-large', input_tokens: 8000 },
    cost: (8000 * 0.13) / M, status: 'priced' },
  { name: 'gemini-2.0-flash with cached content', e: { provider: 'google', model: 'gemini-2.0-flash', input_tokens: 20_000, cache_read_tokens: 10_000, output_tokens: 1000 },
    cost: (10_000 * 0.1 + 10_000 * 0.025 + 1000 * 0.4) / M, status: 'priced' },
  { name: 'gemini-2.5-pro under 200k prompt tokens', e: { provider: 'google', model: 'gemini-2.5-pro', input_tokens: 100_000, output_tokens: 1000 },
    cost: (100_000 * 1.25 + 1000 * 10) / M, status: 'priced' },
  { name: 'gemini-2.5-pro long context (>200k prompt: higher rate for the whole request)',
    e: { provider: 'google', model: 'gemini-2.5-pro', input_tokens: 250_000, output_tokens: 1000 },
    cost: (250_000 * 2.5 + 1000 * 15) / M, status: 'priced' },
  { name: 'mistral-large-latest', e: { provider: 'mistral', model: 'mistral-large-latest', input_tokens: 1000, output_tokens: 1000 },
    cost: (1000 * 2 + 1000 * 6) / M, status: 'priced' },
  { name: 'groq llama-3.3-70b', e: { provider: 'groq', model: 'llama-3.3-70b-versatile', input_tokens: 1_000_000, output_tokens: 1_000_000 },
    cost: 0.59 + 0.79, status: 'priced' },
  { name: 'unknown model on an unknown provider is unpriced, never $0', e: { provider: 'ollama', model: 'my-local-llama', input_tokens: 500, output_tokens: 50 },
    cost: null, status: 'unpriced', source: null },
  { name: 'unknown OpenAI model is unpriced', e: { model: 'gpt-99-ultra', input_tokens: 500, output_tokens: 50 }, cost: null, status: 'unpriced', source: null },
  { name: 'OpenRouter reports the charged cost: kept', e: { provider: 'openrouter', model: 'openai/gpt-4o-mini', input_tokens: 1000, output_tokens: 100, reported_cost_usd: 0.0123 },
    cost: 0.0123, status: 'reported', source: 'provider' },
  { name: 'cost_source=provider wins over our price', e: { input_tokens: 1000, output_tokens: 100, reported_cost_usd: 0.5, reported_cost_source: 'provider' },
    cost: 0.5, status: 'reported', source: 'provider' },
  { name: 'SDK-reported cost is overridden when we can price', e: { input_tokens: 1000, output_tokens: 100, reported_cost_usd: 9, reported_cost_source: 'sdk' },
    cost: (1000 * 0.15 + 100 * 0.6) / M, status: 'priced' },
  { name: 'SDK-reported cost kept for a model we cannot price', e: { model: 'private-model', provider: 'acme', input_tokens: 10, reported_cost_usd: 0.002 },
    cost: 0.002, status: 'reported', source: 'sdk' },
  { name: 'section spans have no cost of their own', e: { span_type: 'section', model: null, provider: null }, cost: null, status: 'not_applicable', source: null },
  { name: 'a failed call that consumed nothing costs 0', e: { model: 'mystery', provider: 'acme' }, cost: 0, status: 'priced', source: 'no_usage' },
  { name: 'non-token units without a price are unpriced (overlay comes later)', e: { span_type: 'vector', provider: 'pinecone', model: null, units: { read_units: 5 } },
    cost: null, status: 'unpriced', source: null },
];

describe('priceEvent: hand-computed cost table', () => {
  const tokens = new TokenPricer();
  for (const c of CASES) {
    it(c.name, () => {
      const r = priceEvent({ ...base, ...c.e }, tokens);
      assert.equal(r.cost_status, c.status);
      if (c.cost === null) assert.equal(r.cost_usd, null);
      else {
        assert.ok(r.cost_usd !== null);
        assert.ok(Math.abs(r.cost_usd - c.cost) <= 1e-12 * Math.max(1, c.cost), `expected ${c.cost}, got ${r.cost_usd}`);
      }
      if (c.source !== undefined) assert.equal(r.cost_source, c.source);
      if (c.status === 'priced' && c.source === undefined) assert.match(r.cost_source ?? '', /^genai-prices@/);
    });
  }
  it('has at least 15 hand-computed cases', () => assert.ok(CASES.length >= 15));
});

describe('TokenPricer fast path agrees with genai-prices calcPrice', () => {
  it('for every model of the main providers, on varied usages', () => {
    const pricer = new TokenPricer();
    let compared = 0;
    let rnd = 42;
    const next = (max: number) => {
      rnd = (rnd * 1103515245 + 12345) % 2 ** 31;
      return rnd % max;
    };
    for (const providerId of ['openai', 'anthropic', 'google', 'mistral', 'groq', 'deepseek', 'cohere', 'x-ai']) {
      const provider = findProvider({ providerId });
      assert.ok(provider, providerId);
      for (const model of provider.models) {
        for (let i = 0; i < 5; i++) {
          const input = next(400_000);
          const cacheRead = next(input + 1);
          const cacheWrite = next(input - cacheRead + 1);
          const output = next(50_000);
          const usage = { input_tokens: input, output_tokens: output, cache_read_tokens: cacheRead, cache_write_tokens: cacheWrite, reasoning_tokens: 0 };
          const at = Date.UTC(2026, 0, 1 + i, next(24));
          const ref = TokenPricer.reference(providerId, model.id, usage, at);
          const got = pricer.price(providerId, model.id, usage, at);
          if (ref === null) {
            assert.equal(got, null, `${providerId}/${model.id}`);
            continue;
          }
          assert.ok(got, `${providerId}/${model.id} priced by reference but not by fast path`);
          assert.ok(Math.abs(got.cost_usd - ref) <= 1e-9 * Math.max(1e-6, ref), `${providerId}/${model.id}: ${got.cost_usd} vs ${ref}`);
          compared++;
        }
      }
    }
    assert.ok(compared > 500, `compared ${compared}`);
  });
});
