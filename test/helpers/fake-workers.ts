/**
 * Client worker processes as the pool sees them, without a process: a FakeWorker the test drives
 * message by message, and a ScriptedWorker that answers the pool as clients/worker.ts does.
 */
import { EventEmitter } from 'node:events';
import type { WorkerChild, WorkerSpawner } from '../../bench/run/worker-process.js';
import { createRoundTripHistogram, encodeHistogram } from '../../protocol/round-trip-histogram.js';
import type {
  ClientErrorCode,
  ConnectionRow,
  ParentToWorker,
  ReconnectRow,
  WorkerConfig,
  WorkerSteadyTraffic,
  WorkerToParent,
} from '../../protocol/messages.js';

/** A worker process as the pool sees it; the test sends its messages and ends it. */
export class FakeWorker extends EventEmitter implements WorkerChild {
  connected = true;
  readonly pid: number;
  readonly stderr = null;
  /** Every message the pool sent, in order. */
  readonly received: ParentToWorker[] = [];

  constructor(
    pid: number,
    private readonly exitOnClose: boolean,
  ) {
    super();
    this.pid = pid;
  }

  send(message: ParentToWorker): boolean {
    this.received.push(message);
    if (message.type === 'worker-close' && this.exitOnClose) setImmediate(() => this.exit(0, null));
    return true;
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    setImmediate(() => this.exit(null, signal));
    return true;
  }

  reply(message: WorkerToParent): void {
    this.emit('message', message);
  }

  exit(code: number | null, signal: NodeJS.Signals | null): void {
    if (!this.connected) return;
    this.connected = false;
    this.emit('exit', code, signal);
  }

  /** The types of the messages received, in order. */
  receivedTypes(): Array<ParentToWorker['type']> {
    return this.received.map((message) => message.type);
  }
}

/** How a ScriptedWorker answers; every field has a default that makes a healthy worker. */
export interface WorkerScript {
  /** Each client's outcome: an error code, or null (connected). Default: every client connects. */
  outcome?: (client: number) => ClientErrorCode | null;
  /** Exits with this code as soon as it is asked to load, before it is ready (a worker that cannot start). */
  exitBeforeReady?: number;
  /** The RSS it reports in worker-memory, in bytes. */
  rssAtReadyBytes?: number;
  rssAfterRampBytes?: number;
  /** Its worker-steady-done report (steady traffic configured); default: every connected client's messages sent and echoed, each in STEADY_ROUND_TRIP_MICROS. */
  steady?: (config: WorkerConfig, connected: number) => WorkerSteadyTraffic;
  /** Its worker-reconnects row for a client that connected (reconnection on); default: never dropped, open at close. */
  reconnect?: (client: number, worker: number) => ReconnectRow;
  /** The `dropped` of its worker-closed. */
  dropped?: number;
  /** How long it takes to close its clients before it answers worker-close, in ms (default: at once). */
  closeDelayMs?: number;
}

/** A row as a worker sends it: times on success, nulls on failure. */
export function connectionRow(client: number, worker: number, error: ClientErrorCode | null, transport: ConnectionRow['transport'] = 'ws'): ConnectionRow {
  return { client, worker, transport, queuedMs: error ? null : 0, connectMs: error ? null : 2, firstMessageMs: error ? null : 1, error };
}

/**
 * Answers the pool in the order clients/worker.ts does: worker-libraries and worker-ready after
 * worker-load; after worker-start its clients' rows, progress, worker-ramp-done and worker-memory;
 * worker-steady-done after worker-steady-start when its config has steady traffic (a broadcast
 * workload is not scripted: it never answers that); and after worker-close its worker-reconnects
 * rows (reconnection on), progress and worker-closed, then it exits 0. Each answer comes on a later
 * turn of the event loop, as over IPC.
 */
export class ScriptedWorker extends FakeWorker {
  /** The config of its worker-start; null until then. */
  config: WorkerConfig | null = null;
  /** Its clients that connected, once it has ramped. */
  private connectedClients = 0;

  constructor(
    pid: number,
    private readonly script: WorkerScript = {},
  ) {
    super(pid, false);
  }

  override send(message: ParentToWorker): boolean {
    super.send(message);
    setImmediate(() => this.answer(message));
    return true;
  }

  private answer(message: ParentToWorker): void {
    if (!this.connected) return;
    switch (message.type) {
      case 'worker-load':
        if (this.script.exitBeforeReady !== undefined) return this.exit(this.script.exitBeforeReady, null);
        this.reply({ type: 'worker-libraries', libraries: [] });
        return this.reply({ type: 'worker-ready' });
      case 'worker-start':
        return this.ramp(message.config);
      case 'worker-steady-start':
        if (this.config === null || this.config.messagesPerSecond === 0) return;
        return this.reply({ type: 'worker-steady-done', traffic: (this.script.steady ?? defaultSteady)(this.config, this.connectedClients) });
      case 'worker-close':
        if (this.script.closeDelayMs === undefined) return this.close();
        setTimeout(() => this.close(), this.script.closeDelayMs);
        return;
    }
  }

  private ramp(config: WorkerConfig): void {
    this.config = config;
    const rows = this.clients().map((client) => connectionRow(client, config.workerIndex, this.script.outcome?.(client) ?? null, config.transport));
    this.connectedClients = rows.filter((row) => row.error === null).length;
    this.reply({ type: 'worker-rows', rows });
    this.reply({ type: 'worker-progress', ...this.counts(0) });
    this.reply({ type: 'worker-ramp-done' });
    this.reply({ type: 'worker-memory', rssAtReadyBytes: this.script.rssAtReadyBytes ?? 40_000_000, rssBytes: this.script.rssAfterRampBytes ?? 41_000_000 });
  }

  private close(): void {
    const { config } = this;
    if (config?.reconnect) {
      const rows = this.clients()
        .filter((client) => (this.script.outcome?.(client) ?? null) === null)
        .map((client) => (this.script.reconnect ?? neverDropped)(client, config.workerIndex));
      this.reply({ type: 'worker-reconnects', rows });
    }
    const dropped = this.script.dropped ?? 0;
    if (config) this.reply({ type: 'worker-progress', ...this.counts(dropped) });
    this.reply({ type: 'worker-closed', dropped });
    this.exit(0, null);
  }

  /** Its share of the client ids: firstClient, firstClient + stride, ... */
  clients(): number[] {
    const { config } = this;
    if (config === null) return [];
    return Array.from({ length: config.clientCount }, (_, index) => config.firstClient + index * config.stride);
  }

  private counts(dropped: number): { opened: number; succeeded: number; failed: number; dropped: number; reconnecting: number; left: number } {
    const opened = this.config?.clientCount ?? 0;
    return { opened, succeeded: this.connectedClients, failed: opened - this.connectedClients, dropped, reconnecting: 0, left: 0 };
  }
}

/** The round trip, and send lag, of every message of a default steady report, in microseconds. */
export const STEADY_ROUND_TRIP_MICROS = 1000;

function defaultSteady(config: WorkerConfig, connected: number): WorkerSteadyTraffic {
  const messages = Math.round(connected * config.messagesPerSecond * (config.steadyDurationMs / 1000));
  const histogram = createRoundTripHistogram();
  if (messages > 0) histogram.recordValueWithCount(STEADY_ROUND_TRIP_MICROS, messages);
  const encoded = encodeHistogram(histogram);
  histogram.destroy();
  return { histogram: encoded, sendLagHistogram: encoded, sent: messages, received: messages, outOfOrder: 0 };
}

function neverDropped(client: number, worker: number): ReconnectRow {
  return { client, worker, drops: 0, attempts: 0, firstDropAtEpochMs: null, lastBackAtEpochMs: null, openAtClose: true };
}

/** A WorkerSpawner of ScriptedWorkers (pids 1000, 1001, ...), keeping each it spawned. */
export class ScriptedWorkers {
  readonly spawned: ScriptedWorker[] = [];

  /** `script` for every worker, or per worker by spawn order. */
  constructor(private readonly script: WorkerScript | ((index: number) => WorkerScript) = {}) {}

  readonly spawn: WorkerSpawner = () => {
    const index = this.spawned.length;
    const worker = new ScriptedWorker(1000 + index, typeof this.script === 'function' ? this.script(index) : this.script);
    this.spawned.push(worker);
    return worker;
  };
}
