/**
 * A scenario's figures: each step's histograms added (never percentiles averaged) and its counters
 * summed over the workers of a run or the shards of a merged run; its fan-outs' expected pushes
 * from the rooms' members and sends; and the clients' totals from their rows.
 */
import { arrivalsOf } from '../../protocol/arrival-phases.js';
import type { OnStep, Scenario, ScenarioClientRow, ScenarioStep, WorkerFanOutReport, WorkerStepReport } from '../../protocol/scenario.js';
import type { ScenarioSummary, StepSummary } from './scenario-types.js';

/** What one worker (or one shard, from its step-histograms.json) reported. */
export interface ScenarioPart {
  steps: WorkerStepReport[];
  fanOuts: WorkerFanOutReport[];
}

/** The figures of the added parts, and what step-histograms.json keeps of them. */
export interface ScenarioStepTotals {
  steps: Record<string, StepSummary>;
  /** step-histograms.json: the parts added into one, so that bench merge adds them exactly again. */
  added: ScenarioPart;
}

function onSteps(steps: readonly ScenarioStep[]): OnStep[] {
  return steps.flatMap((step) => (step.kind === 'on' ? [step] : step.kind === 'loop' ? onSteps(step.steps) : []));
}

/** The pushes an on step's sends should bring: every send by a member reaches the other members (and itself with self), a non-member's every member. */
function expectedPushes(rooms: Map<string, [number, number, number]>, self: boolean): number {
  let expected = 0;
  for (const [members, memberSends, otherSends] of rooms.values()) expected += memberSends * (self ? members : members - 1) + otherSends * members;
  return expected;
}

/** The fan-out rooms of the parts, added per step and room. */
function addFanOuts(parts: readonly ScenarioPart[]): Map<string, Map<string, [number, number, number]>> {
  const byStep = new Map<string, Map<string, [number, number, number]>>();
  for (const part of parts) {
    for (const fanOut of part.fanOuts) {
      const rooms = byStep.get(fanOut.name) ?? new Map<string, [number, number, number]>();
      for (const [room, members, memberSends, otherSends] of fanOut.rooms) {
        const counts = rooms.get(room) ?? [0, 0, 0];
        rooms.set(room, [counts[0] + members, counts[1] + memberSends, counts[2] + otherSends]);
      }
      byStep.set(fanOut.name, rooms);
    }
  }
  return byStep;
}

/** Adds the parts' figures, in the scenario's order. */
export async function addScenarioSteps(scenario: Scenario, parts: readonly ScenarioPart[]): Promise<ScenarioStepTotals> {
  // Loaded only here: the histogram library costs ~16 MiB of RSS.
  const { encodeHistogram, mergeEncodedHistograms, roundTripPercentiles } = await import('../../protocol/round-trip-histogram.js');
  const fanOutSelf = new Map(
    scenario.groups.flatMap((group) => onSteps(group.steps)).flatMap((step) => (step.fanOut === null ? [] : [[step.name, step.fanOut.self]])),
  );
  const fanOuts = addFanOuts(parts);
  const steps: Record<string, StepSummary> = {};
  const addedSteps: WorkerStepReport[] = [];
  for (const figure of scenario.figures) {
    const reports = parts.flatMap((part) => part.steps.filter((step) => step.name === figure.name));
    const histogram = mergeEncodedHistograms(reports.map((report) => report.histogram));
    const sum = (pick: (report: WorkerStepReport) => number): number => reports.reduce((total, report) => total + pick(report), 0);
    const counts = {
      started: sum((report) => report.started),
      completed: sum((report) => report.completed),
      timeouts: sum((report) => report.timeouts),
      failures: sum((report) => report.failures),
      disconnects: sum((report) => report.disconnects),
      unexpected: sum((report) => report.unexpected),
    };
    const percentiles = roundTripPercentiles(histogram);
    const rooms = fanOuts.get(figure.name);
    const self = fanOutSelf.get(figure.name);
    const expected = self === undefined ? null : expectedPushes(rooms ?? new Map(), self);
    steps[figure.name] = {
      kind: figure.kind,
      ...counts,
      p50: percentiles?.p50 ?? null,
      p90: percentiles?.p90 ?? null,
      p99: percentiles?.p99 ?? null,
      p999: percentiles?.p999 ?? null,
      max: percentiles?.max ?? null,
      expected,
      missing: expected === null ? null : Math.max(0, expected - counts.completed),
    };
    addedSteps.push({ ...figure, histogram: encodeHistogram(histogram), ...counts });
    histogram.destroy();
  }
  const addedFanOuts = [...fanOuts].map(([name, rooms]): WorkerFanOutReport => ({ name, rooms: [...rooms].map(([room, counts]) => [room, ...counts]) }));
  return { steps, added: { steps: addedSteps, fanOuts: addedFanOuts } };
}

/** The clients' totals of a scenario from their rows (one per client that connected). */
export function summariseScenarioClients(scenario: Scenario, rows: readonly ScenarioClientRow[]): ScenarioSummary {
  const groups: Record<string, number> = Object.fromEntries(scenario.groups.map((group) => [group.name, 0]));
  let finished = 0;
  let unexpected = 0;
  let closedByServer = 0;
  let left = 0;
  for (const row of rows) {
    groups[row.group] = (groups[row.group] ?? 0) + 1;
    if (row.finished) finished += 1;
    unexpected += row.unexpected;
    if (row.end === 'server') closedByServer += 1;
    if (row.end === 'left') left += 1;
  }
  const phases = scenario.phases?.map((phase) => ({ name: phase.name, durationMs: phase.durationMs, arrived: arrivalsOf(phase), left: phase.leave })) ?? null;
  return { name: scenario.name, file: scenario.file, groups, finished, unexpected, closedByServer, left, phases };
}
