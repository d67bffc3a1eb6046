/**
 * The memory verdict of a soak: for each memory series of the hold, MSER-5 decides where the
 * warm-up ends, the slope of the rest is fitted with an autocorrelation-robust interval, and the
 * interval against a flat band gives grows, flat or cannot tell.
 */
import type { SampleRow } from '../results/file-rows.js';
import { robustSlope, type RobustSlope } from '../stats/robust-slope.js';
import { mserWarmupEnd } from '../stats/warmup.js';
import type { MemoryTrend, MemoryVerdict, SeriesTrend, SlopeInterval } from './memory-trend-types.js';

const MS_PER_HOUR = 3_600_000;

/**
 * Fewer independent stretches than this and no verdict is given: with strongly autocorrelated
 * samples a short series looks like a trend whatever the interval says (the robust interval's
 * coverage holds for long series; simulated AR(1) series of 300 samples at r = 0.99 cover 78%).
 */
export const MIN_EFFECTIVE_SAMPLES = 10;

/**
 * Fewer fitted samples than this and no verdict is given either: the residuals of a short window
 * cannot show the slow wander of a process's memory (a stretch of a wander looks like a line, with
 * independent-looking residuals), so their autocorrelation says nothing there.
 */
export const MIN_FITTED_SAMPLES = 60;

/** Samples' worth of independent information: n (1 - r) / (1 + r) for lag-1 autocorrelation r (Bartlett's AR(1) approximation). */
export function effectiveSamples(n: number, lag1: number): number {
  const r = Math.max(0, Math.min(0.999, lag1));
  return (n * (1 - r)) / (1 + r);
}

/** What the verdict is computed from. */
export interface MemoryTrendInput {
  /** Every sample of the run; only those labelled hold are used. */
  samples: ReadonlyArray<Pick<SampleRow, 'tMs' | 'rssBytes' | 'heapUsedBytes' | 'externalBytes' | 'phase'>>;
  flatBandPercentPerHour: number;
  churnedPerHour: number | null;
  /** Samples before this tMs are left out (the first heap snapshot's own allocation is not growth); null: none. */
  fitFromMs: number | null;
  /** Samples from this tMs on are left out (the last heap snapshot); null: none. */
  fitUntilMs: number | null;
}

/** The verdict of one series' interval against a band of +-band bytes per hour; cannot tell below MIN_FITTED_SAMPLES or MIN_EFFECTIVE_SAMPLES. */
export function verdictOf(
  perHour: SlopeInterval,
  bandBytesPerHour: number,
  samples: { fitted: number; effective: number } = { fitted: Number.POSITIVE_INFINITY, effective: Number.POSITIVE_INFINITY },
): MemoryVerdict {
  if (samples.fitted < MIN_FITTED_SAMPLES || samples.effective < MIN_EFFECTIVE_SAMPLES) return 'cannot tell';
  if (perHour.low > bandBytesPerHour) return 'grows';
  if (perHour.low >= -bandBytesPerHour && perHour.high <= bandBytesPerHour) return 'flat';
  return 'cannot tell';
}

/** A memory series after the warm-up MSER-5 finds: the points kept, and their slope per `unitMs` with its robust interval; null under 5 points kept. */
export function settledSlope<Point extends { tMs: number; bytes: number }>(
  points: readonly Point[],
  unitMs: number,
): { fitted: Point[]; fit: RobustSlope } | null {
  const fitted = points.slice(mserWarmupEnd(points.map((point) => point.bytes)));
  const fit = robustSlope(
    fitted.map((point) => point.tMs / unitMs),
    fitted.map((point) => point.bytes),
  );
  return fit === null ? null : { fitted, fit };
}

/** One series' trend; null with too few samples after the warm-up. */
export function seriesTrend(
  points: ReadonlyArray<{ tMs: number; bytes: number }>,
  settings: Pick<MemoryTrendInput, 'flatBandPercentPerHour' | 'churnedPerHour'>,
): SeriesTrend | null {
  const settled = settledSlope(points, MS_PER_HOUR);
  if (settled === null) return null;
  const { fitted, fit } = settled;
  const first = points[0] as { tMs: number };
  const firstFitted = fitted[0] as { tMs: number };
  const meanBytes = fitted.reduce((sum, point) => sum + point.bytes, 0) / fitted.length;
  const flatBandBytesPerHour = (settings.flatBandPercentPerHour / 100) * meanBytes;
  const perHour = { slope: fit.slope, low: fit.low, high: fit.high };
  const churnThousands = settings.churnedPerHour === null || settings.churnedPerHour === 0 ? null : settings.churnedPerHour / 1000;
  const effective = effectiveSamples(fit.n, fit.lag1Autocorrelation);
  return {
    samples: points.length,
    warmupSeconds: (firstFitted.tMs - first.tMs) / 1000,
    fittedSamples: fitted.length,
    fittedSeconds: ((fitted.at(-1) as { tMs: number }).tMs - firstFitted.tMs) / 1000,
    meanBytes,
    perHour,
    per1000Churned: churnThousands === null ? null : { slope: fit.slope / churnThousands, low: fit.low / churnThousands, high: fit.high / churnThousands },
    lag1Autocorrelation: fit.lag1Autocorrelation,
    effectiveSamples: effective,
    flatBandBytesPerHour,
    verdict: verdictOf(perHour, flatBandBytesPerHour, { fitted: fitted.length, effective }),
  };
}

/** The verdict of each memory series of the hold. */
export function summariseMemoryTrend(input: MemoryTrendInput): MemoryTrend {
  const hold = input.samples.filter(
    (sample) =>
      sample.phase === 'hold' && (input.fitFromMs === null || sample.tMs >= input.fitFromMs) && (input.fitUntilMs === null || sample.tMs < input.fitUntilMs),
  );
  const series = (pick: (sample: MemoryTrendInput['samples'][number]) => number | null): SeriesTrend | null =>
    seriesTrend(
      hold.flatMap((sample) => {
        const bytes = pick(sample);
        return bytes === null ? [] : [{ tMs: sample.tMs, bytes }];
      }),
      input,
    );
  return {
    method: 'mser5-warmup+kvb-bartlett-slope',
    flatBandPercentPerHour: input.flatBandPercentPerHour,
    churnedPerHour: input.churnedPerHour,
    rss: series((sample) => sample.rssBytes),
    heapUsed: series((sample) => sample.heapUsedBytes),
    external: series((sample) => sample.externalBytes),
  };
}
