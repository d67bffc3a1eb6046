/**
 * `bench selftest`: how far the harness is from the floor on this machine. It compares what
 * bench reports with what a bare ws client measures against the same server, and the client-side
 * memory of each transport with that of its bare client library. It prints figures; it asserts
 * nothing about speed.
 */
import path from 'node:path';
import { launchServer } from '../run/server-launcher.js';
import { startLocalServer } from '../run/local-server.js';
import { resolveRunConfig } from '../config/run-config.js';
import { runBenchmark, serverOptionsFor } from '../run/run-engine.js';
import type { RunHooks } from '../run/run-events.js';
import type { RunSummary } from '../summary/run-summary-types.js';
import { TRANSPORT_NAMES, type TransportName } from '../../protocol/transports.js';
import { bareConnectRate, bareFirstMessageMs, bareRoundTripMs, type WebSocketClass } from './bare-ws.js';
import { bareClientBytesInFreshProcess } from './bare-clients.js';
import { loadLibrary } from '../../protocol/load-library.js';
import type { StackName } from '../../protocol/stacks.js';

/** Everything selftest measured. Times in ms, rates per second, memory in bytes. */
export interface SelftestResult {
  roundTrip: { bareP50Ms: number; benchP50Ms: number | null; ratio: number | null };
  firstMessage: { bareP50Ms: number; benchP50Ms: number | null; differenceMs: number | null };
  connectRate: { clients: number; bareConnectionsPerSecond: number; benchConnectionsPerSecond: number | null; ratio: number | null };
  /**
   * Per transport: bench's client memory per connection, and its bare client library's, measured alike (as many clients in one
   * fresh process as one bench worker holds); and bench's with --client wire, its ratio to the bare library's (ws: the same client).
   */
  clientMemory: Record<
    TransportName,
    {
      clients: number;
      bytesPerConnection: number | null;
      bareBytesPerConnection: number | null;
      ratio: number | null;
      status: string;
      wireBytesPerConnection: number | null;
      wireRatio: number | null;
      wireStatus: string;
    }
  >;
  targets: {
    firstMessageWithin1Ms: boolean | null;
    connectRateAtLeast80Percent: boolean | null;
    wsClientAtMost10KB: boolean | null;
    wsClientWithin10PercentOfBare: boolean | null;
    /** The Socket.IO and SockJS wire clients hold at most a third of their bare libraries' memory per connection. */
    wireClientsAtMostThirdOfLibrary: boolean | null;
  };
  resultsDir: string;
}

/** Settings of a selftest. */
export interface SelftestOptions {
  clients: number;
  /** The library stack of the server, the bench clients and the bare clients. */
  stack: StackName;
  outDir: string;
  /** Progress lines for the user (the engine's own events are not forwarded). */
  onStep?: (message: string) => void;
  signal?: AbortSignal;
}

const ROUND_TRIPS = 2000;
const FIRST_MESSAGES = 200;
const PAYLOAD_BYTES = 32;

/** numerator / denominator to 3 decimals; null when either is unknown or the denominator is not positive (an RSS growth within the heap's noise). */
export function ratio(numerator: number | null, denominator: number | null): number | null {
  return numerator === null || denominator === null || denominator <= 0 ? null : Math.round((numerator / denominator) * 1000) / 1000;
}

/** Runs every part of the selftest. */
export async function runSelftest(options: SelftestOptions): Promise<SelftestResult> {
  const step = options.onStep ?? (() => undefined);
  const hooks: RunHooks = { serverStarter: startLocalServer, ...(options.signal ? { signal: options.signal } : {}) };
  const outDir = path.join(options.outDir, `selftest-${new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)}`);
  const benchRun = async (flags: Record<string, string>): Promise<RunSummary> => {
    const config = resolveRunConfig({ out: outDir, stack: options.stack, ...flags });
    return (await runBenchmark(config, hooks)).summary;
  };

  const bareClientBytes: Record<TransportName, number | null> = { ws: null, socketio: null, sockjs: null };
  for (const transport of TRANSPORT_NAMES) {
    if (options.signal?.aborted) break;
    const config = resolveRunConfig({ transport, clients: String(options.clients), stack: options.stack });
    const perWorker = Math.ceil(options.clients / config.workers);
    step(`bare ${transport} client: memory of ${perWorker} connections held open`);
    const server = await launchServer(serverOptionsFor(config), { startTimeoutMs: 10_000, fileLimit: null, exposeGc: false });
    try {
      bareClientBytes[transport] = await bareClientBytesInFreshProcess(
        { transport, stack: options.stack, url: server.url, count: perWorker, concurrency: Math.ceil(config.concurrency / config.workers) },
        options.signal,
      );
    } finally {
      await server.stop();
    }
  }

  step('bare ws client: round trips and first messages against a ws server');
  const wsConfig = resolveRunConfig({ transport: 'ws', clients: String(options.clients), stack: options.stack });
  const Socket = (await loadLibrary(options.stack, 'ws')).value as WebSocketClass;
  const server = await launchServer(serverOptionsFor(wsConfig), { startTimeoutMs: 10_000, fileLimit: null, exposeGc: false });
  let bareRoundTrip = 0;
  let bareFirst = 0;
  let bareRate = 0;
  try {
    bareRoundTrip = await bareRoundTripMs(Socket, server.url, ROUND_TRIPS, PAYLOAD_BYTES);
    bareFirst = await bareFirstMessageMs(Socket, server.url, FIRST_MESSAGES, PAYLOAD_BYTES);
    step(`bare ws client: opening ${options.clients} connections`);
    bareRate = await bareConnectRate(Socket, server.url, options.clients, 500);
  } finally {
    await server.stop();
  }

  step('bench run: 1 ws client with steady traffic');
  const steady = await benchRun({ transport: 'ws', clients: '1', messagesPerSecond: '200', duration: '5' });
  step('bench run: ws clients opened one per 20 ms (low load)');
  const lowLoad = await benchRun({ transport: 'ws', clients: '100', rate: '50', hold: '0' });
  step(`bench run: ${options.clients} ws clients as fast as possible`);
  const fast = await benchRun({ transport: 'ws', clients: String(options.clients), hold: '1' });

  const clientMemory = {} as SelftestResult['clientMemory'];
  for (const transport of TRANSPORT_NAMES) {
    step(`bench run: client memory of ${options.clients} ${transport} clients`);
    const summary = transport === 'ws' ? fast : await benchRun({ transport, clients: String(options.clients), hold: '1' });
    const bytesPerConnection = summary.loadGenerator.clientBytesPerConnection;
    // ws's library is its wire: the same run says both.
    if (transport !== 'ws') step(`bench run: client memory of ${options.clients} ${transport} clients, --client wire`);
    const wire = transport === 'ws' ? summary : await benchRun({ transport, clients: String(options.clients), hold: '1', client: 'wire' });
    const wireBytesPerConnection = wire.loadGenerator.clientBytesPerConnection;
    clientMemory[transport] = {
      clients: options.clients,
      bytesPerConnection,
      bareBytesPerConnection: bareClientBytes[transport],
      ratio: ratio(bytesPerConnection, bareClientBytes[transport]),
      status: summary.status,
      wireBytesPerConnection,
      wireRatio: ratio(wireBytesPerConnection, bareClientBytes[transport]),
      wireStatus: wire.status,
    };
  }
  const wireRatios = [clientMemory.socketio.wireRatio, clientMemory.sockjs.wireRatio];

  const benchFirst = lowLoad.firstMessageMs?.p50 ?? null;
  const benchRate = fast.connectionsPerSecond;
  const wsClientBytes = clientMemory.ws.bytesPerConnection;
  return {
    roundTrip: {
      bareP50Ms: bareRoundTrip,
      benchP50Ms: steady.steadyTraffic?.roundTripMs?.p50 ?? null,
      ratio: ratio(steady.steadyTraffic?.roundTripMs?.p50 ?? null, bareRoundTrip),
    },
    firstMessage: {
      bareP50Ms: bareFirst,
      benchP50Ms: benchFirst,
      differenceMs: benchFirst === null ? null : Math.round((benchFirst - bareFirst) * 1000) / 1000,
    },
    connectRate: {
      clients: options.clients,
      bareConnectionsPerSecond: Math.round(bareRate),
      benchConnectionsPerSecond: benchRate,
      ratio: ratio(benchRate, bareRate),
    },
    clientMemory,
    targets: {
      firstMessageWithin1Ms: benchFirst === null ? null : Math.abs(benchFirst - bareFirst) <= 1,
      connectRateAtLeast80Percent: benchRate === null ? null : benchRate >= 0.8 * bareRate,
      wsClientAtMost10KB: wsClientBytes === null ? null : wsClientBytes <= 10_000,
      wsClientWithin10PercentOfBare: clientMemory.ws.ratio === null ? null : clientMemory.ws.ratio <= 1.1,
      wireClientsAtMostThirdOfLibrary: wireRatios.some((value) => value === null) ? null : wireRatios.every((value) => (value as number) <= 1 / 3),
    },
    resultsDir: path.relative(process.cwd(), outDir) || outDir,
  };
}
