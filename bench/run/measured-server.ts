/**
 * The server a run measures, wherever it runs. The engine only sees this interface; a local run
 * starts a child process (startLocalServer), a remote run asks an agent for one.
 */
import { performance } from 'node:perf_hooks';
import type { ServerOptions } from '../../protocol/messages.js';
import type { SampleRow } from '../results/run-files.js';
import type { ServerDescription } from '../results/run-json.js';
import type { LoadedLibrary } from '../../protocol/load-library.js';
import type { ClusterSummary } from '../cluster/cluster-summary.js';
import type { LoadBalancerPlan } from '../cluster/cluster-server.js';
import { launchServer, serverExitReason } from './server-launcher.js';
import type { ServerSampler } from './server-sampler.js';

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
  /** Several nodes (--nodes): each node's URL, for clients that pick their node themselves (--lb none). */
  nodeUrls?: string[];
  /** Several nodes: the topology's figures for run.json's summary.cluster. */
  clusterSummary?(): ClusterSummary;
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

/** Starts the echo server as a child process of this one and samples it by PID. */
export const startLocalServer: ServerStarter = async (options, context) => {
  // Loaded here, not at the top: the sampler's pidusage costs ~4.5 MiB that --target runs never use.
  const { startServerSampler } = await import('./server-sampler.js');
  const server = await launchServer(options, {
    startTimeoutMs: context.startTimeoutMs,
    fileLimit: context.fileLimit,
    exposeGc: context.exposeGc,
  });
  const sampler = startServerSampler(server, context.sampleIntervalMs, performance.now(), context.writeSample);
  // With --gc-before-steady the hold is measured after a collection, so the baseline must be too,
  // or start-up garbage counts against the baseline alone and per-connection memory comes out low.
  if (context.exposeGc) await server.collectGarbage();
  await sampler.sampleNow();
  const unexpectedEnd = new Promise<string>((resolve) => {
    void server.exited.then((exit) => {
      if (!server.stopping) resolve(serverExitReason(options.transport, exit, context.phase()));
    });
  });
  return {
    url: server.url,
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
  };
};
