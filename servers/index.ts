/** The server module loader of each transport named in protocol/transports.ts; the type makes a new transport need one here. */
import type { Loaded } from '../protocol/load-library.js';
import type { StackName } from '../protocol/stacks.js';
import type { TransportName } from '../protocol/transports.js';
import type { ServerModule } from './server-module.js';
import { loadSocketioServerModule } from './socketio-server.js';
import { loadSockjsServerModule } from './sockjs-server.js';
import { loadWsServerModule } from './ws-server.js';

export const SERVER_MODULE_LOADERS: Record<TransportName, (stack: StackName) => Promise<Loaded<ServerModule>>> = {
  ws: loadWsServerModule,
  socketio: loadSocketioServerModule,
  sockjs: loadSockjsServerModule,
};
