/** Socket.IO echo server: event "message" with one string argument, echoed to its sender. */
import { Server } from 'socket.io';
import { MAX_PAYLOAD_BYTES } from '../protocol/messages.js';
import type { ServerModule } from './server-module.js';

export const socketioServerModule: ServerModule = {
  attach(httpServer, options, behaviour) {
    // Both engine.io transports are accepted so any client variant can connect; the client's
    // --socketio-transports decides which one a run measures.
    const io = new Server(httpServer, {
      transports: ['polling', 'websocket'],
      perMessageDeflate: options.perMessageDeflate,
      serveClient: false,
      // Its default (1e6 bytes) would cut off only Socket.IO clients near the top of --payload-bytes;
      // twice the largest payload leaves room for packet framing and a polling batch.
      maxHttpBufferSize: 2 * MAX_PAYLOAD_BYTES,
    });
    io.on('connection', (socket) => {
      const hooks = behaviour.accept((payload) => socket.emit('message', payload));
      socket.on('message', (payload: unknown) => hooks.receive(payload));
      socket.on('disconnect', () => hooks.release());
    });
    return {
      closeConnections: async () => {
        io.disconnectSockets(true);
        io.engine.close();
      },
    };
  },
};
