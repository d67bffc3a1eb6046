/** Words and numbers shared by the compare table and the Markdown summary. */
import { formatBytes, formatMs } from '../render/format.js';
import type { IntervalMethod } from '../stats/bootstrap.js';
import type { CellComparison, CellSide, Comparison, FigureComparison } from './comparison.js';

/** A value in its figure's unit. */
export function formatValue(value: number | null, unit: FigureComparison['unit']): string {
  if (value === null) return '-';
  if (unit === 'ms') return formatMs(value);
  if (unit === 'bytes') return formatBytes(value);
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** The estimate, and its interval with its coverage when it has one: "10.0 ms [9.00 ms, 11.0 ms] 75%". */
export function formatEstimate(estimate: FigureComparison['baseline'], unit: FigureComparison['unit']): string {
  if (!estimate) return '-';
  const center = formatValue(estimate.median, unit);
  if (estimate.method === 'point' || estimate.method === 'worst-run' || estimate.ciLow === estimate.ciHigh) return center;
  const coverage = `${Number((estimate.coverage * 100).toFixed(1))}%`;
  return `${center} [${formatValue(estimate.ciLow, unit)}, ${formatValue(estimate.ciHigh, unit)}] ${coverage}`;
}

const INTERVAL_EXPLANATIONS: Partial<Record<IntervalMethod, string>> = {
  clients: "one run: the exact interval of the percentile over that run's own clients",
  'order-statistic': '2 to 9 runs: the exact interval of the median over the runs, with its true coverage (3 runs: min to max, 75%)',
  bootstrap: '10 runs or more: the bootstrap interval of the median over the runs',
};

/** One line per kind of interval the report shows, saying what [low, high] means there. */
export function intervalExplanations(report: Comparison): string[] {
  const methods = new Set<IntervalMethod>();
  for (const cell of report.cells) {
    for (const figure of cell.figures) {
      for (const estimate of [figure.baseline, figure.current]) if (estimate && estimate.ciLow !== estimate.ciHigh) methods.add(estimate.method);
    }
  }
  const lines = [...methods].flatMap((method) => (INTERVAL_EXPLANATIONS[method] ? [`[low, high] p%: ${INTERVAL_EXPLANATIONS[method]}`] : []));
  if (lines.length > 0) lines.push('a figure regresses only when the whole current interval lies beyond the baseline interval plus the threshold');
  return lines;
}

/** The sign, then the magnitude in its own precision (so -11.6 ms reads like +11.6 ms). */
function signed(value: number, format: (magnitude: number) => string): string {
  const sign = value > 0 ? '+' : value < 0 ? '-' : '';
  return `${sign}${format(Math.abs(value))}`;
}

/** The change of the medians, absolute and relative. */
export function formatChange(comparison: FigureComparison): string {
  if (comparison.change === null) return '-';
  const absolute = signed(comparison.change, (magnitude) => formatValue(magnitude, comparison.unit));
  if (comparison.changeRatio !== null) return `${absolute} (${signed(comparison.changeRatio, (magnitude) => `${(magnitude * 100).toFixed(0)}%`)})`;
  return comparison.change === 0 ? absolute : `${absolute} (new)`;
}

/** The bounds a change must exceed, e.g. "+25% and +2.00 ms", or "any increase". */
export function formatThreshold(comparison: FigureComparison): string {
  const { relative, absolute } = comparison.threshold;
  const sign = comparison.better === 'lower' ? '+' : '-';
  if (relative === 0 && absolute === 0) return sign === '+' ? 'any increase' : 'any decrease';
  const parts: string[] = [];
  if (relative > 0) parts.push(`${sign}${Number((relative * 100).toFixed(2))}%`);
  if (absolute > 0) parts.push(`${sign}${formatValue(absolute, comparison.unit)}`);
  return parts.join(' and ');
}

/** The figure verdict as shown: regressions in capitals so they stand out. */
export function formatVerdict(comparison: FigureComparison): string {
  return comparison.verdict === 'regression' ? 'REGRESSION' : comparison.verdict;
}

function describeFaults(side: CellSide): string {
  const faults = side.injected.filter((fault) => fault.delayMs > 0 || fault.retainKb > 0);
  if (faults.length === 0) return 'none';
  const describe = (fault: { delayMs: number; retainKb: number }): string =>
    [fault.delayMs > 0 ? `echo delay ${fault.delayMs} ms` : '', fault.retainKb > 0 ? `${fault.retainKb} KiB retained per connection` : '']
      .filter((part) => part !== '')
      .join(', ');
  return faults.map(describe).join(' or ');
}

/** "faults injected: ..." when either side ran with fault injection, else null. */
export function faultLine(cell: CellComparison): string | null {
  const baseline = describeFaults(cell.baseline);
  const current = describeFaults(cell.current);
  if (baseline === 'none' && current === 'none') return null;
  return `faults injected: baseline ${baseline}; current ${current}`;
}

/** The cell as a heading: transport, variant, clients and how many runs each side has. */
export function cellTitle(cell: CellComparison): string {
  return `${cell.transport} ${cell.variant}, ${cell.clients} clients (baseline ${cell.baseline.runs} run${cell.baseline.runs === 1 ? '' : 's'}, current ${cell.current.runs} run${cell.current.runs === 1 ? '' : 's'})`;
}

/** One sentence with the overall verdict, naming the kinds and figures that regressed. */
export function verdictSentence(report: Comparison): string {
  if (report.verdict === 'regression') {
    const byCell = new Map<string, Map<string, string[]>>();
    for (const { cell, figure, kind } of report.regressions) {
      const kinds = byCell.get(cell) ?? new Map<string, string[]>();
      kinds.set(kind, [...(kinds.get(kind) ?? []), figure]);
      byCell.set(cell, kinds);
    }
    const parts = [...byCell].map(([cell, kinds]) => `${cell}: ${[...kinds].map(([kind, figures]) => `${kind} (${figures.join(', ')})`).join(' and ')}`);
    return `regression in ${parts.join('; ')}`;
  }
  const cells = report.cells.length;
  if (report.verdict === 'not judged') {
    const reasons: string[] = [];
    const which = (count: number): string => (count === cells ? (cells === 1 ? 'the only cell' : `all ${cells} cells`) : `${count} of ${cells} cells`);
    const broken = report.cells.filter((cell) => cell.baseline.brokenRuns + cell.current.brokenRuns > 0).length;
    const saturated = report.cells.filter((cell) => cell.verdict === 'not judged').length - broken;
    if (broken > 0) reasons.push(`a run could not be carried out in ${which(broken)}`);
    if (saturated > 0) reasons.push(`the load generator was saturated in ${which(saturated)}; lower the load or pass --allow-saturated to judge anyway`);
    if (report.onlyInBaseline.length > 0) reasons.push(`the current results have no finished run of ${report.onlyInBaseline.join(', ')}`);
    const missing = report.cells.flatMap((cell) =>
      cell.figures.filter((figure) => figure.baseline !== null && figure.current === null).map((figure) => figure.figure),
    );
    if (missing.length > 0) reasons.push(`the current results did not measure ${[...new Set(missing)].join(', ')}`);
    return `not judged: ${reasons.join('; and ')}`;
  }
  const figures = report.cells.reduce((sum, cell) => sum + cell.figures.filter((figure) => figure.verdict !== 'not judged').length, 0);
  const unjudged = report.cells.reduce((sum, cell) => sum + cell.figures.filter((figure) => figure.verdict === 'not judged').length, 0);
  const left = unjudged === 0 ? '' : `; ${unjudged} latency percentile${unjudged === 1 ? '' : 's'} not judged: one run of a burst, see the note`;
  return `no regression (${figures} figure${figures === 1 ? '' : 's'} in ${cells} cell${cells === 1 ? '' : 's'}${left})`;
}
