/** The figures of a scenario run (bench run --scenario): one per step, and the clients' totals. */
import type { TimedStepKind } from '../../protocol/scenario.js';

/**
 * One step's figure: counts over every client, and its latency percentiles in ms from the merged
 * histogram (null when nothing was timed). bench compare names them steps.<step>.p99 and so on.
 */
export interface StepSummary {
  kind: TimedStepKind;
  /** Emits and sends made, expects begun; an on step's pushes received. */
  started: number;
  /** Acks and matching replies received in time; an on step's pushes received. */
  completed: number;
  timeouts: number;
  /** Acks that carried an `error`. */
  failures: number;
  /** Waits cut short by the server closing the connection. */
  disconnects: number;
  /** Messages that came while the step waited and matched neither it nor an on step. */
  unexpected: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  p999: number | null;
  max: number | null;
  /** An on step with a fanOut: the pushes its sends should have brought, and how many of them did not come (0 when as many or more came); null otherwise. */
  expected: number | null;
  missing: number | null;
}

/** The clients of a scenario, over the run. */
export interface ScenarioSummary {
  name: string | null;
  /** The scenario file, as run.json's config.scenario.file has it. */
  file: string;
  /** Clients that connected, per group. */
  groups: Record<string, number>;
  /** Clients that ran every one of their steps. */
  finished: number;
  /** Messages that came when no step waited for them and no on step took them, over all clients. */
  unexpected: number;
  /** Clients whose connection the server closed (counted in dropped too). */
  closedByServer: number;
  /** Clients the run closed in a leave phase. */
  left: number;
  /** The arrival phases' names with the clients each brought and let leave; null without phases. */
  phases: Array<{ name: string; durationMs: number; arrived: number; left: number }> | null;
}
