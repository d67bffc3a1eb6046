/** The compare result as GitHub-flavoured Markdown, for a CI job summary or a pull-request comment. */
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

/** Escapes what Markdown tables and inline text would otherwise interpret. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]|<>]/g, (char) => `\\${char}`);
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/** Renders the report as a Markdown section. */
export function renderCompareMarkdown(report: Comparison): string {
  const heading = report.verdict === 'regression' ? 'regression' : report.verdict === 'not judged' ? 'not judged' : 'no regression';
  const lines: string[] = [`## bench compare: ${heading}`, '', `**${escapeMarkdown(verdictSentence(report))}**`, ''];
  lines.push(`Baseline ${code(report.baseline)}, current ${code(report.current)}.`);
  for (const cell of report.cells) {
    lines.push('', `### ${escapeMarkdown(cellTitle(cell))}: ${cell.verdict}`, '');
    if (cell.reason) lines.push(`> ${escapeMarkdown(cell.reason)}`, '');
    const faults = faultLine(cell);
    if (faults) lines.push(escapeMarkdown(faults), '');
    lines.push('| figure | baseline | current | change | threshold | verdict |', '|---|--:|--:|--:|--:|---|');
    for (const figure of cell.figures) {
      const verdict = figure.verdict === 'regression' ? '**REGRESSION**' : formatVerdict(figure);
      const cells = [
        code(figure.figure),
        escapeMarkdown(formatEstimate(figure.baseline, figure.unit)),
        escapeMarkdown(formatEstimate(figure.current, figure.unit)),
        escapeMarkdown(formatChange(figure)),
        escapeMarkdown(formatThreshold(figure)),
        verdict,
      ];
      lines.push(`| ${cells.join(' | ')} |`);
    }
  }
  const trailer: string[] = [];
  if (report.onlyInBaseline.length > 0) trailer.push(`- Only in baseline, not judged: ${escapeMarkdown(report.onlyInBaseline.join(', '))}`);
  if (report.onlyInCurrent.length > 0) trailer.push(`- Only in current, not compared: ${escapeMarkdown(report.onlyInCurrent.join(', '))}`);
  for (const note of report.notes) trailer.push(`- ${escapeMarkdown(note)}`);
  trailer.push('- Values are medians over the runs (a single run: its value; counts: the worst run).');
  for (const line of intervalExplanations(report)) trailer.push(`- ${escapeMarkdown(line)}`);
  lines.push('', ...trailer, '');
  return lines.join('\n');
}
