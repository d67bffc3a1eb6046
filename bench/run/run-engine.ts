/**
 * The engine of `bench run`: preflight, server process, client workers, ramp, hold, close, files.
 * It never prints; it reports through events and returns the summary.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { collectEnvironment } from './environment.js';
import { BenchError } from '../errors.js';
import { LoadGeneratorMonitor } from './load-generator-health.js';
import { runPreflight, type PreflightResult } from './preflight.js';
import type { ServerOptions, WorkerConfig } from '../../protocol/messages.js';
import type { RunConfig } from '../config/run-config.js';
import { createRunFiles, newRunId, type RunFiles } from '../results/run-files.js';
import {
  decideStatus,
  summariseServerMemory,
  summariseTimes,
  type RunSummary,
  type SteadyTrafficSummary,
} from '../results/run-summary.js';
import { RowTally } from './row-tally.js';
import { histogramText, mergeEncodedHistograms, roundTripPercentiles } from '../../protocol/round-trip-histogram.js';
import { writeFileAtomic } from '../results/atomic-write.js';
import { RUN_SCHEMA_VERSION } from '../results/schema.js';
import { startLocalServer, type MeasuredServer, type ServerStarter } from './measured-server.js';
import { splitExactly, WorkerPool } from './worker-pool.js';

export { RUN_SCHEMA_VERSION };

/** Phases of a run, in order. */
export type RunPhase = 'preflight' | 'start-server' | 'start-workers' | 'ramp' | 'hold' | 'close';

/** What the engine reports while it runs. Times in ms. */
export type RunEvent =
  | { type: 'notice'; message: string }
  | { type: 'phase'; phase: RunPhase }
  | {
      type: 'progress';
      phase: RunPhase;
      clients: number;
      opened: number;
      succeeded: number;
      failed: number;
      elapsedMs: number;
      holdRemainingMs: number | null;
    };

/** Hooks of one run. */
export interface RunHooks {
  onEvent?: (event: RunEvent) => void;
  /** Aborting ends the run with status interrupted, keeping what was measured. */
  signal?: AbortSignal;
  /** Starts the measured server; defaults to a local child process. A run with `config.agent` must pass the agent's. */
  serverStarter?: ServerStarter;
}

/** The outcome of a run: its summary and where its files are. */
export interface RunResult {
  summary: RunSummary;
  runDir: string;
}

/** A reason to end the run early. */
class RunStop extends Error {
  constructor(
    readonly status: 'failed' | 'interrupted',
    reason: string,
  ) {
    super(reason);
  }
}

const PROGRESS_INTERVAL_MS = 250;
/** Longest wait for the last steady-traffic echoes before they count as lost. */
const STEADY_DRAIN_MS = 5000;

/** Server options of a local run. */
export function serverOptionsFor(config: RunConfig): ServerOptions {
  return {
    transport: config.transport,
    host: config.host,
    port: 0,
    perMessageDeflate: config.variant.perMessageDeflate,
    mode: config.mode,
    payloadBytes: config.payloadBytes,
    injectDelayMs: config.injectDelayMs,
    injectRetainKb: config.injectRetainKb,
  };
}

/** One WorkerConfig per worker: clients interleaved by id, concurrency split exactly. */
export function workerConfigsFor(config: RunConfig, url: string, sourceAddresses: string[] = config.sourceAddresses): WorkerConfig[] {
  const clientShares = splitExactly(config.clients, config.workers);
  const concurrencyShares = splitExactly(config.concurrency, config.workers);
  return clientShares.map((clientCount, workerIndex) => ({
    workerIndex,
    transport: config.transport,
    url,
    firstClient: workerIndex,
    stride: config.workers,
    clientCount,
    concurrency: concurrencyShares[workerIndex] as number,
    ratePerSecond: config.ratePerSecond,
    connectTimeoutMs: Math.round(config.connectTimeoutSeconds * 1000),
    socketioTransports: config.variant.socketioTransports,
    sockjsTransports: config.variant.sockjsTransports,
    perMessageDeflate: config.variant.perMessageDeflate,
    mode: config.mode,
    payloadBytes: config.payloadBytes,
    reportIntervalMs: config.sampleIntervalMs,
    sourceAddresses,
    messagesPerSecond: config.messagesPerSecond,
    steadyDurationMs: Math.round(config.durationSeconds * 1000),
    drainMs: Math.min(Math.round(config.connectTimeoutSeconds * 1000), STEADY_DRAIN_MS),
  }));
}

/** Runs one benchmark from a resolved config. Throws only when nothing could be started. */
export async function runBenchmark(config: RunConfig, hooks: RunHooks = {}): Promise<RunResult> {
  // A programming mistake, not a user's: a remote run measured locally would look like it worked.
  if (config.agent !== null && hooks.serverStarter === undefined) throw new Error('a run with an agent needs the agent\'s ServerStarter in its hooks');
  const emit = hooks.onEvent ?? (() => undefined);
  const wallStart = performance.now();
  const startedAt = new Date();

  emit({ type: 'phase', phase: 'preflight' });
  const preflight = runPreflight(config);
  for (const message of preflight.notices) emit({ type: 'notice', message });
  const environment = collectEnvironment();
  const runId = newRunId(config.transport, config.clients, startedAt);
  const files = await createRunFiles(config.outDir, runId);
  const runJson = (extra: Record<string, unknown>): Record<string, unknown> => ({
    schemaVersion: RUN_SCHEMA_VERSION,
    kind: 'run',
    runId,
    startedAt: startedAt.toISOString(),
    config,
    environment,
    preflightNotices: preflight.notices,
    ...extra,
  });
  await files.writeRunJson(runJson({ status: 'running' }));

  const tally = new RowTally();
  const monitor = new LoadGeneratorMonitor(config.saturation);
  let server: MeasuredServer | null = null;
  let pool: WorkerPool | null = null;
  let phase: RunPhase = 'preflight';
  let holdEndsAt: number | null = null;
  let rampMs: number | null = null;
  let failure: RunStop | null = null;
  let progressTimer: NodeJS.Timeout | null = null;
  let holdTimeout: NodeJS.Timeout | undefined;
  // Kept so that a run stopped while they start can still stop what they start.
  let pendingServer: Promise<MeasuredServer> | null = null;
  let pendingPool: Promise<WorkerPool> | null = null;

  // Everything that can end a run early settles this one promise.
  let stopRun: (stop: RunStop) => void = () => undefined;
  const stopped = new Promise<never>((_, reject) => {
    stopRun = reject;
  });
  stopped.catch(() => undefined);
  const onAbort = (): void => {
    const reason: unknown = hooks.signal?.reason;
    const by = typeof reason === 'string' && reason.startsWith('SIG') ? reason : 'an abort';
    stopRun(new RunStop('interrupted', `interrupted by ${by} during ${phase}`));
  };
  if (hooks.signal?.aborted) onAbort();
  hooks.signal?.addEventListener('abort', onAbort, { once: true });
  const until = <T>(work: Promise<T>): Promise<T> => Promise.race([work, stopped]);
  const enter = (next: RunPhase): void => {
    phase = next;
    server?.sampler.setPhase(next);
    emit({ type: 'phase', phase: next });
  };
  const reportProgress = (): void => {
    const counts = pool?.counts() ?? { opened: 0, succeeded: 0, failed: 0, dropped: 0 };
    emit({
      type: 'progress',
      phase,
      clients: config.clients,
      opened: counts.opened,
      succeeded: counts.succeeded,
      failed: counts.failed,
      elapsedMs: performance.now() - wallStart,
      holdRemainingMs: holdEndsAt === null ? null : Math.max(0, holdEndsAt - performance.now()),
    });
  };

  let url = config.target ?? '';
  try {
    if (config.target === null) {
      enter('start-server');
      const startServer: ServerStarter = hooks.serverStarter ?? startLocalServer;
      pendingServer = startServer(serverOptionsFor(config), {
        phase: () => phase,
        startTimeoutMs: config.serverStartTimeoutMs,
        fileLimit: preflight.childFileLimit,
        exposeGc: config.gcBeforeSteady,
        sampleIntervalMs: config.sampleIntervalMs,
        writeSample: (row) => files.samples.write(row),
      });
      server = await until(pendingServer);
      void server.unexpectedEnd.then((reason) => stopRun(new RunStop('failed', reason)));
      url = server.url;
    }

    enter('start-workers');
    pendingPool = WorkerPool.start(
      workerConfigsFor(config, url, preflight.sourceAddresses),
      {
        rows(rows) {
          for (const row of rows) {
            tally.add(row);
            files.connections.write(row);
          }
        },
        // Closing thousands of sockets at once is not load the measurements saw: it is not judged.
        health: (workerIndex, health) => {
          if (phase !== 'close') monitor.add(workerIndex, health);
        },
      },
      preflight.childFileLimit,
    );
    pool = await until(pendingPool);

    enter('ramp');
    progressTimer = setInterval(reportProgress, PROGRESS_INTERVAL_MS);
    const rampStartedAt = performance.now();
    pool.startRamp();
    await until(pool.rampDone());
    rampMs = Math.round(performance.now() - rampStartedAt);

    if (config.gcBeforeSteady && server) await until(server.collectGarbage());
    enter('hold');
    const holdMs = Math.max(config.holdSeconds, config.messagesPerSecond > 0 ? config.durationSeconds : 0) * 1000;
    holdEndsAt = performance.now() + holdMs;
    const holdTimer = new Promise((resolve) => (holdTimeout = setTimeout(resolve, holdMs)));
    const steadyTraffic = config.messagesPerSecond > 0 ? pool.runSteadyTraffic() : Promise.resolve([]);
    await until(Promise.all([holdTimer, steadyTraffic]));
  } catch (error) {
    if (error instanceof RunStop) failure = error;
    else if (error instanceof BenchError) failure = new RunStop('failed', error.message);
    else failure = new RunStop('failed', error instanceof Error ? error.message : String(error));
  } finally {
    hooks.signal?.removeEventListener('abort', onAbort);
    if (progressTimer) clearInterval(progressTimer);
    clearTimeout(holdTimeout);
    enter('close');
    reportProgress();
    pool ??= pendingPool ? await pendingPool.catch(() => null) : null;
    server ??= pendingServer ? await pendingServer.catch(() => null) : null;
    await pool?.close();
    await server?.stop();
    if (pool === null) recordNotStarted(config, tally, files);
  }

  let writeError: unknown = null;
  try {
    await files.close();
  } catch (error) {
    writeError = error;
  }
  let steadyTraffic: SteadyTrafficSummary | null = null;
  try {
    steadyTraffic = await summariseSteadyTraffic(config, pool, files.dir);
  } catch (error) {
    writeError ??= error;
  }
  const summary = buildSummary(config, { files, tally, server, monitor, pool, failure, wallStart, steadyTraffic, rampMs, preflight });
  try {
    await files.writeRunJson(
      runJson({ finishedAt: new Date().toISOString(), status: summary.status, server: server?.describe() ?? null, summary }),
    );
  } catch (error) {
    writeError ??= error;
  }
  // The first file that could not be written is the one to name; run.json keeps its last whole version.
  if (writeError) throw writeError;
  return { summary, runDir: files.dir };
}

/** Everything a finished (or cut-short) run leaves for its summary. */
interface RunOutcome {
  files: RunFiles;
  tally: RowTally;
  server: MeasuredServer | null;
  monitor: LoadGeneratorMonitor;
  pool: WorkerPool | null;
  failure: RunStop | null;
  wallStart: number;
  steadyTraffic: SteadyTrafficSummary | null;
  rampMs: number | null;
  preflight: PreflightResult;
}

function buildSummary(config: RunConfig, outcome: RunOutcome): RunSummary {
  const { files, tally, server, monitor, pool, failure, wallStart, steadyTraffic, rampMs, preflight } = outcome;
  const dropped = pool?.counts().dropped ?? 0;
  const status = decideStatus(tally, config.clients, failure ? { status: failure.status, reason: failure.message } : null, pool?.lost ?? [], dropped);
  return {
    ...status,
    transport: config.transport,
    variant: config.variant,
    mode: config.mode,
    label: config.label,
    target: config.target,
    clients: config.clients,
    connected: tally.connected,
    failed: config.clients - tally.connected,
    dropped,
    errors: tally.errors,
    ...summariseTimes(tally),
    server: server ? summariseServerMemory(server.sampler.samples(), tally.connected) : null,
    steadyTraffic,
    loadGenerator: monitor.result(clientBytesPerConnection(pool, tally.connected)),
    injected: { delayMs: config.injectDelayMs, retainKb: config.injectRetainKb },
    sourceAddresses: Math.max(1, preflight.sourceAddresses.length),
    rampMs,
    connectionsPerSecond: rampMs !== null && rampMs > 0 ? Math.round((tally.connected / rampMs) * 1000) : null,
    wallMs: Math.round(performance.now() - wallStart),
    resultsDir: path.relative(process.cwd(), files.dir) || files.dir,
  };
}

function clientBytesPerConnection(pool: WorkerPool | null, connected: number): number | null {
  const growth = pool?.rampRssGrowthBytes() ?? null;
  return growth === null || connected === 0 ? null : Math.round(growth / connected);
}

/** Merges the workers' round-trip histograms, writes round-trip.hgrm and sums the counters. */
async function summariseSteadyTraffic(config: RunConfig, pool: WorkerPool | null, runDir: string): Promise<SteadyTrafficSummary | null> {
  if (config.messagesPerSecond === 0) return null;
  const reports = pool?.steadyReports() ?? [];
  const merged = mergeEncodedHistograms(reports.map((report) => report.histogram));
  const sendLag = mergeEncodedHistograms(reports.map((report) => report.sendLagHistogram));
  const sent = reports.reduce((sum, report) => sum + report.sent, 0);
  const received = reports.reduce((sum, report) => sum + report.received, 0);
  const summary: SteadyTrafficSummary = {
    messagesPerSecond: config.messagesPerSecond,
    durationSeconds: config.durationSeconds,
    roundTripMs: roundTripPercentiles(merged),
    sendLagMs: roundTripPercentiles(sendLag),
    sent,
    received,
    lost: sent - received,
    outOfOrder: reports.reduce((sum, report) => sum + report.outOfOrder, 0),
  };
  if (merged.totalCount > 0) await writeFileAtomic(path.join(runDir, 'round-trip.hgrm'), histogramText(merged));
  merged.destroy();
  sendLag.destroy();
  return summary;
}

/** When no worker ever started, every client still gets its row, so the files account for all of them. */
function recordNotStarted(config: RunConfig, tally: RowTally, files: RunFiles): void {
  for (let client = 0; client < config.clients; client += 1) {
    const row = { client, worker: -1, transport: config.transport, queuedMs: null, connectMs: null, firstMessageMs: null, error: 'not-started' };
    tally.add(row);
    files.connections.write(row);
  }
}
