/**
 * nginx as the load balancer: websocket upgrades proxied, every path under the run folder (nginx
 * run as root would otherwise switch its workers to nobody, who cannot write there), in the foreground.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ComponentSpec } from './external-process.js';
import { acceptsConnections } from './probes.js';
import { nginxTlsPaths, writeNginxTlsFiles } from './lb-tls-files.js';
import type { ServerTls } from '../../protocol/messages.js';

/** What the nginx config is made of. */
export interface LoadBalancerSettings {
  port: number;
  nodePorts: number[];
  sticky: boolean;
  /** nginx worker processes (each holds its own open-file limit). */
  workers: number;
  /** Open-file limit of each worker process. */
  fileLimit: number;
  /**
   * A node kill is planned: a new connection the balancer cannot open to its node goes to another
   * (nginx: proxy_next_upstream; HAProxy: health checks), so the killed node's clients come back.
   */
  failover: boolean;
  /** --tls: the balancer ends TLS with this certificate and the nodes behind it speak plain HTTP; absent or null: plain. */
  tls?: ServerTls | null;
  /** Which of nodePorts are in the pool now (--add-node-at, --drain change it); absent: all of them. */
  pool?: readonly boolean[];
  /** HAProxy's admin socket, through which the pool is changed without a reload; absent: none. */
  adminSocket?: string;
}

/** The ports of the nodes in the pool. */
export function poolPorts(settings: Pick<LoadBalancerSettings, 'nodePorts' | 'pool'>): number[] {
  return settings.nodePorts.filter((_port, index) => settings.pool?.[index] ?? true);
}

const TEMP_FOLDER = 'nginx-temp';
const TEMP_PATHS = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'] as const;

/** Descriptors a worker keeps for itself (listening sockets, logs, event fds). */
export const NGINX_WORKER_FILE_MARGIN = 64;

/**
 * The config text. Sticky: `hash $remote_addr`, so each source address (bench spreads clients over
 * 127.0.0.x) keeps its node. Not `ip_hash`: it hashes only the first three octets of an IPv4
 * address, so all of 127.0.0.x would land on one node. Not `consistent` either: over the few dozen
 * addresses of a run its ring is lumpy (one of 4 nodes got no client of 5,000 from 16 addresses);
 * `max_fails=0` keeps every node in the map, so a node killed during the run moves nobody else.
 * With failover, a connection refused by a killed node is passed to the next node the hash picks
 * (the node stays in the map: every new connection to it tries it first).
 */
export function nginxConfig(settings: LoadBalancerSettings, runDir: string, runAsRoot: boolean): string {
  const temp = (name: string): string => path.join(runDir, TEMP_FOLDER, name);
  const balance = settings.sticky ? '    hash $remote_addr;\n' : '';
  // A pool change rewrites this file and reloads nginx: new workers take the new pool, old ones keep their connections.
  const servers = poolPorts(settings)
    .map((port) => `    server 127.0.0.1:${port} max_fails=0;\n`)
    .join('');
  const tlsFiles = settings.tls ? nginxTlsPaths(runDir) : null;
  const ssl = tlsFiles ? ' ssl' : '';
  const certificate = tlsFiles ? `    ssl_certificate ${tlsFiles.certFile};\n    ssl_certificate_key ${tlsFiles.keyFile};\n` : '';
  return `# Written by bench for one run; started as: nginx -p <run folder> -c nginx.conf
daemon off;
master_process on;
${runAsRoot ? 'user root root;\n' : ''}worker_processes ${settings.workers};
worker_rlimit_nofile ${settings.fileLimit};
pid ${path.join(runDir, 'nginx.pid')};
error_log stderr warn;
events {
  worker_connections ${Math.max(1024, settings.fileLimit - NGINX_WORKER_FILE_MARGIN)};
  multi_accept on;
}
http {
  access_log off;
${TEMP_PATHS.map((name) => `  ${name}_temp_path ${temp(name)};`).join('\n')}
  map $http_upgrade $connection_upgrade {
    default upgrade;
    '' close;
  }
  upstream bench_nodes {
${balance}${servers}  }
  server {
    listen 127.0.0.1:${settings.port}${ssl} reuseport backlog=4096;
${certificate}    location / {
      proxy_pass http://bench_nodes;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host;
      proxy_buffering off;
      proxy_read_timeout 1h;
      proxy_send_timeout 1h;
      proxy_next_upstream ${settings.failover ? 'error timeout' : 'off'};
    }
  }
}
`;
}

function runsAsRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** The config of a changed pool, for the reload that applies it. */
export function nginxPoolConfig(settings: LoadBalancerSettings, runDir: string): string {
  return nginxConfig(settings, runDir, runsAsRoot());
}

/** The spec of nginx on `settings.port`; its log goes to nginx.log in the run folder. */
export function nginxComponent(settings: LoadBalancerSettings, runDir: string): ComponentSpec {
  return {
    name: 'nginx',
    binary: 'nginx',
    aptPackage: 'nginx',
    configFile: 'nginx.conf',
    config: nginxConfig(settings, runDir, runsAsRoot()),
    args: (configPath) => ['-p', runDir, '-c', configPath, '-e', 'stderr'],
    port: settings.port,
    prepare: (dir) => {
      for (const name of TEMP_PATHS) mkdirSync(path.join(dir, TEMP_FOLDER, name), { recursive: true });
      if (settings.tls) writeNginxTlsFiles(dir, settings.tls);
    },
    answers: acceptsConnections,
  };
}
