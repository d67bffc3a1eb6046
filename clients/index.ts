/** The client driver loader of each transport named in protocol/transports.ts; the type makes a new transport need one here. */
import type { Loaded } from '../protocol/load-library.js';
import type { StackName } from '../protocol/stacks.js';
import type { TransportName } from '../protocol/transports.js';
import type { ClientDriver } from './client-driver.js';
import type { ClientKind } from '../protocol/client-kinds.js';
import { loadWireDriver } from './wire/wire-drivers.js';
import { loadSocketioClientDriver } from './socketio-client.js';
import { loadSockjsClientDriver } from './sockjs-client.js';
import { loadWsClientDriver } from './ws-client.js';

export const CLIENT_DRIVER_LOADERS: Record<TransportName, (stack: StackName) => Promise<Loaded<ClientDriver>>> = {
  ws: loadWsClientDriver,
  socketio: loadSocketioClientDriver,
  sockjs: loadSockjsClientDriver,
};

/** The driver a worker drives: the transport's library, or the wire client (--client wire). */
export function loadClientDriver(transport: TransportName, stack: StackName, client: ClientKind): Promise<Loaded<ClientDriver>> {
  return client === 'wire' ? loadWireDriver(transport, stack) : CLIENT_DRIVER_LOADERS[transport](stack);
}
