/** HAProxy as the load balancer: HTTP mode (websocket upgrades tunnel through), in the foreground. */
import { connect } from 'node:net';
import type { ComponentSpec } from './external-process.js';
import type { LoadBalancerSettings } from './nginx-component.js';
import { acceptsConnections } from './probes.js';
import { haproxyTlsPath, writeHaproxyTlsFile } from './lb-tls-files.js';

const ADMIN_TIMEOUT_MS = 2000;

/** Descriptors HAProxy keeps for itself besides two per proxied connection. */
const FILE_MARGIN = 100;

/** The most client connections one HAProxy process can proxy within `fileLimit` open files. */
export function haproxyMaxConnections(fileLimit: number): number {
  return Math.floor((fileLimit - FILE_MARGIN) / 2);
}

/**
 * The config text. Sticky: `balance source` (a hash of the client's address over a map of the
 * servers, HAProxy's default; `hash-type consistent` left one of 4 nodes with 468 of 5,000 clients
 * and another with 2,108), so each source address keeps its node. No health checks: the map never
 * changes, so a node killed during the run does not move the clients of the others. With a node
 * kill planned (failover) it does change: new connections, the killed node's reconnecting clients,
 * are hashed over the nodes still up; open websocket connections of the others stay where they are.
 */
export function haproxyConfig(settings: Omit<LoadBalancerSettings, 'workers'>, runDir = '.'): string {
  // Failover: a node that fails a connect check (every 250 ms) leaves the map until it passes one;
  // redispatch alone does not help, since `balance source` picks the same dead node again.
  const check = settings.failover ? ' check inter 250ms fall 1 rise 1' : '';
  // A node out of the pool is declared disabled; bench enables and disables nodes through the admin socket.
  const disabled = (index: number): string => (settings.pool?.[index] === false ? ' disabled' : '');
  const servers = settings.nodePorts.map((port, index) => `  server node${index} 127.0.0.1:${port}${check}${disabled(index)}\n`).join('');
  const admin = settings.adminSocket === undefined ? '' : `  stats socket ${settings.adminSocket} mode 600 level admin\n`;
  return `# Written by bench for one run; started as: haproxy -db -f haproxy.cfg
global
  maxconn ${haproxyMaxConnections(settings.fileLimit)}
${admin}defaults
  mode http
  timeout connect 5s
  timeout client 1h
  timeout server 1h
  timeout tunnel 1h
  timeout http-request 30s
frontend bench
  bind 127.0.0.1:${settings.port}${settings.tls ? ` ssl crt ${haproxyTlsPath(runDir)}` : ''}
  maxconn ${haproxyMaxConnections(settings.fileLimit)}
  default_backend bench_nodes
backend bench_nodes
${settings.sticky ? '  balance source\n' : '  balance roundrobin\n'}${servers}`;
}

/** The spec of HAProxy on `settings.port`; its output goes to haproxy.log in the run folder. */
export function haproxyComponent(settings: Omit<LoadBalancerSettings, 'workers'>, runDir: string): ComponentSpec {
  return {
    name: 'haproxy',
    binary: 'haproxy',
    aptPackage: 'haproxy',
    configFile: 'haproxy.cfg',
    config: haproxyConfig(settings, runDir),
    args: (configPath) => ['-db', '-f', configPath],
    port: settings.port,
    prepare: (dir) => {
      if (settings.tls) writeHaproxyTlsFile(dir, settings.tls);
    },
    answers: acceptsConnections,
  };
}

/** Sends one command to HAProxy's admin socket and resolves with its answer; rejects when HAProxy does not take it. */
export function haproxyCommand(socketPath: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    let reply = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`HAProxy's admin socket did not answer "${command}" within ${ADMIN_TIMEOUT_MS / 1000} s`));
    }, ADMIN_TIMEOUT_MS);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (reply += chunk));
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`HAProxy's admin socket: ${error.message}`));
    });
    socket.once('end', () => {
      clearTimeout(timer);
      // Commands that succeed answer with an empty line; a refusal says why.
      if (reply.trim().length === 0) resolve(reply);
      else reject(new Error(`HAProxy refused "${command}": ${reply.trim().split('\n')[0]}`));
    });
    socket.write(`${command}\n`);
  });
}
