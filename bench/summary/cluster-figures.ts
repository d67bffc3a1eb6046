/** The cluster summary's per-component figures, from the sampler's rows. */
import { median } from '../stats/stats.js';
import type { ComponentFigures, NodeFigures } from './cluster-types.js';
import type { ComponentSampleRow } from '../results/file-rows.js';

/** Baseline, steady and peak RSS and CPU of one component's rows. */
export function componentFigures(rows: readonly ComponentSampleRow[]): ComponentFigures {
  const baseline = rows.filter((row) => row.phase === 'baseline').at(-1)?.rssBytes ?? null;
  const hold = rows.filter((row) => row.phase === 'hold');
  const loaded = rows.filter((row) => row.phase === 'ramp' || row.phase === 'hold');
  let peak: number | null = null;
  for (const row of rows) peak = peak === null ? row.rssBytes : Math.max(peak, row.rssBytes);
  let cpuPeak: number | null = null;
  for (const row of loaded) cpuPeak = cpuPeak === null ? row.cpuPercent : Math.max(cpuPeak, row.cpuPercent);
  const last = rows.at(-1);
  return {
    pid: last?.pid ?? null,
    processes: last?.processes ?? null,
    baselineRssBytes: baseline,
    steadyRssBytes: median(hold.map((row) => row.rssBytes)),
    peakRssBytes: peak,
    cpuPercentMean: loaded.length === 0 ? null : Math.round((loaded.reduce((sum, row) => sum + row.cpuPercent, 0) / loaded.length) * 10) / 10,
    cpuPercentPeak: cpuPeak === null ? null : Math.round(cpuPeak * 10) / 10,
  };
}

/** A node's figures: its component figures, its share of the connections at the end of the hold, and memory per connection. */
export function nodeFigures(node: number, port: number, rows: readonly ComponentSampleRow[]): NodeFigures {
  const figures = componentFigures(rows);
  const connections = rows.filter((row) => row.phase === 'hold').at(-1)?.connections ?? null;
  const { steadyRssBytes: steady, baselineRssBytes: baseline } = figures;
  return {
    node,
    port,
    ...figures,
    connections,
    bytesPerConnection: steady !== null && baseline !== null && connections !== null && connections > 0 ? Math.round((steady - baseline) / connections) : null,
  };
}

/** Largest share over smallest; null when a share is unknown or zero. */
export function maxOverMin(shares: Array<number | null>): number | null {
  if (shares.length === 0 || shares.some((share) => share === null || share === 0)) return null;
  const values = shares as number[];
  return Math.round((Math.max(...values) / Math.min(...values)) * 100) / 100;
}
