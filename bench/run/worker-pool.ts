/**
 * The client worker processes of one run: starts them, splits the clients among them exactly, and
 * gathers their rows, progress and health. A worker that dies has its unfinished clients recorded
 * as worker-lost.
 */
import { Barrier } from './barrier.js';
import { spawnWorkerProcess, WorkerProcess, type PoolCounts, type WorkerOwner, type WorkerSpawner } from './worker-process.js';
import type { LoadedLibrary } from '../../protocol/load-library.js';
import type {
  ChurnRow,
  ConnectionRow,
  ReconnectRow,
  WorkerBroadcastTraffic,
  WorkerSteadyTraffic,
  WorkerConfig,
  WorkerHealth,
  WorkerRoundTrips,
} from '../../protocol/messages.js';
import type { ScenarioClientRow } from '../../protocol/scenario.js';

export { connectedNow, type PoolCounts } from './worker-process.js';

const CLOSE_TIMEOUT_MS = 10_000;

/** Where the pool delivers what workers report. */
export interface PoolSink {
  rows(rows: ConnectionRow[]): void;
  health(workerIndex: number, health: WorkerHealth): void;
  /** Reconnection rows, sent by each worker as it closes (reconnection on). */
  reconnects?(rows: ReconnectRow[]): void;
  /** Steady-traffic round trips of one report interval, in fixed buckets (live metrics). */
  roundTrips?(roundTrips: WorkerRoundTrips): void;
  /** A scenario's rows, one per client that connected, sent by each worker as it closes. */
  scenarioClients?(rows: ScenarioClientRow[]): void;
  /** --churn: one row per arrival, as workers report them. */
  churnRows?(rows: ChurnRow[]): void;
}

/** The running workers of one run. */
export class WorkerPool {
  private readonly workers: WorkerProcess[] = [];
  private readonly rampBarrier = new Barrier(() => this.workers.every((worker) => worker.rampDone || worker.exited));
  private readonly steadyBarrier = new Barrier(() =>
    this.workers.every((worker) => worker.steady !== null || worker.broadcast !== null || worker.scenarioDone || worker.exited),
  );
  /** Workers that died before being told to close, with how they ended. */
  readonly lost: string[] = [];
  /** The pool failed to start: its workers are being killed, and their rows are no longer the run's. */
  private abandoned = false;

  private constructor(private readonly sink: PoolSink) {}

  /** Spawns one process per config, each with `env` added to its environment, and waits until each is ready. */
  static async start(
    configs: WorkerConfig[],
    sink: PoolSink,
    fileLimit: number | null,
    spawn: WorkerSpawner = spawnWorkerProcess,
    env: Readonly<Record<string, string>> = {},
  ): Promise<WorkerPool> {
    const pool = new WorkerPool(sink);
    try {
      // Inside the try: a spawn that throws must not leave the workers spawned before it running.
      for (const config of configs) pool.workers.push(new WorkerProcess(config, spawn(fileLimit, env), pool.workerOwner()));
      await Promise.all(pool.workers.map((worker) => worker.ready));
    } catch (error) {
      // None of the pool's clients started: the run gives each its not-started row, so what the
      // killed workers would record of them (worker-lost) must not reach the sink.
      pool.abandoned = true;
      pool.kill();
      throw error;
    }
    return pool;
  }

  private workerOwner(): WorkerOwner {
    return {
      rows: (rows) => {
        if (!this.abandoned) this.sink.rows(rows);
      },
      health: (workerIndex, health) => this.sink.health(workerIndex, health),
      lost: (description) => this.lost.push(description),
      reconnects: (rows) => this.sink.reconnects?.(rows),
      roundTrips: (roundTrips) => this.sink.roundTrips?.(roundTrips),
      scenarioClients: (rows) => this.sink.scenarioClients?.(rows),
      churnRows: (rows) => this.sink.churnRows?.(rows),
      settled: () => {
        this.rampBarrier.check();
        this.steadyBarrier.check();
      },
    };
  }

  /** Tells every worker to start its ramp. */
  startRamp(): void {
    for (const worker of this.workers) worker.startRamp();
  }

  /** Resolves when every worker has finished its ramp (or died). */
  rampDone(): Promise<void> {
    return this.rampBarrier.wait();
  }

  /** Starts the hold's traffic (steady, or broadcast) in every worker; resolves with the steady reports once all have drained. */
  async runSteadyTraffic(): Promise<WorkerSteadyTraffic[]> {
    for (const worker of this.workers) worker.startSteadyTraffic();
    await this.steadyBarrier.wait();
    return this.workerSteadyTraffic();
  }

  /** The steady-traffic reports received so far. */
  workerSteadyTraffic(): WorkerSteadyTraffic[] {
    return this.workers.map((worker) => worker.steady).filter((report): report is WorkerSteadyTraffic => report !== null);
  }

  /** The broadcast reports received so far. */
  workerBroadcastTraffic(): WorkerBroadcastTraffic[] {
    return this.workers.map((worker) => worker.broadcast).filter((report): report is WorkerBroadcastTraffic => report !== null);
  }

  /** Every worker said its scenario clients ran their steps and the phases are over (or exited). */
  scenarioDone(): boolean {
    return this.workers.every((worker) => worker.scenarioDone || worker.exited);
  }

  /** What each worker reported of a scenario's figures as it closed. */
  workerSteps(): Array<NonNullable<WorkerProcess['steps']>> {
    return this.workers.map((worker) => worker.steps).filter((report): report is NonNullable<WorkerProcess['steps']> => report !== null);
  }

  /** Connected clients of workers that died before reporting their steady traffic: their messages count as lost. */
  clientsOfDeadWorkersWithoutSteadyReport(): number {
    return this.workers.filter((worker) => worker.died && worker.steady === null).reduce((sum, worker) => sum + worker.counts.dropped, 0);
  }

  /** Sum of the workers' RSS growth over their ramps, in bytes; null until every worker has reported. */
  rampRssGrowthBytes(): number | null {
    let total = 0;
    for (const worker of this.workers) {
      if (worker.rampRssGrowthBytes === null) return null;
      total += worker.rampRssGrowthBytes;
    }
    return total;
  }

  /** The client libraries the workers loaded (all load the same), or null when none reported. */
  libraries(): LoadedLibrary[] | null {
    return this.workers.find((worker) => worker.libraries !== null)?.libraries ?? null;
  }

  /** Progress summed over all workers. */
  counts(): PoolCounts {
    const total: PoolCounts = { opened: 0, succeeded: 0, failed: 0, dropped: 0, reconnecting: 0, left: 0 };
    for (const { counts } of this.workers) {
      total.opened += counts.opened;
      total.succeeded += counts.succeeded;
      total.failed += counts.failed;
      total.dropped += counts.dropped;
      total.reconnecting += counts.reconnecting;
      total.left += counts.left;
    }
    return total;
  }

  /**
   * Asks every worker to close its clients and exit; kills those that do not in time. `awaitEndsMs`:
   * the server is gone, so each worker first waits up to that long for its open connections to end.
   */
  async close(awaitEndsMs = 0): Promise<void> {
    const exits = this.workers.map((worker) => worker.close(awaitEndsMs));
    const timer = setTimeout(() => this.kill(), CLOSE_TIMEOUT_MS + awaitEndsMs);
    await Promise.all(exits);
    clearTimeout(timer);
    // A run cut short (interrupted, server died) leaves clients that were never opened.
    for (const worker of this.workers) worker.recordMissingClients('not-started');
  }

  /** Kills every worker at once. */
  kill(): void {
    for (const worker of this.workers) worker.kill();
  }

  /** PIDs of the worker processes. */
  pids(): number[] {
    return this.workers.map((worker) => worker.pid).filter((pid): pid is number => pid !== undefined);
  }
}
