/**
 * Checks, before any process starts, that the machine can hold the connections asked for, and
 * decides the open-file limit the server and worker processes get.
 */
import { spawnSync } from 'node:child_process';
import { EnvironmentError } from './errors.js';
import type { RunConfig } from './run-config.js';
import { readEphemeralPortRange, readFileLimit, readNrOpen } from './system-limits.js';

/** What the run must apply to its child processes, and what to tell the user. */
export interface PreflightResult {
  /** Open-file limit to set in each child process; null keeps the inherited one. */
  childFileLimit: number | null;
  notices: string[];
}

/** Descriptors besides sockets: node itself, pipes, log files. */
const FILE_MARGIN = 256;

/** Sockets one client holds while connected: polling transports keep a request and a send open. */
function socketsPerClient(config: RunConfig): number {
  if (config.transport === 'socketio') return config.variant.socketioTransports.includes('polling') ? 2 : 1;
  if (config.transport === 'sockjs') return config.variant.sockjsTransports.includes('websocket') ? 1 : 2;
  return 1;
}

/**
 * Largest number of files any one child process needs: the sockets of its clients, plus one
 * extra per handshake in flight (SockJS's /info request, engine.io's first poll).
 */
export function filesNeeded(config: RunConfig): number {
  const perClient = socketsPerClient(config);
  const perWorker = Math.ceil(config.clients / config.workers) * perClient + Math.ceil(config.concurrency / config.workers);
  const server = config.target === null ? config.clients * perClient + config.concurrency : 0;
  return Math.max(perWorker, server) + FILE_MARGIN;
}

/** True when this process may raise its hard open-file limit to `limit` (root with CAP_SYS_RESOURCE). */
function canRaiseHardLimit(limit: number): boolean {
  const probe = spawnSync('/bin/sh', ['-c', `ulimit -Hn ${limit}`], { stdio: 'ignore', timeout: 2000 });
  return probe.status === 0;
}

/** Runs every check; throws EnvironmentError with the fix when the run cannot succeed. */
export function runPreflight(config: RunConfig): PreflightResult {
  const notices: string[] = [];
  let childFileLimit: number | null = null;
  const needed = filesNeeded(config);
  const limit = readFileLimit();
  if (limit !== null && limit.soft < needed) {
    const nrOpen = readNrOpen() ?? Number.MAX_SAFE_INTEGER;
    if (limit.hard < needed && (needed > nrOpen || !canRaiseHardLimit(needed))) {
      throw new EnvironmentError(
        `the open-file limit is ${limit.soft} (hard ${limit.hard}) but ${config.clients} clients need about ${needed} in one process; ` +
          `raise the hard limit first (as root with CAP_SYS_RESOURCE: \`ulimit -Hn ${needed} && ulimit -n ${needed}\` in this shell, ` +
          `or nofile in /etc/security/limits.conf), then run again`,
      );
    }
    childFileLimit = limit.hard >= needed ? limit.hard : needed;
    notices.push(`raised the open-file limit of the server and workers from ${limit.soft} to ${childFileLimit} (about ${needed} needed)`);
  }

  const ports = readEphemeralPortRange();
  const addresses = Math.max(1, config.sourceAddresses.length);
  if (ports !== null) {
    const available = (ports.high - ports.low + 1) * addresses;
    const perClient = socketsPerClient(config);
    if (config.clients * perClient > available) {
      throw new EnvironmentError(
        `${config.clients} clients need about ${config.clients * perClient} source ports but the ephemeral range ${ports.low}-${ports.high} ` +
          `gives ${available} per server address; widen it with \`sysctl -w net.ipv4.ip_local_port_range="1024 65535"\` or use fewer clients`,
      );
    }
  }
  return { childFileLimit, notices };
}
