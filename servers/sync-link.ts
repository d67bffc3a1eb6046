/**
 * A server's link to the other nodes of its run (ServerOptions.sync): the adapter Socket.IO takes,
 * or the room relay of ws and sockjs. Each adapter's client is loaded in the server process only,
 * and only when sync is set: Redis in redis-sync.ts, PostgreSQL in postgres-sync.ts, NATS in
 * nats-sync.ts, RabbitMQ in amqp-sync.ts, node:cluster in cluster-sync.ts.
 */
import type { ServerSync } from '../protocol/messages.js';
import type { TransportName } from '../protocol/transports.js';
import { adapterServes } from '../protocol/sync-adapters.js';
import type { SyncLink } from './sync-types.js';

/** Connects to the adapter's broker (if it has one) and builds the link for `transport`; throws a one-line error when that fails. */
export async function connectSync(sync: ServerSync, transport: TransportName): Promise<SyncLink> {
  if (!adapterServes(sync.adapter, transport)) throw new Error(`the ${sync.adapter} adapter does not serve the ${transport} transport`);
  switch (sync.adapter) {
    case 'redis':
    case 'redis-streams':
    case 'relay':
      return (await import('./redis-sync.js')).connectRedisSync(sync);
    case 'postgres':
      return (await import('./postgres-sync.js')).connectPostgresSync(sync);
    case 'nats':
      return (await import('./nats-sync.js')).connectNatsSync(sync);
    case 'amqp':
      return (await import('./amqp-sync.js')).connectAmqpSync(sync);
    case 'cluster':
      return (await import('./cluster-sync.js')).connectClusterSync();
  }
}
