/** The client driver loader of each transport named in protocol/transports.ts; the type makes a new transport need one here. */
import type { Loaded } from '../protocol/load-library.js';
import type { StackName } from '../protocol/stacks.js';
import type { TransportName } from '../protocol/transports.js';
import type { ClientDriver } from './client-driver.js';
import { loadSocketioClientDriver } from './socketio-client.js';
import { loadSockjsClientDriver } from './sockjs-client.js';
import { loadWsClientDriver } from './ws-client.js';

export const CLIENT_DRIVER_LOADERS: Record<TransportName, (stack: StackName) => Promise<Loaded<ClientDriver>>> = {
  ws: loadWsClientDriver,
  socketio: loadSocketioClientDriver,
  sockjs: loadSockjsClientDriver,
};
