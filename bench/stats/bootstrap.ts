/** Bootstrap confidence interval of the median, with a seeded generator so results repeat. */
import { median } from './stats.js';

/** How an interval was found, so every label can say what it is. */
export type IntervalMethod =
  /** One value: the interval is that value. */
  | 'point'
  /** Exact order statistics of the runs (2 to 9 runs): distribution-free, true coverage given. */
  | 'order-statistic'
  /** Percentile bootstrap over the runs (10 runs or more). */
  | 'bootstrap'
  /** One run: an exact order-statistic interval of the percentile over that run's own clients. */
  | 'clients'
  /** Counts (failed clients, lost messages): the worst run, as a point. */
  | 'worst-run';

/** Median and its interval, in the unit of the inputs. */
export interface MedianWithInterval {
  median: number;
  ciLow: number;
  ciHigh: number;
  /** Number of values summarised. */
  n: number;
  /** Probability that the interval covers the true value: exact for order statistics, nominal for the bootstrap; 0 for a point. */
  coverage: number;
  method: IntervalMethod;
}

/** mulberry32: a small, fast, seedable generator; uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Percentile bootstrap: resample the values with replacement `resamples` times, take each
 * resample's median, and return the (1-confidence)/2 and 1-(1-confidence)/2 quantiles of those.
 */
export function bootstrapMedian(values: readonly number[], confidence = 0.95, resamples = 2000, seed = 1): MedianWithInterval | null {
  const center = median(values);
  if (center === null) return null;
  if (values.length === 1) return { median: center, ciLow: center, ciHigh: center, n: 1, coverage: 0, method: 'point' };
  const random = seededRandom(seed);
  const medians = new Float64Array(resamples);
  const sample = new Array<number>(values.length);
  for (let round = 0; round < resamples; round += 1) {
    for (let index = 0; index < values.length; index += 1) {
      sample[index] = values[Math.floor(random() * values.length)] as number;
    }
    medians[round] = median(sample) as number;
  }
  medians.sort();
  // Of B sorted resamples, the (1-c)/2 quantile is at index floor(tail B) and the upper one at
  // ceil((1 - tail) B) - 1, so that as many resamples lie beyond each end.
  const tail = (1 - confidence) / 2;
  const clamp = (index: number): number => medians[Math.min(resamples - 1, Math.max(0, index))] as number;
  const low = clamp(Math.floor(tail * resamples));
  const high = clamp(Math.ceil((1 - tail) * resamples) - 1);
  return { median: center, ciLow: low, ciHigh: high, n: values.length, coverage: confidence, method: 'bootstrap' };
}
