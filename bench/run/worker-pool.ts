/**
 * Starts the client worker processes, splits the clients among them exactly, and gathers their
 * rows, progress and health. A worker that dies has its unfinished clients recorded as worker-lost.
 */
import type { ChildProcess } from 'node:child_process';
import { compiledScript, startNodeChild } from './child-process.js';
import { RunError } from '../errors.js';
import type { ClientErrorCode, ConnectionRow, SteadyTrafficReport, WorkerConfig, WorkerHealth, WorkerToParent } from '../../protocol/messages.js';

const READY_TIMEOUT_MS = 15_000;
const CLOSE_TIMEOUT_MS = 10_000;

/** Share `total` among `parts` so that the shares differ by at most one and add up exactly. */
export function splitExactly(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  const remainder = total % parts;
  return Array.from({ length: parts }, (_, index) => base + (index < remainder ? 1 : 0));
}

/** Where the pool delivers what workers report. */
export interface PoolSink {
  rows(rows: ConnectionRow[]): void;
  health(workerIndex: number, health: WorkerHealth): void;
}

/** Progress over all workers. */
export interface PoolCounts {
  opened: number;
  succeeded: number;
  failed: number;
  dropped: number;
}

interface WorkerState {
  config: WorkerConfig;
  child: ChildProcess;
  counts: PoolCounts;
  /** Which of this worker's clients have a row already (index within the worker). */
  reported: Uint8Array;
  rampDone: boolean;
  /** RSS growth of the worker from ready to the end of its ramp, in bytes. */
  rampRssGrowthBytes: number | null;
  steady: SteadyTrafficReport | null;
  /** The pool asked this worker to close: an exit after that is expected. */
  closing: boolean;
  exited: boolean;
}

/** The running workers of one run. */
export class WorkerPool {
  private readonly workers: WorkerState[] = [];
  private rampWaiters: Array<() => void> = [];
  private steadyWaiters: Array<() => void> = [];
  /** Workers that died before being told to close, with how they ended. */
  readonly lost: string[] = [];

  private constructor(private readonly sink: PoolSink) {}

  /** Spawns one process per config and waits until each is ready. */
  static async start(configs: WorkerConfig[], sink: PoolSink, fileLimit: number | null): Promise<WorkerPool> {
    const pool = new WorkerPool(sink);
    const ready = configs.map((config) => pool.spawn(config, fileLimit));
    try {
      await Promise.all(ready);
    } catch (error) {
      pool.kill();
      throw error;
    }
    return pool;
  }

  private spawn(config: WorkerConfig, fileLimit: number | null): Promise<void> {
    // --expose-gc lets the worker collect before it reports its RSS, so client memory per connection is what clients keep.
    const child = startNodeChild(compiledScript('clients/worker.js'), { fileLimit, execArgv: ['--expose-gc'] });
    const state: WorkerState = {
      config,
      child,
      counts: { opened: 0, succeeded: 0, failed: 0, dropped: 0 },
      reported: new Uint8Array(config.clientCount),
      rampDone: false,
      rampRssGrowthBytes: null,
      steady: null,
      closing: false,
      exited: false,
    };
    this.workers.push(state);
    const stderr: string[] = [];
    child.stdout?.resume();
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr.push(chunk);
      if (stderr.length > 20) stderr.shift();
    });
    child.on('message', (message: WorkerToParent) => this.handle(state, message));
    child.once('exit', (code, signal) => {
      state.exited = true;
      if (!state.closing) {
        const how = signal ? `signal ${signal}` : `code ${code}`;
        this.lost.push(`worker ${config.workerIndex} exited with ${how}`);
        this.recordMissingClients(state, 'worker-lost');
      }
      this.checkRampDone();
      this.checkSteadyDone();
    });

    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new RunError(`client worker ${config.workerIndex} did not start within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(new RunError(`could not start client worker ${config.workerIndex}: ${error.message}`));
      });
      child.once('exit', () => {
        clearTimeout(timer);
        reject(new RunError(`client worker ${config.workerIndex} exited before it was ready: ${stderr.join('').trim().split('\n').slice(-3).join(' | ')}`));
      });
      child.on('message', (message: WorkerToParent) => {
        if (message.type === 'worker-ready') {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  }

  private handle(state: WorkerState, message: WorkerToParent): void {
    switch (message.type) {
      case 'worker-rows':
        for (const row of message.rows) {
          state.reported[(row.client - state.config.firstClient) / state.config.stride] = 1;
        }
        this.sink.rows(message.rows);
        break;
      case 'worker-progress':
        state.counts = { opened: message.opened, succeeded: message.succeeded, failed: message.failed, dropped: message.dropped };
        break;
      case 'worker-health':
        this.sink.health(state.config.workerIndex, message.health);
        break;
      case 'worker-ramp-done':
        state.rampDone = true;
        this.checkRampDone();
        break;
      case 'worker-memory':
        state.rampRssGrowthBytes = message.rssBytes - message.rssAtReadyBytes;
        break;
      case 'worker-steady-done':
        state.steady = message.traffic;
        this.checkSteadyDone();
        break;
      case 'worker-closed':
        state.counts.dropped = message.dropped;
        break;
      case 'worker-ready':
        break;
    }
  }

  /** Gives every client of the worker that has no row yet a row with `error`. */
  private recordMissingClients(state: WorkerState, error: ClientErrorCode): void {
    const rows: ConnectionRow[] = [];
    state.reported.forEach((done, index) => {
      if (done) return;
      state.reported[index] = 1;
      rows.push({
        client: state.config.firstClient + index * state.config.stride,
        worker: state.config.workerIndex,
        transport: state.config.transport,
        queuedMs: null,
        connectMs: null,
        firstMessageMs: null,
        error,
      });
    });
    state.counts.failed += rows.length;
    if (rows.length > 0) this.sink.rows(rows);
    state.rampDone = true;
  }

  private checkRampDone(): void {
    if (this.workers.every((worker) => worker.rampDone || worker.exited)) {
      const waiters = this.rampWaiters;
      this.rampWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  private checkSteadyDone(): void {
    if (this.workers.every((worker) => worker.steady !== null || worker.exited)) {
      const waiters = this.steadyWaiters;
      this.steadyWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  /** Starts steady traffic in every worker; resolves with their reports once all have drained. */
  runSteadyTraffic(): Promise<SteadyTrafficReport[]> {
    for (const worker of this.workers) {
      if (worker.child.connected) worker.child.send({ type: 'worker-steady-start' });
    }
    return new Promise((resolve) => {
      this.steadyWaiters.push(() => resolve(this.steadyReports()));
      this.checkSteadyDone();
    });
  }

  /** The steady-traffic reports received so far. */
  steadyReports(): SteadyTrafficReport[] {
    return this.workers.map((worker) => worker.steady).filter((report): report is SteadyTrafficReport => report !== null);
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

  /** Tells every worker to start its ramp. */
  startRamp(): void {
    for (const worker of this.workers) {
      if (worker.child.connected) worker.child.send({ type: 'worker-start', config: worker.config });
    }
  }

  /** Resolves when every worker has finished its ramp (or died). */
  rampDone(): Promise<void> {
    return new Promise((resolve) => {
      this.rampWaiters.push(resolve);
      this.checkRampDone();
    });
  }

  /** Progress summed over all workers. */
  counts(): PoolCounts {
    const total: PoolCounts = { opened: 0, succeeded: 0, failed: 0, dropped: 0 };
    for (const { counts } of this.workers) {
      total.opened += counts.opened;
      total.succeeded += counts.succeeded;
      total.failed += counts.failed;
      total.dropped += counts.dropped;
    }
    return total;
  }

  /** Asks every worker to close its clients and exit; kills those that do not in time. */
  async close(): Promise<void> {
    const exits = this.workers.map(
      (worker) =>
        new Promise<void>((resolve) => {
          worker.closing = true;
          if (worker.exited) return resolve();
          worker.child.once('exit', () => resolve());
          if (worker.child.connected) worker.child.send({ type: 'worker-close' });
          else worker.child.kill('SIGKILL');
        }),
    );
    const timer = setTimeout(() => this.kill(), CLOSE_TIMEOUT_MS);
    await Promise.all(exits);
    clearTimeout(timer);
    // A run cut short (interrupted, server died) leaves clients that were never opened.
    for (const worker of this.workers) this.recordMissingClients(worker, 'not-started');
  }

  /** Kills every worker at once. */
  kill(): void {
    for (const worker of this.workers) {
      if (!worker.exited) worker.child.kill('SIGKILL');
    }
  }

  /** PIDs of the worker processes. */
  pids(): number[] {
    return this.workers.map((worker) => worker.child.pid).filter((pid): pid is number => pid !== undefined);
  }
}
