/** capacity.json's record of a search and its probes. Types only: the engine, the files and the precision estimate import them. */
import type { RUN_SCHEMA_VERSION } from '../results/run-json.js';
import type { CapacityConfig } from './capacity-config.js';
import type { Bracket } from './capacity-search.js';
import type { ProbeVerdict, SloJudgement } from './probe-verdict.js';

/** Why the search ended. resolved: the bracket is within the resolution; the others say what stopped it first. */
export type CapacityStopReason = 'resolved' | 'max-clients' | 'none-passed' | 'saturated' | 'hard-limit' | 'broken' | 'interrupted';

/** One probe: a client count run `repeat` times (or more, up to `maxRuns`), and its verdict. */
export interface ProbeRecord {
  clients: number;
  phase: 'grow' | 'shrink' | 'bisect';
  /** A growth step cut to the largest count under a hard limit: the limit, in one sentence; null otherwise. */
  cappedBy: string | null;
  /** Connections opened per second (--rate) of its runs; null: unlimited. */
  ratePerSecond: number | null;
  verdict: ProbeVerdict;
  reason: string;
  /** The probe's repeat folder (repeat.json and one run folder per run), relative to the capacity folder. */
  dir: string;
  runs: Array<{ runDir: string; status: string; saturated: boolean; wallMs: number }>;
  saturatedRuns: number;
  /** Per objective: median over the runs and its interval, whether it meets the bound and whether the interval is clear of it. */
  judgements: SloJudgement[];
  /** Wall time of the probe, all its runs, in ms. */
  wallMs: number;
}

/** capacity.json: rewritten after every probe. */
export interface CapacityJson {
  schemaVersion: typeof RUN_SCHEMA_VERSION;
  kind: 'capacity';
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'done';
  config: CapacityConfig;
  /** The largest client count that met every objective (the bracket's low end), or null when none did. */
  capacity: number | null;
  /** The largest pass and the smallest failure: a saturated probe is neither. */
  bracket: Bracket;
  /** The smallest count above the capacity (and below any failure) whose probe saturated the load generator: the search could not see past it, so the capacity is a lower bound; null when none did. */
  saturatedFrom: number | null;
  /** How far a repeated search's answer is expected to move, from the deciding figure's slope and scatter near the knee; null without a pass below a failure. */
  precision: KneePrecision | null;
  /** Why the search ended, with one sentence; null while it runs. */
  stop: { reason: CapacityStopReason; message: string } | null;
  probes: ProbeRecord[];
  /** Each time a saturated probe made the search halve the arrival rate: after which probe (1-based), from and to (per second; null: unlimited). */
  rateLowerings: Array<{ afterProbe: number; fromPerSecond: number | null; toPerSecond: number }>;
  /** Wall time so far, in ms. */
  wallMs: number;
}

/** Capacity's precision from the figure that decided it; all shares as fractions (0.1 = 10%). */
export interface KneePrecision {
  /** The objective missed at the bracket's high end. */
  figure: string;
  /** Percent change of the figure per 1% more clients near the knee (the log-log slope), with its 95% interval. */
  elasticity: number;
  elasticityLow: number;
  elasticityHigh: number;
  /** Relative scatter (standard deviation, log scale) of one run's value about the trend. */
  runSpread: number;
  /** Runs fitted, from the probes between half the capacity and twice the failing count. */
  runs: number;
  /** Median runs per probe there: the n of a probe's median. */
  runsPerProbe: number;
  /**
   * Half-width of the 95% range a repeated search's answer is expected in, as a share of the
   * capacity; null when the figure does not grow clearly with the clients there (the slope's
   * interval reaches zero), so the knee is set by noise and no range can be given.
   */
  capacitySpread: number | null;
}
