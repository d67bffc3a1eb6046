/** The adapters a synced server can use, the broker each needs, and which transport each serves. */
import type { TransportName } from './transports.js';

/**
 * Every adapter: Socket.IO's official ones (Redis, Redis Streams, Postgres, node:cluster), the
 * community NATS and AMQP (RabbitMQ) adapters, and bench's relay over Redis pub/sub for ws and sockjs.
 */
export const SYNC_ADAPTERS = ['redis', 'redis-streams', 'postgres', 'nats', 'amqp', 'cluster', 'relay'] as const;
/** One of the adapters a synced server can use (ServerOptions.sync.adapter). */
export type SyncAdapter = (typeof SYNC_ADAPTERS)[number];

/** The broker processes bench can start for a run; the cluster adapter needs none (its primary relays). */
export const BROKERS = ['redis', 'postgres', 'nats', 'rabbitmq'] as const;
/** A broker process: redis-server, PostgreSQL, nats-server or RabbitMQ. */
export type BrokerName = (typeof BROKERS)[number];

interface AdapterFacts {
  /** The package, as the flags' help names it. */
  description: string;
  /** The broker it syncs through; null for the cluster adapter, whose primary process relays. */
  broker: BrokerName | null;
}

const ADAPTERS: Readonly<Record<SyncAdapter, AdapterFacts>> = {
  redis: { description: '@socket.io/redis-adapter', broker: 'redis' },
  'redis-streams': { description: '@socket.io/redis-streams-adapter', broker: 'redis' },
  postgres: { description: '@socket.io/postgres-adapter on PostgreSQL', broker: 'postgres' },
  nats: { description: '@mickl/socket.io-nats-adapter on nats-server', broker: 'nats' },
  amqp: { description: 'ms-socket.io-adapter-amqp on RabbitMQ', broker: 'rabbitmq' },
  cluster: { description: '@socket.io/cluster-adapter: nodes as node:cluster workers, no broker', broker: null },
  relay: { description: "bench's relay over Redis pub/sub", broker: 'redis' },
};

/** The broker `adapter` syncs through, or null (cluster). */
export function brokerOf(adapter: SyncAdapter): BrokerName | null {
  return ADAPTERS[adapter].broker;
}

/** The adapter a transport uses when none is named: @socket.io/redis-adapter for socketio, the relay for the others. */
export function defaultAdapter(transport: TransportName): SyncAdapter {
  return transport === 'socketio' ? 'redis' : 'relay';
}

/** Whether `adapter` serves `transport`. */
export function adapterServes(adapter: SyncAdapter, transport: TransportName): boolean {
  return transport === 'socketio' ? adapter !== 'relay' : adapter === 'relay';
}

/** The adapters that serve `transport`, as a flag's error lists them. */
export function adaptersOf(transport: TransportName): SyncAdapter[] {
  return SYNC_ADAPTERS.filter((adapter) => adapterServes(adapter, transport));
}

/** The adapters that serve `transport` as a flag's help lists them: "redis (@socket.io/redis-adapter), ... or cluster (...)". */
export function adapterChoices(transport: TransportName): string {
  const choices = adaptersOf(transport).map((adapter) => `${adapter} (${ADAPTERS[adapter].description})`);
  return choices.length < 2 ? choices.join('') : `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`;
}
