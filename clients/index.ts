/**
 * How to load the client driver of each transport named in protocol/transports.ts; the type makes a
 * new transport need one here. A worker loads only its own transport's library: the others would
 * cost it memory and start-up time for nothing.
 */
import type { TransportName } from '../protocol/transports.js';
import type { ClientDriver } from './client-driver.js';

export const CLIENT_DRIVERS: Record<TransportName, () => Promise<ClientDriver>> = {
  ws: async () => (await import('./ws-client.js')).wsClientDriver,
  socketio: async () => (await import('./socketio-client.js')).socketioClientDriver,
  sockjs: async () => (await import('./sockjs-client.js')).sockjsClientDriver,
};
