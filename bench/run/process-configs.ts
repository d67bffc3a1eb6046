/** What the server process and each client worker are told, derived from a run's config. */
import type { ServerOptions, WorkerConfig } from '../../protocol/messages.js';
import type { RunConfig } from '../config/run-config.js';
import { clientShareOf, interleave, splitExactly } from './client-share.js';

/** Longest wait for the last steady-traffic echoes before they count as lost. */
const STEADY_DRAIN_MS = 5000;

/** Server options of a local run. */
export function serverOptionsFor(config: RunConfig): ServerOptions {
  return {
    transport: config.transport,
    stack: config.stack,
    host: config.host,
    port: 0,
    perMessageDeflate: config.variant.perMessageDeflate,
    mode: config.mode,
    payloadBytes: config.payloadBytes,
    injectDelayMs: config.injectDelayMs,
    injectRetainKb: config.injectRetainKb,
    sync: null,
  };
}

/** One WorkerConfig per worker: this process's clients (all, or its shard's) interleaved by id, concurrency split exactly. */
export function workerConfigsFor(config: RunConfig, url: string, sourceAddresses: string[] = config.sourceAddresses): WorkerConfig[] {
  const clientShares = interleave(clientShareOf(config), config.workers);
  const concurrencyShares = splitExactly(config.concurrency, config.workers);
  return clientShares.map(({ firstClient, stride, clientCount }, workerIndex) => ({
    workerIndex,
    transport: config.transport,
    stack: config.stack,
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
    mode: config.mode,
    payloadBytes: config.payloadBytes,
    progressIntervalMs: config.sampleIntervalMs,
    sourceAddresses,
    messagesPerSecond: config.messagesPerSecond,
    steadyDurationMs: Math.round(config.durationSeconds * 1000),
    drainMs: Math.min(Math.round(config.connectTimeoutSeconds * 1000), STEADY_DRAIN_MS),
  }));
}
