/** The human summary of repeated runs: median and interval of the main figures, with what the interval is. */
import type { RepeatSummary } from '../stats/repeat-summary.js';
import { findFigure, HEADLINE_FIGURES } from '../stats/figures.js';
import { describeInterval } from '../stats/median-interval.js';
import { formatBytes, formatMs, formatTable } from './format.js';

const SHOWN = [...HEADLINE_FIGURES, 'wallMs'];

/** Renders one line per figure: median [low, high] over the repeats. */
export function renderRepeatSummary(repeat: RepeatSummary, runs: number): string {
  const rows = [['figure', 'median', 'low', 'high', 'n']];
  let interval = '';
  for (const name of SHOWN) {
    const stats = repeat[name];
    const unit = findFigure(name)?.unit;
    if (!stats) continue;
    const format = (value: number): string => (unit === 'ms' ? formatMs(value) : unit === 'bytes' ? formatBytes(value) : String(value));
    rows.push([name, format(stats.median), format(stats.ciLow), format(stats.ciHigh), String(stats.n)]);
    if (stats.n === runs) interval = describeInterval(stats);
  }
  return `over ${runs} runs (median; low and high: ${interval || 'the interval of the median'}):\n${formatTable(rows)}`;
}
