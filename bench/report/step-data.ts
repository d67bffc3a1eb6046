/**
 * A scenario's step figures as the report shows them, per step and cell, from each run's
 * summary.steps: counts summed over the cell's runs that ran the step, latency percentiles the
 * median over those runs (one run: its own).
 */
import { median } from '../stats/stats.js';
import type { StepSummary } from '../summary/scenario-types.js';
import type { ReportCell, ReportSource } from './report-source.js';

/** The latency percentiles a step's chart and table show, in ms. */
export const STEP_PERCENTILES = ['p50', 'p90', 'p99', 'max'] as const;
export type StepPercentile = (typeof STEP_PERCENTILES)[number];

/** One step of one cell. */
export interface CellStep {
  step: string;
  cell: ReportCell;
  kind: StepSummary['kind'];
  /** The cell's measured runs that ran the step. */
  runs: number;
  /** Counts, summed over those runs. */
  started: number;
  completed: number;
  timeouts: number;
  failures: number;
  disconnects: number;
  /** An on step with a fan-out: pushes expected and missing, summed; null otherwise. */
  expected: number | null;
  missing: number | null;
  /** Latency in ms, the median over those runs; null when the step timed nothing. */
  latencyMs: Record<StepPercentile, number | null>;
}

/** The step names of the source's measured runs, in the order they first appear. */
export function stepNamesOf(source: ReportSource): string[] {
  const names = new Set<string>();
  for (const cell of source.cells) for (const run of cell.measured) for (const name of Object.keys(run.run.summary.steps ?? {})) names.add(name);
  return [...names];
}

function sumOrNull(values: ReadonlyArray<number | null>): number | null {
  const known = values.filter((value): value is number => value !== null);
  return known.length === 0 ? null : known.reduce((total, value) => total + value, 0);
}

function cellStep(step: string, cell: ReportCell): CellStep | null {
  const figures = cell.measured.flatMap((run) => {
    const figure = run.run.summary.steps?.[step];
    return figure ? [figure] : [];
  });
  const first = figures[0];
  if (!first) return null;
  const sum = (pick: (figure: StepSummary) => number): number => figures.reduce((total, figure) => total + pick(figure), 0);
  const latency = (percentile: StepPercentile): number | null => median(figures.flatMap((figure) => (figure[percentile] === null ? [] : [figure[percentile]])));
  return {
    step,
    cell,
    kind: first.kind,
    runs: figures.length,
    started: sum((figure) => figure.started),
    completed: sum((figure) => figure.completed),
    timeouts: sum((figure) => figure.timeouts),
    failures: sum((figure) => figure.failures),
    disconnects: sum((figure) => figure.disconnects),
    expected: sumOrNull(figures.map((figure) => figure.expected)),
    missing: sumOrNull(figures.map((figure) => figure.missing)),
    latencyMs: { p50: latency('p50'), p90: latency('p90'), p99: latency('p99'), max: latency('max') },
  };
}

/** Every step of every cell that ran it, by step (in first-appearance order), then in the cells' order. */
export function cellSteps(source: ReportSource): CellStep[] {
  return stepNamesOf(source).flatMap((step) => source.cells.flatMap((cell) => cellStep(step, cell) ?? []));
}
