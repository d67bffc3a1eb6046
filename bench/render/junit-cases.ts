/** What each command judged, as JUnit test cases (--junit): a run's status, its objectives, a comparison's figures. */
import type { Comparison } from '../compare/comparison.js';
import type { JunitCase } from '../results/junit-report.js';
import type { Cell } from '../results/result-set.js';
import { formatSloValue, type SloCase } from '../slo/slo-check.js';

/** One case per run: ok passes, partial and failed fail with the run's reason, a run bench could not carry out is an error. */
export function statusCases(cells: readonly Cell[]): JunitCase[] {
  return cells.flatMap((cell) =>
    cell.runs.map((run, index): JunitCase => {
      const { summary } = run;
      const name = cell.runs.length > 1 ? `status (run ${index + 1} of ${cell.runs.length})` : 'status';
      const why = `${summary.status}: ${summary.reason ?? ''} (${run.source})`;
      if (summary.status === 'ok') return { cell: cell.key, name, outcome: 'passed', message: null };
      return { cell: cell.key, name, outcome: summary.broken === true ? 'error' : 'failed', message: why };
    }),
  );
}

/** One case per objective per cell. */
export function sloCases(cases: readonly SloCase[]): JunitCase[] {
  return cases.map((item) => ({
    cell: item.cell,
    name: item.slo,
    outcome: item.meets ? 'passed' : 'failed',
    message: item.meets ? null : `${item.figure} ${formatSloValue(item)} misses ${item.slo}`,
  }));
}

/** One case per figure per cell of a comparison: a regression fails, a figure not judged is skipped with why. */
export function compareCases(comparison: Comparison): JunitCase[] {
  return comparison.cells.flatMap((cell) =>
    cell.figures.map((figure): JunitCase => {
      const name = `${figure.figure} against the baseline`;
      const change = figure.change === null ? '' : ` (change ${figure.change > 0 ? '+' : ''}${figure.change.toPrecision(3)} ${figure.unit})`;
      if (figure.verdict === 'regression') return { cell: cell.key, name, outcome: 'failed', message: `regression${change}` };
      if (figure.verdict === 'not judged' || figure.verdict === 'missing')
        return { cell: cell.key, name, outcome: 'skipped', message: `${figure.verdict}${cell.reason === null ? '' : `: ${cell.reason}`}` };
      return { cell: cell.key, name, outcome: 'passed', message: null };
    }),
  );
}
