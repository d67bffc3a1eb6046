/**
 * A server that was running before the run (--server-pid): sampled as a process tree, like the
 * user's command, watched for its end, and never stopped by bench. Its clients' URL is --target.
 */
import { performance } from 'node:perf_hooks';
import type { MeasuredServer, ServerStartContext } from './measured-server.js';
import { CsvWriter } from '../results/csv-writer.js';
import { columnNames, runFilePath, SERVER_PROCESSES_CSV } from '../results/run-folder.js';
import type { ServerProcessRow } from '../results/file-rows.js';
import { processIsAlive } from './proc-stat.js';
import { UserServerError } from './user-server.js';

/** Samples the running process `pid` and its tree; throws when no such process runs. */
export async function sampleRunningServer(pid: number, url: string, context: ServerStartContext): Promise<MeasuredServer> {
  if (!processIsAlive(pid))
    throw new UserServerError(`--server-pid ${pid}: no such process runs on this machine; give the PID of the server that listens at ${url}`);
  if (context.runDir === undefined) throw new Error('a sampled server needs the run folder for server-processes.csv');
  const { startServerSampler } = await import('./server-sampler.js');
  const processes = new CsvWriter<ServerProcessRow>(runFilePath(context.runDir, SERVER_PROCESSES_CSV), columnNames(SERVER_PROCESSES_CSV));
  let endUnexpectedly: (reason: string) => void = () => undefined;
  const unexpectedEnd = new Promise<string>((resolve) => (endUnexpectedly = resolve));
  let stopped = false;
  const watch = setInterval(() => {
    if (!stopped && !processIsAlive(pid)) {
      clearInterval(watch);
      endUnexpectedly(`the server process ${pid} (--server-pid) ended during ${context.phase()}`);
    }
  }, context.sampleIntervalMs);
  const sampler = startServerSampler(
    {
      pid,
      requestStats: () => Promise.resolve(null),
      writeProcesses: (rows) => {
        for (const row of rows) processes.write(row);
      },
    },
    context.sampleIntervalMs,
    performance.now(),
    context.writeSample,
  );
  await sampler.sampleNow();
  return {
    url,
    sampler,
    unexpectedEnd,
    collectGarbage: () => Promise.resolve(),
    async stop() {
      stopped = true;
      clearInterval(watch);
      await sampler.sampleNow();
      await sampler.stop();
      await processes.close();
    },
    describe: () => ({ remote: false, pid, url, sampled: 'process-tree', startedByBench: false }),
    libraries: () => [],
    restartable: null,
    counters: null,
    topology: null,
  };
}
