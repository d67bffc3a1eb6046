import { describe, expect, it } from 'vitest';
import { bootstrapMedian, seededRandom } from '../../../bench/stats/bootstrap.js';
import { describeInterval, medianWithInterval } from '../../../bench/stats/median-interval.js';
import { median, percentileOfSorted, percentiles } from '../../../bench/stats/stats.js';
import { splitExactly } from '../../../bench/run/client-share.js';

describe('percentiles (nearest rank)', () => {
  it('gives known values for 1..100', () => {
    const values = Array.from({ length: 100 }, (_, index) => 100 - index);
    expect(percentiles(values)).toEqual({ p50: 50, p90: 90, p99: 99, max: 100 });
  });

  it('gives known values for a small set', () => {
    const sorted = [1, 2, 3, 4, 5];
    expect(percentileOfSorted(sorted, 50)).toBe(3);
    expect(percentileOfSorted(sorted, 90)).toBe(5);
    expect(percentileOfSorted(sorted, 0)).toBe(1);
  });

  it('returns null for no values', () => {
    expect(percentiles([])).toBeNull();
    expect(median([])).toBeNull();
  });

  it('pools samples rather than averaging per-worker percentiles', () => {
    const workerA = [1, 1, 1, 1];
    const workerB = [100, 100, 100, 100, 100, 100, 100, 100];
    const pooled = percentiles([...workerA, ...workerB]);
    expect(pooled?.p50).toBe(100);
  });
});

describe('median', () => {
  it('averages the middle pair of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7, 1, 3])).toBe(3);
  });
});

describe('bootstrapMedian', () => {
  it('brackets the median and repeats with the same seed', () => {
    const values = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
    const first = bootstrapMedian(values);
    const second = bootstrapMedian(values);
    expect(first).toEqual(second);
    expect(first?.median).toBe(15);
    expect(first?.ciLow).toBeLessThanOrEqual(15);
    expect(first?.ciHigh).toBeGreaterThanOrEqual(15);
    expect(first?.ciLow).toBeGreaterThanOrEqual(10);
    expect(first?.ciHigh).toBeLessThanOrEqual(20);
    expect((first?.ciHigh ?? 0) - (first?.ciLow ?? 0)).toBeGreaterThan(0);
  });

  it('collapses to the value for identical samples and a single value', () => {
    expect(bootstrapMedian([5, 5, 5, 5])).toMatchObject({ median: 5, ciLow: 5, ciHigh: 5, n: 4, method: 'bootstrap' });
    expect(bootstrapMedian([9])).toMatchObject({ median: 9, ciLow: 9, ciHigh: 9, n: 1, method: 'point' });
    expect(bootstrapMedian([])).toBeNull();
  });

  it('gives a wider interval for more spread-out data', () => {
    const narrow = bootstrapMedian([100, 101, 99, 100, 102, 98, 100]);
    const wide = bootstrapMedian([100, 150, 50, 100, 200, 20, 100]);
    expect((wide?.ciHigh ?? 0) - (wide?.ciLow ?? 0)).toBeGreaterThan((narrow?.ciHigh ?? 0) - (narrow?.ciLow ?? 0));
  });
});

describe('splitExactly', () => {
  it('splits 7 over 3 as 3, 2, 2', () => {
    expect(splitExactly(7, 3)).toEqual([3, 2, 2]);
  });

  it('always adds up to the total', () => {
    for (const [total, parts] of [
      [10, 3],
      [1, 1],
      [10000, 7],
      [5, 5],
    ] as const) {
      const shares = splitExactly(total, parts);
      expect(shares.reduce((sum, share) => sum + share, 0)).toBe(total);
      expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
    }
  });
});

describe('bootstrap interval ends', () => {
  it('leaves as many resamples beyond the upper end as beyond the lower one', () => {
    // 0..39: with 40 resamples at 95% each tail holds one resample, so the ends are the 2nd and the
    // 39th of the sorted resample medians. floor(0.975 x 40) = 39 would take the 40th, leaving none beyond.
    const values = Array.from({ length: 41 }, (_, index) => index);
    const interval = bootstrapMedian(values, 0.95, 40, 7) as NonNullable<ReturnType<typeof bootstrapMedian>>;
    const medians: number[] = [];
    const random = seededRandom(7);
    for (let round = 0; round < 40; round += 1) {
      const sample = values.map(() => values[Math.floor(random() * values.length)] as number);
      medians.push(median(sample) as number);
    }
    medians.sort((a, b) => a - b);
    expect(interval.ciLow).toBe(medians[1]);
    expect(interval.ciHigh).toBe(medians[38]);
  });
});

describe('medianWithInterval', () => {
  it('gives min to max of 3 runs and says it covers the median 75% of the time', () => {
    expect(medianWithInterval([12, 10, 30])).toMatchObject({ median: 12, ciLow: 10, ciHigh: 30, n: 3, method: 'order-statistic' });
    expect(medianWithInterval([12, 10, 30])?.coverage).toBeCloseTo(0.75, 10);
    expect(describeInterval(medianWithInterval([12, 10, 30]) as NonNullable<ReturnType<typeof medianWithInterval>>)).toBe(
      '75% exact interval of the median of 3 runs',
    );
  });

  it('keeps min to max up to 6 runs (96.9%) and drops the extremes at 9 runs, still above 95%', () => {
    const six = medianWithInterval([1, 2, 3, 4, 5, 6]);
    expect(six).toMatchObject({ ciLow: 1, ciHigh: 6 });
    const nine = medianWithInterval([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(nine).toMatchObject({ ciLow: 2, ciHigh: 8, method: 'order-statistic' });
    expect(nine?.coverage).toBeCloseTo(1 - 20 / 512, 10);
  });

  it('uses the bootstrap from 10 runs on, and a point for one run', () => {
    expect(medianWithInterval(Array.from({ length: 10 }, (_, index) => index))?.method).toBe('bootstrap');
    expect(medianWithInterval([4])).toMatchObject({ median: 4, ciLow: 4, ciHigh: 4, method: 'point' });
    expect(medianWithInterval([])).toBeNull();
  });
});
