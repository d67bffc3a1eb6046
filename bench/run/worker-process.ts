/**
 * One client worker process as the pool sees it: its spawn, the messages it sends, and what it has
 * reported so far. The process itself is behind WorkerChild, so a test can drive a fake one.
 */
import type { ScenarioClientRow } from '../../protocol/scenario.js';
import type { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import { compiledScript, startNodeChild } from './child-process.js';
import { ClientLedger } from './client-ledger.js';
import { RunError } from '../errors.js';
import type { LoadedLibrary } from '../../protocol/load-library.js';
import type {
  ChurnRow,
  ClientErrorCode,
  ConnectionRow,
  ParentToWorker,
  ReconnectRow,
  WorkerBroadcastTraffic,
  WorkerSteadyTraffic,
  WorkerConfig,
  WorkerHealth,
  WorkerRoundTrips,
  WorkerToParent,
} from '../../protocol/messages.js';

const READY_TIMEOUT_MS = 15_000;
const STDERR_CHUNKS_KEPT = 20;

/** What the pool needs of a worker process: a ChildProcess, or a fake speaking the same messages. */
export interface WorkerChild extends EventEmitter {
  readonly connected: boolean;
  readonly pid?: number | undefined;
  readonly stderr: Readable | null;
  send(message: ParentToWorker): boolean;
  kill(signal?: NodeJS.Signals): boolean;
}

/** Starts one worker process with the given open-file limit and extra environment (client-trust.ts). */
export type WorkerSpawner = (fileLimit: number | null, env?: Readonly<Record<string, string>>) => WorkerChild;

/**
 * --expose-gc lets the worker collect before it reports its RSS, so client memory per connection is
 * what clients keep. A young generation of 2 MiB semi-spaces instead of V8's 16 MiB: a ramp fills
 * the young generation to its limit, and that RSS is the load generator's, not the clients'
 * (2,000 socketio clients: ~20 MiB less peak RSS, and ~1 KiB less "client memory" per connection
 * at 10,000).
 */
export const WORKER_NODE_FLAGS: readonly string[] = ['--expose-gc', '--max-semi-space-size=2'];

/** Forks clients/worker.js. */
export const spawnWorkerProcess: WorkerSpawner = (fileLimit, env = {}) => {
  const child = startNodeChild(compiledScript('clients/worker.js'), { fileLimit, execArgv: [...WORKER_NODE_FLAGS], env });
  child.stdout?.resume();
  return child;
};

/** Progress of one worker, or summed over all. */
export interface PoolCounts {
  opened: number;
  succeeded: number;
  failed: number;
  dropped: number;
  /** Clients whose connection dropped and that are trying to reconnect now (reconnection on). */
  reconnecting: number;
  /** Clients the run closed in a scenario's leave phase. */
  left: number;
}

/** Clients open now: succeeded, and not dropped, reconnecting, or gone in a leave phase. */
export function connectedNow(counts: PoolCounts): number {
  return counts.succeeded - counts.dropped - counts.reconnecting - counts.left;
}

/** Where a worker delivers what it reports. */
export interface WorkerOwner {
  rows(rows: ConnectionRow[]): void;
  health(workerIndex: number, health: WorkerHealth): void;
  /** The worker died before it was asked to close; `description` says how. */
  lost(description: string): void;
  /** The worker finished its ramp or its steady traffic, or ended: a barrier may open. */
  settled(): void;
  /** What its clients did about dropped connections, sent as the run closes (reconnection on). */
  reconnects?(rows: ReconnectRow[]): void;
  /** Steady-traffic round trips of one report interval, in fixed buckets (live metrics). */
  roundTrips?(roundTrips: WorkerRoundTrips): void;
  /** A scenario's rows, one per client that connected, sent as the run closes. */
  scenarioClients?(rows: ScenarioClientRow[]): void;
  /** --churn: one row per arrival, as they come. */
  churnRows?(rows: ChurnRow[]): void;
}

/** One running worker process and what it has reported. */
export class WorkerProcess {
  counts: PoolCounts = { opened: 0, succeeded: 0, failed: 0, dropped: 0, reconnecting: 0, left: 0 };
  rampDone = false;
  /** RSS growth of the worker from ready to the end of its ramp, in bytes. */
  rampRssGrowthBytes: number | null = null;
  steady: WorkerSteadyTraffic | null = null;
  /** What the worker measured of the broadcast workload; null until it reports. */
  broadcast: WorkerBroadcastTraffic | null = null;
  /** A scenario's clients ran their steps and its phases are over. */
  scenarioDone = false;
  /** A scenario's figures, as the worker reported them when it closed; null until it does. */
  steps: Extract<WorkerToParent, { type: 'worker-steps' }> | null = null;
  /** The client libraries the worker loaded, as it reported them; null until it does. */
  libraries: LoadedLibrary[] | null = null;
  exited = false;
  /** The worker exited without being asked to close. */
  died = false;
  /** The pool asked this worker to close: an exit after that is expected. */
  private closing = false;
  /** The worker said it was ready: before that none of its clients started, and the pool never did. */
  private wasReady = false;
  private readonly ledger: ClientLedger;
  private readonly stderr: string[] = [];
  /** Resolves once the worker says it is ready; rejects if it fails to start. */
  readonly ready: Promise<void>;

  constructor(
    readonly config: WorkerConfig,
    private readonly child: WorkerChild,
    private readonly owner: WorkerOwner,
  ) {
    this.ledger = new ClientLedger(config);
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr.push(chunk);
      if (this.stderr.length > STDERR_CHUNKS_KEPT) this.stderr.shift();
    });
    child.on('message', (message: WorkerToParent) => this.handle(message));
    child.once('exit', (code: number | null, signal: NodeJS.Signals | null) => this.onExit(code, signal));
    this.ready = this.waitUntilReady();
    this.send({ type: 'worker-load', transport: config.transport, stack: config.stack, client: config.client });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  private waitUntilReady(): Promise<void> {
    const index = this.config.workerIndex;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new RunError(`client worker ${index} did not start within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
      this.child.once('error', (error: Error) => {
        clearTimeout(timer);
        reject(new RunError(`could not start client worker ${index}: ${error.message}`));
      });
      this.child.once('exit', () => {
        clearTimeout(timer);
        const lastLines = this.stderr.join('').trim().split('\n').slice(-3).join(' | ');
        reject(new RunError(`client worker ${index} exited before it was ready${lastLines === '' ? ' (nothing on its stderr)' : `: ${lastLines}`}`));
      });
      this.child.on('message', (message: WorkerToParent) => {
        if (message.type === 'worker-ready') {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  }

  private handle(message: WorkerToParent): void {
    switch (message.type) {
      case 'worker-rows':
        return this.onRows(message.rows);
      case 'worker-churn-rows':
        return this.owner.churnRows?.(message.rows);
      case 'worker-progress':
        this.counts = {
          opened: message.opened,
          succeeded: message.succeeded,
          failed: message.failed,
          dropped: message.dropped,
          reconnecting: message.reconnecting,
          left: message.left,
        };
        return;
      case 'worker-reconnects':
        return this.owner.reconnects?.(message.rows);
      case 'worker-health':
        return this.owner.health(this.config.workerIndex, message.health);
      case 'worker-round-trips':
        return this.owner.roundTrips?.(message.roundTrips);
      case 'worker-ramp-done':
        this.rampDone = true;
        return this.owner.settled();
      case 'worker-memory':
        this.rampRssGrowthBytes = message.rssBytes - message.rssAtReadyBytes;
        return;
      case 'worker-steady-done':
        this.steady = message.traffic;
        return this.owner.settled();
      case 'worker-broadcast-done':
        this.broadcast = message.traffic;
        return this.owner.settled();
      case 'worker-scenario-done':
        this.scenarioDone = true;
        return this.owner.settled();
      case 'worker-steps':
        this.steps = message;
        return;
      case 'worker-scenario-clients':
        return this.owner.scenarioClients?.(message.rows);
      case 'worker-closed':
        this.counts.dropped = message.dropped;
        this.counts.reconnecting = 0;
        return;
      case 'worker-libraries':
        this.libraries = message.libraries;
        return;
      case 'worker-ready':
        this.wasReady = true;
        return;
    }
  }

  private onRows(rows: ConnectionRow[]): void {
    this.ledger.mark(rows);
    this.owner.rows(rows);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.exited = true;
    if (!this.closing) {
      const how = signal ? `signal ${signal}` : `code ${code}`;
      this.died = true;
      this.owner.lost(`worker ${this.config.workerIndex} exited with ${how}`);
      // Its open connections died with it: they were lost before the run closed them, so they are
      // dropped. Without this a worker lost in the hold, whose clients all have success rows, moved
      // no figure that a regression check judges. Counted from the rows received, which a progress
      // message may lag behind.
      this.counts.dropped = this.ledger.succeeded;
      // Before ready, the pool's start fails, and the run gives every client its not-started row:
      // a worker-lost row too would be a second row for the same client.
      if (this.wasReady) this.recordMissingClients('worker-lost');
    }
    this.owner.settled();
  }

  /** Gives every client of this worker that has no row yet a row with `error`. */
  recordMissingClients(error: ClientErrorCode): void {
    const rows = this.ledger.missingRows(error);
    this.counts.failed += rows.length;
    if (rows.length > 0) this.owner.rows(rows);
    this.rampDone = true;
  }

  private send(message: ParentToWorker): void {
    if (this.child.connected) this.child.send(message);
  }

  /** Tells the worker to open its clients. */
  startRamp(): void {
    this.send({ type: 'worker-start', config: this.config });
  }

  /** Tells the worker to send steady traffic. */
  startSteadyTraffic(): void {
    this.send({ type: 'worker-steady-start' });
  }

  /** Asks the worker to close its clients and exit (kills it if the channel is gone); resolves when it has exited. */
  close(awaitEndsMs = 0): Promise<void> {
    return new Promise<void>((resolve) => {
      this.closing = true;
      if (this.exited) return resolve();
      this.child.once('exit', () => resolve());
      if (this.child.connected) this.child.send(awaitEndsMs > 0 ? { type: 'worker-close', awaitEndsMs } : { type: 'worker-close' });
      else this.child.kill('SIGKILL');
    });
  }

  /** Kills the process unless it has exited. */
  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }
}
