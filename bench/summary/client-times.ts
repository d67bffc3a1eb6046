/** Percentiles of the clients' times, and the exact intervals of the ones compare judges. */
import { quantileIntervalOfSorted } from '../stats/order-statistic-interval.js';
import { percentiles, percentilesOfSorted } from '../stats/stats.js';
import type { ClientTally } from './row-tally.js';
import type { PercentileInterval, RunSummary } from './run-summary-types.js';

/** Percentiles of a run's clients that get an interval in the summary. */
const INTERVAL_PERCENTILES = [50, 90, 99] as const;

/** Intervals of p50/p90/p99 of each named set of times, already sorted ascending. */
function percentileIntervalsOf(sortedTimes: Record<string, Float64Array>): Record<string, PercentileInterval> {
  const result: Record<string, PercentileInterval> = {};
  for (const [name, sorted] of Object.entries(sortedTimes)) {
    if (sorted.length === 0) continue;
    for (const percent of INTERVAL_PERCENTILES) {
      const interval = quantileIntervalOfSorted(sorted, percent / 100);
      if (interval) result[`${name}.p${percent}`] = { ...interval, n: sorted.length };
    }
  }
  return result;
}

/** Percentile summaries of the pooled times, and the intervals of the ones compare judges. */
export function summariseTimes(tally: ClientTally): Pick<RunSummary, 'connectMs' | 'firstMessageMs' | 'queuedMs' | 'percentileIntervals'> {
  // Sorted once: the percentiles and their intervals both read the same order statistics.
  const connectMs = Float64Array.from(tally.connectMs).sort();
  const firstMessageMs = Float64Array.from(tally.firstMessageMs).sort();
  return {
    connectMs: percentilesOfSorted(connectMs),
    firstMessageMs: percentilesOfSorted(firstMessageMs),
    queuedMs: percentiles(tally.queuedMs),
    percentileIntervals: percentileIntervalsOf({ connectMs, firstMessageMs }),
  };
}
