/** Summarises R repeated runs of one cell: per figure, the median and its interval (medianWithInterval). */
import type { MedianWithInterval } from './bootstrap.js';
import { medianWithInterval } from './median-interval.js';
import { FIGURES } from './figures.js';
import type { RunSummary } from '../summary/run-summary-types.js';
import type { RUN_SCHEMA_VERSION } from '../results/run-json.js';

/** Per figure name: median and CI over the repeats that measured it (null if none did). */
export type RepeatSummary = Record<string, MedianWithInterval | null>;

/** repeat.json of `bench run --repeat`: rewritten after every run. */
export interface RepeatJson {
  schemaVersion: typeof RUN_SCHEMA_VERSION;
  kind: 'repeat';
  /** The cell key: transport/variant/clients. */
  cell: string;
  /** Runs planned; a capacity probe may add more (saturated runs replaced, undecided probes settled). */
  repeats: number;
  /** Runs done so far. */
  finished: number;
  runs: Array<Pick<RunSummary, 'resultsDir' | 'status' | 'reason'>>;
  /** Over the runs that measured (ok or partial). */
  summary: RepeatSummary;
}

/** Median and interval of every figure over the given runs of one cell. */
export function summariseRepeats(runs: readonly RunSummary[]): RepeatSummary {
  const result: RepeatSummary = {};
  for (const figure of FIGURES.filter((item) => item.repeated)) {
    const values = runs.map((run) => figure.read(run)).filter((value): value is number => value !== null);
    result[figure.name] = medianWithInterval(values);
  }
  return result;
}
