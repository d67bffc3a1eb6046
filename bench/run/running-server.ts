/**
 * A server that was running before the run (--server-pid): sampled as a process tree, like the
 * user's command, watched for its end, and never stopped by bench. Its clients' URL is --target.
 */
import type { MeasuredServer, ServerStartContext } from './measured-server.js';
import { processIsAlive } from './proc-stat.js';
import { openServerProcessesCsv, startTreeSampler } from './tree-sampler.js';
import { UserServerError } from './user-server.js';

/** Samples the running process `pid` and its tree; throws when no such process runs. */
export async function sampleRunningServer(pid: number, url: string, context: ServerStartContext): Promise<MeasuredServer> {
  if (!processIsAlive(pid))
    throw new UserServerError(`--server-pid ${pid}: no such process runs on this machine; give the PID of the server that listens at ${url}`);
  if (context.runDir === undefined) throw new Error('a sampled server needs the run folder for server-processes.csv');
  const processes = openServerProcessesCsv(context.runDir);
  let endUnexpectedly: (reason: string) => void = () => undefined;
  const unexpectedEnd = new Promise<string>((resolve) => (endUnexpectedly = resolve));
  let stopped = false;
  const watch = setInterval(() => {
    if (!stopped && !processIsAlive(pid)) {
      clearInterval(watch);
      endUnexpectedly(`the server process ${pid} (--server-pid) ended during ${context.phase()}`);
    }
  }, context.sampleIntervalMs);
  const tree = await startTreeSampler(() => pid, processes, context);
  return {
    url,
    sampler: tree.sampler,
    unexpectedEnd,
    collectGarbage: () => Promise.resolve(),
    async stop() {
      stopped = true;
      clearInterval(watch);
      await tree.close();
    },
    describe: () => ({ remote: false, pid, url, sampled: 'process-tree', startedByBench: false }),
    libraries: () => [],
    restartable: null,
    counters: null,
    topology: null,
  };
}
