/**
 * Socket.IO nodes synced through NATS: @mickl/socket.io-nats-adapter (the most used NATS adapter
 * for Socket.IO 4) over one nats.js connection, publishing each broadcast as JSON on one subject
 * per namespace. NATS keeps no messages: a node that is cut off misses what was published meanwhile,
 * except what nats.js buffered on the publishing side until it reconnected.
 */
import { loadPackage } from '../protocol/load-library.js';
import type { ServerSync } from '../protocol/messages.js';
import { BROKER_CONNECT_TIMEOUT_MS, brokerUrlOf, closeWithinBound, type SyncLink } from './sync-types.js';

/** What this file uses of a nats.js connection. */
interface NatsConnection {
  close(): Promise<void>;
}
type Connect = (options: { servers: string; timeout: number; maxReconnectAttempts: number; name: string }) => Promise<NatsConnection>;

/** Connects to nats-server and builds the adapter. */
export async function connectNatsSync(sync: ServerSync): Promise<SyncLink> {
  const url = brokerUrlOf(sync);
  const nats = await loadPackage('nats');
  const connect = nats.value.connect as Connect;
  let connection: NatsConnection;
  try {
    // nats.js gives up after 10 reconnect attempts (about 20 s) by default and would then leave the
    // node cut off for good; a node reconnects for as long as it runs, as node-redis does.
    connection = await connect({ servers: url, timeout: BROKER_CONNECT_TIMEOUT_MS, maxReconnectAttempts: -1, name: `bench-node-${sync.nodeId}` });
  } catch (error) {
    throw new Error(`NATS at ${url} did not answer (${error instanceof Error ? error.message : String(error)}); start nats-server or check the URL`);
  }
  const adapter = await loadPackage('@mickl/socket.io-nats-adapter');
  const createAdapter = adapter.value.createAdapter as (connection: NatsConnection) => unknown;
  return {
    socketioAdapter: createAdapter(connection),
    relay: null,
    libraries: [...nats.libraries, ...adapter.libraries],
    close: () => closeWithinBound(connection.close()),
  };
}
