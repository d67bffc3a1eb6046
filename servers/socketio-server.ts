/** Socket.IO echo server: event "message" with one string argument, echoed to its sender. */
import type { Server, ServerOptions as SocketioServerOptions, Socket } from 'socket.io';
import { NAMESPACE_PATTERN } from '../protocol/namespaces.js';
import type { StackName } from '../protocol/stacks.js';
import { stackNames } from '../protocol/stack-spec.js';
import { loadLibrary, type Loaded } from '../protocol/load-library.js';
import { MAX_PAYLOAD_BYTES } from '../protocol/messages.js';
import type { ServerModule } from './server-module.js';

type ServerClass = new (httpServer: unknown, options: Partial<SocketioServerOptions>) => Server;

/** What differs between Socket.IO releases for this server: its Server class, how every socket is disconnected at once, and its ws engine. */
interface SocketioServerApi {
  Server: ServerClass;
  disconnectAll(io: Server): void;
  /** A ws engine other than engine.io's own ws (eiows, named in the stack), or undefined. */
  wsEngine: unknown;
}

/**
 * Socket.IO 3 and later export Server; 2 exports the Server function itself. 4 disconnects every
 * socket with disconnectSockets; before it, sockets are kept by id (an object in 2, a Map in 3).
 */
function apiOf(library: unknown, wsEngine: unknown): SocketioServerApi {
  const exported = library as { Server?: ServerClass };
  return {
    Server: typeof exported.Server === 'function' ? exported.Server : (library as ServerClass),
    disconnectAll: (io) => {
      if (typeof io.disconnectSockets === 'function') {
        io.disconnectSockets(true);
        return;
      }
      const sockets = (io.sockets as unknown as { sockets: Map<string, Disconnectable> | Record<string, Disconnectable> }).sockets;
      for (const socket of sockets instanceof Map ? sockets.values() : Object.values(sockets)) socket.disconnect(true);
    },
    wsEngine,
  };
}

/** Closes the adapter of every namespace (socket.io 3 and later keep them in _nsps; sync runs on the current stack only). */
function closeAdapters(io: Server): void {
  const namespaces = (io as unknown as { _nsps?: Map<string, { adapter: { close?: () => unknown } }> })._nsps;
  for (const namespace of namespaces?.values() ?? []) {
    try {
      void Promise.resolve(namespace.adapter.close?.()).catch(() => undefined);
    } catch {
      // Closing is best effort: the process ends after it.
    }
  }
}

interface Disconnectable {
  disconnect(close: boolean): void;
}

function socketioServerModule(api: SocketioServerApi): ServerModule {
  return {
    attach(httpServer, options, behaviour, sync) {
      // Both engine.io transports are accepted so any client variant can connect; the client's
      // --socketio-transports decides which one a run measures.
      const io = new api.Server(httpServer, {
        transports: ['polling', 'websocket'],
        // 'library': no option, so the release's own default holds (socket.io 2.3 deflates, 2.4 and later do not).
        ...(options.perMessageDeflate === 'library' ? {} : { perMessageDeflate: options.perMessageDeflate }),
        serveClient: false,
        // Its default (1e6 bytes) would cut off only Socket.IO clients near the top of --payload-bytes;
        // twice the largest payload leaves room for packet framing and a polling batch.
        maxHttpBufferSize: 2 * MAX_PAYLOAD_BYTES,
        ...(api.wsEngine === undefined ? {} : { wsEngine: api.wsEngine as SocketioServerOptions['wsEngine'] }),
        ...(options.heartbeat ? { pingInterval: options.heartbeat.pingIntervalMs, pingTimeout: options.heartbeat.pingTimeoutMs } : {}),
      });
      // The adapter must be in place before the first connection: it holds the rooms.
      if (sync?.socketioAdapter) io.adapter(sync.socketioAdapter as Parameters<Server['adapter']>[0]);
      const onConnection = (socket: Socket): void => {
        const hooks = behaviour.accept((payload) => socket.emit('message', payload), {
          join: (room) => void socket.join(room),
          // The namespace's to(room) reaches every member of it, the sender included, on every node the adapter links.
          publish: (room, payload) => void socket.nsp.to(room).emit('message', payload),
        });
        socket.on('message', (payload: unknown) => hooks.receive(payload));
        socket.on('disconnect', () => hooks.release());
      };
      io.on('connection', onConnection);
      // --namespaces: /ns-0, /ns-1, ... each made as its first client arrives, with the same echo and rooms.
      if (options.namespaces === true) io.of(NAMESPACE_PATTERN).on('connection', onConnection);
      return {
        dropConnections: () => {
          // engine.io keeps its clients by id; closing each ends its transport as a server going away does.
          const clients = (io.engine as unknown as { clients: Record<string, { close(): void }> }).clients;
          for (const client of Object.values(clients)) client.close();
        },
        closeConnections: async () => {
          api.disconnectAll(io);
          io.engine.close();
          // io.close() would close the http server too, which the caller does.
          if (sync?.closeAdaptersFirst) closeAdapters(io);
        },
      };
    },
  };
}

/** Loads the stack's socket.io, and eiows as its ws engine where the stack names it. */
export async function loadSocketioServerModule(stack: StackName): Promise<Loaded<ServerModule>> {
  const { value, libraries } = await loadLibrary(stack, 'socket.io');
  if (!stackNames(stack, 'eiows')) return { value: socketioServerModule(apiOf(value, undefined)), libraries };
  const eiows = await loadLibrary(stack, 'eiows');
  // engine.io takes the module's Server class as wsEngine.
  const engine = (eiows.value as { Server?: unknown }).Server ?? eiows.value;
  return { value: socketioServerModule(apiOf(value, engine)), libraries: [...libraries, ...eiows.libraries] };
}
