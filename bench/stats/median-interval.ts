/**
 * The interval of a median over runs, chosen by how many runs there are: exact order statistics
 * for 2 to 9 runs (a bootstrap of so few values claims a coverage it does not have: 3 runs give
 * min to max, which covers the median 75% of the time), the bootstrap from 10 runs on.
 */
import { bootstrapMedian, type MedianWithInterval } from './bootstrap.js';
import { quantileIntervalOfSorted } from './order-statistic-interval.js';
import { median } from './stats.js';

/** From this many runs on, the bootstrap interval is used. */
export const BOOTSTRAP_FROM_RUNS = 10;

/** Median of the values and its interval at `confidence` (or the widest there is, with its true coverage). */
export function medianWithInterval(values: readonly number[], confidence = 0.95): MedianWithInterval | null {
  if (values.length >= BOOTSTRAP_FROM_RUNS) return bootstrapMedian(values, confidence);
  const center = median(values);
  if (center === null) return null;
  if (values.length === 1) return { median: center, ciLow: center, ciHigh: center, n: 1, coverage: 0, method: 'point' };
  const sorted = Float64Array.from(values).sort();
  const interval = quantileIntervalOfSorted(sorted, 0.5, confidence) as NonNullable<ReturnType<typeof quantileIntervalOfSorted>>;
  return { median: center, ciLow: interval.low, ciHigh: interval.high, n: values.length, coverage: interval.coverage, method: 'order-statistic' };
}

/** A few words that say what an interval is: "95% bootstrap interval", "75% interval (min-max of 3 runs)". */
export function describeInterval(estimate: Pick<MedianWithInterval, 'coverage' | 'method' | 'n'>): string {
  const percent = `${Number((estimate.coverage * 100).toFixed(1))}%`;
  switch (estimate.method) {
    case 'point':
      return 'one run, no interval';
    case 'bootstrap':
      return `${percent} bootstrap interval of the median of ${estimate.n} runs`;
    case 'order-statistic':
      return `${percent} exact interval of the median of ${estimate.n} runs`;
    case 'clients':
      return `${percent} exact interval over the run's ${estimate.n} clients`;
    case 'worst-run':
      return `worst of ${estimate.n} runs`;
  }
}
