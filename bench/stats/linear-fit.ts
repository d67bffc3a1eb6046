/** Least-squares line through points, with the confidence interval of its slope (Student's t). */

/** The fitted slope, in the unit of y per unit of x, with its interval. */
export interface SlopeWithInterval {
  slope: number;
  low: number;
  high: number;
  /** Nominal coverage of [low, high]. */
  coverage: number;
  /** Points fitted. */
  n: number;
}

/** Two-sided 97.5% quantiles of Student's t for 1 to 30 degrees of freedom (standard table values). */
const T_975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069,
  2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** The 0.975 quantile of Student's t with `df` degrees of freedom: the table to 30, then the Cornish-Fisher expansion around the normal's 1.96 (error below 0.001). */
export function tQuantile975(df: number): number {
  if (df < 1) return Number.NaN;
  if (df <= T_975.length) return T_975[Math.floor(df) - 1] as number;
  const z = 1.959964;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2);
}

/** A least-squares line: its slope with the interval, and how far the points scatter about it. */
export interface LineFit {
  slope: SlopeWithInterval;
  /** Standard deviation of the residuals (n - 2 degrees of freedom), in the unit of y. */
  residualSd: number;
}

/** The least-squares line through the first n = min(|xs|, |ys|) points, with the sums its intervals use. */
export interface LeastSquaresLine {
  n: number;
  meanX: number;
  /** Sum of (x - mean x)^2. */
  sxx: number;
  slope: number;
  intercept: number;
}

/** The least-squares line of y on x; null for fewer than `minPoints` points or when every x is the same. */
export function leastSquares(xs: ArrayLike<number>, ys: ArrayLike<number>, minPoints: number): LeastSquaresLine | null {
  const n = Math.min(xs.length, ys.length);
  if (n < minPoints) return null;
  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < n; i += 1) {
    meanX += xs[i] as number;
    meanY += ys[i] as number;
  }
  meanX /= n;
  meanY /= n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i += 1) {
    const dx = (xs[i] as number) - meanX;
    sxx += dx * dx;
    sxy += dx * ((ys[i] as number) - meanY);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { n, meanX, sxx, slope, intercept: meanY - slope * meanX };
}

/**
 * The least-squares line of y on x: its slope with the 95% interval, slope +- t(n-2) x its
 * standard error, and the residuals' standard deviation; null for fewer than 3 points or when
 * every x is the same. The interval assumes independent residuals: consecutive samples of one
 * process are not, so it is narrower than the truth.
 */
export function fitLine(xs: ArrayLike<number>, ys: ArrayLike<number>): LineFit | null {
  const line = leastSquares(xs, ys, 3);
  if (line === null) return null;
  const { n, sxx, slope, intercept } = line;
  let residualSquares = 0;
  for (let i = 0; i < n; i += 1) {
    const residual = (ys[i] as number) - (intercept + slope * (xs[i] as number));
    residualSquares += residual * residual;
  }
  const residualSd = Math.sqrt(residualSquares / (n - 2));
  const halfWidth = tQuantile975(n - 2) * (residualSd / Math.sqrt(sxx));
  return { slope: { slope, low: slope - halfWidth, high: slope + halfWidth, coverage: 0.95, n }, residualSd };
}

/** The least-squares slope of y on x and its 95% interval (fitLine's); null where fitLine is. */
export function slopeWithInterval(xs: ArrayLike<number>, ys: ArrayLike<number>): SlopeWithInterval | null {
  return fitLine(xs, ys)?.slope ?? null;
}
