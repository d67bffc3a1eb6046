/** Plain WebSocket echo server: ws's WebSocketServer on a node:http server. */
import { WebSocketServer } from 'ws';
import type { ServerModule } from './server-module.js';

export const wsServerModule: ServerModule = {
  attach(httpServer, options, behaviour) {
    const wss = new WebSocketServer({ server: httpServer, perMessageDeflate: options.perMessageDeflate });
    // ws re-emits the http server's listen errors; startEchoServer reports those itself.
    wss.on('error', () => undefined);
    wss.on('connection', (socket) => {
      const hooks = behaviour.accept((payload) => socket.send(payload as string | Buffer));
      socket.on('message', (data, isBinary) => {
        hooks.receive(isBinary ? data : data.toString());
      });
      socket.on('close', () => hooks.release());
      socket.on('error', () => hooks.release());
    });
    return {
      closeConnections: () =>
        new Promise<void>((resolve) => {
          for (const socket of wss.clients) socket.terminate();
          wss.close(() => resolve());
        }),
    };
  },
};
