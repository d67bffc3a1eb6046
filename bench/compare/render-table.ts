/** The compare result as text for stderr: one table per cell, then the verdict. */
import { formatTable } from '../render/format.js';
import type { CompareReport } from './compare-report.js';
import { cellTitle, faultLine, formatChange, formatEstimate, formatThreshold, formatVerdict, verdictSentence } from './format-comparison.js';

/** Renders the report; intervals are bootstrap 95% intervals of the median over a side's runs. */
export function renderCompareTable(report: CompareReport): string {
  const lines: string[] = [`bench compare: baseline ${report.baseline}, current ${report.current}`];
  for (const cell of report.cells) {
    lines.push('', `${cellTitle(cell)}: ${cell.verdict === 'regression' ? 'REGRESSION' : cell.verdict}`);
    if (cell.reason) lines.push(cell.reason);
    const faults = faultLine(cell);
    if (faults) lines.push(faults);
    lines.push(
      formatTable([
        ['figure', 'baseline', 'current', 'change', 'threshold', 'verdict'],
        ...cell.figures.map((figure) => [
          figure.figure,
          formatEstimate(figure.baseline, figure.unit),
          formatEstimate(figure.current, figure.unit),
          formatChange(figure),
          formatThreshold(figure),
          formatVerdict(figure),
        ]),
      ]),
    );
  }
  const trailer: string[] = [];
  if (report.onlyInBaseline.length > 0) trailer.push(`only in baseline, not compared: ${report.onlyInBaseline.join(', ')}`);
  if (report.onlyInCurrent.length > 0) trailer.push(`only in current, not compared: ${report.onlyInCurrent.join(', ')}`);
  for (const note of report.notes) trailer.push(`note: ${note}`);
  if (report.cells.some((cell) => cell.baseline.runs > 1 || cell.current.runs > 1)) {
    trailer.push('[low, high]: bootstrap 95% interval of the median over the runs; a regression needs the whole current interval beyond the baseline interval plus the threshold');
  }
  lines.push('', ...trailer, `verdict: ${verdictSentence(report)}`);
  return lines.join('\n');
}
