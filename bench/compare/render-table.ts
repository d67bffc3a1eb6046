/** The compare result as text for stderr: one table per cell, then the verdict. */
import { formatTable } from '../render/format.js';
import type { Comparison } from './comparison.js';
import {
  cellTitle,
  faultLine,
  formatChange,
  formatEstimate,
  formatThreshold,
  formatVerdict,
  intervalExplanations,
  verdictSentence,
} from './format-comparison.js';

/** Renders the report as tables, one per cell, with what its intervals are. */
export function renderCompareTable(report: Comparison): string {
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
  if (report.onlyInBaseline.length > 0) trailer.push(`only in baseline, not judged: ${report.onlyInBaseline.join(', ')}`);
  if (report.onlyInCurrent.length > 0) trailer.push(`only in current, not compared: ${report.onlyInCurrent.join(', ')}`);
  for (const note of report.notes) trailer.push(`note: ${note}`);
  trailer.push(...intervalExplanations(report));
  lines.push('', ...trailer, `verdict: ${verdictSentence(report)}`);
  return lines.join('\n');
}
