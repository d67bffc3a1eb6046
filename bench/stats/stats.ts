/** Order statistics on raw samples. Percentiles use the nearest-rank method on pooled values. */

/** p50/p90/p99/max of a set of times, in the unit of the inputs. */
export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of values already sorted ascending; undefined for no values. */
export function percentileOfSorted(sorted: ArrayLike<number>, percent: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.ceil((percent / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** p50, p90, p99 and max of the values, or null when there are none. */
export function percentiles(values: ArrayLike<number>): Percentiles | null {
  return percentilesOfSorted(Float64Array.from(values).sort());
}

/** p50, p90, p99 and max of values already sorted ascending, or null when there are none. */
export function percentilesOfSorted(sorted: ArrayLike<number>): Percentiles | null {
  if (sorted.length === 0) return null;
  return {
    p50: percentileOfSorted(sorted, 50) as number,
    p90: percentileOfSorted(sorted, 90) as number,
    p99: percentileOfSorted(sorted, 99) as number,
    max: sorted[sorted.length - 1] as number,
  };
}

/** The median (mean of the two middle values for an even count), or null when there are none. */
export function median(values: ArrayLike<number>): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
