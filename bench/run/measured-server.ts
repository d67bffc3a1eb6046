/**
 * The server a run measures, wherever it runs. The engine only sees this interface; a local run
 * starts a child process (startLocalServer), a remote run asks an agent for one.
 */
import type { OutageTimes } from '../results/redis-outage.js';
import { performance } from 'node:perf_hooks';
import type { ServerOptions, ServerUsage } from '../../protocol/messages.js';
import type { SampleRow } from '../results/run-files.js';
import type { ServerDescription } from '../results/run-json.js';
import type { LoadedLibrary } from '../../protocol/load-library.js';
import type { ClusterSummary } from '../cluster/cluster-summary.js';
import type { LoadBalancerPlan } from '../cluster/cluster-server.js';
import { launchServer, serverExitReason, type LaunchOptions, type ServerProcess } from './server-launcher.js';
import type { ServerSampler } from './server-sampler.js';
import { epochNowMs } from '../../protocol/epoch-clock.js';

/** What one kill and restart of the server did. Times are performance.timeOrigin + now(), in ms, comparable across processes. */
export interface ServerRestart {
  killedAtEpochMs: number;
  /** When the new process reported listening; null if it never did. */
  listeningAtEpochMs: number | null;
  oldPid: number;
  newPid: number | null;
}

/** A started server with its sampler. */
export interface MeasuredServer {
  url: string;
  sampler: ServerSampler;
  /** Resolves with a one-sentence reason if the server ends before stop() is called. */
  readonly unexpectedEnd: Promise<string>;
  /** Runs a full collection in the server before the hold (--gc-before-steady). */
  collectGarbage(): Promise<void>;
  /** Stops the server; resolves when it is gone. */
  stop(): Promise<void>;
  /** Facts recorded in run.json under `server` (pid, where it ran, clock offset, ...). */
  describe(): ServerDescription;
  /** The libraries the server process loaded, as it reported them; empty when it reported none (an older agent). */
  libraries(): LoadedLibrary[];
  /** CPU time and socket bytes the server counted so far; absent where the server cannot be asked (an agent's). */
  usage?(): Promise<ServerUsage | null>;
  /** Kills the server with SIGKILL and starts it again on the same port (--restart-server-at); absent where it cannot be. */
  restart?(): Promise<ServerRestart>;
  /** Several nodes (--nodes): each node's URL, for clients that pick their node themselves (--lb none). */
  nodeUrls?: string[];
  /** Several nodes: the topology's figures for run.json's summary.cluster. */
  clusterSummary?(): ClusterSummary;
  /** Several nodes: when the first node kill happened (clients' clock), null without one. */
  nodeKilledAtEpochMs?(): number | null;
  /** Several nodes: Redis's kill and restart, null when Redis was not killed. */
  redisOutage?(): OutageTimes | null;
  /** Several nodes: the workers' count of connected clients now, for the connected-clients timeline. */
  clientsConnected?(connected: number): void;
}

/** What a starter needs besides the server options. */
export interface ServerStartContext {
  /** The current phase, for describing an unexpected end. */
  phase(): string;
  startTimeoutMs: number;
  fileLimit: number | null;
  exposeGc: boolean;
  sampleIntervalMs: number;
  writeSample(row: SampleRow): void;
  /** The run folder, where a topology writes its components' configs, logs and samples. */
  runDir?: string;
  /** Several nodes behind nginx or haproxy: the load balancer's size, from the preflight. */
  loadBalancer?: LoadBalancerPlan | null;
}

/** Starts a server and its sampler; the baseline sample is taken before it resolves. */
export type ServerStarter = (options: ServerOptions, context: ServerStartContext) => Promise<MeasuredServer>;

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
  const source = { get pid() { return server.pid; }, requestStats: () => server.requestStats() };
  const sampler = startServerSampler(source, context.sampleIntervalMs, performance.now(), context.writeSample);
  // With --gc-before-steady the hold is measured after a collection, so the baseline must be too,
  // or start-up garbage counts against the baseline alone and per-connection memory comes out low.
  if (context.exposeGc) await server.collectGarbage();
  await sampler.sampleNow();
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
    usage: () => server.requestUsage(),
    async restart() {
      const old = server;
      const killedAtEpochMs = epochNowMs();
      await old.killNow();
      // The same port: Node listens with SO_REUSEADDR, so the killed server's sockets do not hold it.
      const next = await launchServer({ ...options, port: old.port }, launch).catch((error: unknown) => {
        endUnexpectedly(`${options.transport} server could not be started again on port ${old.port} after --restart-server-at: ${error instanceof Error ? error.message : String(error)}`);
        return null;
      });
      if (next === null) return { killedAtEpochMs, listeningAtEpochMs: null, oldPid: old.pid, newPid: null };
      const listeningAtEpochMs = epochNowMs();
      server = next;
      watch(next);
      return { killedAtEpochMs, listeningAtEpochMs, oldPid: old.pid, newPid: next.pid };
    },
  };
};
