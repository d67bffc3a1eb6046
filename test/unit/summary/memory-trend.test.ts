import { describe, expect, it } from 'vitest';
import { seriesTrend, summariseMemoryTrend, verdictOf } from '../../../bench/summary/memory-trend.js';
import { seededRandom } from '../../../bench/stats/bootstrap.js';

const MIB = 2 ** 20;

/** One sample a second for `seconds`, about `level` bytes, growing `perHour` bytes an hour, with AR(1) noise of `noise` bytes. */
function series(seconds: number, level: number, perHour: number, noise: number, seed = 3): Array<{ tMs: number; bytes: number }> {
  const random = seededRandom(seed);
  let wander = 0;
  return Array.from({ length: seconds }, (_, i) => {
    wander = 0.9 * wander + (random() - 0.5) * noise;
    return { tMs: i * 1000, bytes: level + (perHour * i) / 3600 + wander };
  });
}

describe('memory verdict', () => {
  it('grows only with the whole interval above the band, flat only with it wholly inside', () => {
    expect(verdictOf({ slope: 10, low: 6, high: 14 }, 5)).toBe('grows');
    expect(verdictOf({ slope: 1, low: -3, high: 4 }, 5)).toBe('flat');
    expect(verdictOf({ slope: 5, low: 2, high: 8 }, 5)).toBe('cannot tell');
    expect(verdictOf({ slope: -10, low: -14, high: -6 }, 5)).toBe('cannot tell');
    // Too few independent samples: no verdict, whatever the interval.
    expect(verdictOf({ slope: 10, low: 6, high: 14 }, 5, { fitted: 1000, effective: 9.9 })).toBe('cannot tell');
    expect(verdictOf({ slope: 10, low: 6, high: 14 }, 5, { fitted: 59, effective: 59 })).toBe('cannot tell');
  });

  it('a series that grows 50% of its level an hour grows; the same without the growth is flat; a short one cannot tell', () => {
    const settings = { flatBandPercentPerHour: 5, churnedPerHour: null };
    expect(seriesTrend(series(1800, 100 * MIB, 50 * MIB, MIB), settings)?.verdict).toBe('grows');
    expect(seriesTrend(series(1800, 100 * MIB, 0, MIB), settings)?.verdict).toBe('flat');
    expect(seriesTrend(series(30, 100 * MIB, 0, 20 * MIB), settings)?.verdict).toBe('cannot tell');
  });

  it('the slope per 1,000 churned connections is the slope per hour over the thousands churned an hour', () => {
    const trend = seriesTrend(series(600, 100 * MIB, 12 * MIB, MIB), { flatBandPercentPerHour: 5, churnedPerHour: 12_000 });
    expect(trend?.per1000Churned?.slope).toBeCloseTo((trend?.perHour.slope as number) / 12, 3);
    expect(trend?.flatBandBytesPerHour).toBeCloseTo(0.05 * (trend?.meanBytes as number), 3);
  });

  it('uses the hold samples in the window between the snapshots only, per series', () => {
    const samples = series(300, 50 * MIB, 0, MIB).map((point) => ({
      tMs: point.tMs,
      rssBytes: point.bytes,
      heapUsedBytes: point.bytes / 4,
      externalBytes: null,
      phase: point.tMs < 10_000 ? ('ramp' as const) : ('hold' as const),
    }));
    const trend = summariseMemoryTrend({ samples, flatBandPercentPerHour: 5, churnedPerHour: null, fitFromMs: 100_000, fitUntilMs: 200_000 });
    expect(trend.rss?.samples).toBe(100);
    expect(trend.heapUsed?.samples).toBe(100);
    expect(trend.external).toBeNull();
    expect(trend.method).toBe('mser5-warmup+kvb-bartlett-slope');
  });
});
