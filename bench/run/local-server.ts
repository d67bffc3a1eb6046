/** The measured server as a child process of this one: bench's own echo server, sampled by PID, restartable on its port. */
import { performance } from 'node:perf_hooks';
import { epochNowMs } from '../../protocol/epoch-clock.js';
import type { RestartableServer, ServerStarter } from './measured-server.js';
import { launchServer, serverExitReason, type LaunchOptions, type ServerProcess } from './server-launcher.js';

/** Starts the echo server as a child process of this one and samples it by PID, whichever process is the current one. */
export const startLocalServer: ServerStarter = async (options, context) => {
  // Loaded here, not at the top: the sampler's pidusage costs ~4.5 MiB that --target runs never use.
  const { startServerSampler } = await import('./server-sampler.js');
  const launch: LaunchOptions = { startTimeoutMs: context.startTimeoutMs, fileLimit: context.fileLimit, exposeGc: context.exposeGc };
  let server: ServerProcess = await launchServer(options, launch);
  let endUnexpectedly: (reason: string) => void = () => undefined;
  const unexpectedEnd = new Promise<string>((resolve) => (endUnexpectedly = resolve));
  const watch = (watched: ServerProcess): void => {
    void watched.exited.then((exit) => {
      if (!watched.stopping) endUnexpectedly(serverExitReason(options.transport, exit, context.phase()));
    });
  };
  watch(server);
  // The sampler reads the pid of whichever process runs now: a restarted server is a new process.
  const source = {
    get pid() {
      return server.pid;
    },
    requestStats: () => server.requestStats(),
  };
  const sampler = startServerSampler(source, context.sampleIntervalMs, performance.now(), context.writeSample);
  // With --gc-before-steady the hold is measured after a collection, so the baseline must be too,
  // or start-up garbage counts against the baseline alone and per-connection memory comes out low.
  if (context.exposeGc) await server.collectGarbage();
  await sampler.sampleNow();
  const restartable: RestartableServer = {
    async restart() {
      const old = server;
      const killedAtEpochMs = epochNowMs();
      await old.killNow();
      // The same port: Node listens with SO_REUSEADDR, so the killed server's sockets do not hold it.
      const next = await launchServer({ ...options, port: old.port }, launch).catch((error: unknown) => {
        endUnexpectedly(
          `${options.transport} server could not be started again on port ${old.port} after --restart-server-at: ${error instanceof Error ? error.message : String(error)}`,
        );
        return null;
      });
      if (next === null) return { killedAtEpochMs, listeningAtEpochMs: null, oldPid: old.pid, newPid: null };
      const listeningAtEpochMs = epochNowMs();
      server = next;
      watch(next);
      return { killedAtEpochMs, listeningAtEpochMs, oldPid: old.pid, newPid: next.pid };
    },
  };
  return {
    get url() {
      return server.url;
    },
    sampler,
    unexpectedEnd,
    collectGarbage: () => server.collectGarbage(),
    async stop() {
      await sampler.sampleNow();
      await sampler.stop();
      await server.stop();
    },
    describe: () => ({ remote: false, pid: server.pid, url: server.url }),
    libraries: () => server.libraries,
    restartable,
    counters: { usage: () => server.requestUsage(), heapSnapshot: (path) => server.heapSnapshot(path) },
    topology: null,
  };
};
