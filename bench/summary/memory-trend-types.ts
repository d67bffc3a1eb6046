/** Types of the memory verdict of a soak (summary.memoryTrend): how each memory series moved after its warm-up. */

/** grows: the whole interval lies above the flat band; flat: the whole interval lies within it; cannot tell: neither, at this length. */
export type MemoryVerdict = 'grows' | 'flat' | 'cannot tell';

/** A slope and its 95% interval, in bytes per unit. */
export interface SlopeInterval {
  slope: number;
  low: number;
  high: number;
}

/** One memory series (RSS, V8 heap used, external) over the hold. */
export interface SeriesTrend {
  /** The hold's samples of this series (those with a value). */
  samples: number;
  /** Seconds of the hold that MSER-5 put in the warm-up, left out of the fit. */
  warmupSeconds: number;
  /** Samples and seconds the slope is fitted to. */
  fittedSamples: number;
  fittedSeconds: number;
  /** Mean of the fitted samples, in bytes: what the flat band is a share of. */
  meanBytes: number;
  /** Least-squares slope in bytes per hour, with its autocorrelation-robust 95% interval (method.md, "Memory over time"). */
  perHour: SlopeInterval;
  /** perHour divided by the thousands of connections churned per hour; null without --churn. */
  per1000Churned: SlopeInterval | null;
  /** Lag-1 autocorrelation of the fit's residuals (0: independent samples). */
  lag1Autocorrelation: number;
  /** fittedSamples x (1 - r) / (1 + r): how many independent samples they are worth; under 10 (or under 60 fitted samples) the verdict is cannot tell. */
  effectiveSamples: number;
  /** The flat band, in bytes per hour: flatBandPercentPerHour of meanBytes. */
  flatBandBytesPerHour: number;
  verdict: MemoryVerdict;
}

/** summary.memoryTrend: one entry per series the server reported; a series with too few samples is null. */
export interface MemoryTrend {
  method: 'mser5-warmup+kvb-bartlett-slope';
  flatBandPercentPerHour: number;
  /** Connections churned per hour (--churn), the per-1,000 figures' divisor; null without churn. */
  churnedPerHour: number | null;
  rss: SeriesTrend | null;
  heapUsed: SeriesTrend | null;
  external: SeriesTrend | null;
}
