/**
 * The verdict of one probe from its repeated runs. Each objective's figure is summarised by the
 * median over the runs with the interval compare uses (bench/stats/median-interval.ts), and the
 * median decides, so one noisy run does not. The interval is kept, and `clear` says whether it
 * lies wholly on the median's side of the bound.
 */
import type { MedianWithInterval } from '../stats/bootstrap.js';
import { medianWithInterval } from '../stats/median-interval.js';
import type { RunSummary } from '../results/run-summary.js';
import { meetsSlo, sloValue, worstValue, type Slo } from './slo.js';

/** pass/fail: evidence for the search; saturated, broken and interrupted are not, and stop it. */
export type ProbeVerdict = 'pass' | 'fail' | 'saturated' | 'broken' | 'interrupted';

/** One objective judged over a probe's runs. Values in the figure's unit (or % of clients). */
export interface SloJudgement {
  figure: string;
  slo: string;
  /** Median over the runs, with its interval; a run that did not measure the figure counts as the worst value (null in JSON). */
  estimate: MedianWithInterval;
  meets: boolean;
  /** The whole interval is on the same side of the bound as the median. */
  clear: boolean;
}

/** A probe's judgement. */
export interface ProbeJudgement {
  verdict: ProbeVerdict;
  /** One sentence saying why, e.g. "connectMs.p99 median 612 ms is not < 500 ms". */
  reason: string;
  judgements: SloJudgement[];
  saturatedRuns: number;
}

function judgeSlo(slo: Slo, runs: readonly RunSummary[]): SloJudgement {
  const values = runs.map((run) => sloValue(slo, run) ?? worstValue(slo));
  const estimate = medianWithInterval(values) as MedianWithInterval;
  const meets = meetsSlo(slo, estimate.median);
  const clear = meetsSlo(slo, estimate.ciLow) === meets && meetsSlo(slo, estimate.ciHigh) === meets;
  return { figure: slo.figure, slo: slo.text, estimate, meets, clear };
}

function describeMiss(judgement: SloJudgement): string {
  const value = Number.isFinite(judgement.estimate.median) ? Number(judgement.estimate.median.toPrecision(4)) : 'not measured';
  return `${judgement.figure} median ${value} misses ${judgement.slo}`;
}

/** Judges a probe's runs against the objectives. */
export function judgeProbe(slo: readonly Slo[], runs: readonly RunSummary[]): ProbeJudgement {
  const saturatedRuns = runs.filter((run) => run.loadGenerator?.saturated === true).length;
  const judgements = runs.length === 0 ? [] : slo.map((item) => judgeSlo(item, runs));
  const base = { judgements, saturatedRuns };
  if (runs.some((run) => run.status === 'interrupted')) return { ...base, verdict: 'interrupted', reason: 'stopped by a signal' };
  const broken = runs.find((run) => run.broken === true);
  if (broken) return { ...base, verdict: 'broken', reason: `bench or the machine broke, so nothing was measured: ${broken.reason ?? 'no reason given'}` };
  // A server that died under load failed whatever its figures say; that is evidence even from a busy load generator.
  const died = runs.filter((run) => run.status === 'failed').length;
  if (died > 0) return { ...base, verdict: 'fail', reason: `the server failed under load in ${died} of ${runs.length} runs` };
  if (saturatedRuns * 2 > runs.length) {
    return { ...base, verdict: 'saturated', reason: `the load generator was saturated in ${saturatedRuns} of ${runs.length} runs, so its latencies include its own queueing` };
  }
  const misses = judgements.filter((judgement) => !judgement.meets);
  if (misses.length > 0) return { ...base, verdict: 'fail', reason: misses.map(describeMiss).join('; ') };
  return { ...base, verdict: 'pass', reason: 'every objective met' };
}
