/**
 * How precisely a capacity search can place the knee: near the bound, how steeply the deciding
 * figure grows with the client count, and how far single runs scatter about that trend. A flat
 * figure with noisy runs moves its crossing of the bound a long way from one search to the next,
 * whatever --resolution asks; this says how far, from the search's own runs.
 *
 * The model: near the knee the figure follows a power law in the client count (a straight line in
 * log-log), each run's value scatters about it with a constant relative spread, and a probe's
 * median of n runs scatters by about 1.2533 / sqrt(n) of that (the median's efficiency for
 * normal errors; for 3 to 7 runs the exact factor is a little smaller, so this errs wide). One
 * search's knee scatters by the median's spread over the slope, and the gap between two searches
 * by sqrt(2) times that. The slope's own uncertainty and the bisection's last step (up to
 * --resolution) are not in it: the range is, if anything, too narrow.
 */
import { fitLine } from '../stats/linear-fit.js';
import { median } from '../stats/stats.js';
import type { KneePrecision, ProbeRecord } from './capacity-types.js';
import type { Slo } from '../slo/slo.js';

/** 1.2533 = sqrt(pi / 2): a median of n normal values scatters that much more than their mean. */
const MEDIAN_EFFICIENCY = Math.sqrt(Math.PI / 2);
const Z_95 = 1.959964;
/** Two searches' answers each scatter about the knee, so their gap scatters sqrt(2) times as much. */
const TWO_SEARCHES = Math.SQRT2;

/** The first objective the smallest failing probe missed: the one that set the bracket's high end. */
function decidingObjective(slo: readonly Slo[], failing: ProbeRecord): Slo | undefined {
  const missed = failing.judgements.find((judgement) => !judgement.meets);
  return slo.find((item) => item.figure === missed?.figure && item.text === missed?.slo);
}

/** The precision of a resolved search (a pass below a failure), or null when there is too little to fit. */
export function kneePrecision(
  slo: readonly Slo[],
  probes: readonly ProbeRecord[],
  capacity: number | null,
  failingClients: number | null,
): KneePrecision | null {
  if (capacity === null || failingClients === null) return null;
  // The latest failure at that count: after a --rate-lowerings halving, earlier ones were at another rate.
  const failing = probes.findLast((probe) => probe.clients === failingClients && probe.verdict === 'fail');
  const objective = failing ? decidingObjective(slo, failing) : undefined;
  if (failing === undefined || objective === undefined) return null;
  const near = probes.filter(
    (probe) =>
      (probe.verdict === 'pass' || probe.verdict === 'fail') &&
      probe.ratePerSecond === failing.ratePerSecond &&
      probe.clients >= capacity / 2 &&
      probe.clients <= failingClients * 2,
  );
  const xs: number[] = [];
  const ys: number[] = [];
  for (const probe of near) {
    for (const value of probe.judgements.find((judgement) => judgement.slo === objective.text)?.values ?? []) {
      // A log scale holds neither a zero (a count objective) nor a run that did not measure the figure: no estimate rather than a biased one.
      if (!Number.isFinite(value) || value <= 0) return null;
      xs.push(Math.log(probe.clients));
      ys.push(Math.log(value));
    }
  }
  const line = fitLine(xs, ys);
  if (line === null) return null;
  const { slope: fit, residualSd: runSpread } = line;
  const runsPerProbe = median(near.map((probe) => probe.runs.length - probe.saturatedRuns)) ?? 1;
  // A figure kept below its bound (<) crosses it rising, one kept above it (>) falling.
  const rising = objective.operator === '<' || objective.operator === '<=';
  const steepness = rising ? fit.slope : -fit.slope;
  const clearlySteep = rising ? fit.low > 0 : fit.high < 0;
  const gapSpread = (TWO_SEARCHES * MEDIAN_EFFICIENCY * runSpread) / Math.sqrt(runsPerProbe);
  return {
    figure: objective.figure,
    elasticity: fit.slope,
    elasticityLow: fit.low,
    elasticityHigh: fit.high,
    runSpread,
    runs: xs.length,
    runsPerProbe,
    capacitySpread: clearlySteep ? Math.expm1((Z_95 * gapSpread) / steepness) : null,
  };
}
