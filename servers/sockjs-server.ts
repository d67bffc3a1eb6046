/** SockJS echo server: sockjs-node mounted at /echo on a node:http server. */
import sockjs from 'sockjs';
import { SOCKJS_PREFIX } from '../protocol/transports.js';
import type { ServerModule } from './server-module.js';

export const sockjsServerModule: ServerModule = {
  attach(httpServer, _options, behaviour) {
    const open = new Set<sockjs.Connection>();
    const service = sockjs.createServer({ prefix: SOCKJS_PREFIX, log: () => undefined });
    service.on('connection', (connection: sockjs.Connection | null) => {
      // sockjs emits a null connection when a session is aborted before it opens.
      if (!connection) return;
      open.add(connection);
      const hooks = behaviour.accept((payload) => connection.write(String(payload)));
      connection.on('data', (message: string) => hooks.receive(message));
      connection.on('close', () => {
        open.delete(connection);
        hooks.release();
      });
    });
    service.installHandlers(httpServer, { prefix: SOCKJS_PREFIX });
    return {
      closeConnections: async () => {
        for (const connection of open) connection.close();
        open.clear();
      },
    };
  },
};
