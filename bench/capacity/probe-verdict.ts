/**
 * The verdict of one probe from its repeated runs. Each objective's figure is summarised by the
 * median over the runs with the interval compare uses (bench/stats/median-interval.ts), and the
 * median decides, so one noisy run does not. The interval is kept, and `clear` says whether it
 * lies wholly on the median's side of the bound.
 */
import type { MedianWithInterval } from '../stats/bootstrap.js';
import { medianWithInterval } from '../stats/median-interval.js';
import type { RunSummary } from '../summary/run-summary-types.js';
import { meetsSlo, sloValue, worstValue, type Slo } from '../slo/slo.js';

/** pass/fail: evidence for the search; saturated, broken and interrupted are not, and stop it. */
export type ProbeVerdict = 'pass' | 'fail' | 'saturated' | 'broken' | 'interrupted';

/** One objective judged over a probe's runs. Values in the figure's unit (or % of clients). */
export interface SloJudgement {
  figure: string;
  slo: string;
  /** Median over the runs, with its interval; a run that did not measure the figure counts as the worst value (null in JSON). */
  estimate: MedianWithInterval;
  /** Each judged run's value, in run order (the worst value, null in JSON, where a run did not measure it). */
  values: number[];
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
  return { figure: slo.figure, slo: slo.text, estimate, values, meets, clear };
}

function describeMiss(judgement: SloJudgement): string {
  const value = Number.isFinite(judgement.estimate.median) ? Number(judgement.estimate.median.toPrecision(4)) : 'not measured';
  return `${judgement.figure} median ${value} misses ${judgement.slo}`;
}

/** The runs whose load generator kept up: only they are evidence about the server. */
function cleanRuns(runs: readonly RunSummary[]): RunSummary[] {
  return runs.filter((run) => run.loadGenerator?.saturated !== true);
}

/**
 * Judges a probe's runs against the objectives. A saturated run is no evidence and is left out;
 * the probe is saturated when fewer than `repeat` runs are left. Those that are left decide by
 * their median.
 */
export function judgeProbe(slo: readonly Slo[], runs: readonly RunSummary[], repeat = runs.length): ProbeJudgement {
  const clean = cleanRuns(runs);
  const saturatedRuns = runs.length - clean.length;
  const judgements = clean.length === 0 ? [] : slo.map((item) => judgeSlo(item, clean));
  const base = { judgements, saturatedRuns };
  if (runs.some((run) => run.status === 'interrupted')) return { ...base, verdict: 'interrupted', reason: 'stopped by a signal' };
  const broken = runs.find((run) => run.broken === true);
  if (broken) return { ...base, verdict: 'broken', reason: `bench or the machine broke, so nothing was measured: ${broken.reason ?? 'no reason given'}` };
  // A server that died under load failed whatever its figures say; that is evidence even from a busy load generator.
  const died = runs.filter((run) => run.status === 'failed').length;
  if (died > 0) return { ...base, verdict: 'fail', reason: `the server failed under load in ${died} of ${runs.length} runs` };
  if (clean.length < Math.min(repeat, runs.length) || clean.length === 0) {
    return {
      ...base,
      verdict: 'saturated',
      reason: `the load generator was saturated in ${saturatedRuns} of ${runs.length} runs, so their latencies include its own queueing`,
    };
  }
  const misses = judgements.filter((judgement) => !judgement.meets);
  if (misses.length > 0) return { ...base, verdict: 'fail', reason: misses.map(describeMiss).join('; ') };
  return { ...base, verdict: 'pass', reason: 'every objective met' };
}

/**
 * Whether the median of an objective's runs could still land on the other side of its bound if
 * every run left (`runsLeft`) fell on the minority side: until then the runs disagree too much to
 * decide. Once the majority is larger than the runs left, more runs cannot change the verdict.
 */
function couldStillFlip(item: Slo, judgement: SloJudgement, runsLeft: number): boolean {
  const meeting = judgement.values.filter((value) => meetsSlo(item, value)).length;
  const missing = judgement.values.length - meeting;
  return Math.abs(meeting - missing) <= runsLeft;
}

/**
 * Whether a probe needs another run, with `maxRuns` runs in all: to replace a saturated run
 * (while no more than `repeat` of its runs saturated and enough runs are left to reach `repeat`
 * clean ones), or because its runs disagree on the bound that decides it (a pass with an objective
 * whose median could still flip, or a fail where every missed objective's could), so more runs
 * steady the median.
 */
export function wantsAnotherRun(slo: readonly Slo[], runs: readonly RunSummary[], repeat: number, maxRuns: number): boolean {
  const runsLeft = maxRuns - runs.length;
  if (runsLeft <= 0) return false;
  const judgement = judgeProbe(slo, runs, repeat);
  if (judgement.verdict === 'saturated') {
    const clean = runs.length - judgement.saturatedRuns;
    return judgement.saturatedRuns <= repeat && repeat - clean <= runsLeft;
  }
  if (judgement.verdict !== 'pass' && judgement.verdict !== 'fail') return false;
  if (runs.some((run) => run.status === 'failed')) return false;
  // Runs that all agree (a clear interval) are settled; runs that disagree, until their majority cannot be overturned.
  const open = slo.map((item, index) => {
    const itemJudgement = judgement.judgements[index] as SloJudgement;
    return { judgement: itemJudgement, flips: !itemJudgement.clear && couldStillFlip(item, itemJudgement, runsLeft) };
  });
  if (judgement.verdict === 'pass') return open.some((entry) => entry.flips);
  return open.filter((entry) => !entry.judgement.meets).every((entry) => entry.flips);
}
