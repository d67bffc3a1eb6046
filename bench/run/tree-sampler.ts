/**
 * The sampler of a server that is a tree of processes (--server-cmd, --server-pid): every sample
 * sums the tree in samples.csv and writes each process to server-processes.csv. One place for the
 * user's command and a running process alike.
 */
import { performance } from 'node:perf_hooks';
import { CsvWriter } from '../results/csv-writer.js';
import type { ServerProcessRow } from '../results/file-rows.js';
import { columnNames, runFilePath, SERVER_PROCESSES_CSV } from '../results/run-folder.js';
import type { ServerStartContext } from './measured-server.js';
import type { ServerSampler } from './server-sampler.js';

/** server-processes.csv of the run, open for rows; the caller opens it first so that a server that never starts still leaves its header. */
export function openServerProcessesCsv(runDir: string): CsvWriter<ServerProcessRow> {
  return new CsvWriter<ServerProcessRow>(runFilePath(runDir, SERVER_PROCESSES_CSV), columnNames(SERVER_PROCESSES_CSV));
}

/** A started tree sampler; `close` takes the last sample, stops sampling and closes server-processes.csv. */
export interface TreeSampler {
  sampler: ServerSampler;
  close(): Promise<void>;
}

/** Samples the tree under `pidOf()` (read at each sample: a restarted command is a new root); the baseline sample is taken before it resolves. */
export async function startTreeSampler(pidOf: () => number, processes: CsvWriter<ServerProcessRow>, context: ServerStartContext): Promise<TreeSampler> {
  const { startServerSampler } = await import('./server-sampler.js');
  const source = {
    get pid() {
      return pidOf();
    },
    // A server bench did not write cannot be asked for its heap or connections.
    requestStats: () => Promise.resolve(null),
    writeProcesses: (rows: ServerProcessRow[]) => {
      for (const row of rows) processes.write(row);
    },
  };
  const sampler = startServerSampler(source, context.sampleIntervalMs, performance.now(), context.writeSample);
  await sampler.sampleNow();
  return {
    sampler,
    async close() {
      await sampler.sampleNow();
      await sampler.stop();
      await processes.close();
    },
  };
}
