/**
 * The judgement of one figure and of one cell. Each side is summarised by the median over its runs
 * and a bootstrap interval of that median. The threshold is laid on the baseline's interval: its
 * worse end (the upper end for times, memory and failures) widened by the larger of the relative
 * and the absolute bound. A regression needs the current interval to lie wholly beyond that limit,
 * so both sides' run-to-run noise is accounted for: the intervals must be apart by more than the
 * threshold. With one run on a side its interval is its single value, so single runs are judged
 * value against value.
 */
import { bootstrapMedian, type MedianWithInterval } from '../stats/bootstrap.js';
import type { Cell } from '../results/result-set.js';
import { variantLabel } from '../../protocol/transports.js';
import type { RunSummary } from '../results/run-summary.js';
import type { CompareFigure } from './compare-figures.js';
import type { CellComparison, CellSide, FigureComparison, FigureVerdict } from './compare-report.js';
import type { Threshold } from './thresholds.js';

/** Confidence of the bootstrap intervals the verdict uses. */
export const CONFIDENCE = 0.95;

/** Judges one figure from the values of each side's runs (nulls are runs that did not measure it). */
export function judgeFigure(
  figure: CompareFigure,
  threshold: Threshold,
  baselineValues: ReadonlyArray<number | null>,
  currentValues: ReadonlyArray<number | null>,
  clients: number,
  judged: boolean,
): FigureComparison {
  const measured = (values: ReadonlyArray<number | null>): number[] => values.filter((value): value is number => value !== null);
  // Counts (failed clients, dropped connections, lost messages, failed runs) are judged on each
  // side's worst run: one new failure in one repeat is a failure, whatever the median says.
  const summarise = figure.kind === 'clients' ? (values: number[]) => worstRun(values, figure.better) : (values: number[]) => bootstrapMedian(values, CONFIDENCE);
  const baseline = summarise(measured(baselineValues));
  const current = summarise(measured(currentValues));
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
function worstRun(values: number[], better: CompareFigure['better']): MedianWithInterval | null {
  if (values.length === 0) return null;
  const worst = better === 'lower' ? Math.max(...values) : Math.min(...values);
  return { median: worst, ciLow: worst, ciHigh: worst, n: values.length };
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

/** Judges every figure of a cell present on both sides. */
export function judgeCell(
  baselineCell: Cell,
  currentCell: Cell,
  figures: ReadonlyArray<{ figure: CompareFigure; threshold: Threshold }>,
  allowSaturated: boolean,
): CellComparison {
  const baselineRuns = baselineCell.runs.map((run) => run.summary);
  const currentRuns = currentCell.runs.map((run) => run.summary);
  const baseline = describeSide(baselineRuns, baselineCell.runs.map((run) => run.source));
  const current = describeSide(currentRuns, currentCell.runs.map((run) => run.source));

  const saturatedSides: string[] = [];
  if (baseline.saturatedRuns > 0) saturatedSides.push(`baseline in ${baseline.saturatedRuns} of ${baseline.runs} runs (${saturationDetail(baselineRuns)})`);
  if (current.saturatedRuns > 0) saturatedSides.push(`current in ${current.saturatedRuns} of ${current.runs} runs (${saturationDetail(currentRuns)})`);
  const judged = saturatedSides.length === 0 || allowSaturated;
  let reason: string | null = null;
  if (saturatedSides.length > 0) {
    reason = allowSaturated
      ? `judged although the load generator was saturated (--allow-saturated): ${saturatedSides.join('; ')}`
      : `not judged: the load generator was saturated, so its latencies include its own queueing: ${saturatedSides.join('; ')}. ` +
        'Lower the load (--rate, fewer clients, more workers) or pass --allow-saturated to judge anyway';
  }

  const comparisons = figures
    .map(({ figure, threshold }) =>
      judgeFigure(figure, threshold, baselineRuns.map((run) => figure.read(run)), currentRuns.map((run) => figure.read(run)), baselineCell.clients, judged),
    )
    // A figure neither side measured (steady traffic in runs without it) is not part of this cell.
    .filter((comparison) => comparison.baseline !== null || comparison.current !== null);
  const verdict = !judged ? 'not judged' : comparisons.some((comparison) => comparison.verdict === 'regression') ? 'regression' : 'ok';
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
