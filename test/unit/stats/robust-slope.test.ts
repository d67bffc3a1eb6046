import { describe, expect, it } from 'vitest';
import { robustSlope, TREND_CRITICAL_VALUE } from '../../../bench/stats/robust-slope.js';
import { slopeWithInterval } from '../../../bench/stats/linear-fit.js';
import { seededRandom } from '../../../bench/stats/bootstrap.js';

/** A standard normal draw from two uniforms (Box-Muller). */
function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** An AR(1) series with coefficient rho about a line of slope `slope`. */
function ar1Series(random: () => number, n: number, rho: number, slope: number): { xs: number[]; ys: number[] } {
  const xs: number[] = [];
  const ys: number[] = [];
  let noise = 0;
  for (let i = 0; i < n; i += 1) {
    noise = rho * noise + normal(random);
    xs.push(i);
    ys.push(slope * i + noise);
  }
  return { xs, ys };
}

/** Share of simulated series whose interval covers the true slope. */
function coverage(interval: (xs: number[], ys: number[]) => { low: number; high: number } | null, rho: number, n: number): number {
  const random = seededRandom(7);
  const replications = 400;
  let covered = 0;
  for (let r = 0; r < replications; r += 1) {
    const { xs, ys } = ar1Series(random, n, rho, 0.01);
    const fit = interval(xs, ys);
    if (fit !== null && fit.low <= 0.01 && 0.01 <= fit.high) covered += 1;
  }
  return covered / replications;
}

describe('robustSlope', () => {
  it('finds the slope of a straight line exactly', () => {
    const xs = Array.from({ length: 20 }, (_, i) => i);
    const fit = robustSlope(
      xs,
      xs.map((x) => 3 * x + 1),
    );
    expect(fit?.slope).toBeCloseTo(3, 10);
    expect(fit?.low).toBeCloseTo(3, 10);
  });

  it('has the critical value its comment gives: simulated again on independent series', () => {
    const random = seededRandom(3);
    const statistics: number[] = [];
    for (let r = 0; r < 4000; r += 1) {
      const { xs, ys } = ar1Series(random, 400, 0, 0);
      const fit = robustSlope(xs, ys) as NonNullable<ReturnType<typeof robustSlope>>;
      statistics.push(Math.abs(fit.slope) / ((fit.high - fit.slope) / TREND_CRITICAL_VALUE));
    }
    statistics.sort((a, b) => a - b);
    expect(statistics[Math.floor(0.95 * statistics.length)]).toBeGreaterThan(TREND_CRITICAL_VALUE - 0.5);
    expect(statistics[Math.floor(0.95 * statistics.length)]).toBeLessThan(TREND_CRITICAL_VALUE + 0.5);
  });

  it('covers the true slope of strongly autocorrelated series about 95% of the time, where the independent-sample interval does not', () => {
    expect(coverage(robustSlope, 0.95, 1800)).toBeGreaterThan(0.92);
    expect(coverage(slopeWithInterval, 0.95, 1800)).toBeLessThan(0.5);
  });

  it('stays near 95% on independent samples', () => {
    expect(coverage(robustSlope, 0, 300)).toBeGreaterThan(0.92);
  });

  it('is null for too few points or a constant x', () => {
    expect(robustSlope([1, 2, 3, 4], [1, 2, 3, 4])).toBeNull();
    expect(robustSlope(new Array(12).fill(1), new Array(12).fill(2))).toBeNull();
  });
});
