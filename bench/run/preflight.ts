/**
 * Checks, before any process starts, that the machine can hold the connections asked for, and
 * decides the open-file limit the server and worker processes get.
 */
import { EnvironmentError } from '../errors.js';
import type { RunConfig } from '../config/run-config.js';
import { readEphemeralPortRange, readSystemLimits, type SystemLimits } from './system-limits.js';
import { TRANSPORTS } from '../../protocol/transports.js';
import { clientShareOf } from './client-share.js';
import type { LoadBalancerPlan } from '../cluster/load-balancer-plan.js';
import { haproxyMaxConnections } from '../cluster/haproxy-component.js';
import { NGINX_WORKER_FILE_MARGIN } from '../cluster/nginx-component.js';

export { canRaiseHardLimit } from './system-limits.js';

/** What the run must apply to its child processes, and what to tell the user. */
export interface PreflightResult {
  /** Open-file limit to set in each child process; null keeps the inherited one. */
  childFileLimit: number | null;
  notices: string[];
  /** Local addresses the clients open connections from; empty lets the OS choose. */
  sourceAddresses: string[];
  /** Several nodes behind nginx or haproxy: how the load balancer is sized; null otherwise. */
  loadBalancer: LoadBalancerPlan | null;
}

/** Descriptors besides sockets: node itself, pipes, log files. */
const FILE_MARGIN = 256;

/** Sockets one client holds while connected: polling transports keep a request and a send open. */
function socketsPerClient(config: RunConfig): number {
  const facts = TRANSPORTS[config.transport];
  return facts.socketsPerClient(facts.clientTransports(config.variant));
}

/**
 * Largest number of files any one child process needs: the sockets of its clients, plus one
 * extra per handshake in flight (SockJS's /info request, engine.io's first poll).
 */
export function filesNeeded(config: RunConfig): number {
  const perClient = socketsPerClient(config);
  const perWorker = Math.ceil(clientShareOf(config).clientCount / config.workers) * perClient + Math.ceil(config.concurrency / config.workers);
  // With --target or --agent the server's sockets live on another machine, not in one of ours.
  const server = config.target === null && config.agent === null ? serverFilesNeeded(config) - FILE_MARGIN : 0;
  return Math.max(perWorker, server) + FILE_MARGIN;
}

/**
 * Files one server process needs for the clients of `config`: a socket per client and handshake,
 * plus the margin. With several nodes, each holds its share (exact with --lb none; a load
 * balancer's hash of source addresses is only about even, which the run's spread figure shows).
 */
export function serverFilesNeeded(config: RunConfig): number {
  const nodes = config.cluster?.nodes ?? 1;
  return Math.ceil((config.clients * socketsPerClient(config)) / nodes) + Math.ceil(config.concurrency / nodes) + FILE_MARGIN;
}

/** Most nginx workers bench starts: each is a process with its own open-file limit. */
const MAX_NGINX_WORKERS = 16;

/**
 * Sizes the load balancer in front of several nodes: it holds two descriptors per proxied
 * connection (client side and node side), within one process's open-file limit. nginx gets as
 * many workers as that needs; HAProxy is one process, so past its limit the run is refused.
 */
export function planLoadBalancer(config: RunConfig, limits: SystemLimits, notices: string[]): LoadBalancerPlan | null {
  const cluster = config.cluster;
  if (cluster === undefined || cluster.lb === 'none') return null;
  const fileLimit = Math.min(limits.fileLimit?.hard ?? 1024, limits.nrOpen ?? 1_048_576, 1_048_576);
  const connections = config.clients * socketsPerClient(config) + config.concurrency;
  if (cluster.lb === 'haproxy') {
    const most = haproxyMaxConnections(fileLimit);
    if (connections > most) {
      throw new EnvironmentError(
        `--lb haproxy: HAProxy is one process and holds two open files per proxied connection, so with the hard open-file limit of ${fileLimit} it proxies at most ${most} connections; ` +
          `${config.clients} clients need about ${connections}; use --lb nginx (several worker processes), --lb none, or fewer clients`,
      );
    }
    return { workers: 1, fileLimit };
  }
  const perWorker = Math.floor((fileLimit - NGINX_WORKER_FILE_MARGIN) / 2);
  const workers = Math.max(1, Math.ceil(connections / perWorker));
  if (workers > MAX_NGINX_WORKERS) {
    throw new EnvironmentError(
      `--lb nginx: ${config.clients} clients need about ${workers} nginx workers at ${perWorker} proxied connections each (hard open-file limit ${fileLimit}), more than the ${MAX_NGINX_WORKERS} bench starts; use --lb none or fewer clients`,
    );
  }
  if (workers > 1)
    notices.push(`nginx gets ${workers} worker processes: each proxies at most ${perWorker} connections within the open-file limit of ${fileLimit}`);
  return { workers, fileLimit };
}

/** Runs every check against `limits` (this machine's by default); throws EnvironmentError with the fix when the run cannot succeed. */
export function runPreflight(config: RunConfig, limits: SystemLimits = readSystemLimits()): PreflightResult {
  const notices: string[] = [];
  let childFileLimit: number | null = null;
  const needed = filesNeeded(config);
  const limit = limits.fileLimit;
  if (limit !== null && limit.soft < needed) {
    const nrOpen = limits.nrOpen ?? Number.MAX_SAFE_INTEGER;
    if (limit.hard < needed && (needed > nrOpen || !limits.canRaiseHardLimit(needed))) {
      throw new EnvironmentError(
        `the open-file limit is ${limit.soft} (hard ${limit.hard}) but ${clientShareOf(config).clientCount} clients need about ${needed} in one process; ` +
          `raise the hard limit first (as root with CAP_SYS_RESOURCE: \`ulimit -Hn ${needed} && ulimit -n ${needed}\` in this shell, ` +
          `or nofile in /etc/security/limits.conf), then run again`,
      );
    }
    childFileLimit = limit.hard >= needed ? limit.hard : needed;
    notices.push(`raised the open-file limit of the server and workers from ${limit.soft} to ${childFileLimit} (about ${needed} needed)`);
  }

  const sourceAddresses = chooseSourceAddresses(config, notices, limits.ephemeralPorts);
  const loadBalancer = planLoadBalancer(config, limits, notices);
  return { childFileLimit, notices, sourceAddresses, loadBalancer };
}

/** Source addresses a sticky load balancer hashes over, so that the clients reach every node: 16 per node (4 per node left one of 4 nodes empty behind nginx). */
const SOURCE_ADDRESSES_PER_NODE = 16;

function stickySpread(config: RunConfig): number {
  const cluster = config.cluster;
  if (cluster === undefined || cluster.lb === 'none' || !cluster.sticky) return 1;
  return supportsSourceAddresses(config) && targetsIpv4Loopback(config) ? Math.min(cluster.nodes * SOURCE_ADDRESSES_PER_NODE, 253) : 1;
}

/** A sticky load balancer hashes the source address: from one address every client lands on one node. */
function warnOneSourceAddress(config: RunConfig, notices: string[]): void {
  const cluster = config.cluster;
  if (cluster === undefined || cluster.lb === 'none' || !cluster.sticky) return;
  notices.push(
    `the ${config.transport} clients connect from one source address (their Node client cannot bind another here), so the sticky ${cluster.lb}, ` +
      'which hashes the source address, sends them all to one node; the spread figure shows it',
  );
}

/**
 * Source addresses for clients behind a load balancer, from 127.0.0.2: 127.0.0.1 is left to the
 * balancer's own connections to the nodes, which take their ports from it (a bound client port
 * and the balancer's would otherwise exhaust one range: EADDRINUSE). Each address is filled to half
 * its range at most, because bind() searches ever longer for a free port in a nearly full one;
 * a sticky balancer gets SOURCE_ADDRESSES_PER_NODE addresses per node to hash over.
 */
function balancedSourceAddresses(config: RunConfig, needed: number, portsPerAddress: number, notices: string[]): string[] {
  const count = Math.max(Math.ceil(needed / Math.floor(portsPerAddress / 2)), stickySpread(config));
  if (count > 253)
    throw new EnvironmentError(
      `${needed} client sockets need ${count} source addresses behind the load balancer, more than 127.0.0.2 to 127.0.0.254 give; use fewer clients`,
    );
  const addresses = Array.from({ length: count }, (_, index) => `127.0.0.${index + 2}`);
  notices.push(
    `spreading ${clientShareOf(config).clientCount} clients over ${describeAddresses(addresses)}; 127.0.0.1 is left to the load balancer's connections to the nodes`,
  );
  return addresses;
}

/** Transports whose Node client can bind a chosen local address. */
export function supportsSourceAddresses(config: RunConfig): boolean {
  const facts = TRANSPORTS[config.transport];
  return facts.bindsSourceAddress(facts.clientTransports(config.variant));
}

/** True when the clients connect to an IPv4 loopback address, where 127.0.0.2, ... reach it too. */
function targetsIpv4Loopback(config: RunConfig): boolean {
  if (config.agent !== null) return false;
  const host = config.target === null ? config.host : new URL(config.target).hostname;
  return host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * One source address gives one ephemeral port range of connections to a server address. Past
 * that, spread the clients over 127.0.0.1, 127.0.0.2, ... (or the --source-addresses given).
 */
export function chooseSourceAddresses(config: RunConfig, notices: string[], ports: SystemLimits['ephemeralPorts'] = readEphemeralPortRange()): string[] {
  if (ports === null) return config.sourceAddresses;
  const portsPerAddress = ports.high - ports.low + 1;
  const clients = clientShareOf(config).clientCount;
  const needed = clients * socketsPerClient(config);
  // Ports are per (source, destination): with --lb none each node's address is a destination of its own.
  const destinations = config.cluster?.lb === 'none' ? config.cluster.nodes : 1;
  const addressesNeeded = Math.ceil(needed / destinations / portsPerAddress);
  if (config.sourceAddresses.length > 0) {
    if (config.sourceAddresses.length < addressesNeeded) {
      throw new EnvironmentError(
        `${clients} clients need about ${needed} source ports, but ${config.sourceAddresses.length} source addresses give ` +
          `${config.sourceAddresses.length * portsPerAddress}; give at least ${addressesNeeded} with --source-addresses`,
      );
    }
    return config.sourceAddresses;
  }
  const behindBalancer = config.cluster !== undefined && config.cluster.lb !== 'none' && supportsSourceAddresses(config) && targetsIpv4Loopback(config);
  if (behindBalancer) return balancedSourceAddresses(config, needed, portsPerAddress, notices);
  if (addressesNeeded <= 1) {
    warnOneSourceAddress(config, notices);
    return [];
  }
  if (!supportsSourceAddresses(config) || !targetsIpv4Loopback(config) || addressesNeeded > 254) {
    throw new EnvironmentError(
      `${clients} clients need about ${needed} source ports but the ephemeral range ${ports.low}-${ports.high} gives ` +
        `${portsPerAddress} per source address, and bench can only spread ws and socketio clients over 127.0.0.x ` +
        `when the server is on 127.0.0.1; widen the range with \`sysctl -w net.ipv4.ip_local_port_range="1024 65535"\` or use fewer clients`,
    );
  }
  const addresses = Array.from({ length: addressesNeeded }, (_, index) => `127.0.0.${index + 1}`);
  notices.push(`spreading ${clients} clients over ${describeAddresses(addresses)}`);
  return addresses;
}

/** "one source address, 127.0.0.2", or "32 source addresses (127.0.0.2 to 127.0.0.33)". */
function describeAddresses(addresses: string[]): string {
  return addresses.length === 1 ? `one source address, ${addresses[0]}` : `${addresses.length} source addresses (${addresses[0]} to ${addresses.at(-1)})`;
}
