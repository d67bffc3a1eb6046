/** The human summary of repeated runs: median and 95% CI of the main figures. */
import type { RepeatSummary } from '../stats/repeat-summary.js';
import { findFigure, HEADLINE_FIGURES } from '../stats/figures.js';
import { formatBytes, formatMs, formatTable } from './format.js';

const SHOWN = [...HEADLINE_FIGURES, 'wallMs'];

/** Renders one line per figure: median [low, high] over the repeats. */
export function renderRepeatSummary(repeat: RepeatSummary, runs: number): string {
  const rows = [['figure', 'median', '95% CI low', '95% CI high', 'n']];
  for (const name of SHOWN) {
    const stats = repeat[name];
    const unit = findFigure(name)?.unit;
    if (!stats) continue;
    const format = (value: number): string => (unit === 'ms' ? formatMs(value) : unit === 'bytes' ? formatBytes(value) : String(value));
    rows.push([name, format(stats.median), format(stats.ciLow), format(stats.ciHigh), String(stats.n)]);
  }
  return `over ${runs} runs (median and bootstrap 95% CI of the median):\n${formatTable(rows)}`;
}
