/**
 * Absolute bounds without a baseline (--slo on run, sweep and repeated runs): each cell of the
 * results judged against each objective, by the median of its runs, as a capacity probe is.
 * Returns data; the commands print it and turn a missed bound into exit 1.
 */
import type { Cell } from '../results/result-set.js';
import { median } from '../stats/stats.js';
import type { Figure } from '../stats/figures.js';
import { formatBytes, formatMs } from '../render/format.js';
import { meetsSlo, sloFigure, sloValue, type Slo } from './slo.js';

/** One objective of one cell: the value it had and whether it met the bound. */
export interface SloCase {
  /** The cell, as compare names it (transport/variant/clients...). */
  cell: string;
  /** The objective as typed, e.g. connectMs.p99<300ms. */
  slo: string;
  figure: string;
  /** The bound is a share of the clients (failed<0.1%): `value` is in percent. */
  percentOfClients: boolean;
  /** The median over the cell's runs, in the figure's unit (a share of the clients for a % bound); null when no run measured it. */
  value: number | null;
  runs: number;
  /** A figure no run measured never meets its bound. */
  meets: boolean;
}

/** Every objective in every cell, in cell order. */
export function checkSlos(slos: readonly Slo[], cells: readonly Cell[]): SloCase[] {
  return cells.flatMap((cell) =>
    slos.map((slo) => {
      const values = cell.runs.map((run) => sloValue(slo, run.summary)).filter((value): value is number => value !== null);
      const value = values.length === cell.runs.length ? median(values) : null;
      const meets = value !== null && meetsSlo(slo, value);
      return { cell: cell.key, slo: slo.text, figure: slo.figure, percentOfClients: slo.percentOfClients, value, runs: cell.runs.length, meets };
    }),
  );
}

/** The value in the figure's unit, as the summary table shows it. */
export function formatSloValue(slo: Pick<SloCase, 'figure' | 'percentOfClients' | 'value'>): string {
  if (slo.value === null) return 'not measured';
  if (slo.percentOfClients) return `${slo.value.toFixed(2)}% of the clients`;
  const unit = (sloFigure(slo.figure) as Pick<Figure, 'unit'>).unit;
  return unit === 'ms' ? formatMs(slo.value) : unit === 'bytes' ? formatBytes(slo.value) : String(slo.value);
}

/** One line per objective: what it was, and met or missed; a missed one names the figure's value. */
export function renderSloLines(cases: readonly SloCase[]): string[] {
  return cases.map((item) => {
    const median = item.runs > 1 ? ` (median of ${item.runs} runs)` : '';
    return `slo ${item.meets ? 'met   ' : 'MISSED'} ${item.slo}: ${item.figure} ${formatSloValue(item)}${median} in ${item.cell}`;
  });
}
