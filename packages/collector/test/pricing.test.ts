/**
 * Pricing: hand-computed cases from the providers' published prices ($ per million tokens), following the canonical
 * usage convention (cached tokens inside input_tokens, reasoning tokens inside output_tokens).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findProvider } from '@pydantic/genai-prices';
import { priceEvent, type PricingInput } from '../src/pricing/price-event.js';
import { TokenPricer } from '../src/pricing/token-prices.js';
import { allocate, costParts } from '../src/pricing/cost-parts.js';
import { GENAI_PRICES_SOURCE as GENAI } from '../src/pricing/price-event.js';
import { UnitPricer, UNIT_PRICES, UNIT_PRICES_SOURCE as OVERLAY, TOKEN_DISCOUNTS, parsePlans } from '../src/pricing/unit-prices.js';
import type { CustomPrice } from '../src/storage/types.js';

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
  { name: 'non-token units are priced by our overlay (Pinecone standard plan: $16 per million read units)',
    e: { span_type: 'vector', provider: 'pinecone', model: null, units: { read_units: 5 } }, cost: (5 * 16) / M, status: 'priced', source: OVERLAY },

  // ---- tokens: cache, cache write, reasoning, long-context tiers, batch discounts (published $/M prices) ----
  { name: 'claude-sonnet-4-5 long context (>200k input: $6/M input, $22.50/M output for the whole request)',
    e: { provider: 'anthropic', model: 'claude-sonnet-4-5', input_tokens: 300_000, output_tokens: 1000 }, cost: (300_000 * 6 + 1000 * 22.5) / M, status: 'priced' },
  { name: 'claude-sonnet-4-5 under 200k with cache reads and 5-minute cache writes',
    e: { provider: 'anthropic', model: 'claude-sonnet-4-5', input_tokens: 100_000, cache_read_tokens: 50_000, cache_write_tokens: 10_000, output_tokens: 2000 },
    cost: (40_000 * 3 + 50_000 * 0.3 + 10_000 * 3.75 + 2000 * 15) / M, status: 'priced' },
  { name: 'claude-sonnet-4-5 1-hour cache writes at 2x input ($6/M), 5-minute ones at 1.25x ($3.75/M)',
    e: { provider: 'anthropic', model: 'claude-sonnet-4-5', input_tokens: 100_000, cache_write_tokens: 10_000, cache_write_1h_tokens: 6000, output_tokens: 1000 },
    cost: (90_000 * 3 + 4000 * 3.75 + 6000 * 6 + 1000 * 15) / M, status: 'priced' },
  { name: 'claude-haiku-4-5 all cache writes 1-hour ($2/M)',
    e: { provider: 'anthropic', model: 'claude-haiku-4-5', input_tokens: 20_000, cache_write_tokens: 20_000, cache_write_1h_tokens: 20_000 },
    cost: (20_000 * 2) / M, status: 'priced' },
  { name: 'claude-sonnet-4-5 long context with 1-hour cache writes ($6/M input, $12/M 1-hour write, $22.50/M output)',
    e: { provider: 'anthropic', model: 'claude-sonnet-4-5', input_tokens: 300_000, cache_write_tokens: 100_000, cache_write_1h_tokens: 100_000, output_tokens: 1000 },
    cost: (200_000 * 6 + 100_000 * 12 + 1000 * 22.5) / M, status: 'priced' },
  { name: 'Anthropic message batches with 1-hour cache writes: the discount stacks with the cache rates',
    e: { provider: 'anthropic', endpoint: 'messages.batches', model: 'claude-sonnet-4-5', input_tokens: 50_000, cache_write_tokens: 10_000, cache_write_1h_tokens: 10_000, output_tokens: 1000 },
    cost: ((40_000 * 3 + 10_000 * 6 + 1000 * 15) / M) * 0.5, status: 'priced', source: `${GENAI}+${OVERLAY}` },
  // ---- other modalities (token_details), each at the model's own rate ----
  { name: 'gemini-2.5-flash audio input at $1/M (text $0.30/M)',
    e: { provider: 'google', model: 'gemini-2.5-flash', input_tokens: 100_000, output_tokens: 1000, token_details: { input_audio_tokens: 80_000 } },
    cost: (20_000 * 0.3 + 80_000 * 1 + 1000 * 2.5) / M, status: 'priced' },
  { name: 'gemini-2.5-flash cached audio: $0.10/M, the rest of the cache at the text cache rate',
    e: { provider: 'google', model: 'gemini-2.5-flash', input_tokens: 100_000, cache_read_tokens: 20_000, token_details: { input_audio_tokens: 50_000, cache_audio_read_tokens: 20_000 } },
    cost: (50_000 * 0.3 + 30_000 * 1 + 20_000 * 0.1) / M, status: 'priced' },
  { name: 'audio input with cache reads but no audio cache breakdown: priced at text rates (never unpriced)',
    e: { provider: 'google', model: 'gemini-2.5-flash', input_tokens: 100_000, cache_read_tokens: 20_000, token_details: { input_audio_tokens: 50_000 } },
    cost: (80_000 * 0.3 + 20_000 * 0.03) / M, status: 'priced' },
  { name: 'gemini-2.5-flash-image: image output at $30/M (1,290 tokens an image), text output $2.50/M',
    e: { provider: 'google', model: 'gemini-2.5-flash-image', input_tokens: 1000, output_tokens: 1390, token_details: { output_image_tokens: 1290 } },
    cost: (1000 * 0.3 + 100 * 2.5 + 1290 * 30) / M, status: 'priced' },
  { name: 'gpt-audio: audio in $32/M and out $64/M, text $2.50/M and $10/M',
    e: { provider: 'openai', model: 'gpt-audio', input_tokens: 2000, output_tokens: 800, token_details: { input_audio_tokens: 1500, output_audio_tokens: 600 } },
    cost: (500 * 2.5 + 1500 * 32 + 200 * 10 + 600 * 64) / M, status: 'priced' },
  { name: 'gpt-image-1 edit: image input $10/M, text input $5/M, output $40/M',
    e: { provider: 'openai', endpoint: 'images.edits', model: 'gpt-image-1', input_tokens: 1500, output_tokens: 4160, token_details: { input_image_tokens: 1000 } },
    cost: (500 * 5 + 1000 * 10 + 4160 * 40) / M, status: 'priced' },
  { name: 'claude-haiku-4-5 cache reads at a tenth of the input rate',
    e: { provider: 'anthropic', model: 'claude-haiku-4-5', input_tokens: 20_000, cache_read_tokens: 15_000, output_tokens: 300 },
    cost: (5000 * 1 + 15_000 * 0.1 + 300 * 5) / M, status: 'priced' },
  { name: 'claude-opus-4-5 plain', e: { provider: 'anthropic', model: 'claude-opus-4-5', input_tokens: 1000, output_tokens: 1000 },
    cost: (1000 * 5 + 1000 * 25) / M, status: 'priced' },
  { name: 'Anthropic message batches: 50% of the token price',
    e: { provider: 'anthropic', endpoint: 'messages.batches', model: 'claude-sonnet-4-20250514', input_tokens: 10_000, output_tokens: 1000 },
    cost: ((10_000 * 3 + 1000 * 15) / M) * 0.5, status: 'priced', source: `${GENAI}+${OVERLAY}` },
  { name: 'OpenAI Batch API: 50% of the token price',
    e: { endpoint: 'batch', input_tokens: 1_000_000, output_tokens: 1_000_000 }, cost: (0.15 + 0.6) * 0.5, status: 'priced', source: `${GENAI}+${OVERLAY}` },
  { name: 'Anthropic web search: tokens plus $10 per 1000 searches',
    e: { provider: 'anthropic', endpoint: 'messages', model: 'claude-sonnet-4-20250514', input_tokens: 1000, output_tokens: 100, units: { web_search_requests: 3 } },
    cost: (1000 * 3 + 100 * 15) / M + 0.03, status: 'priced', source: `${GENAI}+${OVERLAY}` },
  { name: 'deepseek-chat cache hit tokens at $0.07/M, misses at $0.27/M',
    e: { provider: 'deepseek', model: 'deepseek-chat', input_tokens: 10_000, cache_read_tokens: 6000, output_tokens: 1000 },
    cost: (4000 * 0.27 + 6000 * 0.07 + 1000 * 1.1) / M, status: 'priced' },
  { name: 'deepseek-chat off-peak (16:30-00:30 UTC): 50% discount',
    e: { provider: 'deepseek', model: 'deepseek-chat', input_tokens: 10_000, cache_read_tokens: 6000, output_tokens: 1000, started_at: Date.parse('2026-01-15T18:00:00Z') },
    cost: ((4000 * 0.27 + 6000 * 0.07 + 1000 * 1.1) / M) * 0.5, status: 'priced' },
  { name: 'deepseek-reasoner reasoning tokens billed as output',
    e: { provider: 'deepseek', model: 'deepseek-reasoner', input_tokens: 1000, output_tokens: 5000, reasoning_tokens: 4000 },
    cost: (1000 * 0.55 + 5000 * 2.19) / M, status: 'priced' },
  { name: 'gemini-2.5-flash thoughts tokens (inside output) at the output rate',
    e: { provider: 'google', model: 'gemini-2.5-flash', input_tokens: 10_000, output_tokens: 3000, reasoning_tokens: 2000 },
    cost: (10_000 * 0.3 + 3000 * 2.5) / M, status: 'priced' },
  { name: 'gemini-2.5-flash cached content at $0.03/M',
    e: { provider: 'google', model: 'gemini-2.5-flash', input_tokens: 100_000, cache_read_tokens: 80_000, output_tokens: 500 },
    cost: (20_000 * 0.3 + 80_000 * 0.03 + 500 * 2.5) / M, status: 'priced' },
  { name: 'gemini-1.5-pro long context (>128k: $2.50/M input, $10/M output)',
    e: { provider: 'google', model: 'gemini-1.5-pro', input_tokens: 300_000, output_tokens: 1000 }, cost: (300_000 * 2.5 + 1000 * 10) / M, status: 'priced' },
  { name: 'gemini-embedding-001', e: { span_type: 'embedding', provider: 'google', model: 'gemini-embedding-001', input_tokens: 10_000 },
    cost: (10_000 * 0.15) / M, status: 'priced' },
  { name: 'xAI grok-3 with cached input', e: { provider: 'x-ai', model: 'grok-3', input_tokens: 10_000, cache_read_tokens: 4000, output_tokens: 1000 },
    cost: (6000 * 3 + 4000 * 0.75 + 1000 * 15) / M, status: 'priced' },
  { name: 'gpt-5 cached input and reasoning', e: { model: 'gpt-5', input_tokens: 10_000, cache_read_tokens: 5000, output_tokens: 4000, reasoning_tokens: 3000 },
    cost: (5000 * 1.25 + 5000 * 0.125 + 4000 * 10) / M, status: 'priced' },
  { name: 'o4-mini reasoning', e: { model: 'o4-mini', input_tokens: 1000, output_tokens: 2000, reasoning_tokens: 1500 },
    cost: (1000 * 1.1 + 2000 * 4.4) / M, status: 'priced' },
  { name: 'cohere command-r-plus', e: { provider: 'cohere', model: 'command-r-plus', input_tokens: 1000, output_tokens: 1000 },
    cost: (1000 * 2.5 + 1000 * 10) / M, status: 'priced' },
  { name: 'mistral-small-latest', e: { provider: 'mistral', model: 'mistral-small-latest', input_tokens: 1_000_000, output_tokens: 1_000_000 },
    cost: 0.1 + 0.3, status: 'priced' },
  { name: 'groq llama-3.1-8b-instant', e: { provider: 'groq', model: 'llama-3.1-8b-instant', input_tokens: 1_000_000, output_tokens: 1_000_000 },
    cost: 0.05 + 0.08, status: 'priced' },
  { name: 'Azure OpenAI gpt-4o (model from the response) with cached input',
    e: { provider: 'azure', model: 'gpt-4o', input_tokens: 10_000, cache_read_tokens: 2000, output_tokens: 1000 },
    cost: (8000 * 2.5 + 2000 * 1.25 + 1000 * 10) / M, status: 'priced' },
  { name: 'voyage-3 embeddings', e: { span_type: 'embedding', provider: 'voyage', model: 'voyage-3', input_tokens: 1_000_000 }, cost: 0.06, status: 'priced' },

  // ---- every non-token unit of the overlay ----
  { name: 'Pinecone write units ($4 per million)', e: { span_type: 'vector', provider: 'pinecone', endpoint: 'upsert', model: null, units: { write_units: 1000 } },
    cost: (1000 * 4) / M, status: 'priced', source: OVERLAY },
  { name: 'Pinecone read and write units together', e: { span_type: 'vector', provider: 'pinecone', endpoint: 'update', model: null, units: { read_units: 10, write_units: 20 } },
    cost: (10 * 16 + 20 * 4) / M, status: 'priced', source: OVERLAY },
  { name: 'Pinecone inference embed (multilingual-e5-large, $0.08 per million tokens)',
    e: { span_type: 'embedding', provider: 'pinecone', endpoint: 'inference.embed', model: 'multilingual-e5-large', units: { embed_tokens: 100_000 } },
    cost: 0.008, status: 'priced', source: OVERLAY },
  { name: 'Pinecone inference rerank (bge-reranker-v2-m3, $2 per 1000 requests)',
    e: { span_type: 'api', provider: 'pinecone', endpoint: 'inference.rerank', model: 'bge-reranker-v2-m3', units: { rerank_units: 3 } },
    cost: 0.006, status: 'priced', source: OVERLAY },
  { name: 'dall-e-3 standard 1024x1024, 2 images', e: { span_type: 'api', endpoint: 'images.generations', model: 'dall-e-3', units: { images_1024x1024_standard: 2 } },
    cost: 0.08, status: 'priced', source: OVERLAY },
  { name: 'dall-e-3 hd 1792x1024', e: { span_type: 'api', endpoint: 'images.generations', model: 'dall-e-3', units: { images_1792x1024_hd: 1 } },
    cost: 0.12, status: 'priced', source: OVERLAY },
  { name: 'dall-e-2 512x512, 3 images', e: { span_type: 'api', endpoint: 'images.generations', model: 'dall-e-2', units: { images_512x512_standard: 3 } },
    cost: 3 * 0.018, status: 'priced', source: OVERLAY },
  { name: 'whisper-1 transcription, 90 s at $0.006/min', e: { span_type: 'api', endpoint: 'audio.transcriptions', model: 'whisper-1', units: { audio_seconds: 90 } },
    cost: 0.009, status: 'priced', source: OVERLAY },
  { name: 'whisper-1 translation, 30 s', e: { span_type: 'api', endpoint: 'audio.translations', model: 'whisper-1', units: { audio_seconds: 30 } },
    cost: 0.003, status: 'priced', source: OVERLAY },
  { name: 'tts-1 speech, $15 per million characters', e: { span_type: 'api', endpoint: 'audio.speech', model: 'tts-1', units: { characters: 1000 } },
    cost: 0.015, status: 'priced', source: OVERLAY },
  { name: 'tts-1-hd speech, $30 per million characters', e: { span_type: 'api', endpoint: 'audio.speech', model: 'tts-1-hd', units: { characters: 1000 } },
    cost: 0.03, status: 'priced', source: OVERLAY },
  { name: 'moderations are free (priced 0 by the overlay, not unpriced)',
    e: { span_type: 'api', endpoint: 'moderations', model: 'omni-moderation-latest', units: { requests: 1 } }, cost: 0, status: 'priced', source: OVERLAY },
  { name: 'cohere rerank-v3.5, $2 per 1000 search units', e: { span_type: 'api', provider: 'cohere', endpoint: 'rerank', model: 'rerank-v3.5', units: { search_units: 2 } },
    cost: 0.004, status: 'priced', source: OVERLAY },
  { name: 'a unit the overlay does not know is unpriced, never $0',
    e: { span_type: 'api', provider: 'twilio', endpoint: 'calls', model: null, units: { minutes: 3 } }, cost: null, status: 'unpriced', source: null },
  { name: 'a manual cost is kept for a unit we cannot price',
    e: { span_type: 'api', provider: 'stripe', endpoint: 'charge_fee', model: null, units: { requests: 1 }, reported_cost_usd: 0.59, reported_cost_source: 'manual' },
    cost: 0.59, status: 'reported', source: 'manual' },
  { name: 'one unknown unit leaves the whole event unpriced (never partly priced)',
    e: { span_type: 'vector', provider: 'pinecone', endpoint: 'query', model: null, units: { read_units: 10, mystery_units: 1 } }, cost: null, status: 'unpriced', source: null },
  { name: 'an endpoint-specific unit does not match another endpoint',
    e: { span_type: 'api', endpoint: 'audio.speech', model: 'whisper-1', units: { audio_seconds: 10 } }, cost: null, status: 'unpriced', source: null },
  { name: 'tokens priced but a unit unknown: unpriced rather than a silently low cost',
    e: { input_tokens: 1000, output_tokens: 100, units: { mystery_units: 1 } }, cost: null, status: 'unpriced', source: null },
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
  it('has at least 40 hand-computed cases', () => assert.ok(CASES.length >= 40, String(CASES.length)));
});

describe('price overlay', () => {
  const tokens = new TokenPricer();
  it('a plan chosen for a provider replaces the default plan (Pinecone enterprise: $24/M read units)', () => {
    const overlay = new UnitPricer(UNIT_PRICES, TOKEN_DISCOUNTS, parsePlans('pinecone=enterprise'));
    const r = priceEvent({ ...base, span_type: 'vector', provider: 'pinecone', model: null, units: { read_units: 1000, write_units: 1000 } }, tokens, null, overlay);
    assert.equal(r.cost_status, 'priced');
    assert.ok(Math.abs(r.cost_usd! - (1000 * 24 + 1000 * 6) / M) < 1e-15);
  });
  it('a tenant custom price wins over the overlay', () => {
    const custom: CustomPrice = {
      id: 'p1', provider: 'pinecone', model: 'idx', input_per_mtok: null, output_per_mtok: null, cache_read_per_mtok: null,
      cache_write_per_mtok: null, unit_prices: { read_units: 0.001 }, effective_from: 0, created_at: 0,
    };
    const r = priceEvent({ ...base, span_type: 'vector', provider: 'pinecone', model: 'idx', units: { read_units: 10 } }, tokens, custom);
    assert.deepEqual(r, { cost_usd: 0.01, cost_status: 'priced', cost_source: 'custom:p1' });
  });
  it('every entry has a price, an https source URL and a check date', () => {
    for (const e of [...UNIT_PRICES, ...TOKEN_DISCOUNTS]) {
      assert.match(e.source_url, /^https:\/\//);
      assert.match(e.checked_on, /^\d{4}-\d{2}-\d{2}$/);
    }
    for (const e of UNIT_PRICES) assert.ok(e.usd_per_unit >= 0 && Number.isFinite(e.usd_per_unit), e.unit);
  });
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
          const cacheWrite1h = i % 2 === 0 ? next(cacheWrite + 1) : 0;
          const output = next(50_000);
          const usage = { input_tokens: input, output_tokens: output, cache_read_tokens: cacheRead, cache_write_tokens: cacheWrite, cache_write_1h_tokens: cacheWrite1h, reasoning_tokens: 0 };
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

describe('cost parts: the flat-table shortcut', () => {
  it('splits every cost exactly as pricing each kind alone through TokenPricer.price', () => {
    /** The general path: each kind priced by price() with a usage of its own. */
    class KindByKind extends TokenPricer {
      override linearRates(): null {
        return null;
      }
    }
    const fast = new TokenPricer();
    const slow = new KindByKind();
    let compared = 0;
    let rnd = 7;
    const next = (max: number) => {
      rnd = (rnd * 1103515245 + 12345) % 2 ** 31;
      return rnd % max;
    };
    for (const providerId of ['openai', 'anthropic', 'google', 'mistral', 'deepseek']) {
      for (const model of findProvider({ providerId })!.models) {
        for (let i = 0; i < 4; i++) {
          const input = next(400_000);
          const cacheRead = next(input + 1);
          const cacheWrite = next(input - cacheRead + 1);
          const output = next(50_000);
          const e: PricingInput = {
            span_type: 'llm', provider: providerId, endpoint: i === 3 ? (providerId === 'anthropic' ? 'messages.batches' : 'batch') : 'chat.completions', model: model.id, units: null,
            reported_cost_usd: null, reported_cost_source: null, started_at: Date.UTC(2026, 0, 1 + i), input_tokens: input,
            output_tokens: output, cache_read_tokens: cacheRead, cache_write_tokens: cacheWrite,
            cache_write_1h_tokens: i % 2 === 0 ? next(cacheWrite + 1) : 0, reasoning_tokens: next(output + 1),
          };
          const cost = priceEvent(e, fast, null);
          if (cost.cost_usd === null) continue;
          assert.deepStrictEqual(costParts(e, cost, fast, null), costParts(e, cost, slow, null), `${providerId}/${model.id}`);
          compared++;
        }
      }
    }
    assert.ok(compared > 300, `compared ${compared}`);
  });
});

describe('allocate: largest remainder', () => {
  it('shares add up exactly, each within one nano of its exact share, the rest to the largest remainders, ties to the first', () => {
    let rnd = 11;
    const next = (max: number) => {
      rnd = (rnd * 1103515245 + 12345) % 2 ** 31;
      return rnd % max;
    };
    for (let c = 0; c < 5000; c++) {
      const weights = new Map(Array.from({ length: 1 + next(7) }, (_, i) => [`k${i}`, [0, -1, Number.NaN, 1, 2, 3, 0.5, 1e-9][next(8)]! * (1 + next(4))] as [string, number]));
      const total = (next(2) === 0 ? -1 : 1) * (1 + next(1_000_003));
      const shares = allocate(total, weights);
      const taking = [...weights].filter(([, w]) => w > 0);
      if (taking.length === 0) {
        assert.deepEqual([...shares], [['other', total]]);
        continue;
      }
      assert.deepEqual([...shares.keys()], taking.map(([k]) => k), 'the weighing kinds, in order');
      assert.equal([...shares.values()].reduce((a, b) => a + b, 0), total);
      const sum = taking.reduce((a, [, w]) => a + w, 0);
      const exact = taking.map(([k, w]) => ({ k, exact: (Math.abs(total) * w) / sum }));
      const extra = exact.map(({ k, exact: x }) => Math.abs(shares.get(k)!) - Math.floor(x));
      assert.ok(extra.every((d) => d === 0 || d === 1), `${extra}`);
      // who got the extra nano: the largest remainders, equal ones in order
      const ranked = exact.map((x, i) => ({ i, rem: x.exact - Math.floor(x.exact) })).sort((a, b) => b.rem - a.rem);
      const got = extra.reduce((a, b) => a + b, 0);
      assert.deepEqual(ranked.slice(0, got).map((r) => r.i).sort(), extra.flatMap((d, i) => (d === 1 ? [i] : [])));
    }
  });
});
