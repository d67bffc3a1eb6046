/** What the server process and each client worker are told, derived from a run's config. */
import type { RunMode, ServerMode, ServerOptions, ServerTls, WorkerChurnPlan, WorkerConfig, WorkerMode } from '../../protocol/messages.js';
import type { RunConfig } from '../config/run-config.js';
import { clientShareOf, interleave, splitExactly } from './client-share.js';

/** Longest wait for the last steady-traffic echoes before they count as lost. */
const STEADY_DRAIN_MS = 5000;

/** An idle run echoes the first message like an echo run, after which nothing is sent; a connect run sends nothing, to a server that would echo. */
function serverModeOf(mode: RunMode): ServerMode {
  return mode === 'idle' || mode === 'connect' ? 'echo' : mode;
}

/** The workers of an idle run send the first message like an echo run's. */
function workerModeOf(mode: RunMode): WorkerMode {
  return mode === 'idle' ? 'echo' : mode;
}

/** Server options of a local run; `port` 0 lets the OS choose; `tls`: the run's certificate with --tls. */
export function serverOptionsFor(config: RunConfig, port = 0, tls: ServerTls | null = null): ServerOptions {
  const options: ServerOptions = {
    transport: config.transport,
    stack: config.stack,
    host: config.host,
    port,
    perMessageDeflate: config.variant.perMessageDeflate,
    mode: serverModeOf(config.mode),
    payloadBytes: config.payloadBytes,
    injectDelayMs: config.injectDelayMs,
    injectRetainKb: config.injectRetainKb,
    sync: null,
  };
  // Only when set, so the options of a run without heartbeat flags are what they were (and what an agent accepts).
  if (config.heartbeat !== null) options.heartbeat = config.heartbeat;
  if (config.mode === 'idle') options.countSocketBytes = true;
  if (tls !== null) options.tls = tls;
  if (config.namespaces !== undefined) options.namespaces = true;
  if ((config.soak?.injectLeakKb ?? 0) > 0) options.injectLeakKb = config.soak?.injectLeakKb as number;
  return options;
}

/** One WorkerConfig per worker: this process's clients (all, or its shard's) interleaved by id, concurrency split exactly. */
export function workerConfigsFor(config: RunConfig, url: string, sourceAddresses: string[] = config.sourceAddresses): WorkerConfig[] {
  const clientShares = interleave(clientShareOf(config), config.workers);
  const concurrencyShares = splitExactly(config.concurrency, config.workers);
  return clientShares.map(({ firstClient, stride, clientCount }, workerIndex) => ({
    workerIndex,
    transport: config.transport,
    stack: config.stack,
    client: config.client,
    url,
    firstClient,
    stride,
    clientCount,
    concurrency: concurrencyShares[workerIndex] as number,
    ratePerSecond: config.ratePerSecond,
    connectTimeoutMs: Math.round(config.connectTimeoutSeconds * 1000),
    socketioTransports: config.variant.socketioTransports,
    sockjsTransports: config.variant.sockjsTransports,
    perMessageDeflate: config.variant.perMessageDeflate,
    mode: workerModeOf(config.mode),
    payloadBytes: config.payloadBytes,
    progressIntervalMs: config.sampleIntervalMs,
    sourceAddresses,
    messagesPerSecond: config.messagesPerSecond,
    steadyDurationMs: Math.round(config.durationSeconds * 1000),
    drainMs: Math.min(Math.round(config.connectTimeoutSeconds * 1000), STEADY_DRAIN_MS),
    reconnect: config.reconnect,
    broadcast: config.broadcast === null ? null : { ...config.broadcast, durationMs: Math.round(config.holdSeconds * 1000) },
    handshake: config.handshake ?? null,
    ...(config.tls?.trust === 'any' ? { acceptAnyCertificate: true } : {}),
    ...(config.scenario === undefined ? {} : { scenario: config.scenario }),
    ...(config.namespaces === undefined ? {} : { namespaces: config.namespaces }),
    ...churnOf(config, workerIndex, clientCount),
    ...((config.soak?.slowReaderShare ?? 0) > 0 ? { slowReaderShare: config.soak?.slowReaderShare as number } : {}),
  }));
}

/** A worker's churn: its share of the leaves, one every interval, and new ids that no other worker's arrivals take. */
function churnOf(config: RunConfig, workerIndex: number, clientCount: number): { churn?: WorkerChurnPlan } {
  const churn = config.soak?.churn ?? null;
  if (churn === null || clientCount === 0) return {};
  const intervalMs = churn.periodMs / (churn.share * clientCount);
  return {
    churn: {
      intervalMs,
      offsetMs: (intervalMs * workerIndex) / config.workers,
      firstArrivalId: config.clients + workerIndex,
      arrivalStride: config.workers,
    },
  };
}
