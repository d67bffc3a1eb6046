/** Writes the files of one run folder (results/<run-id>/), each under its name in the registry (run-folder.ts). */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from './atomic-write.js';
import { csvText, CsvWriter } from './csv-writer.js';
import { EnvironmentError } from '../errors.js';
import type { BroadcastCsvRow, ChurnCsvRow, ClientsTimelineRow, ConnectionRow, ReconnectCsvRow, SampleRow, SteadyHistograms, StepCsvRow } from './file-rows.js';
import type { ScenarioClientRow } from '../../protocol/scenario.js';
import type { ScenarioPart } from '../summary/scenario.js';
import type { RunJson } from './run-json.js';
import {
  BROADCAST_CSV,
  CA_PEM,
  CLIENTS_TIMELINE_CSV,
  columnNames,
  CONNECTIONS_CSV,
  RECONNECTS_CSV,
  CHURN_CSV,
  RUN_JSON,
  runFilePath,
  SAMPLES_CSV,
  SCENARIO_CLIENTS_CSV,
  STEADY_HISTOGRAMS_JSON,
  STEP_HISTOGRAMS_JSON,
  STEPS_CSV,
  type RunFolderFile,
} from './run-folder.js';

/** A new, unique run id: UTC time, transport and client count. */
export function newRunId(transport: string, clients: number, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').replace(/\..*$/, '');
  const suffix = Math.random().toString(16).slice(2, 6);
  return `${stamp}-${transport}-${clients}-${suffix}`;
}

/** Open files of a run in progress. */
export interface RunFiles {
  dir: string;
  connections: CsvWriter<ConnectionRow>;
  samples: CsvWriter<SampleRow>;
  writeRunJson(value: RunJson): Promise<void>;
  /** Closes the CSV files; throws EnvironmentError naming a file that could not be written. */
  close(): Promise<void>;
}

/** Creates the run folder and its CSV files; fails before anything starts if it cannot. */
export async function createRunFiles(outDir: string, runId: string): Promise<RunFiles> {
  const dir = path.join(outDir, runId);
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new EnvironmentError(`cannot create the results folder ${dir}: ${reason}; choose a writable one with --out`);
  }
  const connections = new CsvWriter<ConnectionRow>(runFilePath(dir, CONNECTIONS_CSV), columnNames(CONNECTIONS_CSV));
  const samples = new CsvWriter<SampleRow>(runFilePath(dir, SAMPLES_CSV), columnNames(SAMPLES_CSV));
  return {
    dir,
    connections,
    samples,
    writeRunJson: (value) => writeJsonAtomic(runFilePath(dir, RUN_JSON), value),
    async close() {
      const results = await Promise.allSettled([connections.close(), samples.close()]);
      const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}

/** Writes reconnects.csv: the rows sorted by client id. */
export function writeReconnectsCsv(runDir: string, rows: readonly ReconnectCsvRow[]): Promise<void> {
  const sorted = [...rows].sort((a, b) => a.client - b.client);
  return writeFileAtomic(runFilePath(runDir, RECONNECTS_CSV), csvText(columnNames(RECONNECTS_CSV), sorted));
}

/** Writes churn.csv. */
export function writeChurnCsv(runDir: string, rows: readonly ChurnCsvRow[]): Promise<void> {
  return writeFileAtomic(runFilePath(runDir, CHURN_CSV), csvText(columnNames(CHURN_CSV), rows));
}

/** Writes broadcast.csv. */
export function writeBroadcastCsv(runDir: string, rows: readonly BroadcastCsvRow[]): Promise<void> {
  return writeFileAtomic(runFilePath(runDir, BROADCAST_CSV), csvText(columnNames(BROADCAST_CSV), rows));
}

/** Writes histograms.json. */
export function writeSteadyHistograms(runDir: string, histograms: SteadyHistograms): Promise<void> {
  return writeJsonAtomic(runFilePath(runDir, STEADY_HISTOGRAMS_JSON), histograms);
}

/** Writes ca.pem: the certificate of the run's CA, which its clients trust. */
export function writeCaPem(runDir: string, caPem: string): Promise<void> {
  return writeFileAtomic(runFilePath(runDir, CA_PEM), caPem);
}

/** Writes a histogram's percentile text (round-trip.hgrm, fan-out.hgrm). */
export function writeHistogramText(runDir: string, file: RunFolderFile, text: string): Promise<void> {
  return writeFileAtomic(runFilePath(runDir, file), text);
}

/** Writes steps.csv. */
export function writeStepsCsv(runDir: string, rows: readonly StepCsvRow[]): Promise<void> {
  return writeFileAtomic(runFilePath(runDir, STEPS_CSV), csvText(columnNames(STEPS_CSV), rows));
}

/** Writes scenario-clients.csv: the rows sorted by client id. */
export function writeScenarioClientsCsv(runDir: string, rows: readonly ScenarioClientRow[]): Promise<void> {
  const sorted = [...rows].sort((a, b) => a.client - b.client);
  return writeFileAtomic(runFilePath(runDir, SCENARIO_CLIENTS_CSV), csvText(columnNames(SCENARIO_CLIENTS_CSV), sorted));
}

/** Writes clients-timeline.csv. */
export function writeClientsTimelineCsv(runDir: string, rows: readonly ClientsTimelineRow[]): Promise<void> {
  return writeFileAtomic(runFilePath(runDir, CLIENTS_TIMELINE_CSV), csvText(columnNames(CLIENTS_TIMELINE_CSV), rows));
}

/** Writes step-histograms.json. */
export function writeStepHistograms(runDir: string, part: ScenarioPart): Promise<void> {
  return writeJsonAtomic(runFilePath(runDir, STEP_HISTOGRAMS_JSON), part);
}
