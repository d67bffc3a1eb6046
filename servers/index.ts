/**
 * How to load the server module of each transport named in protocol/transports.ts; the type makes a
 * new transport need one here. A server process loads only its own transport's library, so the
 * others are not part of the RSS it is measured by.
 */
import type { TransportName } from '../protocol/transports.js';
import type { ServerModule } from './server-module.js';

export const SERVER_MODULES: Record<TransportName, () => Promise<ServerModule>> = {
  ws: async () => (await import('./ws-server.js')).wsServerModule,
  socketio: async () => (await import('./socketio-server.js')).socketioServerModule,
  sockjs: async () => (await import('./sockjs-server.js')).sockjsServerModule,
};
