/** The broker a run's adapter syncs through, as a component: its spec and the URL its nodes connect to. */
import type { BrokerName } from '../../protocol/sync-adapters.js';
import type { ComponentSpec } from './external-process.js';
import { natsComponent } from './nats-component.js';
import { postgresComponent, postgresUrl } from './postgres-component.js';
import { redisComponent } from './redis-component.js';

/** A broker to start: what ExternalProcess runs, and where the nodes find it. */
export interface BrokerPlan {
  spec: ComponentSpec;
  url: string;
}

/** The broker `name` on `port` for `nodes` nodes, its files in `runDir`. */
export function brokerPlan(name: BrokerName, port: number, runDir: string, nodes: number): BrokerPlan {
  // Each node holds a few connections (node-redis: pub and sub; pg: a pool of up to 4), with room for probes and restarts.
  const connections = nodes * 16 + 64;
  switch (name) {
    case 'redis':
      return { spec: redisComponent(port, runDir, connections), url: `redis://127.0.0.1:${port}` };
    case 'postgres':
      return { spec: postgresComponent(port, runDir, connections), url: postgresUrl(port) };
    case 'nats':
      return { spec: natsComponent(port, connections), url: `nats://127.0.0.1:${port}` };
  }
}

/** The binary each broker needs, for the check before anything starts. */
export const BROKER_BINARIES: Readonly<Record<BrokerName, Array<{ binary: string; aptPackage: string }>>> = {
  redis: [{ binary: 'redis-server', aptPackage: 'redis-server' }],
  postgres: [
    { binary: 'initdb', aptPackage: 'postgresql' },
    { binary: 'postgres', aptPackage: 'postgresql' },
  ],
  nats: [{ binary: 'nats-server', aptPackage: 'nats-server' }],
};
