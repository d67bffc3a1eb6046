/** The files of one run: results/<run-id>/run.json, connections.csv, samples.csv. */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeJsonAtomic } from './atomic-write.js';
import { CsvWriter } from './csv-writer.js';
import { EnvironmentError } from '../errors.js';
import type { ConnectionRow } from '../../protocol/messages.js';
import type { RunJson } from './run-json.js';

/** One row of samples.csv. */
export interface SampleRow {
  /** Since the server reported listening, in ms. */
  tMs: number;
  connections: number | null;
  rssBytes: number;
  heapUsedBytes: number | null;
  cpuPercent: number;
  /** The run's phase when the sample was asked for: lets files alone give the steady RSS. */
  phase: SamplePhase;
}

/** Phases of a run, in order. */
export type RunPhase = 'preflight' | 'start-server' | 'start-workers' | 'ramp' | 'hold' | 'close';

/** The phase a sample was taken in: baseline is the server's before the first client. */
export type SamplePhase = 'baseline' | RunPhase | 'storm';

export const CONNECTION_COLUMNS = ['client', 'worker', 'transport', 'queuedMs', 'connectMs', 'firstMessageMs', 'error'] as const;
export const SAMPLE_COLUMNS = ['tMs', 'connections', 'rssBytes', 'heapUsedBytes', 'cpuPercent', 'phase'] as const;

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
  const connections = new CsvWriter<ConnectionRow>(path.join(dir, 'connections.csv'), CONNECTION_COLUMNS);
  const samples = new CsvWriter<SampleRow>(path.join(dir, 'samples.csv'), SAMPLE_COLUMNS);
  return {
    dir,
    connections,
    samples,
    writeRunJson: (value) => writeJsonAtomic(path.join(dir, 'run.json'), value),
    async close() {
      const results = await Promise.allSettled([connections.close(), samples.close()]);
      const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}
