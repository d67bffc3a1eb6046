/** The rows of steps.csv from a scenario's step figures: what a run and a merge of shards write alike. */
import type { StepSummary } from '../summary/scenario-types.js';
import type { StepCsvRow } from './file-rows.js';

/** The rows of steps.csv from the figures, in their order. */
export function stepCsvRows(steps: Record<string, StepSummary>): StepCsvRow[] {
  return Object.entries(steps).map(([step, figure]) => ({
    step,
    kind: figure.kind,
    started: figure.started,
    completed: figure.completed,
    timeouts: figure.timeouts,
    failures: figure.failures,
    disconnects: figure.disconnects,
    unexpected: figure.unexpected,
    expected: figure.expected,
    missing: figure.missing,
    p50Ms: figure.p50,
    p90Ms: figure.p90,
    p99Ms: figure.p99,
    p999Ms: figure.p999,
    maxMs: figure.max,
  }));
}
