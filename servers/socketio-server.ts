/** Socket.IO echo server: event "message" with one string argument, echoed to its sender. */
import type { Server, ServerOptions as SocketioServerOptions } from 'socket.io';
import type { StackName } from '../protocol/stacks.js';
import { loadLibrary, type Loaded } from '../protocol/load-library.js';
import { MAX_PAYLOAD_BYTES } from '../protocol/messages.js';
import type { ServerModule } from './server-module.js';

type ServerClass = new (httpServer: unknown, options: Partial<SocketioServerOptions>) => Server;

/** What differs between Socket.IO 2 and 4 for this server: how every socket is disconnected at once. */
interface SocketioServerApi {
  Server: ServerClass;
  disconnectAll(io: Server): void;
}

const API_BY_STACK: Record<StackName, (library: unknown) => SocketioServerApi> = {
  current: (library) => ({
    Server: (library as { Server: ServerClass }).Server,
    disconnectAll: (io) => io.disconnectSockets(true),
  }),
  // Socket.IO 2 exports the Server function itself and keeps sockets in an object by id.
  '2020': (library) => ({
    Server: library as ServerClass,
    disconnectAll: (io) => {
      const sockets = (io.sockets as unknown as { sockets: Record<string, { disconnect(close: boolean): void }> }).sockets;
      for (const socket of Object.values(sockets)) socket.disconnect(true);
    },
  }),
};

function socketioServerModule(api: SocketioServerApi): ServerModule {
  return {
    attach(httpServer, options, behaviour, sync) {
      // Both engine.io transports are accepted so any client variant can connect; the client's
      // --socketio-transports decides which one a run measures.
      const io = new api.Server(httpServer, {
        transports: ['polling', 'websocket'],
        perMessageDeflate: options.perMessageDeflate,
        serveClient: false,
        // Its default (1e6 bytes) would cut off only Socket.IO clients near the top of --payload-bytes;
        // twice the largest payload leaves room for packet framing and a polling batch.
        maxHttpBufferSize: 2 * MAX_PAYLOAD_BYTES,
        ...(options.heartbeat ? { pingInterval: options.heartbeat.pingIntervalMs, pingTimeout: options.heartbeat.pingTimeoutMs } : {}),
      });
      // The adapter must be in place before the first connection: it holds the rooms.
      if (sync?.socketioAdapter) io.adapter(sync.socketioAdapter as Parameters<Server['adapter']>[0]);
      io.on('connection', (socket) => {
        const hooks = behaviour.accept((payload) => socket.emit('message', payload), {
          join: (room) => void socket.join(room),
          // io.to(room) reaches every member, the sender included, on every node the adapter links.
          publish: (room, payload) => void io.to(room).emit('message', payload),
        });
        socket.on('message', (payload: unknown) => hooks.receive(payload));
        socket.on('disconnect', () => hooks.release());
      });
      return {
        closeConnections: async () => {
          api.disconnectAll(io);
          io.engine.close();
        },
      };
    },
  };
}

/** Loads the stack's socket.io. */
export async function loadSocketioServerModule(stack: StackName): Promise<Loaded<ServerModule>> {
  const { value, libraries } = await loadLibrary(stack, 'socket.io');
  return { value: socketioServerModule(API_BY_STACK[stack](value)), libraries };
}
