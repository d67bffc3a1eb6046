/** The broker a run's adapter syncs through, as a component: its spec and the URL its nodes connect to. */
import type { BrokerName } from '../../protocol/sync-adapters.js';
import type { ComponentSpec } from './external-process.js';
import { natsComponent } from './nats-component.js';
import { POSTGRES_BINARIES, postgresComponent, postgresUrl } from './postgres-component.js';
import { redisComponent } from './redis-component.js';
import { amqpUrl, RABBITMQ_BINARIES, rabbitmqComponent } from './rabbitmq-component.js';

/** A broker to start: what ExternalProcess runs, and where the nodes find it. */
export interface BrokerPlan {
  spec: ComponentSpec;
  url: string;
}

/** The broker `name` for `nodes` nodes on ports `freePort` gives, its files in `runDir`. */
export async function brokerPlan(name: BrokerName, freePort: () => Promise<number>, runDir: string, nodes: number): Promise<BrokerPlan> {
  // Each node holds a few connections (node-redis: pub and sub; pg: a pool of up to 4), with room for probes and restarts.
  const connections = nodes * 16 + 64;
  const port = await freePort();
  switch (name) {
    case 'redis':
      return { spec: redisComponent(port, runDir, connections), url: `redis://127.0.0.1:${port}` };
    case 'postgres':
      return { spec: postgresComponent(port, runDir, connections), url: postgresUrl(port) };
    case 'nats':
      return { spec: natsComponent(port, connections), url: `nats://127.0.0.1:${port}` };
    case 'rabbitmq':
      return { spec: rabbitmqComponent({ amqp: port, distribution: await freePort(), epmd: await freePort() }, runDir), url: amqpUrl(port) };
  }
}

/** The binary each broker needs, for the check before anything starts. */
export const BROKER_BINARIES: Readonly<Record<BrokerName, Array<{ binary: string; aptPackage: string }>>> = {
  redis: [{ binary: 'redis-server', aptPackage: 'redis-server' }],
  postgres: POSTGRES_BINARIES,
  nats: [{ binary: 'nats-server', aptPackage: 'nats-server' }],
  rabbitmq: RABBITMQ_BINARIES,
};
