/**
 * Exact distribution-free confidence intervals for a quantile, from order statistics alone.
 *
 * Of n independent values, the number that fall below the true q-quantile is Binomial(n, q). So the
 * interval from the l-th to the u-th smallest value (1-based) covers the quantile with probability
 * P(l <= B <= u - 1): no assumption about the shape of the distribution. With few values the
 * wanted coverage may be out of reach (3 runs give [min, max] at 75% for the median); then the
 * interval is the widest there is and its true coverage says so.
 */

/** An interval of order statistics and the probability that it covers the quantile. */
export interface OrderStatisticInterval {
  /** 1-based ranks of the interval's ends in the sorted values. */
  lowRank: number;
  highRank: number;
  /** P(lowRank <= B <= highRank - 1), B ~ Binomial(n, q): the interval's true coverage. */
  coverage: number;
}

/** log(n!) by the Lanczos approximation of log Gamma(n + 1); exact to ~1e-13 relative. */
function logFactorial(n: number): number {
  const g = 7;
  const coefficients = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
    9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const x = n + 1;
  if (x < 0.5) throw new RangeError('logFactorial of a negative number');
  const z = x - 1;
  let sum = coefficients[0] as number;
  for (let index = 1; index < g + 2; index += 1) sum += (coefficients[index] as number) / (z + index);
  const t = z + g + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** P(B = k) for B ~ Binomial(n, q), computed in log space so large n does not overflow. */
function binomialProbability(n: number, k: number, q: number): number {
  if (q <= 0) return k === 0 ? 1 : 0;
  if (q >= 1) return k === n ? 1 : 0;
  return Math.exp(logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * Math.log(q) + (n - k) * Math.log1p(-q));
}

/**
 * The equal-tailed interval of order statistics (at most (1 - confidence) / 2 left out on each side) for the q-quantile of n values with
 * coverage of at least `confidence` where n allows, else the whole range with its true coverage.
 */
export function quantileInterval(n: number, q: number, confidence = 0.95): OrderStatisticInterval {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`quantileInterval needs at least one value, got ${n}`);
  if (!(q > 0 && q < 1)) throw new RangeError(`quantile must lie strictly between 0 and 1, got ${q}`);
  const tail = (1 - confidence) / 2;
  // Beyond 10 standard deviations from n q the probabilities are below 1e-20: they are left at 0, so a
  // million clients cost a few thousand terms rather than a million.
  const spread = 10 * Math.sqrt(n * q * (1 - q)) + 10;
  const first = Math.max(0, Math.floor(n * q - spread));
  const last = Math.min(n, Math.ceil(n * q + spread));
  const probability = (k: number): number => (k < first || k > last ? 0 : binomialProbability(n, k, q));
  // Lower end: the largest l whose lower tail P(B <= l - 1) stays within `tail` (at least 1).
  let lowRank = 1;
  let below = probability(0);
  while (lowRank < n && below + probability(lowRank) <= tail) {
    below += probability(lowRank);
    lowRank += 1;
  }
  // Upper end: the smallest u whose upper tail P(B >= u) stays within `tail` (at most n).
  let highRank = n;
  let above = probability(n);
  while (highRank > lowRank && above + probability(highRank - 1) <= tail) {
    above += probability(highRank - 1);
    highRank -= 1;
  }
  const coverage = 1 - below - above;
  return { lowRank, highRank, coverage: Math.min(1, Math.max(0, coverage)) };
}

/** The interval's values taken from values already sorted ascending. */
export function quantileIntervalOfSorted(sorted: ArrayLike<number>, q: number, confidence = 0.95): { low: number; high: number; coverage: number } | null {
  if (sorted.length === 0) return null;
  const interval = quantileInterval(sorted.length, q, confidence);
  return { low: sorted[interval.lowRank - 1] as number, high: sorted[interval.highRank - 1] as number, coverage: interval.coverage };
}
