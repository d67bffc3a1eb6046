/**
 * Opens this worker's share of clients and measures each one exactly as method.md defines:
 * queuedMs (waiting for a handshake slot), connectMs (construction to open) and firstMessageMs
 * (send to echo, or open to push). Failures become rows with an error code, never exceptions.
 */
import { performance } from 'node:perf_hooks';
import type { ConnectionRow, WorkerConfig } from '../bench/protocol.js';
import type { ClientConnection, ClientDriver } from './client-driver.js';
import { firstMessagePayload } from './payload.js';
import { Slots } from './slots.js';
import { SteadyTraffic } from './steady-traffic.js';

/** Counters the worker reports as progress. */
export interface RunnerCounts {
  opened: number;
  succeeded: number;
  failed: number;
  /** Clients that succeeded and later lost their connection before the run closed them. */
  dropped: number;
}

/** Callbacks the runner reports through. */
export interface RunnerSink {
  row(row: ConnectionRow): void;
}

/** Runs the ramp of one worker; resolves when every client has succeeded or failed. */
export class ClientRunner {
  readonly counts: RunnerCounts = { opened: 0, succeeded: 0, failed: 0, dropped: 0 };
  /** Every client that succeeded joins the steady traffic of the hold. */
  readonly steady = new SteadyTraffic();
  private readonly live = new Set<ClientConnection>();
  private closing = false;

  constructor(
    readonly config: WorkerConfig,
    private readonly driver: ClientDriver,
    private readonly sink: RunnerSink,
  ) {}

  /** Opens every client at the configured rate and concurrency. */
  async ramp(): Promise<void> {
    const { config } = this;
    const slots = new Slots(config.concurrency);
    const rampStart = performance.now();
    const resolved: Array<Promise<void>> = [];
    for (let index = 0; index < config.clientCount && !this.closing; index += 1) {
      const client = config.firstClient + index * config.stride;
      const scheduledAt = config.ratePerSecond === null ? rampStart : rampStart + (client * 1000) / config.ratePerSecond;
      const wait = scheduledAt - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      await slots.acquire();
      const queuedMs = Math.max(0, performance.now() - scheduledAt);
      resolved.push(this.openClient(client, index, queuedMs, slots));
      // Let I/O in between constructions, so an early client's open event is not held up
      // behind the construction of every client that a free slot allows.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(resolved);
  }

  /** Closes every open client; resolves when all have ended or after `graceMs`. */
  async closeAll(graceMs: number): Promise<void> {
    this.closing = true;
    for (const connection of this.live) {
      try {
        connection.close();
      } catch {
        // A client that cannot close cleanly is dropped with the process.
      }
    }
    const deadline = performance.now() + graceMs;
    while (this.live.size > 0 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private openClient(client: number, index: number, queuedMs: number, slots: Slots): Promise<void> {
    const { config, driver, sink, counts } = this;
    const sources = config.sourceAddresses;
    return new Promise<void>((resolveClient) => {
      let state: 'connecting' | 'awaiting-first' | 'done' = 'connecting';
      let slotHeld = true;
      let connectMs = 0;
      let sentAt = 0;
      let connection: ClientConnection | null = null;
      let ended = false;
      let steadySlot = -1;
      const releaseSlot = (): void => {
        if (slotHeld) {
          slotHeld = false;
          slots.release();
        }
      };
      const finish = (firstMessageMs: number | null, error: string | null): void => {
        if (state === 'done') return;
        state = 'done';
        clearTimeout(timer);
        releaseSlot();
        if (error === null) {
          counts.succeeded += 1;
          const open = connection;
          if (open) steadySlot = this.steady.add({ send: (data) => open.send(data), isOpen: () => !ended && !this.closing });
          sink.row({ client, worker: config.workerIndex, transport: config.transport, queuedMs, connectMs, firstMessageMs, error });
        } else {
          counts.failed += 1;
          sink.row({ client, worker: config.workerIndex, transport: config.transport, queuedMs, connectMs: null, firstMessageMs: null, error });
          if (connection) {
            this.live.delete(connection);
            try {
              connection.close();
            } catch {
              // Already broken; nothing more to free.
            }
          }
        }
        resolveClient();
      };
      let timer = setTimeout(() => finish(null, 'timeout'), config.connectTimeoutMs);

      const constructedAt = performance.now();
      try {
        connection = driver.connect(
          config.url,
          {
            socketioTransports: config.socketioTransports,
            sockjsTransports: config.sockjsTransports,
            perMessageDeflate: config.perMessageDeflate,
            connectTimeoutMs: config.connectTimeoutMs,
            localAddress: sources.length > 0 ? sources[index % sources.length] : undefined,
          },
          {
            onOpen: () => {
              if (state !== 'connecting') return;
              const openedAt = performance.now();
              connectMs = openedAt - constructedAt;
              counts.opened += 1;
              state = 'awaiting-first';
              releaseSlot();
              clearTimeout(timer);
              timer = setTimeout(() => finish(null, 'timeout'), config.connectTimeoutMs);
              if (config.mode === 'echo') {
                sentAt = performance.now();
                connection?.send(firstMessagePayload(client, config.payloadBytes));
              } else {
                sentAt = openedAt;
              }
            },
            onMessage: (data) => {
              if (state === 'awaiting-first') finish(performance.now() - sentAt, null);
              else if (steadySlot >= 0) this.steady.onMessage(steadySlot, data);
            },
            onEnd: (code) => {
              ended = true;
              if (connection) this.live.delete(connection);
              if (state === 'connecting') finish(null, code === 'closed' ? 'closed-early' : code);
              else if (state === 'awaiting-first') finish(null, 'closed-early');
              else if (!this.closing) counts.dropped += 1;
            },
          },
        );
        // The driver may already have failed synchronously; TS cannot see callbacks change `state`.
        if ((state as string) !== 'done') this.live.add(connection);
      } catch (error) {
        finish(null, error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : 'client-error');
      }
    });
  }
}
