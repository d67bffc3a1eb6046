/**
 * What the parent keeps of a scenario run: the clients' rows as the workers send them, the
 * clients over time (one row per second from the ramp's start), and, as the run ends, its files
 * (steps.csv, step-histograms.json, scenario-clients.csv, clients-timeline.csv) and its figures.
 */
import { ArrivalSchedule } from '../../protocol/arrival-phases.js';
import type { Scenario, ScenarioClientRow } from '../../protocol/scenario.js';
import type { ClientsTimelineRow } from '../results/file-rows.js';
import { stepCsvRows } from '../results/step-csv-rows.js';
import { writeClientsTimelineCsv, writeScenarioClientsCsv, writeStepHistograms, writeStepsCsv } from '../results/run-files.js';
import { addScenarioSteps, summariseScenarioClients, type ScenarioPart } from '../summary/scenario.js';
import type { ScenarioSummary, StepSummary } from '../summary/scenario-types.js';
import { connectedNow, type PoolCounts } from './worker-pool.js';

export class ScenarioRecorder {
  private readonly clientRows: ScenarioClientRow[] = [];
  private readonly timeline: ClientsTimelineRow[] = [];
  private readonly schedule: ArrivalSchedule | null;

  private constructor(private readonly scenario: Scenario) {
    this.schedule = scenario.phases === null ? null : new ArrivalSchedule(scenario.phases);
  }

  /** The recorder of a run with a scenario; null without one. */
  static of(scenario: Scenario | undefined): ScenarioRecorder | null {
    return scenario === undefined ? null : new ScenarioRecorder(scenario);
  }

  addClientRows(rows: readonly ScenarioClientRow[]): void {
    for (const row of rows) this.clientRows.push(row);
  }

  /** The counts at `sinceRampMs` after the ramp began: a row for each whole second not yet recorded. */
  observe(sinceRampMs: number, runPhase: string, counts: PoolCounts): void {
    const second = Math.floor(sinceRampMs / 1000);
    const next = this.timeline.length;
    if (second < next) return;
    const connected = connectedNow(counts);
    const row = (at: number): ClientsTimelineRow => ({
      second: at,
      arrivalPhase: this.schedule?.phaseAt(at * 1000) ?? '',
      runPhase,
      opened: counts.opened,
      connected,
      failed: counts.failed,
      left: counts.left,
      dropped: counts.dropped,
    });
    // A second the progress timer missed (a busy parent) repeats what came after it rather than leaving a gap.
    for (let at = next; at <= second; at += 1) this.timeline.push(row(at));
  }

  /** Writes the scenario's files; returns its figures for the summary. */
  async write(runDir: string, parts: readonly ScenarioPart[]): Promise<{ steps: Record<string, StepSummary>; clients: ScenarioSummary }> {
    const totals = await addScenarioSteps(this.scenario, parts);
    await writeStepsCsv(runDir, stepCsvRows(totals.steps));
    await writeStepHistograms(runDir, totals.added);
    await writeScenarioClientsCsv(runDir, this.clientRows);
    await writeClientsTimelineCsv(runDir, this.timeline);
    return { steps: totals.steps, clients: summariseScenarioClients(this.scenario, this.clientRows) };
  }
}
