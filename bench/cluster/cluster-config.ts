/**
 * The topology flags of `bench run` (--nodes, --lb, --adapter, --no-sticky, --kill), checked into
 * a ClusterConfig before anything starts. Light on purpose: the run command's --help imports it.
 */
import { ConfigError } from '../errors.js';
import { parseChoice, parseWholeNumber } from '../config/flag-parsers.js';
import type { TransportName } from '../../protocol/transports.js';
import { adaptersOf, brokerOf, defaultAdapter, type SyncAdapter } from '../../protocol/sync-adapters.js';
import { parseFaultFlags, parseScaleFlags, type FaultStep } from './fault-plan.js';

export const LB_CHOICES = ['nginx', 'haproxy', 'none'] as const;
/** What stands in front of the nodes; 'none': each client picks node (client id mod nodes). */
export type LoadBalancerName = (typeof LB_CHOICES)[number];
/** The load balancer of a run of several nodes when --lb is not given. */
export const DEFAULT_LB: LoadBalancerName = 'nginx';

export const MAX_NODES = 64;

/** The topology of a run of several server processes. Absent from run.json's config on one node. */
export interface ClusterConfig {
  nodes: number;
  lb: LoadBalancerName;
  /** How the nodes sync: Socket.IO's adapters (through Redis, PostgreSQL, NATS or node:cluster), or bench's relay over Redis pub/sub for ws and sockjs. */
  adapter: SyncAdapter;
  /** The load balancer keeps each client on one node (nginx: hash of the source address; haproxy: balance source). */
  sticky: boolean;
  /** Kills and restarts of components, nodes added to the pool and drained from it, in the order they happen; times from the start of the hold. */
  faults: FaultStep[];
}

/** The flags as commander hands them over. */
export interface ClusterFlags {
  nodes?: string;
  lb?: string;
  adapter?: string;
  /** commander's --no-sticky: false when given, true otherwise. */
  sticky?: boolean;
  kill?: string[];
  addNodeAt?: string;
  drain?: string[];
  host?: string;
  target?: string;
  agent?: string;
  shard?: string;
}

/** The topology, or null for today's single server; `holdMs` is the longest a fault may wait. */
export function resolveClusterConfig(flags: ClusterFlags, transport: TransportName, holdMs: number): ClusterConfig | null {
  const nodes = flags.nodes === undefined ? 1 : parseWholeNumber('--nodes', flags.nodes, 1, MAX_NODES);
  if (nodes === 1) {
    const clusterOnly: Array<[string, unknown]> = [
      ['--lb', flags.lb],
      ['--adapter', flags.adapter],
      ['--no-sticky', flags.sticky === false ? true : undefined],
      ['--kill', flags.kill],
      ['--add-node-at', flags.addNodeAt],
      ['--drain', flags.drain],
    ];
    for (const [flag, value] of clusterOnly) {
      if (value !== undefined) throw new ConfigError(`${flag} configures a run of several server processes, so it needs --nodes 2 or more`);
    }
    return null;
  }
  for (const [flag, value] of [
    ['--target', flags.target],
    ['--agent', flags.agent],
    ['--shard', flags.shard],
  ] as const) {
    if (value !== undefined)
      throw new ConfigError(`--nodes ${nodes} starts its servers, Redis and load balancer on this machine, so it cannot be combined with ${flag}`);
  }
  if (flags.host !== undefined && flags.host !== '127.0.0.1') {
    throw new ConfigError(`--nodes ${nodes} runs every component on 127.0.0.1, where the load balancer and Redis reach the nodes; drop --host ${flags.host}`);
  }
  const lb = flags.lb === undefined ? DEFAULT_LB : parseChoice('--lb', flags.lb, LB_CHOICES);
  if (flags.sticky === false && lb === 'none') {
    throw new ConfigError(
      "--no-sticky turns off the load balancer's stickiness, but --lb none routes each client by its id, always to the same node; use --lb nginx or haproxy",
    );
  }
  const adapter = resolveAdapter(flags.adapter, transport);
  const kills = parseFaultFlags(flags.kill ?? [], nodes, holdMs, brokerOf(adapter));
  const scaling = parseScaleFlags(flags, nodes, holdMs);
  if (scaling.length > 0 && lb === 'none') {
    throw new ConfigError(
      `${flags.addNodeAt !== undefined ? '--add-node-at' : '--drain'} changes the load balancer's pool, and --lb none has none: each client picks its node by id; use --lb nginx or haproxy`,
    );
  }
  if (nodes + (flags.addNodeAt === undefined ? 0 : 1) > MAX_NODES) throw new ConfigError(`--add-node-at would make ${nodes + 1} nodes; at most ${MAX_NODES}`);
  const drainedAndKilled = scaling.find((step) => kills.some((kill) => kill.component === step.component));
  if (drainedAndKilled !== undefined) throw new ConfigError(`--drain and --kill both name ${drainedAndKilled.component}; give it one of them`);
  return {
    nodes,
    lb,
    adapter,
    sticky: flags.sticky !== false,
    faults: [...kills, ...scaling].sort((a, b) => a.atMs - b.atMs),
  };
}

function resolveAdapter(raw: string | undefined, transport: TransportName): SyncAdapter {
  if (transport !== 'socketio') {
    if (raw !== undefined)
      throw new ConfigError(
        `--adapter chooses Socket.IO's adapter, so it applies to --transport socketio only; ${transport} nodes sync through bench's relay over Redis pub/sub`,
      );
    return defaultAdapter(transport);
  }
  return raw === undefined ? defaultAdapter(transport) : parseChoice('--adapter', raw, adaptersOf(transport));
}
