/**
 * The series the detectors read, built from the rollups by rollup-source.ts (the one module that knows the rollup
 * tables). Times epoch ms; money integer nano-dollars; '' in a key means "none". The measures are those the
 * signal tables store (storage/insights/signals.ts), declared there once.
 */
import type { DailyMeasures, MinuteMeasures } from '../storage/insights/signals.js';

export interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
}

/** The price-table cost of a usage on a model (nano-dollars), or null when the table does not know the model. */
export type PriceFn = (provider: string, model: string, usage: Usage) => number | null;

export interface Scope4 {
  customer_id: string;
  provider: string;
  model: string;
  section_path: string;
}

/** One evaluated hour of one (customer, provider, model, section) and its seasonal baseline. */
export interface SpikePoint extends Scope4 {
  hour: number;
  cost_nanos: number;
  calls: number;
  /** the cost at the same hour of day on each earlier day since the scope was first seen there (0 where absent), oldest first */
  baseline: number[];
}

/** One day of one (provider, model, section) from insight_daily; long_uncached_min_input is Number.MAX_SAFE_INTEGER when the day had none. */
export interface DayMix extends DailyMeasures {
  day: number;
  provider: string;
  model: string;
  section_path: string;
}

/** One minute row of insight_minute. */
export interface MinuteRow extends Scope4, MinuteMeasures {
  minute: number;
  operation_id: string;
}
