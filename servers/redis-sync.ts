/**
 * A server's link to the other nodes of its run through Redis (ServerOptions.sync). Socket.IO gets
 * its own adapter (@socket.io/redis-adapter or @socket.io/redis-streams-adapter); ws and sockjs get
 * a relay over Redis pub/sub with the Redis adapter's semantics: the publishing node delivers to its
 * own members and publishes once, every other node delivers to its own members, a node ignores its
 * own publications, and while Redis is down a node still delivers locally. The Redis client and the
 * adapters are loaded here only, in the server process, only when sync is set.
 */
import { randomUUID } from 'node:crypto';
import { loadPackage } from '../protocol/load-library.js';
import type { ServerSync } from '../protocol/messages.js';
import {
  BROKER_CONNECT_TIMEOUT_MS,
  brokerUrlOf,
  closeWithinBound,
  isConnectionError,
  surviveLostBrokerConnections,
  withinTime,
  type RemoteDelivery,
  type RoomRelay,
  type SyncLink,
} from './sync-types.js';

/** The pub/sub channel of the ws and sockjs relay. */
export const RELAY_CHANNEL = 'bench-relay';

/** What this file uses of a node-redis client. */
interface RedisClient {
  on(event: 'error', listener: (error: Error) => void): unknown;
  connect(): Promise<unknown>;
  duplicate(): RedisClient;
  publish(channel: string, message: string): Promise<unknown>;
  subscribe(channel: string, listener: (message: string) => void): Promise<unknown>;
  close(): Promise<unknown>;
  destroy(): void;
}

type CreateClient = (options: { url: string; socket?: { connectTimeout?: number } }) => RedisClient;

async function connected(client: RedisClient, url: string): Promise<void> {
  try {
    await withinTime(
      client.connect(),
      BROKER_CONNECT_TIMEOUT_MS,
      `Redis at ${url} did not answer within ${BROKER_CONNECT_TIMEOUT_MS / 1000} s; start redis-server or check the Redis URL`,
    );
  } catch (error) {
    client.destroy();
    throw error;
  }
}

/** Connects to Redis and builds the link for `transport`; throws a one-line error when Redis cannot be reached. */
export async function connectRedisSync(sync: ServerSync): Promise<SyncLink> {
  const url = brokerUrlOf(sync);
  // @socket.io/redis-adapter 8.3 on node-redis 5 lets two errors of a lost connection escape: a
  // publish rejected by the reset connection (an unhandled rejection) and a socket-closed error
  // emitted where no listener waits (an uncaught exception). Each ended a node in 3 of 3 Redis
  // kills at 1,000 clients on 3 nodes. An outage of 5 s adds a third: a command queued while
  // offline rejected by its timeout (a TimeoutError), which ended a node in 1 of 1.
  surviveLostBrokerConnections('redis', isLostRedisConnection);
  const redis = await loadPackage('redis');
  const createClient = redis.value.createClient as CreateClient;
  // Reconnection is node-redis's default (back-off, commands queued while offline), as in the adapters' docs.
  const pub = createClient({ url, socket: { connectTimeout: BROKER_CONNECT_TIMEOUT_MS } });
  // An outage is measured, not fatal: without a listener node-redis would throw on every lost connection.
  pub.on('error', () => undefined);
  await connected(pub, url);
  const clients = [pub];
  // Graceful first: destroying a client rejects the commands an adapter still has in flight, which
  // it does not always catch (an unhandled rejection at exit). Destroyed after a bound all the same.
  const close = async (): Promise<void> => {
    await closeWithinBound(Promise.allSettled(clients.map((client) => client.close())));
    for (const client of clients) {
      try {
        client.destroy();
      } catch {
        // Already closed.
      }
    }
  };

  if (sync.adapter === 'redis-streams') {
    const adapter = await loadPackage('@socket.io/redis-streams-adapter');
    const createAdapter = adapter.value.createAdapter as (client: RedisClient) => unknown;
    return { socketioAdapter: createAdapter(pub), relay: null, libraries: [...redis.libraries, ...adapter.libraries], close };
  }

  const sub = pub.duplicate();
  sub.on('error', () => undefined);
  clients.push(sub);
  await connected(sub, url);
  if (sync.adapter === 'redis') {
    const adapter = await loadPackage('@socket.io/redis-adapter');
    const createAdapter = adapter.value.createAdapter as (pubClient: RedisClient, subClient: RedisClient) => unknown;
    return { socketioAdapter: createAdapter(pub, sub), relay: null, libraries: [...redis.libraries, ...adapter.libraries], close };
  }
  return { socketioAdapter: null, relay: await startRelay(pub, sub), libraries: redis.libraries, close };
}

/** The relay: one channel, each message tagged with the publishing process's id so it can skip its own. */
async function startRelay(pub: RedisClient, sub: RedisClient): Promise<RoomRelay> {
  const origin = randomUUID();
  let deliver: RemoteDelivery = () => undefined;
  await sub.subscribe(RELAY_CHANNEL, (message) => {
    let relayed: { from?: unknown; room?: unknown; payload?: unknown };
    try {
      relayed = JSON.parse(message) as typeof relayed;
    } catch {
      return; // Not one of ours: another program on the channel must not bring the server down.
    }
    const { from, room, payload } = relayed;
    if (from !== origin && typeof room === 'string' && typeof payload === 'string') deliver(room, payload);
  });
  return {
    publish(room, payload) {
      // A publish that fails (Redis gone for good) loses the message for the other nodes only; the
      // local members already have it. Counted by the receivers as not delivered.
      pub.publish(RELAY_CHANNEL, JSON.stringify({ from: origin, room, payload })).catch(() => undefined);
    },
    onRemote(next) {
      deliver = next;
    },
  };
}

/** A lost Redis connection, as node-redis reports it: its socket closed, reset under a command, or a command queued while offline timed out. */
function isLostRedisConnection(error: Error): boolean {
  const name = error.constructor.name;
  return name === 'SocketClosedUnexpectedlyError' || name === 'TimeoutError' || isConnectionError(error);
}
