/**
 * The judgement of one figure and of one cell. Each side gives an estimate of the figure with an
 * interval (estimateSide). The threshold is laid on the baseline's interval: its worse end (the
 * upper end for times, memory and failures) widened by the larger of the relative and the absolute
 * bound. A regression needs the current interval to lie wholly beyond that limit, so both sides'
 * noise is accounted for: the intervals must be apart by more than the threshold.
 */
import type { MedianWithInterval } from '../stats/bootstrap.js';
import { medianWithInterval } from '../stats/median-interval.js';
import type { Cell, LoadedRun } from '../results/result-set.js';
import { variantLabel } from '../../protocol/transports.js';
import type { RunSummary } from '../summary/run-summary-types.js';
import type { CompareFigure } from './compare-figures.js';
import type { CellComparison, CellSide, FigureComparison, FigureVerdict } from './comparison.js';
import type { Threshold } from './thresholds.js';

/** Confidence the intervals aim at (fewer than 10 runs may not reach it; each interval gives its true coverage). */
export const CONFIDENCE = 0.95;

/**
 * One side's estimate of a figure. Counts (failed clients, dropped connections, lost messages,
 * failed runs) take the worst run: one new failure in one repeat is a failure, whatever the median
 * says. A single run's latency percentile takes the interval over its own clients: the p99 of 300
 * clients is the third-worst client, far from exact. Otherwise the median over the runs.
 */
export function estimateSide(figure: CompareFigure, runs: readonly RunSummary[]): MedianWithInterval | null {
  const values = runs.map((run) => figure.read(run)).filter((value): value is number => value !== null);
  const clientInterval = figure.kind !== 'clients' && runs.length === 1 ? runs[0]?.percentileIntervals?.[figure.name] : undefined;
  if (clientInterval && values.length === 1) {
    const value = values[0] as number;
    return { median: value, ciLow: clientInterval.low, ciHigh: clientInterval.high, n: clientInterval.n, coverage: clientInterval.coverage, method: 'clients' };
  }
  return estimateValues(figure, values);
}

/** The estimate from the runs' values alone: the worst run for counts, else the median with its interval. */
export function estimateValues(figure: CompareFigure, values: readonly number[]): MedianWithInterval | null {
  if (values.length === 0) return null;
  return figure.kind === 'clients' ? worstRun(values, figure.better) : medianWithInterval(values, CONFIDENCE);
}

/** Judges one figure from each side's estimate (null: the side did not measure it). */
export function judgeFigure(
  figure: CompareFigure,
  threshold: Threshold,
  baseline: MedianWithInterval | null,
  current: MedianWithInterval | null,
  clients: number,
  judged: boolean,
): FigureComparison {
  const absolute = threshold.absolutePerClient ? threshold.absolute / Math.max(1, clients) : threshold.absolute;
  const base: Omit<FigureComparison, 'verdict' | 'limit' | 'change' | 'changeRatio'> = {
    figure: figure.name,
    kind: figure.kind,
    unit: figure.unit,
    better: figure.better,
    baseline,
    current,
    threshold: { relative: threshold.relative, absolute },
  };
  if (!baseline || !current) return { ...base, change: null, changeRatio: null, limit: null, verdict: 'missing' };
  const change = current.median - baseline.median;
  const changeRatio = baseline.median !== 0 ? change / Math.abs(baseline.median) : null;
  const worseUp = figure.better === 'lower';
  const widen = (edge: number, direction: 1 | -1): number => edge + direction * Math.max(threshold.relative * Math.abs(edge), absolute);
  // The limit a regression must clear, from the baseline interval's worse end; the mirror limit for an improvement.
  const limit = worseUp ? widen(baseline.ciHigh, 1) : widen(baseline.ciLow, -1);
  const mirror = worseUp ? widen(baseline.ciLow, -1) : widen(baseline.ciHigh, 1);
  let verdict: FigureVerdict = 'ok';
  if (!judged) verdict = 'not judged';
  else if (worseUp ? current.ciLow > limit : current.ciHigh < limit) verdict = 'regression';
  else if (worseUp ? current.ciHigh < mirror : current.ciLow > mirror) verdict = 'improved';
  return { ...base, change, changeRatio, limit, verdict };
}

/** The worst value over the runs, as a degenerate interval. */
function worstRun(values: readonly number[], better: CompareFigure['better']): MedianWithInterval {
  const worst = better === 'lower' ? Math.max(...values) : Math.min(...values);
  return { median: worst, ciLow: worst, ciHigh: worst, n: values.length, coverage: 0, method: 'worst-run' };
}

function describeSide(runs: readonly RunSummary[], sources: string[]): CellSide {
  const injected = new Map<string, { delayMs: number; retainKb: number }>();
  for (const run of runs) {
    const faults = run.injected ?? { delayMs: 0, retainKb: 0 };
    injected.set(`${faults.delayMs}/${faults.retainKb}`, { delayMs: faults.delayMs, retainKb: faults.retainKb });
  }
  return {
    sources,
    runs: runs.length,
    saturatedRuns: runs.filter((run) => run.loadGenerator?.saturated === true).length,
    brokenRuns: runs.filter((run) => run.broken === true).length,
    injected: [...injected.values()],
  };
}

/** The worst worker over a side's saturated runs, as a few words. */
function saturationDetail(runs: readonly RunSummary[]): string {
  const saturated = runs.filter((run) => run.loadGenerator?.saturated === true);
  const cpu = Math.max(...saturated.map((run) => run.loadGenerator.maxCpuPercent));
  const delay = Math.max(...saturated.map((run) => run.loadGenerator.maxEventLoopDelayP99Ms ?? run.loadGenerator.maxEventLoopDelayMs));
  return `worst worker ${cpu.toFixed(0)}% CPU, event-loop delay p99 ${delay.toFixed(1)} ms`;
}

/** A run whose handshakes all went at once: no --rate, and --concurrency at least the clients. */
function isBurst(run: LoadedRun): boolean {
  const config = run.runJson?.config;
  if (!config || typeof config.concurrency !== 'number' || typeof config.clients !== 'number') return false;
  return (config.ratePerSecond ?? null) === null && config.concurrency >= config.clients;
}

/**
 * A latency percentile of a side with one run that was a burst: its interval over the run's own
 * clients cannot know how far a burst's latencies swing from one run to the next (a factor of two
 * on this project's machine: connectMs.p99 72 ms, then 104 ms, of the same build), so that figure is
 * not judged, and says why; memory and failures still are. With repeats, the spread between runs
 * is measured and the figure is judged.
 */
function oneRunOfABurst(side: Cell): boolean {
  return side.runs.length === 1 && side.runs.every(isBurst);
}

/** The note of a cell whose latency percentiles were left unjudged as one run of a burst. */
function burstNote(cell: Cell): string {
  const config = cell.runs[0]?.runJson?.config;
  const concurrency = typeof config?.concurrency === 'number' ? config.concurrency : null;
  return (
    `latency percentiles not judged: a side is one run of a burst (all ${cell.clients} handshakes at once${concurrency === null ? '' : `, --concurrency ${concurrency}`}, no --rate), ` +
    "whose connect and first-message times swing between runs by more than one run's own clients can show; " +
    'judge them with --repeat 3 or more a side, or pace the handshakes (--concurrency below the clients, or --rate)'
  );
}

/** Judges every figure of a cell present on both sides. */
export function judgeCell(
  baselineCell: Cell,
  currentCell: Cell,
  figures: ReadonlyArray<{ figure: CompareFigure; threshold: Threshold }>,
  allowSaturated: boolean,
): CellComparison {
  const baselineRuns = baselineCell.runs.map((run) => run.summary);
  const currentRuns = currentCell.runs.map((run) => run.summary);
  const baseline = describeSide(
    baselineRuns,
    baselineCell.runs.map((run) => run.source),
  );
  const current = describeSide(
    currentRuns,
    currentCell.runs.map((run) => run.source),
  );

  const saturatedSides: string[] = [];
  if (baseline.saturatedRuns > 0) saturatedSides.push(`baseline in ${baseline.saturatedRuns} of ${baseline.runs} runs (${saturationDetail(baselineRuns)})`);
  if (current.saturatedRuns > 0) saturatedSides.push(`current in ${current.saturatedRuns} of ${current.runs} runs (${saturationDetail(currentRuns)})`);
  // A run bench could not carry out (its server or a worker never started) measured nothing: its
  // runFailed is not the server's failure, so the cell is not judged rather than called a regression.
  const brokenSides: string[] = [];
  if (baseline.brokenRuns > 0) brokenSides.push(`baseline in ${baseline.brokenRuns} of ${baseline.runs} runs`);
  if (current.brokenRuns > 0) brokenSides.push(`current in ${current.brokenRuns} of ${current.runs} runs`);
  const judged = brokenSides.length === 0 && (saturatedSides.length === 0 || allowSaturated);
  // A saturated load generator queues the clients' own work: it taints the latencies and can time
  // clients out (failed, dropped, lost), but not what the server holds, which is judged as always.
  const memoryOnlyJudged = brokenSides.length === 0 && !judged;
  let reason: string | null = null;
  if (brokenSides.length > 0) {
    reason = `not judged: bench or the machine broke, so nothing was measured: ${brokenSides.join('; ')}. Fix what stopped the run (its reason is in its run.json) and measure again`;
  } else if (saturatedSides.length > 0) {
    reason = allowSaturated
      ? `judged although the load generator was saturated (--allow-saturated): ${saturatedSides.join('; ')}`
      : `latencies and client counts not judged: the load generator was saturated, so its latencies include its own queueing: ${saturatedSides.join('; ')}. ` +
        'Server memory is judged as always. Lower the load (--rate, fewer clients, more workers) or pass --allow-saturated to judge the rest anyway';
  }

  const burstSide = oneRunOfABurst(baselineCell) ? baselineCell : oneRunOfABurst(currentCell) ? currentCell : null;
  const comparisons = figures
    .map(({ figure, threshold }) => {
      const baselineEstimate = estimateSide(figure, baselineRuns);
      const currentEstimate = estimateSide(figure, currentRuns);
      // Only the figures a single run judges with its own clients' interval: latency percentiles.
      const overClients = baselineEstimate?.method === 'clients' || currentEstimate?.method === 'clients';
      const judgedHere = judged || (memoryOnlyJudged && figure.kind === 'memory');
      return judgeFigure(figure, threshold, baselineEstimate, currentEstimate, baselineCell.clients, judgedHere && !(burstSide !== null && overClients));
    })
    // A figure neither side measured (steady traffic in runs without it) is not part of this cell.
    .filter((comparison) => comparison.baseline !== null || comparison.current !== null);
  const verdict = comparisons.some((comparison) => comparison.verdict === 'regression') ? 'regression' : !judged ? 'not judged' : 'ok';
  const unjudgedLatency = judged && burstSide !== null && comparisons.some((comparison) => comparison.verdict === 'not judged');
  if (unjudgedLatency) reason = reason === null ? burstNote(burstSide) : `${reason}; ${burstNote(burstSide)}`;
  return {
    key: baselineCell.key,
    transport: baselineCell.transport,
    variant: variantLabel(baselineCell.transport, baselineCell.variant),
    clients: baselineCell.clients,
    baseline,
    current,
    verdict,
    reason,
    figures: comparisons,
  };
}
