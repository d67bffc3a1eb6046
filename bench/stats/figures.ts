/**
 * The figures of a run summary that are compared, swept and charted, each with its unit and
 * direction. One list, so compare, sweep and report agree on names.
 */
import type { RunSummary } from '../results/run-summary.js';

/** One figure taken from a run summary. */
export interface Figure {
  /** Dotted name as used in flags and tables, e.g. firstMessageMs.p99. */
  name: string;
  unit: 'ms' | 'bytes' | 'count';
  /** The value in a summary, or null where the run did not measure it. */
  read(summary: RunSummary): number | null;
}

export const FIGURES: readonly Figure[] = [
  { name: 'connectMs.p50', unit: 'ms', read: (s) => s.connectMs?.p50 ?? null },
  { name: 'connectMs.p90', unit: 'ms', read: (s) => s.connectMs?.p90 ?? null },
  { name: 'connectMs.p99', unit: 'ms', read: (s) => s.connectMs?.p99 ?? null },
  { name: 'connectMs.max', unit: 'ms', read: (s) => s.connectMs?.max ?? null },
  { name: 'firstMessageMs.p50', unit: 'ms', read: (s) => s.firstMessageMs?.p50 ?? null },
  { name: 'firstMessageMs.p90', unit: 'ms', read: (s) => s.firstMessageMs?.p90 ?? null },
  { name: 'firstMessageMs.p99', unit: 'ms', read: (s) => s.firstMessageMs?.p99 ?? null },
  { name: 'firstMessageMs.max', unit: 'ms', read: (s) => s.firstMessageMs?.max ?? null },
  { name: 'server.baselineRssBytes', unit: 'bytes', read: (s) => s.server?.baselineRssBytes ?? null },
  { name: 'server.steadyRssBytes', unit: 'bytes', read: (s) => s.server?.steadyRssBytes ?? null },
  { name: 'server.peakRssBytes', unit: 'bytes', read: (s) => s.server?.peakRssBytes ?? null },
  { name: 'server.bytesPerConnection', unit: 'bytes', read: (s) => s.server?.bytesPerConnection ?? null },
  { name: 'connected', unit: 'count', read: (s) => s.connected },
  { name: 'failed', unit: 'count', read: (s) => s.failed },
  { name: 'dropped', unit: 'count', read: (s) => s.dropped ?? 0 },
  /** 1 for a run that could not finish (its server died, a signal stopped it), else 0. */
  { name: 'runFailed', unit: 'count', read: (s) => (s.status === 'failed' || s.status === 'interrupted' ? 1 : 0) },
  { name: 'steadyTraffic.lost', unit: 'count', read: (s) => s.steadyTraffic?.lost ?? null },
  { name: 'steadyTraffic.outOfOrder', unit: 'count', read: (s) => s.steadyTraffic?.outOfOrder ?? null },
  { name: 'wallMs', unit: 'ms', read: (s) => s.wallMs },
];

/** The figure with this name, or undefined. */
export function findFigure(name: string): Figure | undefined {
  return FIGURES.find((figure) => figure.name === name);
}

/** The figures a regression check and a summary of repeats lead with: latency p50/p99, memory, failures. */
export const HEADLINE_FIGURES: readonly string[] = [
  'connectMs.p50',
  'connectMs.p99',
  'firstMessageMs.p50',
  'firstMessageMs.p99',
  'server.steadyRssBytes',
  'server.bytesPerConnection',
  'failed',
];
