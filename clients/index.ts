/** The client driver for each transport named in protocol/transports.ts; the type makes a new transport need one here. */
import type { TransportName } from '../protocol/transports.js';
import type { ClientDriver } from './client-driver.js';
import { socketioClientDriver } from './socketio-client.js';
import { sockjsClientDriver } from './sockjs-client.js';
import { wsClientDriver } from './ws-client.js';

export const CLIENT_DRIVERS: Record<TransportName, ClientDriver> = {
  ws: wsClientDriver,
  socketio: socketioClientDriver,
  sockjs: sockjsClientDriver,
};
