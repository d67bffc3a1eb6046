/**
 * Every message that crosses a process boundary in a run: parent <-> server process and
 * parent <-> client worker. One discriminated union per direction, on `type`.
 */
import type { HandshakeConfig } from './handshake.js';
import type { LoadedLibrary } from './load-library.js';
import type { ReconnectSettings } from './reconnect-settings.js';
import type { Scenario, ScenarioClientRow, WorkerFanOutReport, WorkerStepReport } from './scenario.js';
import type { ClientKind } from './client-kinds.js';
import type { NamespacePlan } from './namespaces.js';
import type { StackName } from './stacks.js';
import type { SyncAdapter } from './sync-adapters.js';
import type { PerMessageDeflate, SockjsTransport, SocketioTransport, TransportName } from './transports.js';

/** The largest message a client may send or the server push (--payload-bytes), in bytes. */
export const MAX_PAYLOAD_BYTES = 1_048_576;

/**
 * How the server treats a connection: echo what it gets, push one message at accept, or broadcast
 * (echo, and also honour room joins and fan room messages out to the room's members; see
 * protocol/broadcast-payload.ts).
 */
export const SERVER_MODES = ['echo', 'push', 'broadcast'] as const;
/** One of the server's modes. */
export type ServerMode = (typeof SERVER_MODES)[number];

/** How a server reaches the other nodes of its run (ServerOptions.sync when set). */
export type ServerSync = NonNullable<ServerOptions['sync']>;

/**
 * What a run does after the first message: a server mode, or idle (no traffic at all in the hold,
 * only heartbeats), or connect (no message at all: open, hold, close). The server of an idle or
 * connect run echoes, so that either works against any echo server.
 */
export const RUN_MODES = [...SERVER_MODES, 'idle', 'connect'] as const;
/** One of the run modes. */
export type RunMode = (typeof RUN_MODES)[number];

/** What a client worker does once a client is open: the server's mode, or connect (a client succeeds at its open). */
export type WorkerMode = ServerMode | 'connect';

/** Everything an echo server needs to start; also what `bench agent` is allowed to vary. */
export interface ServerOptions {
  transport: TransportName;
  /** Which library stack the server loads. */
  stack: StackName;
  host: string;
  /** 0 lets the OS choose. */
  port: number;
  perMessageDeflate: PerMessageDeflate;
  mode: ServerMode;
  /** Size of the message the server pushes in push mode, in bytes. */
  payloadBytes: number;
  /** Every echo waits this long before it is sent (fault injection), in ms. */
  injectDelayMs: number;
  /** Every connection holds this much memory until it closes (fault injection), in KiB. */
  injectRetainKb: number;
  /** A planted leak: every connection leaves this much memory on the V8 heap that is never freed, in KiB (--inject-leak-kb); absent: none. */
  injectLeakKb?: number;
  /** Heartbeats the server sends; absent or null: each library's own default (ws: none). */
  heartbeat?: HeartbeatSettings | null;
  /** Count the bytes of every accepted socket (idle mode's bytes on the wire); absent: not counted. */
  countSocketBytes?: boolean;
  /** Cross-node sync through a broker (or node:cluster's primary: brokerUrl null); null on a single node. */
  sync: { brokerUrl: string | null; adapter: SyncAdapter; nodeId: number } | null;
  /** Serve TLS (https instead of http) with this certificate; absent or null: plain. */
  tls?: ServerTls | null;
  /** Serve the namespaces /ns-0, /ns-1, ... besides '/' (--namespaces); absent: '/' only. */
  namespaces?: boolean;
}

/** The certificate a TLS server presents and its private key, both PEM; the key never leaves the run's processes. */
export interface ServerTls {
  /** The server's certificate (the leaf; its CA is not sent). */
  certPem: string;
  keyPem: string;
}

/**
 * The server's heartbeat: Socket.IO's pingInterval/pingTimeout; ws pings every client each interval
 * and ends those that have not answered within the timeout; SockJS sends its heartbeat frame every
 * interval (heartbeat_delay; it has no timeout of its own).
 */
export interface HeartbeatSettings {
  pingIntervalMs: number;
  pingTimeoutMs: number;
}

/** What the server measured of its own cost, at one moment: cumulative since it started. */
export interface ServerUsage {
  /** process.cpuUsage() of the server, user + system, all threads, in microseconds. */
  cpuMicros: number;
  /** Bytes read and written on every TCP socket the http server accepted, closed ones included. */
  socketBytesRead: number;
  socketBytesWritten: number;
  /** Sockets open now. */
  openSockets: number;
}

/** Server process -> parent. */
export type ServerToParent =
  | { type: 'server-listening'; host: string; port: number; pid: number; libraries: LoadedLibrary[] }
  | { type: 'server-stats'; heapUsedBytes: number; connections: number; externalBytes?: number }
  /** The heap snapshot asked for is written (`error` null) or could not be (`error` says why). */
  | { type: 'server-heap-snapshot-done'; path: string; ms: number; error: string | null }
  | { type: 'server-gc-done' }
  | { type: 'server-usage'; usage: ServerUsage }
  | { type: 'server-failed'; message: string }
  /** A node:cluster worker's first word: it now hears messages (its primary holds them until then, or they would be lost). */
  | { type: 'server-ready' }
  | { type: 'server-drained'; closed: number };

/** Parent -> server process. */
export type ParentToServer =
  | { type: 'server-start'; options: ServerOptions }
  | { type: 'server-gc' }
  /** Asks for a server-stats reply now, so a sample pairs RSS with the count of that moment. */
  | { type: 'server-stats-request' }
  /** Asks for a server-usage reply: CPU time and socket byte counters now (idle mode). */
  | { type: 'server-usage-request' }
  /** --heap-snapshots: write a heap snapshot of the server to `path` now (v8.writeHeapSnapshot; the server stops while it writes). */
  | { type: 'server-heap-snapshot'; path: string }
  | { type: 'server-stop' }
  /** --drain: close every client's connection as a server going away does, keep listening, and say so. */
  | { type: 'server-drain' };

/** Parent -> node:cluster primary (the cluster adapter's relay): fork node `index`, or pass a message on to it. */
export type ParentToPrimary = { type: 'primary-fork'; index: number; execArgv: string[] } | { type: 'primary-to-node'; index: number; message: ParentToServer };

/** node:cluster primary -> parent: it is ready, and what each of its nodes said, wrote to stderr, or how it ended. */
export type PrimaryToParent =
  | { type: 'primary-ready'; libraries: LoadedLibrary[] }
  | { type: 'node-forked'; index: number; pid: number }
  | { type: 'node-message'; index: number; message: ServerToParent }
  | { type: 'node-stderr'; index: number; text: string }
  | { type: 'node-exit'; index: number; code: number | null; signal: NodeJS.Signals | null };

/** What one worker is asked to do. Client ids are global: this worker owns firstClient, firstClient+stride, ... */
export interface WorkerConfig {
  workerIndex: number;
  transport: TransportName;
  /** Which library stack the clients load. */
  stack: StackName;
  /** The transport's client library, or bench's wire client. */
  client: ClientKind;
  url: string;
  firstClient: number;
  stride: number;
  clientCount: number;
  /** Handshakes this worker may have in flight at once. */
  concurrency: number;
  /** Global opening rate in connections per second; null means as fast as concurrency allows. */
  ratePerSecond: number | null;
  connectTimeoutMs: number;
  socketioTransports: SocketioTransport[];
  sockjsTransports: SockjsTransport[];
  perMessageDeflate: PerMessageDeflate;
  mode: WorkerMode;
  payloadBytes: number;
  /** How often the worker reports progress and its own health, in ms. */
  progressIntervalMs: number;
  /** Several nodes without a load balancer (--lb none): client c connects to nodeUrls[c mod length] instead of url. Absent otherwise. */
  nodeUrls?: string[];
  /** Local addresses to open connections from, round-robin; empty means the OS chooses. */
  sourceAddresses: string[];
  /** Steady traffic in the hold: messages per second per client; 0 means none. */
  messagesPerSecond: number;
  /** How long steady traffic is sent, in ms. */
  steadyDurationMs: number;
  /** How long to wait for outstanding echoes after the last send before counting them lost, in ms. */
  drainMs: number;
  /** A client whose connection drops reconnects with this back-off; null: it stays lost (the default). */
  reconnect: ReconnectSettings | null;
  /** The broadcast workload (mode broadcast); null otherwise. */
  broadcast: WorkerBroadcastPlan | null;
  /** How each client connects (path, namespace, query, headers, cookies, auth), templates unexpanded; null: the URL as it is. */
  handshake: HandshakeConfig | null;
  /** --insecure: accept any server certificate. Absent: certificates are checked (bench/run/client-trust.ts says how they are trusted). */
  acceptAnyCertificate?: boolean;
  /** --scenario: each client runs its group's steps from its open (mode is connect); with phases, they decide when clients arrive and leave. Absent otherwise. */
  scenario?: Scenario;
  /** --namespaces: each client joins these Socket.IO namespaces. Absent otherwise. */
  namespaces?: NamespacePlan;
  /** --churn: during the steady traffic, clients leave and new ones take their place. Absent otherwise. */
  churn?: WorkerChurnPlan;
  /** --slow-readers: this share of the clients stops reading as the steady traffic starts and goes on sending. Absent otherwise. */
  slowReaderShare?: number;
}

/**
 * Churn as one worker runs it: every `intervalMs` its longest-open client leaves and a new one
 * arrives in its place (handshake, first message, then its share of the steady traffic). The new
 * clients' ids are firstArrivalId, firstArrivalId + arrivalStride, ..., so no two workers share one.
 */
export interface WorkerChurnPlan {
  intervalMs: number;
  /** Wait before the first replacement: workerIndex / workers of an interval, so the workers take turns. */
  offsetMs: number;
  firstArrivalId: number;
  arrivalStride: number;
}

/** One churn event (churn.csv): a client left and a new one arrived in its place. */
export interface ChurnRow {
  /** The new client's id. */
  client: number;
  /** The id of the client whose place it took; null where that place was empty (an earlier arrival failed). */
  replaced: number | null;
  worker: number;
  /** When the leave and the arrival began, as performance.timeOrigin + now() in ms. */
  atEpochMs: number;
  connectMs: number | null;
  firstMessageMs: number | null;
  error: ClientErrorCode | null;
}

/** What one client did about dropped connections (reconnects.csv), sent by its worker as the run closes. */
export interface ReconnectRow {
  client: number;
  worker: number;
  /** Times its connection dropped. */
  drops: number;
  /** Reconnection attempts over all drops. */
  attempts: number;
  /** When it first dropped and when it was last back (its open event), as performance.timeOrigin + now() in ms; null if never. */
  firstDropAtEpochMs: number | null;
  lastBackAtEpochMs: number | null;
  /** Open when the run closed it. */
  openAtClose: boolean;
}

/**
 * The broadcast workload as a worker runs it. Client i joins room i mod rooms; clients 0 to
 * publishers-1 publish, publisher j to room j mod rooms, from the hold's start for durationMs.
 */
export interface WorkerBroadcastPlan {
  rooms: number;
  publishers: number;
  /** Messages each publisher sends per second. */
  publishRatePerSecond: number;
  /** How long publishers publish, in ms. */
  durationMs: number;
}

/** What one worker measured of the broadcast workload. */
export interface WorkerBroadcastTraffic {
  /** Publish (intended send time) to receipt, per delivery, in microseconds, as an HDR histogram (compressed base64). */
  fanOutHistogram: string;
  /** How late each room message left against its intended send time, in microseconds (same encoding). */
  sendLagHistogram: string;
  /** Room messages this worker's publishers sent, per room (index = room). */
  publishedPerRoom: number[];
  /** This worker's clients in each room, connected as publishing began (index = room). */
  membersPerRoom: number[];
  /** Room messages received, duplicates excluded. */
  delivered: number;
  /** Room messages a client received again (same publisher and sequence number). */
  duplicates: number;
  /** Per wall-clock second (Unix seconds): [second, room messages published, delivered]. */
  timeline: Array<[number, number, number]>;
  /** Per publish second (Unix second of the message's send time): [second, delivered, duplicates, delivered late (over 1 s), delivered across nodes (0 when nodes is null)]. */
  byPublishSecond: Array<[number, number, number, number, number]>;
  /** Per publish second: [second, messages this worker's publishers sent per room (index = room)]. */
  publishedPerRoomBySecond: Array<[number, number[]]>;
  /** With --lb none, the nodes clients are spread over (client c on node c mod nodes); null when a load balancer decides. */
  nodes: number | null;
}

/** One row of connections.csv. Times are null when the client failed. */
export interface ConnectionRow {
  client: number;
  worker: number;
  transport: TransportName;
  /** Waiting for a free handshake slot, in ms. */
  queuedMs: number | null;
  /** Construction of the client object to its open event, in ms. */
  connectMs: number | null;
  /** Send of the first message to its echo (push mode: open to the pushed message), in ms; null when the client failed, and in connect mode (no message). */
  firstMessageMs: number | null;
  /** Short error code, or null on success. */
  error: ClientErrorCode | null;
}

/**
 * Why a client failed or was not measured, the `error` column of connections.csv:
 * timeout (no open within --connect-timeout), closed-early (closed before open or before the first
 * message), interrupted (the run was stopped), worker-lost (its worker process died), not-started
 * (no worker ever started), http-<status> and sockjs-<close code> from the server (http-<status>: <reason>
 * where the server said why, in its body or else its status text: "http-400: Session ID unknown", "http-401: Unauthorized"),
 * connect-error: <reason> when Socket.IO refused the namespace connect (a middleware's error, "connect-error: invalid token",
 * or "connect-error: Invalid namespace"), ws-error and connect-error when a client library gave no code or reason,
 * sockjs-<code>: <reason> when a SockJS server closed with an application code (4000-4999) and a reason,
 * client-error when constructing the client threw,
 * or a library's own code: a Node system error (ECONNREFUSED, ECONNRESET, EADDRNOTAVAIL, ...), ws's WS_ERR_...,
 * or a certificate the client does not trust (TlsErrorCode: UNABLE_TO_VERIFY_LEAF_SIGNATURE, ERR_TLS_CERT_ALTNAME_INVALID, ...)
 */
export type ClientErrorCode =
  | 'timeout'
  | 'closed-early'
  | 'interrupted'
  | 'worker-lost'
  | 'not-started'
  | 'ws-error'
  | 'connect-error'
  | `connect-error: ${string}`
  | 'client-error'
  | `http-${number}`
  | `http-${number}: ${string}`
  | `sockjs-${number}`
  | `sockjs-${number}: ${string}`
  | `E${string}`
  | `WS_ERR_${string}`
  | TlsErrorCode;

/** OpenSSL's verification codes as Node reports them when a client does not trust the server's certificate (UNABLE_TO_VERIFY_LEAF_SIGNATURE, DEPTH_ZERO_SELF_SIGNED_CERT, CERT_HAS_EXPIRED, ...). */
export type TlsErrorCode = `${string}_CERT${string}` | `UNABLE_TO_${string}` | `CERT_${string}`;

/** How a driver says a connection ended: an error code, or closed. */
export type ClientEndCode = ClientErrorCode | 'closed';

/** A worker's view of its own load over one report interval. */
export interface WorkerHealth {
  /** CPU time of the whole process (GC and libuv threads too) over the interval, as a percentage of one core; may pass 100. */
  cpuPercent: number;
  /** Share of the interval the main thread's event loop was busy (event-loop utilization), in percent. */
  mainThreadBusyPercent: number;
  eventLoopDelayP50Ms: number;
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
}

/**
 * Upper bounds of the fixed round-trip buckets a worker counts steady traffic into for live
 * metrics (--metrics-port), in ms; one more bucket, past the last bound, counts the rest. The
 * files' round trips come from the HDR histograms, never from these.
 */
export const ROUND_TRIP_BUCKETS_MS: readonly number[] = [0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000];

/** Round trips a worker received over one report interval, in the buckets of ROUND_TRIP_BUCKETS_MS (index i: at most bound i; the last: above every bound). */
export interface WorkerRoundTrips {
  /** Round trips per bucket, length ROUND_TRIP_BUCKETS_MS.length + 1. */
  counts: number[];
  /** Sum of the round trips in each bucket, in ms (same length). */
  sumsMs: number[];
}

/** Worker -> parent. */
export type WorkerToParent =
  /** The client library is loaded; the worker waits for worker-start. */
  | { type: 'worker-ready' }
  /** Sent once its client library is loaded, before the ramp: what it loaded, with versions. */
  | { type: 'worker-libraries'; libraries: LoadedLibrary[] }
  | { type: 'worker-rows'; rows: ConnectionRow[] }
  /** --churn, in batches as they come: one row per arrival that succeeded or failed. */
  | { type: 'worker-churn-rows'; rows: ChurnRow[] }
  /** `left`: clients that left in a leave phase of a scenario (closed by the run, not dropped). */
  | { type: 'worker-progress'; opened: number; succeeded: number; failed: number; dropped: number; reconnecting: number; left: number }
  | { type: 'worker-health'; health: WorkerHealth }
  /** Steady traffic only, with each progress report that has round trips: those since the last one. */
  | { type: 'worker-round-trips'; roundTrips: WorkerRoundTrips }
  | { type: 'worker-ramp-done' }
  /** Sent after ramp-done (a full collection takes time the ramp must not include): RSS before the first client and after the ramp. */
  | { type: 'worker-memory'; rssAtReadyBytes: number; rssBytes: number }
  | { type: 'worker-steady-done'; traffic: WorkerSteadyTraffic }
  /** With reconnection on, sent before worker-closed: one row per client that connected. */
  | { type: 'worker-reconnects'; rows: ReconnectRow[] }
  | { type: 'worker-broadcast-done'; traffic: WorkerBroadcastTraffic }
  /** Scenario: every client of the worker has run its steps, and the last arrival phase is over. */
  | { type: 'worker-scenario-done' }
  /** Scenario, sent as the worker closes, before worker-closed: its figures' counts and histograms, and its fan-out counts. */
  | { type: 'worker-steps'; steps: WorkerStepReport[]; fanOuts: WorkerFanOutReport[] }
  /** Scenario, sent as the worker closes, in batches: one row per client that connected. */
  | { type: 'worker-scenario-clients'; rows: ScenarioClientRow[] }
  | { type: 'worker-closed'; dropped: number };

/** What one worker measured of steady traffic. */
export interface WorkerSteadyTraffic {
  /** Round trips from intended send time to echo, in microseconds, as an HDR histogram (compressed base64). */
  histogram: string;
  /** How late each message left against its intended send time, in microseconds (same encoding). */
  sendLagHistogram: string;
  sent: number;
  received: number;
  /** Echoes that arrived after an echo of a later message on the same connection. */
  outOfOrder: number;
  /** --slow-readers: the worker's slow clients, how many of them it could pause, and what they sent (not in `sent`). Absent without. */
  slowReaders?: { clients: number; paused: number; sent: number };
}

/** Parent -> worker. */
export type ParentToWorker =
  /** Sent at spawn: load this stack's client library now, so neither its load nor its memory falls in the ramp. */
  | { type: 'worker-load'; transport: TransportName; stack: StackName; client: ClientKind }
  | { type: 'worker-start'; config: WorkerConfig }
  /** Starts the hold's traffic: steady traffic, or the broadcast workload when the config has one; with a scenario, says the ramp is over. */
  | { type: 'worker-steady-start' }
  /**
   * Closes the clients and exits. `awaitEndsMs`: the server is gone, so first wait up to this long for
   * every open connection to see its end, which counts it dropped (a close that came first would hide it).
   */
  | { type: 'worker-close'; awaitEndsMs?: number };
