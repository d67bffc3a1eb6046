/**
 * One run from preflight to its files, one method per phase. Its state lives in fields, so any
 * phase, and close(), sees what the earlier ones started. The figures are bench/summary's; the
 * restart storm and the idle readings are their own objects (restart-storm.ts, idle-usage.ts).
 */
import { performance } from 'node:perf_hooks';
import { holdLengthMs, type RunConfig } from '../config/run-config.js';
import {
  createRunFiles,
  newRunId,
  writeBroadcastCsv,
  writeHistogramText,
  writeReconnectsCsv,
  writeChurnCsv,
  writeSteadyHistograms,
  writeCaPem,
  type RunFiles,
} from '../results/run-files.js';
import { CA_PEM, FAN_OUT_HGRM, ROUND_TRIP_HGRM, runFilePath } from '../results/run-folder.js';
import { clientTrustEnvironment } from './client-trust.js';
import { RUN_SCHEMA_VERSION, type RunJson, type RunJsonEnd, type RunLibraries, type ShardRecord } from '../results/run-json.js';
import { assembleSummary } from '../summary/assemble-summary.js';
import type { BroadcastSummary, SteadyTrafficSummary } from '../summary/run-summary-types.js';
import { RowTally } from '../summary/row-tally.js';
import { collectEnvironment, type Environment } from './environment.js';
import { IdleUsage } from './idle-usage.js';
import { LoadGeneratorMonitor } from './load-generator-health.js';
import { startLocalServer } from './local-server.js';
import type { MeasuredServer } from './measured-server.js';
import { runPreflight, type PreflightResult } from './preflight.js';
import { serverOptionsFor, workerConfigsFor } from './process-configs.js';
import { RestartStorm } from './restart-storm.js';
import { broadcastOfRun, reconnectCsvRowsOfRun, steadyTrafficOfRun, summaryInputOfRun, type RunMeasurements } from './run-measurements.js';
import { FilesNotWrittenError } from './files-not-written.js';
import { RunStop, RunStopper } from './run-stop.js';
import { RunTimers } from './run-timers.js';
import { ScenarioRecorder } from './scenario-recorder.js';
import { connectedNow, WorkerPool } from './worker-pool.js';
import { clientShareOf } from './client-share.js';
import type { RunEvent, RunHooks, RunPhase, RunResult } from './run-events.js';
import type { ChurnRow, ReconnectRow, ServerTls } from '../../protocol/messages.js';
import { HeapSnapshots } from './heap-snapshots.js';
import { churnCsvRows } from '../summary/churn.js';
import { heapGrowthOf } from './heap-growth-of-run.js';
import { epochNowMs } from '../../protocol/epoch-clock.js';
import { freePortBelowEphemeralRange } from './restart-port.js';

const PROGRESS_INTERVAL_MS = 250;
/**
 * After the server died, how long the workers wait for its connections to end before closing the
 * rest: a dead server's sockets end within milliseconds, but a close sent first would hide those
 * still on their way, so they would not count as dropped.
 */
const SERVER_GONE_AWAIT_ENDS_MS = 3000;

/** What is known before the first process starts. */
interface RunStart {
  wallStart: number;
  startedAt: Date;
  preflight: PreflightResult;
  environment: Environment;
  runId: string;
  files: RunFiles;
}

/** The first error of the files a run writes: the one to name, while the others are still written. */
class FirstFailure {
  /** The first error, or null while every write succeeded. */
  first: unknown = null;

  async attempt<T>(write: () => Promise<T>): Promise<T | null> {
    try {
      return await write();
    } catch (error) {
      this.first ??= error;
      return null;
    }
  }
}

/** A run in progress. */
export class RunSession {
  private phase: RunPhase = 'preflight';
  private readonly tally = new RowTally();
  private readonly monitor: LoadGeneratorMonitor;
  private readonly stopper = new RunStopper();
  private readonly timers = new RunTimers();
  private server: MeasuredServer | null = null;
  private pool: WorkerPool | null = null;
  // Kept so that a run stopped while they start can still stop what they start.
  private pendingServer: Promise<MeasuredServer> | null = null;
  private pendingPool: Promise<WorkerPool> | null = null;
  private url: string;
  private rampMs: number | null = null;
  private holdEndsAt: number | null = null;
  /** Wall-clock time the ramp began, ISO 8601: what merge checks shards' common start against. */
  private rampStartedAt: string | null = null;
  private failure: RunStop | null = null;
  /** When the hold began, on the clock client workers share (epochNowMs); restart times count from it. */
  private holdStartedAtEpochMs: number | null = null;
  private readonly reconnectRows: ReconnectRow[] = [];
  /** --churn: one row per arrival. */
  private readonly churnRows: ChurnRow[] = [];
  /** --heap-snapshots: the two snapshots; null without the flag or before the hold. */
  private heapSnapshots: HeapSnapshots | null = null;
  private storm: RestartStorm | null = null;
  private idle: IdleUsage | null = null;
  /** The server ended on its own (died under load): its connections are ending too. */
  private serverGone = false;
  /** performance.now() when the ramp began; null before. */
  private rampStartedAtMs: number | null = null;
  /** A scenario run's clients and files; null without --scenario. */
  private readonly scenario: ScenarioRecorder | null;

  private constructor(
    private readonly config: RunConfig,
    private readonly hooks: RunHooks,
    private readonly start: RunStart,
  ) {
    this.monitor = new LoadGeneratorMonitor(config.saturation);
    this.url = config.target ?? '';
    this.scenario = ScenarioRecorder.of(config.scenario);
  }

  /** Preflight, then the run folder with a run.json that says running. Throws when the run cannot start. */
  static async open(config: RunConfig, hooks: RunHooks): Promise<RunSession> {
    const emit = hooks.onEvent ?? (() => undefined);
    const wallStart = performance.now();
    const startedAt = new Date();
    emit({ type: 'phase', phase: 'preflight' });
    const preflight = runPreflight(config);
    for (const message of preflight.notices) emit({ type: 'notice', message });
    const environment = collectEnvironment();
    const runId = newRunId(config.transport, config.clients, startedAt);
    const files = await createRunFiles(config.outDir, runId);
    const session = new RunSession(config, hooks, { wallStart, startedAt, preflight, environment, runId, files });
    hooks.observer?.begin({ runId, transport: config.transport, clients: clientShareOf(config).clientCount });
    await files.writeRunJson(session.runJson({ status: 'running' }));
    return session;
  }

  /** Server, workers, ramp and hold; whatever ends them early is kept as the failure. Always closes. */
  async measure(): Promise<void> {
    if (this.hooks.signal?.aborted) this.onAbort();
    this.hooks.signal?.addEventListener('abort', this.onAbort, { once: true });
    try {
      // --server-pid samples the server at --target: started or not, a server is measured.
      if (this.config.target === null || this.config.userServer !== null) await this.startServer();
      const pool = await this.startWorkers();
      await this.ramp(pool);
      await this.hold(pool);
    } catch (error) {
      this.failure = RunStop.from(error);
    } finally {
      await this.close();
    }
  }

  /** Closes the row files, writes what the summary layer returns, and the final run.json. */
  async writeFiles(): Promise<RunResult> {
    const { files } = this.start;
    const writes = new FirstFailure();
    await writes.attempt(() => files.close());
    const measured = this.measurements();
    const steadyTraffic = await writes.attempt(() => this.writeSteadyTraffic(measured));
    const broadcast = await writes.attempt(() => this.writeBroadcast(measured));
    if (this.config.reconnect !== null) await writes.attempt(() => writeReconnectsCsv(files.dir, reconnectCsvRowsOfRun(measured)));
    if (this.config.soak?.churn) await writes.attempt(() => writeChurnCsv(files.dir, churnCsvRows(this.churnRows, this.holdStartedAtEpochMs)));
    const scenario =
      this.scenario === null ? null : await writes.attempt(() => (this.scenario as ScenarioRecorder).write(files.dir, this.pool?.workerSteps() ?? []));
    const heapGrowth = this.heapSnapshots === null ? undefined : heapGrowthOf(this.heapSnapshots, files.dir);
    const summary = assembleSummary({
      ...summaryInputOfRun(measured, steadyTraffic, broadcast),
      ...(scenario === null ? {} : { scenario }),
      ...(heapGrowth === undefined ? {} : { heapGrowth }),
    });
    const runJsonWritten = await writes.attempt(async () => {
      await files.writeRunJson(
        this.runJson({
          finishedAt: new Date().toISOString(),
          status: summary.status,
          server: this.server?.describe() ?? null,
          libraries: this.libraries(),
          summary,
          shard: this.shardRecord(),
        }),
      );
      return true;
    });
    // The first file that could not be written is the one to name; run.json keeps its last whole version.
    // The summary goes with the error, so that the command still prints what was measured.
    if (writes.first !== null) throw new FilesNotWrittenError(writes.first, summary, files.dir, runJsonWritten === true);
    return { summary, runDir: files.dir };
  }

  private measurements(): RunMeasurements {
    const { config, tally, server, pool, monitor, failure, rampMs, holdStartedAtEpochMs, reconnectRows, churnRows, heapSnapshots, storm, idle } = this;
    const { wallStart, preflight, files } = this.start;
    const topology = server?.topology?.measurements() ?? null;
    return {
      config,
      runDir: files.dir,
      wallStart,
      preflight,
      tally,
      server,
      pool,
      monitor,
      failure,
      rampMs,
      holdStartedAtEpochMs,
      reconnectRows,
      churnRows,
      heapSnapshots,
      storm,
      idle,
      topology,
    };
  }

  /** round-trip.hgrm and histograms.json (the histograms themselves, which bench merge adds across shards). */
  private async writeSteadyTraffic(measured: RunMeasurements): Promise<SteadyTrafficSummary | null> {
    const totals = await steadyTrafficOfRun(measured.config, measured.pool);
    if (totals === null) return null;
    const dir = measured.runDir;
    if (totals.roundTripText !== null) await writeHistogramText(dir, ROUND_TRIP_HGRM, totals.roundTripText);
    await writeSteadyHistograms(dir, totals.histograms);
    return totals.summary;
  }

  /** fan-out.hgrm and broadcast.csv. */
  private async writeBroadcast(measured: RunMeasurements): Promise<BroadcastSummary | null> {
    const totals = await broadcastOfRun(measured);
    if (totals === null) return null;
    const dir = measured.runDir;
    if (totals.fanOutText !== null) await writeHistogramText(dir, FAN_OUT_HGRM, totals.fanOutText);
    await writeBroadcastCsv(dir, totals.timeline);
    return totals.summary;
  }

  /** What the processes reported loading; a server with nothing to report (an older agent) counts as unknown. */
  private libraries(): RunLibraries {
    const serverLibraries = this.server?.libraries() ?? [];
    return { stack: this.config.stack, server: serverLibraries.length > 0 ? serverLibraries : null, clients: this.pool?.libraries() ?? null };
  }

  private runJson(extra: RunJsonEnd): RunJson {
    return {
      schemaVersion: RUN_SCHEMA_VERSION,
      kind: 'run',
      runId: this.start.runId,
      startedAt: this.start.startedAt.toISOString(),
      config: this.config,
      environment: this.start.environment,
      preflightNotices: this.start.preflight.notices,
      ...extra,
    };
  }

  private shardRecord(): ShardRecord | null {
    const { shard, startAt } = this.config;
    return shard === null ? null : { ...shard, startAt, rampStartedAt: this.rampStartedAt };
  }

  private async startServer(): Promise<void> {
    this.enter('start-server');
    const startServer = this.hooks.serverStarter ?? startLocalServer;
    // A server that will be restarted gets a port no client can take as its source port meanwhile.
    const port = this.config.restartServerAtMs === null ? 0 : await freePortBelowEphemeralRange(this.config.host);
    // A restarted server gets the same options, so it presents the same certificate.
    const tls = this.config.tls?.serve ? await this.makeCertificate() : null;
    this.pendingServer = startServer(serverOptionsFor(this.config, port, tls), {
      phase: () => this.phase,
      startTimeoutMs: this.config.serverStartTimeoutMs,
      fileLimit: this.start.preflight.childFileLimit,
      exposeGc: this.config.gcBeforeSteady,
      sampleIntervalMs: this.config.sampleIntervalMs,
      writeSample: (row) => {
        this.start.files.samples.write(row);
        this.hooks.observer?.sample(row);
      },
      runDir: this.start.files.dir,
      loadBalancer: this.start.preflight.loadBalancer,
    });
    const server = await this.stopper.until(this.pendingServer);
    this.server = server;
    this.storm = RestartStorm.of(this.config, server);
    this.idle = IdleUsage.of(this.config.mode, server);
    void server.unexpectedEnd.then((reason) => {
      this.serverGone = true;
      this.stopper.stop(new RunStop('failed', reason));
    });
    // Not the server failing under load: bench can no longer see it, so the run is broken (exit 3).
    void server.outOfReach?.then((reason) => this.stopper.stop(new RunStop('failed', reason, true)));
    this.url = server.url;
  }

  /** The run's certificate (--tls), its CA written to ca.pem for the clients to trust; selfsigned is loaded only then. */
  private async makeCertificate(): Promise<ServerTls> {
    const { makeRunCertificate } = await import('./run-certificate.js');
    const { caPem, certPem, keyPem } = await makeRunCertificate();
    await writeCaPem(this.start.files.dir, caPem);
    return { certPem, keyPem };
  }

  private async startWorkers(): Promise<WorkerPool> {
    this.enter('start-workers');
    const { preflight, files } = this.start;
    const nodeUrls = this.server?.topology?.nodeUrls;
    const workerConfigs = workerConfigsFor(this.config, this.url, preflight.sourceAddresses);
    this.pendingPool = WorkerPool.start(
      this.config.cluster?.lb === 'none' && nodeUrls ? workerConfigs.map((worker) => ({ ...worker, nodeUrls })) : workerConfigs,
      {
        rows: (rows) => {
          for (const row of rows) {
            this.tally.add(row);
            files.connections.write(row);
          }
          this.hooks.observer?.rows(rows);
        },
        // Closing thousands of sockets at once is not load the measurements saw: it is not judged.
        health: (workerIndex, health) => {
          if (this.phase !== 'close') this.monitor.add(workerIndex, health);
          this.hooks.observer?.health(workerIndex, health, this.monitor.worst().saturated);
        },
        roundTrips: (roundTrips) => this.hooks.observer?.roundTrips(roundTrips),
        reconnects: (rows) => {
          for (const row of rows) this.reconnectRows.push(row);
        },
        scenarioClients: (rows) => this.scenario?.addClientRows(rows),
        churnRows: (rows) => {
          for (const row of rows) this.churnRows.push(row);
        },
      },
      preflight.childFileLimit,
      this.hooks.workerSpawner,
      clientTrustEnvironment(this.config.tls, runFilePath(files.dir, CA_PEM)),
    );
    this.pool = await this.stopper.until(this.pendingPool);
    return this.pool;
  }

  /** Waits for --start-at with the workers ready, so that every shard's ramp begins at the same moment. */
  private async waitForStartTime(): Promise<void> {
    if (this.config.startAt === null) return;
    const waitMs = Date.parse(this.config.startAt) - Date.now();
    if (waitMs < 0) {
      this.emit({
        type: 'notice',
        message: `--start-at ${this.config.startAt} passed ${(-waitMs / 1000).toFixed(1)} s before the workers were ready; the ramp starts now`,
      });
      return;
    }
    this.emit({ type: 'notice', message: `waiting ${(waitMs / 1000).toFixed(1)} s for --start-at ${this.config.startAt}, with the workers ready` });
    await this.stopper.until(this.timers.delay(waitMs));
  }

  private async ramp(pool: WorkerPool): Promise<void> {
    await this.waitForStartTime();
    this.enter('ramp');
    this.rampStartedAt = new Date().toISOString();
    this.timers.every(PROGRESS_INTERVAL_MS, () => this.reportProgress());
    const rampStartedAt = performance.now();
    this.rampStartedAtMs = rampStartedAt;
    pool.startRamp();
    await this.stopper.until(pool.rampDone());
    this.rampMs = Math.round(performance.now() - rampStartedAt);
  }

  private async hold(pool: WorkerPool): Promise<void> {
    const { config } = this;
    if (config.gcBeforeSteady && this.server) await this.stopper.until(this.server.collectGarbage());
    this.enter('hold');
    // One sample as the hold begins, so steady RSS always has a hold sample, even with --hold 0.
    if (this.server) await this.stopper.until(this.server.sampler.sampleNow());
    this.holdStartedAtEpochMs = epochNowMs();
    await this.idle?.read('start', (work) => this.stopper.until(work));
    const holdMs = holdLengthMs(config);
    this.holdEndsAt = performance.now() + holdMs;
    const holdTimer = this.timers.delay(holdMs);
    const firstSnapshot = this.startHeapSnapshots(holdMs);
    const stormOver = this.storm?.run(
      pool,
      this.holdStartedAtEpochMs,
      (message) => this.emit({ type: 'notice', message }),
      () => this.phase === 'hold',
    );
    // A scenario's workers say when their clients have run their steps and the phases are over.
    const steadyTraffic =
      config.messagesPerSecond > 0 || config.broadcast !== null || config.scenario !== undefined ? pool.runSteadyTraffic() : Promise.resolve([]);
    await this.stopper.until(Promise.all([holdTimer, steadyTraffic]));
    // The hold lasts until the storm is over: every client back, or the wait for them ended.
    if (stormOver) await this.stopper.until(stormOver);
    if (firstSnapshot !== null) {
      await this.stopper.until(firstSnapshot);
      await this.stopper.until((this.heapSnapshots as HeapSnapshots).take(1));
    }
    await this.idle?.read('end', (work) => this.stopper.until(work));
  }

  /** --heap-snapshots: the first snapshot a quarter into the hold; null without the flag or a server that can be asked. */
  private startHeapSnapshots(holdMs: number): Promise<void> | null {
    const counters = this.server?.counters ?? null;
    if (this.config.soak?.heapSnapshots !== true || counters === null || this.server === null) return null;
    const snapshots = new HeapSnapshots(counters, this.server.sampler, this.start.files.dir, performance.now());
    this.heapSnapshots = snapshots;
    return this.timers.delay(holdMs / 4).then(() => snapshots.take(0));
  }

  /** Stops the workers and the server, even those still starting; every client gets its row. */
  private async close(): Promise<void> {
    this.hooks.signal?.removeEventListener('abort', this.onAbort);
    this.timers.clearAll();
    this.storm?.cancel();
    this.enter('close');
    this.reportProgress();
    this.pool ??= this.pendingPool ? await this.pendingPool.catch(() => null) : null;
    this.server ??= this.pendingServer ? await this.pendingServer.catch(() => null) : null;
    await this.pool?.close(this.serverGone ? SERVER_GONE_AWAIT_ENDS_MS : 0);
    await this.storm?.settle();
    await this.server?.stop();
    if (this.pool === null) this.recordNotStarted();
  }

  private readonly onAbort = (): void => {
    const reason: unknown = this.hooks.signal?.reason;
    const by = typeof reason === 'string' && reason.startsWith('SIG') ? reason : 'an abort';
    this.stopper.stop(new RunStop('interrupted', `interrupted by ${by} during ${this.phase}`));
  };

  private enter(next: RunPhase): void {
    this.phase = next;
    this.server?.sampler.setPhase(next);
    this.emit({ type: 'phase', phase: next });
  }

  private emit(event: RunEvent): void {
    this.hooks.onEvent?.(event);
  }

  private reportProgress(): void {
    const counts = this.pool?.counts() ?? { opened: 0, succeeded: 0, failed: 0, dropped: 0, reconnecting: 0, left: 0 };
    if (this.phase === 'ramp' || this.phase === 'hold') this.server?.topology?.clientsConnected(connectedNow(counts));
    if (this.rampStartedAtMs !== null) this.scenario?.observe(performance.now() - this.rampStartedAtMs, this.phase, counts);
    this.emit({
      type: 'progress',
      phase: this.phase,
      clients: clientShareOf(this.config).clientCount,
      opened: counts.opened,
      succeeded: counts.succeeded,
      failed: counts.failed,
      dropped: counts.dropped,
      reconnecting: counts.reconnecting,
      elapsedMs: performance.now() - this.start.wallStart,
      holdRemainingMs: this.holdEndsAt === null ? null : Math.max(0, this.holdEndsAt - performance.now()),
      ...(this.scenario === null ? {} : { left: counts.left, stepsRunning: this.phase === 'hold' && !(this.pool?.scenarioDone() ?? false) }),
    });
  }

  /** When no worker ever started, every client still gets its row, so the files account for all of them. */
  private recordNotStarted(): void {
    const { config, tally } = this;
    const { firstClient, stride, clientCount } = clientShareOf(config);
    for (let client = firstClient; client < firstClient + clientCount * stride; client += stride) {
      const row = { client, worker: -1, transport: config.transport, queuedMs: null, connectMs: null, firstMessageMs: null, error: 'not-started' as const };
      tally.add(row);
      this.start.files.connections.write(row);
      this.hooks.observer?.rows([row]);
    }
  }
}
