/**
 * The load balancer's pool while a run changes it (--add-node-at, --drain): nginx takes a rewritten
 * config on SIGHUP (new workers with the new pool; the old ones keep their open connections until
 * those close), HAProxy enables and disables a node through its admin socket, at once.
 */
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ExternalProcess } from './external-process.js';
import { haproxyCommand } from './haproxy-component.js';
import { nginxPoolConfig, type LoadBalancerSettings } from './nginx-component.js';

/** nginx reloads on its own time after SIGHUP: what bench waits before it takes the new pool as applied. */
const NGINX_RELOAD_SETTLE_MS = 500;

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
    this.lb.reload(nginxPoolConfig(this.settings, this.runDir), 'SIGHUP');
    await new Promise((resolve) => setTimeout(resolve, NGINX_RELOAD_SETTLE_MS));
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
