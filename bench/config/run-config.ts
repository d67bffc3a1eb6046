/**
 * The options of `bench run`, from the partial set a user types to the complete, validated
 * config written into run.json. Everything is checked here, before any process starts.
 */
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { resolveAgentTarget, type AgentTarget } from '../agent/agent-target.js';
import { resolveScenario, scenarioMessagesPerSecond, type ScenarioFlagsInput } from './scenario-flags.js';
import type { Scenario } from '../../protocol/scenario.js';
import { ConfigError } from '../errors.js';
import { DEFAULT_MODE, DEFAULT_PAYLOAD_BYTES, resolveServerBehaviour } from './server-behaviour-flags.js';
import { clientServerMismatch } from '../../protocol/stack-traits.js';
import { flagOr, parseChoice, parseDecimal, parsePerMessageDeflate, parseUrl, parseWholeNumber } from './flag-parsers.js';
import { chooseWorkers } from './worker-count.js';
import { parseShard, parseStartAt, type ShardSpec } from './shard-config.js';
import { clientShareOf } from '../run/client-share.js';
import { applyProfile, PROFILE_NAMES, PROFILES, type ProfileFlags, type ProfileName } from './profiles.js';
import { resolveStack } from './stack-flag.js';
import { resolveClientKind } from './client-flag.js';
import type { ClientKind } from '../../protocol/client-kinds.js';
import { resolveBroadcast, type BroadcastConfig, type BroadcastFlagsInput } from './broadcast-flags.js';
import { resolveHandshake, type HandshakeFlagsInput } from './handshake-flags.js';
import { resolveNamespaces, type NamespaceFlagsInput } from './namespace-flags.js';
import { resolveSoak, type SoakConfig, type SoakFlagsInput } from './soak-flags.js';
import type { NamespacePlan } from '../../protocol/namespaces.js';
import type { HandshakeConfig } from '../../protocol/handshake.js';
import { resolveTls, type TlsConfig, type TlsFlagsInput } from './tls-flags.js';
import { resolveClusterConfig, type ClusterConfig, type ClusterFlags } from '../cluster/cluster-config.js';
import { resolveUserServer, type UserServerConfig, type UserServerInput } from './user-server-flags.js';
import { plansReconnection } from '../cluster/fault-plan.js';
import { librariesOf, type LibraryPackage, type StackName } from '../../protocol/stacks.js';
import { RUN_MODES, type HeartbeatSettings, type RunMode } from '../../protocol/messages.js';
import { RECONNECT_DEFAULTS, type ReconnectSettings } from '../../protocol/reconnect-settings.js';
import { rejectTrafficInIdleMode, resolveHeartbeat, resolveReconnect, resolveRestart, type StormIdleInput } from './storm-idle-flags.js';
import {
  deflateTransports,
  SOCKETIO_TRANSPORT_CHOICES,
  SOCKJS_TRANSPORT_CHOICES,
  TRANSPORT_NAMES,
  TRANSPORTS,
  type SocketioTransport,
  type SockjsTransport,
  type TransportName,
  type TransportVariant,
} from '../../protocol/transports.js';

/** Flags as the CLI received them: strings, or undefined when not given. */
export interface RunOptionsInput
  extends
    ScenarioFlagsInput,
    ClusterFlags,
    StormIdleInput,
    BroadcastFlagsInput,
    UserServerInput,
    HandshakeFlagsInput,
    TlsFlagsInput,
    NamespaceFlagsInput,
    SoakFlagsInput {
  transport?: string;
  stack?: string;
  stackCache?: string;
  client?: string;
  profile?: string;
  clients?: string;
  workers?: string;
  concurrency?: string;
  rate?: string;
  hold?: string;
  connectTimeout?: string;
  sampleInterval?: string;
  target?: string;
  host?: string;
  socketioTransports?: string;
  sockjsTransports?: string;
  perMessageDeflate?: boolean | string;
  mode?: string;
  payloadBytes?: string;
  injectDelayMs?: string;
  injectRetainKb?: string;
  gcBeforeSteady?: boolean;
  out?: string;
  label?: string;
  saturationCpu?: string;
  saturationLoopDelay?: string;
  serverStartTimeout?: string;
  messagesPerSecond?: string;
  duration?: string;
  sourceAddresses?: string;
  agent?: string;
  tokenFile?: string;
  /** i/n; the command fills it from the environment of a Kubernetes Indexed Job when the flag is absent. */
  shard?: string;
  startAt?: string;
}

/** The complete configuration of one run. Every field present; written into run.json. */
export interface RunConfig {
  transport: TransportName;
  /** The library stack the server and the clients load. */
  stack: StackName;
  /** How the workers speak to the server: the transport's client library, or bench's wire client (--client wire). */
  client: ClientKind;
  /** The profile the flags were filled from, or null. */
  profile: ProfileName | null;
  /** The flags the profile supplied for this transport (flags given explicitly are not among them). */
  profileFlags: ProfileFlags;
  clients: number;
  /** Worker processes used: --workers, or the fewest the work needs; never more than clients or concurrency. */
  workers: number;
  /** --workers as given; null when bench chose. */
  requestedWorkers: number | null;
  /** Why this many workers, in words (the rule is in worker-count.ts). */
  workersReason: string;
  /** Handshakes in flight at once, over all workers. */
  concurrency: number;
  /** Connections opened per second over all workers; null: as fast as concurrency allows. */
  ratePerSecond: number | null;
  holdSeconds: number;
  connectTimeoutSeconds: number;
  sampleIntervalMs: number;
  /** URL of a server that is already running; null when bench starts one (its own, or --server-cmd). */
  target: string | null;
  /** The user's server: a command bench starts and samples (--server-cmd), or a running process it samples (--server-pid); null: bench's own server, or none sampled (--target alone). */
  userServer: UserServerConfig | null;
  /** Address our own server binds. */
  host: string;
  /** The agent on a target box that runs the server (--agent); null when the server is local or --target. */
  agent: AgentTarget | null;
  variant: TransportVariant;
  /** echo or push (the server's mode), or idle: no traffic in the hold, only the heartbeats. */
  mode: RunMode;
  payloadBytes: number;
  injectDelayMs: number;
  injectRetainKb: number;
  gcBeforeSteady: boolean;
  /** Folder under which the run folder is created. */
  outDir: string;
  label: string | null;
  /** A worker is saturated when one interval reaches either bound. */
  saturation: { cpuPercent: number; eventLoopDelayP99Ms: number };
  serverStartTimeoutMs: number;
  sourceAddresses: string[];
  /** Steady traffic in the hold, per client; 0 means none. */
  messagesPerSecond: number;
  /** How long steady traffic lasts; the hold lasts at least this long. */
  durationSeconds: number;
  /** This process is one shard of a run spread over several load generators (--shard); null when it runs every client. */
  shard: ShardSpec | null;
  /** ISO 8601 time at which the ramp starts (--start-at); null: as soon as the workers are ready. */
  startAt: string | null;
  /** The server is killed (SIGKILL) and started again on its port this long after the hold begins, in ms; null: never. */
  restartServerAtMs: number | null;
  /** How clients whose connection drops reconnect; null: they stay lost (the default). */
  reconnect: ReconnectSettings | null;
  /** The server's heartbeat; null: each library's default (ws: none). Always set in idle mode. */
  heartbeat: HeartbeatSettings | null;
  /** The broadcast workload (--mode broadcast); null in the other modes. */
  broadcast: BroadcastConfig | null;
  /** Several server processes behind a load balancer, synced through a broker (--nodes 2 or more); absent on one server, so that run.json stays as it was. */
  cluster?: ClusterConfig;
  /** How each client connects, the way an app's clients do (--path, --query, --header, ...); absent without those flags, so that run.json stays as it was. */
  handshake?: HandshakeConfig;
  /** TLS: whether bench's server serves it (--tls) and what the clients trust; absent on a plain run, so that run.json stays as it was. */
  tls?: TlsConfig;
  /** The scenario every client runs (--scenario), checked, with its phases; absent without one, so that run.json stays as it was. mode is connect. */
  scenario?: Scenario;
  /** Each Socket.IO client joins this many namespaces, over one connection or one each (--namespaces); absent without it, so that run.json stays as it was. */
  namespaces?: NamespacePlan;
  /** A soak: churn, the memory verdict's flat band, heap snapshots, a planted leak (--churn, --flat-band, --heap-snapshots, --inject-leak-kb); absent without those flags, so that run.json stays as it was. */
  soak?: SoakConfig;
}

export const RUN_DEFAULTS = {
  concurrency: 500,
  holdSeconds: 5,
  connectTimeoutSeconds: 30,
  sampleIntervalMs: 250,
  host: '127.0.0.1',
  socketioTransports: 'websocket',
  sockjsTransports: 'websocket',
  mode: DEFAULT_MODE,
  payloadBytes: DEFAULT_PAYLOAD_BYTES,
  outDir: 'results',
  saturationCpuPercent: 95,
  saturationLoopDelayMs: 100,
  serverStartTimeoutMs: 10_000,
} as const;

const MAX_CLIENTS = 1_000_000;

function parseSocketioTransports(raw: string): SocketioTransport[] {
  return parseChoice('--socketio-transports', raw, SOCKETIO_TRANSPORT_CHOICES).split(',') as SocketioTransport[];
}

function parseSockjsTransports(raw: string): SockjsTransport[] {
  return parseChoice('--sockjs-transports', raw, SOCKJS_TRANSPORT_CHOICES).split(',') as SockjsTransport[];
}

/** The error for --per-message-deflate on a transport that does not support it. */
export function deflateNotSupported(transport: TransportName, stack: StackName): ConfigError {
  const { serverPackage, clientPackage } = TRANSPORTS[transport];
  const libraries = librariesOf(stack, serverPackage as LibraryPackage, clientPackage as LibraryPackage);
  return new ConfigError(
    `--per-message-deflate is not supported by the ${transport} transport (${libraries}, --stack ${stack}); drop the flag or pick ${deflateTransports().join(' or ')}`,
  );
}

/** Rejects another transport's variant flags (--sockjs-transports with --transport ws) and deflate where it is not supported. */
function rejectForeignVariants(input: RunOptionsInput, transport: TransportName, stack: StackName): void {
  for (const owner of TRANSPORT_NAMES) {
    const choice = TRANSPORTS[owner].choiceFlag;
    if (choice && input[choice.option] !== undefined && transport !== owner) {
      throw new ConfigError(`${choice.flag} applies to --transport ${owner} only; this run uses ${transport}`);
    }
  }
  if (parsePerMessageDeflate(input.perMessageDeflate) !== false && !TRANSPORTS[transport].supportsPerMessageDeflate)
    throw deflateNotSupported(transport, stack);
}

function rejectServerFlagsWithTarget(input: RunOptionsInput): void {
  const serverOnly: Array<[string, unknown]> = [
    ['--inject-delay-ms', input.injectDelayMs],
    ['--inject-retain-kb', input.injectRetainKb],
    ['--gc-before-steady', input.gcBeforeSteady || undefined],
    ['--host', input.host],
  ];
  for (const [flag, value] of serverOnly) {
    if (value !== undefined) {
      throw new ConfigError(`${flag} configures the server bench starts, so it cannot be used with --target`);
    }
  }
}

/** Validates every flag and fills defaults. Throws ConfigError naming the first bad flag. */
export function resolveRunConfig(given: RunOptionsInput): RunConfig {
  if (given.transport === undefined) {
    throw new ConfigError(`--transport is required: one of ${TRANSPORT_NAMES.join(', ')}`);
  }
  const transport = parseChoice('--transport', given.transport, TRANSPORT_NAMES);
  const profile = given.profile === undefined ? null : parseChoice('--profile', given.profile, PROFILE_NAMES);
  const { input, supplied } = profile === null ? { input: given, supplied: {} } : applyProfile(PROFILES[profile], transport, given);
  const stack = resolveStack(input, transport);
  const variant: TransportVariant = {
    socketioTransports: parseSocketioTransports(input.socketioTransports ?? RUN_DEFAULTS.socketioTransports),
    sockjsTransports: parseSockjsTransports(input.sockjsTransports ?? RUN_DEFAULTS.sockjsTransports),
    perMessageDeflate: parsePerMessageDeflate(input.perMessageDeflate),
  };
  const client = resolveClientKind(input.client, transport, variant);
  const scenario = resolveScenario(input, { transport, stack, client });
  if (input.clients === undefined && scenario?.phased == null)
    throw new ConfigError('--clients is required: the number of clients to open, e.g. --clients 1000');
  const clients = scenario?.phased ? scenario.phased.clients : parseWholeNumber('--clients', input.clients as string, 1, MAX_CLIENTS);
  const requestedWorkers = input.workers === undefined ? null : parseWholeNumber('--workers', input.workers, 1, 256);
  const shard = resolveShard(input, clients);
  const concurrency = input.concurrency === undefined ? RUN_DEFAULTS.concurrency : parseWholeNumber('--concurrency', input.concurrency, 1, MAX_CLIENTS);
  const ratePerSecond = input.rate === undefined ? null : parseDecimal('--rate', input.rate, 0.001, 1_000_000);
  rejectForeignVariants(input, transport, stack);
  const target = input.target === undefined ? null : parseUrl('--target', input.target, TRANSPORTS[transport].targetProtocols).toString();
  if (target !== null) rejectServerFlagsWithTarget(input);
  const agent = resolveAgentTarget(input);
  // A scenario's client succeeds at its open, like connect mode's, and then runs its steps.
  const mode: RunMode = scenario !== null ? 'connect' : input.mode === undefined ? DEFAULT_MODE : parseChoice('--mode', input.mode, RUN_MODES);
  rejectTrafficInIdleMode(input, mode);
  rejectTrafficInConnectMode(input, mode);
  const userServer = resolveUserServer(input, {
    transport,
    mode,
    target: input.target,
    agent: input.agent,
    nodes: input.nodes,
    shard: input.shard,
    ownServerFlags: [
      ['--inject-delay-ms', input.injectDelayMs !== undefined],
      ['--inject-retain-kb', input.injectRetainKb !== undefined],
      ['--gc-before-steady', input.gcBeforeSteady === true],
      ['--ping-interval', input.pingInterval !== undefined],
      ['--ping-timeout', input.pingTimeout !== undefined],
      // The user's command can be killed and started again on its port; a running process or the agent's cannot.
      ['--restart-server-at', input.restartServerAt !== undefined && input.serverCmd === undefined],
    ],
  });
  // The library client against bench's own server: a stack of a legacy socket.io-client alone cannot connect.
  if (transport === 'socketio' && target === null && userServer === null && client === 'library') {
    const mismatch = clientServerMismatch(stack);
    if (mismatch !== null) throw new ConfigError(`--stack ${stack}: ${mismatch}`);
  }
  const holdAndTraffic = resolveHoldAndTraffic(input, mode);
  const broadcast = resolveBroadcast(input, clients);
  if (broadcast !== null) rejectBroadcastConflicts(input, holdAndTraffic);
  // A shard opens only its share of the clients, at its share of the run's --rate.
  const ownClients = clientShareOf({ clients, shard }).clientCount;
  const { workers, reason: workersReason } = chooseWorkers({
    transport,
    clients: ownClients,
    concurrency,
    ratePerSecond: scenario?.phased
      ? (scenario.phased.peakRatePerSecond * ownClients) / clients
      : ratePerSecond === null
        ? null
        : (ratePerSecond * ownClients) / clients,
    messagesPerSecond: scenario === null ? holdAndTraffic.messagesPerSecond : scenarioMessagesPerSecond(scenario.scenario),
    requested: requestedWorkers,
    cores: availableParallelism(),
  });

  const config: Omit<RunConfig, 'sourceAddresses'> = {
    transport,
    stack,
    client,
    profile,
    profileFlags: supplied,
    clients,
    workers,
    requestedWorkers,
    workersReason,
    concurrency,
    ratePerSecond,
    ...holdAndTraffic,
    connectTimeoutSeconds: flagOr(input.connectTimeout, RUN_DEFAULTS.connectTimeoutSeconds, (text) => parseDecimal('--connect-timeout', text, 0.1, 3_600)),
    sampleIntervalMs: flagOr(input.sampleInterval, RUN_DEFAULTS.sampleIntervalMs, (text) => parseWholeNumber('--sample-interval', text, 10, 60_000)),
    target,
    userServer,
    host: input.host ?? RUN_DEFAULTS.host,
    agent,
    variant,
    ...resolveServerBehaviour({ ...input, mode: undefined }),
    mode,
    gcBeforeSteady: input.gcBeforeSteady ?? false,
    outDir: input.out ?? RUN_DEFAULTS.outDir,
    label: input.label ?? null,
    saturation: {
      cpuPercent: flagOr(input.saturationCpu, RUN_DEFAULTS.saturationCpuPercent, (text) => parseDecimal('--saturation-cpu', text, 1, 1_000)),
      eventLoopDelayP99Ms: flagOr(input.saturationLoopDelay, RUN_DEFAULTS.saturationLoopDelayMs, (text) =>
        parseDecimal('--saturation-loop-delay', text, 1, 60_000),
      ),
    },
    shard,
    broadcast,
    startAt: flagOr(input.startAt, null, (text) => new Date(parseStartAt(text)).toISOString()),
    serverStartTimeoutMs: flagOr(input.serverStartTimeout, RUN_DEFAULTS.serverStartTimeoutMs, (text) =>
      Math.round(parseDecimal('--server-start-timeout', text, 0.1, 600) * 1000),
    ),
    restartServerAtMs: resolveRestart(input, holdAndTraffic.holdSeconds),
    reconnect: resolveReconnect(input),
    heartbeat: resolveHeartbeat(input, mode),
  };
  const handshake = resolveHandshake(input, {
    ...config,
    benchServer: target === null && userServer === null,
    scenarioUsesToken: scenario?.scenario.usesToken ?? false,
  });
  if (handshake !== null) config.handshake = handshake;
  if (scenario !== null) config.scenario = scenario.scenario;
  const cluster = resolveClusterConfig(input, transport, holdLengthMs(config));
  const sourceAddresses = input.sourceAddresses === undefined ? [] : parseSourceAddresses(input.sourceAddresses, config);
  const tls = resolveTls(input);
  const withTls = tls === null ? {} : { tls };
  const namespaces = resolveNamespaces(input, {
    transport,
    stack,
    client,
    scenario: scenario !== null,
    reconnects: config.reconnect !== null || (cluster !== null && plansReconnection(cluster)),
    mode,
    injectRetainKb: config.injectRetainKb,
  });
  if (namespaces !== null) config.namespaces = namespaces;
  const soak = resolveSoak(input, {
    mode,
    messagesPerSecond: config.messagesPerSecond,
    scenario: scenario !== null,
    shard: shard !== null,
    reconnects: config.reconnect !== null || config.restartServerAtMs !== null || (cluster !== null && plansReconnection(cluster)),
    ownServer: target === null && userServer === null && agent === null && cluster === null,
    pausableSockets: unpausableSockets(transport, variant, client, namespaces !== null),
  });
  if (soak !== null) config.soak = soak;
  if (cluster === null) return { ...config, sourceAddresses, ...withTls };
  rejectClusterConflicts(config, cluster.nodes);
  // A killed or drained node's clients come back through the load balancer only if they reconnect: on by default then.
  const reconnect = config.reconnect ?? (plansReconnection(cluster) ? { ...RECONNECT_DEFAULTS } : null);
  return { ...config, reconnect, sourceAddresses, cluster, ...withTls };
}

/** Why a client of this run has no one TCP socket to pause (--slow-readers); null when every client has. */
function unpausableSockets(transport: TransportName, variant: TransportVariant, client: ClientKind, namespaces: boolean): string | null {
  if (client !== 'library') return 'drop --client wire, whose clients it cannot reach';
  if (namespaces) return 'drop --namespaces, whose clients have one socket per namespace';
  if (transport === 'socketio' && variant.socketioTransports.join(',') !== 'websocket')
    return 'use --socketio-transports websocket (long-polling has no one socket)';
  if (transport === 'sockjs' && variant.sockjsTransports.join(',') !== 'websocket') return 'use --sockjs-transports websocket';
  return null;
}

/** --mode connect sends nothing but what the library sends: no message to size, no steady traffic. */
function rejectTrafficInConnectMode(input: RunOptionsInput, mode: RunMode): void {
  if (mode !== 'connect') return;
  if (input.messagesPerSecond !== undefined)
    throw new ConfigError('--mode connect sends no messages, so it cannot be used with --messages-per-second; use --mode echo for steady traffic');
  if (input.payloadBytes !== undefined) throw new ConfigError('--mode connect sends no messages, so --payload-bytes has nothing to size; drop it');
}

/** What several server processes cannot be combined with. */
function rejectClusterConflicts(config: Pick<RunConfig, 'stack' | 'restartServerAtMs' | 'mode'>, nodes: number): void {
  if (config.stack !== 'current')
    throw new ConfigError(
      `--nodes ${nodes} syncs its nodes through Redis adapters that exist on the current stack only; drop --stack ${config.stack} or --nodes`,
    );
  if (config.restartServerAtMs !== null)
    throw new ConfigError(
      `--restart-server-at restarts the one server of a run; with --nodes ${nodes} kill and restart a node instead: --kill node:0@10s,restart@11s`,
    );
  if (config.mode === 'idle')
    throw new ConfigError(
      `--mode idle measures the idle cost of one server process; with --nodes ${nodes} it is not measured per node yet: drop --nodes or the mode`,
    );
}

/** What the broadcast workload cannot be combined with. */
function rejectBroadcastConflicts(input: RunOptionsInput, hold: Pick<RunConfig, 'holdSeconds' | 'messagesPerSecond'>): void {
  if (hold.messagesPerSecond > 0)
    throw new ConfigError('--messages-per-second is steady echo traffic; --mode broadcast sends room messages instead (--publish-rate): drop one');
  if (hold.holdSeconds === 0) throw new ConfigError('--hold 0 leaves no time to publish: --mode broadcast publishes during the hold; give --hold in seconds');
  // Delivered / expected needs every member of every room: a shard sees only its own clients.
  if (input.shard !== undefined)
    throw new ConfigError('--shard cannot be used with --mode broadcast: delivered / expected needs every client of the run in one bench run');
}

/** The shard, checked against the run: every shard needs a client, and all of them one server that outlives them. */
function resolveShard(input: RunOptionsInput, clients: number): ShardSpec | null {
  if (input.shard === undefined) return null;
  const shard = parseShard(input.shard);
  if (shard.count > clients)
    throw new ConfigError(`--shard ${input.shard}: ${shard.count} shards need at least ${shard.count} clients; got --clients ${clients}`);
  if (input.target === undefined && input.agent === undefined) {
    throw new ConfigError(
      '--shard needs --agent or --target: every shard opens its clients against one server, which shard 0 starts through the agent, or which runs already',
    );
  }
  return shard;
}

function parseSourceAddresses(raw: string, config: Pick<RunConfig, 'transport' | 'variant'>): string[] {
  const facts = TRANSPORTS[config.transport];
  if (!facts.bindsSourceAddress(facts.clientTransports(config.variant))) {
    throw new ConfigError('--source-addresses works with ws and socketio only: their Node clients can bind a local address');
  }
  const addresses = raw.split(',').map((address) => address.trim());
  for (const address of addresses) {
    if (isIP(address) === 0) throw new ConfigError(`--source-addresses takes IP addresses separated by commas, e.g. 127.0.0.2,127.0.0.3; got "${address}"`);
  }
  return addresses;
}

/** How long the hold lasts, in ms: --hold, or longer when steady traffic (--duration) outlasts it. */
export function holdLengthMs(config: Pick<RunConfig, 'holdSeconds' | 'messagesPerSecond' | 'durationSeconds'>): number {
  return Math.max(config.holdSeconds, config.messagesPerSecond > 0 ? config.durationSeconds : 0) * 1000;
}

/**
 * The hold and its steady traffic. Traffic lasts --duration (default: the hold); the hold lasts
 * --hold, or --duration when only that is given. In idle mode --duration is the idle hold itself.
 */
function resolveHoldAndTraffic(input: RunOptionsInput, mode: RunMode): Pick<RunConfig, 'holdSeconds' | 'messagesPerSecond' | 'durationSeconds'> {
  const messagesPerSecond = input.messagesPerSecond === undefined ? 0 : parseDecimal('--messages-per-second', input.messagesPerSecond, 0.01, 100_000);
  if (mode === 'idle' && input.duration !== undefined && input.hold !== undefined) {
    throw new ConfigError('--mode idle: --duration is the idle hold, so give --duration or --hold, not both');
  }
  if (input.duration !== undefined && messagesPerSecond === 0 && mode !== 'idle') {
    throw new ConfigError('--duration sets how long steady traffic lasts, so it needs --messages-per-second');
  }
  const duration = input.duration === undefined ? null : parseDecimal('--duration', input.duration, 0.1, 86_400);
  const hold = input.hold === undefined ? (duration ?? RUN_DEFAULTS.holdSeconds) : parseDecimal('--hold', input.hold, 0, 86_400);
  return { holdSeconds: hold, messagesPerSecond, durationSeconds: duration ?? hold };
}
