/** What `bench compare` finds, as data: `--json` prints it, the table and Markdown render it. */
import type { MedianWithInterval } from '../stats/bootstrap.js';
import type { Figure } from '../stats/figures.js';
import type { TransportName } from '../../protocol/transports.js';
import type { FigureKind } from './compare-figures.js';
import type { ExitCode } from '../exit-codes.js';

/**
 * ok: within the threshold; regression: the current interval lies wholly beyond it; improved: wholly
 * beyond it the other way; not judged: the cell was not judged (saturated); missing: a side did not
 * measure the figure.
 */
export type FigureVerdict = 'ok' | 'regression' | 'improved' | 'not judged' | 'missing';

/** One figure of one cell, both sides. */
export interface FigureComparison {
  figure: string;
  kind: FigureKind;
  unit: Figure['unit'];
  /** lower: an increase is worse (times, memory, failures); higher: a decrease is. */
  better: 'lower' | 'higher';
  /** The side's estimate and its interval (see estimateSide: clients, order statistics or bootstrap, with coverage); null if not measured. */
  baseline: MedianWithInterval | null;
  current: MedianWithInterval | null;
  /** current median minus baseline median, in the figure's unit. */
  change: number | null;
  /** change over the baseline median, as a fraction; null when the baseline median is 0. */
  changeRatio: number | null;
  /** Bounds in force: relative as a fraction of the baseline, absolute in the figure's unit (already spread over clients). */
  threshold: { relative: number; absolute: number };
  /**
   * The baseline interval's worse end widened by the larger bound, in the figure's unit: the current
   * interval must lie wholly beyond it for a regression.
   */
  limit: number | null;
  verdict: FigureVerdict;
}

/** One side of a cell. */
export interface CellSide {
  /** Run folders (or files) of this side's runs of the cell. */
  sources: string[];
  runs: number;
  /** Runs whose load generator was saturated. */
  saturatedRuns: number;
  /** Runs bench could not carry out (summary.broken): the cell is not judged. */
  brokenRuns: number;
  /** Distinct fault injections in force in these runs (ms, KiB). */
  injected: Array<{ delayMs: number; retainKb: number }>;
}

/** One transport x variant x client count present on both sides. */
export interface CellComparison {
  key: string;
  transport: TransportName;
  /** The variant that applies to the transport, e.g. websocket or polling,websocket+deflate. */
  variant: string;
  clients: number;
  baseline: CellSide;
  current: CellSide;
  /** regression when any figure regressed; not judged when a side was saturated (without --allow-saturated). */
  verdict: 'ok' | 'regression' | 'not judged';
  /** Why the cell was not judged, or that it was judged although saturated, or which of its figures were not judged (one run of a burst); null otherwise. */
  reason: string | null;
  figures: FigureComparison[];
}

/** A scenario step of a cell that one side's runs hold and the other's do not. */
export interface OneSidedStep {
  cell: string;
  step: string;
  side: 'baseline' | 'current';
}

/** The whole comparison. */
export interface Comparison {
  /** The paths given for each side. */
  baseline: string;
  current: string;
  /** regression wins over not judged (a saturated cell, a baseline cell without current runs). */
  verdict: 'no regression' | 'regression' | 'not judged';
  /** 0 no regression, 1 regression, 4 not judged. */
  exitCode: ExitCode;
  allowSaturated: boolean;
  /** Confidence of the intervals. */
  confidence: number;
  cells: CellComparison[];
  /** Every regressed figure, for scripts: cell key, figure name and kind. */
  regressions: Array<{ cell: string; figure: string; kind: FigureKind }>;
  /** Cells only one side has. A baseline cell the current side lacks makes the verdict not judged. */
  onlyInBaseline: string[];
  onlyInCurrent: string[];
  /** Scenario steps of a common cell that only one side ran; their figures show as missing. */
  stepsOnOneSide: OneSidedStep[];
  /** Plain sentences worth reading before trusting the verdict (differing settings, single runs). */
  notes: string[];
}
