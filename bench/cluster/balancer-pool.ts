/**
 * The load balancer's pool while a run changes it (--add-node-at, --drain): nginx takes a rewritten
 * config on SIGHUP (new workers with the new pool, whose start bench waits for; the old ones keep
 * their open connections until those close), HAProxy enables and disables a node through its admin
 * socket, at once.
 */
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ExternalProcess } from './external-process.js';
import { listProcStats } from '../run/proc-stat.js';
import { processTreeOf } from '../run/process-tree.js';
import { haproxyCommand } from './haproxy-component.js';
import { nginxPoolConfig, type LoadBalancerSettings } from './nginx-component.js';

/** How long nginx may take to start workers with the new pool after SIGHUP. */
const NGINX_RELOAD_TIMEOUT_MS = 5000;
const POLL_MS = 25;

/** PIDs of nginx's workers, old and new: the master's process tree without the master. */
function workersOf(master: number): Set<number> {
  const tree = processTreeOf(master, listProcStats(), (stat) => stat.command);
  return new Set(tree.map((member) => member.pid).filter((pid) => pid !== master));
}

/** Where HAProxy's admin socket lives: under the system's temp folder, since a socket's path is limited to 107 bytes. */
export function haproxyAdminSocket(lbPort: number): string {
  return path.join(os.tmpdir(), `bench-haproxy-${process.pid}-${lbPort}.sock`);
}

/** The pool of a running balancer. */
export class BalancerPool {
  constructor(
    private readonly lb: ExternalProcess,
    private readonly kind: 'nginx' | 'haproxy',
    private readonly settings: LoadBalancerSettings,
    private readonly runDir: string,
  ) {}

  /** Puts node `index` in the pool or takes it out, and resolves once the balancer applied it. */
  async set(index: number, inPool: boolean): Promise<void> {
    const pool = this.settings.nodePorts.map((_port, node) => (node === index ? inPool : (this.settings.pool?.[node] ?? true)));
    this.settings.pool = pool;
    if (this.kind === 'haproxy') {
      await haproxyCommand(this.settings.adminSocket as string, `${inPool ? 'enable' : 'disable'} server bench_nodes/node${index}`);
      return;
    }
    // The pool is applied once the master has started new workers: it does so only for a config it
    // accepted, and keeps the old pool (and workers) for one it refused.
    const before = workersOf(this.lb.pid);
    this.lb.reload(nginxPoolConfig(this.settings, this.runDir), 'SIGHUP');
    const deadline = Date.now() + NGINX_RELOAD_TIMEOUT_MS;
    while (![...workersOf(this.lb.pid)].some((pid) => !before.has(pid))) {
      if (Date.now() > deadline)
        throw new Error(`nginx did not start workers with the new pool within ${NGINX_RELOAD_TIMEOUT_MS / 1000} s${this.lb.logTail()}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** The port node `index` listens on (or will, for the node --add-node-at starts). */
  portOf(index: number): number {
    const port = this.settings.nodePorts[index];
    if (port === undefined) throw new Error(`node:${index} has no port in the balancer's pool`);
    return port;
  }

  /** Removes the admin socket HAProxy leaves behind. */
  cleanup(): void {
    if (this.settings.adminSocket !== undefined) rmSync(this.settings.adminSocket, { force: true });
  }
}
