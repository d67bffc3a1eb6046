/**
 * The distribution of connect times per transport (ECDF), at one client count: the raw times of
 * connections.csv, pooled over a cell's repeats, drawn as the share of clients connected by then.
 */
import type { TopLevelSpec } from 'vega-lite';
import {
  CHART_CONFIG,
  CHART_HEIGHT,
  CHART_WIDTH,
  colorScale,
  dashEncoding,
  seriesNamer,
  seriesOf,
  VEGA_LITE_SCHEMA,
  type ReportChart,
  type Series,
} from './chart-style.js';
import type { ReportCell, ReportSource } from './report-source.js';

/** Points per line: enough for a smooth step curve, few enough to keep the page small. */
const ECDF_POINTS = 400;

/** One point of an ECDF line: `share` of the clients connected within `connectMs`. */
interface EcdfRow {
  series: string;
  connectMs: number;
  share: number;
}

/** The ECDF of sorted values, thinned to about `points` steps (always keeping the first and the last). */
export function ecdfPoints(sorted: ArrayLike<number>, points = ECDF_POINTS): Array<{ value: number; share: number }> {
  const n = sorted.length;
  if (n === 0) return [];
  const step = Math.max(1, Math.floor(n / points));
  const result: Array<{ value: number; share: number }> = [];
  for (let index = 0; index < n; index += step) result.push({ value: sorted[index] as number, share: (index + 1) / n });
  if (result.at(-1)?.share !== 1) result.push({ value: sorted[n - 1] as number, share: 1 });
  return result;
}

/** The client count to draw: the largest at which the most series measured something. */
function chosenClients(cells: readonly ReportCell[]): number | null {
  const perSize = new Map<number, number>();
  for (const cell of cells) if (cell.measured.some((run) => run.times)) perSize.set(cell.clients, (perSize.get(cell.clients) ?? 0) + 1);
  const sizes = [...perSize.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0]);
  return sizes[0]?.[0] ?? null;
}

/** The ECDF chart of connect times, or null when no run has a connections.csv with times. */
export function connectDistributionChart(source: ReportSource): ReportChart | null {
  const clients = chosenClients(source.cells);
  if (clients === null) return null;
  const cells = source.cells.filter((cell) => cell.clients === clients && cell.measured.some((run) => run.times));
  const name = seriesNamer(source.cells);
  const series: Series[] = cells.map((cell) => seriesOf(cell, name));
  const rows: EcdfRow[] = [];
  for (const cell of cells) {
    const pooled = Float64Array.from(cell.measured.flatMap((run) => Array.from(run.times?.connectMs ?? []))).sort();
    for (const point of ecdfPoints(pooled)) rows.push({ series: name(cell), connectMs: point.value, share: point.share });
  }
  if (rows.length === 0) return null;
  const color = { field: 'series', type: 'nominal' as const, title: 'transport', scale: colorScale(series) };
  const spec: TopLevelSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `Connect time distribution at ${clients.toLocaleString('en-US')} clients` },
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    config: CHART_CONFIG,
    data: { values: rows },
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 },
    encoding: {
      x: { field: 'connectMs', type: 'quantitative', title: 'connect time (ms)' },
      y: { field: 'share', type: 'quantitative', title: 'share of clients connected', axis: { format: '%' }, scale: { domain: [0, 1] } },
      color,
      ...dashEncoding(series),
      tooltip: [
        { field: 'series', type: 'nominal', title: 'transport' },
        { field: 'connectMs', type: 'quantitative', title: 'connect time (ms)', format: ',.2f' },
        { field: 'share', type: 'quantitative', title: 'share of clients', format: '.1%' },
      ],
    },
  };
  const pooledNote = cells.some((cell) => cell.measured.length > 1) ? ' Repeats of a cell are pooled.' : '';
  return {
    name: 'connect-distribution',
    title: `Connect time distribution at ${clients.toLocaleString('en-US')} clients`,
    caption: `For each transport, the share of clients that had connected within a given time (ECDF of connectMs from connections.csv; failed clients are left out).${pooledNote}`,
    spec,
  };
}
