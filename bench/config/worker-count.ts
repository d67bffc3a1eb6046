/**
 * How many client worker processes a run uses, and why. A worker holds many thousands of idle
 * connections; what it cannot do alone is open them, or exchange messages, faster than one core
 * allows. A second worker costs a whole Node process (~40 MiB and its start-up) taken from the
 * machine that may also run the server, so the default is the fewest workers the work needs.
 */
import type { TransportName } from '../../protocol/transports.js';

/**
 * Connections one worker opens per second at about half a core, from ramps on a 2-core machine
 * (one worker opened ~1,200 socketio or ~2,000 ws connections/s at 85-95% CPU); the half is
 * headroom, so the worker's own queueing stays out of the latencies.
 */
export const CONNECTIONS_PER_SECOND_PER_WORKER: Readonly<Record<TransportName, number>> = { ws: 1_000, socketio: 500, sockjs: 500 };
/** Open connections one worker holds: well under one process's usual open-file limit. */
export const CLIENTS_PER_WORKER = 20_000;
/** Steady-traffic messages one worker sends and times per second, at about half a core. */
export const MESSAGES_PER_SECOND_PER_WORKER = 10_000;

/** What decides the worker count. */
export interface WorkerDemand {
  transport: TransportName;
  /** Clients this process opens (a shard's share, or the run's). */
  clients: number;
  concurrency: number;
  /** Connections this process opens per second, over all its workers; null: as fast as possible. */
  ratePerSecond: number | null;
  /** Steady-traffic messages per client per second; 0: none. */
  messagesPerSecond: number;
  /** --workers, when given. */
  requested: number | null;
  cores: number;
}

/** The worker count, and the reason run.json records for it. */
export interface WorkerChoice {
  workers: number;
  reason: string;
}

/** Never more workers than clients to give them or handshake slots to split among them. */
function capped(workers: number, demand: WorkerDemand): number {
  return Math.max(1, Math.min(workers, demand.clients, demand.concurrency));
}

/** --workers when given; otherwise the fewest workers the connection rate, the clients and the steady traffic need, at most one per CPU. */
export function chooseWorkers(demand: WorkerDemand): WorkerChoice {
  const cap = (workers: number): string => {
    const used = capped(workers, demand);
    return used < workers ? `, capped at ${used} by ${demand.clients <= demand.concurrency ? `its ${demand.clients} clients` : '--concurrency'}` : '';
  };
  if (demand.requested !== null) {
    return { workers: capped(demand.requested, demand), reason: `--workers ${demand.requested}${cap(demand.requested)}` };
  }
  if (demand.ratePerSecond === null) {
    return {
      workers: capped(demand.cores, demand),
      reason: `one per CPU (${demand.cores}): without --rate connections open as fast as the CPUs allow${cap(demand.cores)}`,
    };
  }
  const perWorkerRate = CONNECTIONS_PER_SECOND_PER_WORKER[demand.transport];
  const needs: Array<[number, string]> = [
    [
      Math.ceil(demand.ratePerSecond / perWorkerRate),
      `${Math.round(demand.ratePerSecond * 10) / 10} connections/s at ${perWorkerRate} ${demand.transport} connections/s per worker`,
    ],
    [Math.ceil(demand.clients / CLIENTS_PER_WORKER), `${demand.clients} clients at ${CLIENTS_PER_WORKER} per worker`],
    [
      Math.ceil((demand.clients * demand.messagesPerSecond) / MESSAGES_PER_SECOND_PER_WORKER),
      `${demand.clients * demand.messagesPerSecond} steady messages/s at ${MESSAGES_PER_SECOND_PER_WORKER} per worker`,
    ],
  ];
  const [needed, why] = needs.reduce((most, need) => (need[0] > most[0] ? need : most));
  const workers = Math.min(Math.max(needed, 1), demand.cores);
  const limitedByCores = needed > demand.cores ? ` (needs ${needed}; at most one per CPU)` : '';
  return { workers: capped(workers, demand), reason: `${workers} for ${why}${limitedByCores}${cap(workers)}` };
}
