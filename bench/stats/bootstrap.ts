/** Bootstrap confidence interval of the median, with a seeded generator so results repeat. */
import { median } from './stats.js';

/** Median and its confidence interval, in the unit of the inputs. */
export interface MedianWithInterval {
  median: number;
  ciLow: number;
  ciHigh: number;
  /** Number of values summarised. */
  n: number;
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
  if (values.length === 1) return { median: center, ciLow: center, ciHigh: center, n: 1 };
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
  const tail = (1 - confidence) / 2;
  const at = (quantile: number): number => medians[Math.min(resamples - 1, Math.max(0, Math.floor(quantile * resamples)))] as number;
  return { median: center, ciLow: at(tail), ciHigh: at(1 - tail), n: values.length };
}
