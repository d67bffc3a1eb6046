import { describe, expect, it } from 'vitest';
import { quantileInterval, quantileIntervalOfSorted } from '../../../bench/stats/order-statistic-interval.js';

/** P(l <= B <= u - 1) for B ~ Binomial(n, q), summed term by term with plain doubles (small n only). */
function coverageByHand(n: number, q: number, low: number, high: number): number {
  let total = 0;
  let choose = 1;
  for (let k = 0; k <= n; k += 1) {
    if (k > 0) choose = (choose * (n - k + 1)) / k;
    if (k >= low && k <= high - 1) total += choose * q ** k * (1 - q) ** (n - k);
  }
  return total;
}

describe('quantileInterval', () => {
  it('gives [min, max] at 75% for the median of 3 runs', () => {
    expect(quantileInterval(3, 0.5)).toEqual({ lowRank: 1, highRank: 3, coverage: expect.closeTo(0.75, 12) });
  });

  it('gives ranks 2 and 9 at 97.85% for the median of 10 (the textbook interval)', () => {
    const interval = quantileInterval(10, 0.5);
    expect([interval.lowRank, interval.highRank]).toEqual([2, 9]);
    expect(interval.coverage).toBeCloseTo(1 - 22 / 1024, 12);
  });

  it('reaches up to the largest value for the p99 of 300 clients, and says its coverage is short of 95%', () => {
    const interval = quantileInterval(300, 0.99);
    expect(interval.highRank).toBe(300);
    expect(interval.lowRank).toBeLessThan(297);
    expect(interval.coverage).toBeCloseTo(coverageByHand(300, 0.99, interval.lowRank, interval.highRank), 10);
    expect(interval.coverage).toBeLessThan(0.975);
  });

  it('matches a term-by-term sum for many sizes and quantiles, and never covers less than asked where n allows', () => {
    for (const n of [5, 9, 20, 51, 100, 333]) {
      for (const q of [0.5, 0.9, 0.99]) {
        const interval = quantileInterval(n, q);
        expect(interval.coverage).toBeCloseTo(coverageByHand(n, q, interval.lowRank, interval.highRank), 9);
        const reachable = interval.lowRank > 1 && interval.highRank < n;
        if (reachable) expect(interval.coverage).toBeGreaterThanOrEqual(0.95);
      }
    }
  });

  it('stays narrow and fast for a million clients', () => {
    const interval = quantileInterval(1_000_000, 0.5);
    // sqrt(n q (1-q)) = 500: about 1.96 x 500 ranks either side of the middle.
    expect(interval.lowRank).toBeGreaterThan(499_000);
    expect(interval.highRank).toBeLessThan(501_000);
    expect(interval.coverage).toBeGreaterThanOrEqual(0.95);
  });

  it('rejects no values and a quantile outside (0, 1)', () => {
    expect(() => quantileInterval(0, 0.5)).toThrow(RangeError);
    expect(() => quantileInterval(10, 1)).toThrow(RangeError);
  });

  it('takes the values at those ranks from sorted values', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(quantileIntervalOfSorted(sorted, 0.5)).toEqual({ low: 2, high: 9, coverage: expect.closeTo(0.9785, 4) });
    expect(quantileIntervalOfSorted([], 0.5)).toBeNull();
  });
});
