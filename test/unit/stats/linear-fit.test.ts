/** Least squares with a t interval, against known values. */
import { describe, expect, it } from 'vitest';
import { slopeWithInterval, tQuantile975 } from '../../../bench/stats/linear-fit.js';
import { rssSlopeOfHold } from '../../../bench/summary/idle-cost.js';

describe('slopeWithInterval: least squares with a t interval', () => {
  it('finds the exact slope of points on a line, with a zero-width interval', () => {
    const fit = slopeWithInterval([0, 1, 2, 3, 4], [10, 13, 16, 19, 22]);
    expect(fit).toMatchObject({ slope: 3, n: 5, coverage: 0.95 });
    expect(fit?.low).toBeCloseTo(3, 10);
    expect(fit?.high).toBeCloseTo(3, 10);
  });

  it('matches a hand-computed fit: x 1..5, y 2,4,5,4,5', () => {
    // Sxx = 10, Sxy = 6: slope 0.6; residual SS 2.4 over 3 df: SE = sqrt(0.8 / 10) = 0.28284; t(3) = 3.182.
    const fit = slopeWithInterval([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]);
    expect(fit?.slope).toBeCloseTo(0.6, 10);
    expect(fit?.low).toBeCloseTo(0.6 - 3.182 * Math.sqrt(0.08), 6);
    expect(fit?.high).toBeCloseTo(0.6 + 3.182 * Math.sqrt(0.08), 6);
  });

  it('needs three points and some spread in x', () => {
    expect(slopeWithInterval([1, 2], [1, 2])).toBeNull();
    expect(slopeWithInterval([1, 1, 1], [1, 2, 3])).toBeNull();
  });

  it('t quantiles: the table, then the expansion near the normal', () => {
    expect(tQuantile975(1)).toBe(12.706);
    expect(tQuantile975(30)).toBe(2.042);
    expect(tQuantile975(60)).toBeCloseTo(2.0003, 3);
    expect(tQuantile975(120)).toBeCloseTo(1.9799, 3);
  });

  it('RSS slope of the hold is per minute, from hold samples only', () => {
    const samples = [
      { tMs: 0, rssBytes: 999_999, phase: 'ramp' as const },
      ...[0, 1, 2, 3, 4, 5].map((minute) => ({ tMs: 60_000 + minute * 60_000, rssBytes: 1_000_000 + minute * 4096, phase: 'hold' as const })),
      { tMs: 420_000, rssBytes: 1, phase: 'close' as const },
    ];
    expect(rssSlopeOfHold(samples)?.slope).toBeCloseTo(4096, 6);
  });
});
