/** The server module for each transport named in protocol/transports.ts; the type makes a new transport need one here. */
import type { TransportName } from '../protocol/transports.js';
import type { ServerModule } from './server-module.js';
import { socketioServerModule } from './socketio-server.js';
import { sockjsServerModule } from './sockjs-server.js';
import { wsServerModule } from './ws-server.js';

export const SERVER_MODULES: Record<TransportName, ServerModule> = {
  ws: wsServerModule,
  socketio: socketioServerModule,
  sockjs: sockjsServerModule,
};
