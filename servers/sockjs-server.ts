/** SockJS echo server: sockjs-node mounted at /echo on a node:http server. */
import type sockjs from 'sockjs';
import type { StackName } from '../protocol/stacks.js';
import { loadLibrary, type Loaded } from '../protocol/load-library.js';
import { SOCKJS_PREFIX } from '../protocol/transports.js';
import type { ServerModule } from './server-module.js';
import { registryRooms } from './registry-rooms.js';

type SockjsLibrary = typeof sockjs;

/** The echo module on one sockjs version; 0.3.20 and 0.3.24 share this API. */
function sockjsServerModule(library: SockjsLibrary): ServerModule {
  return {
    attach(httpServer, options, behaviour, sync) {
      const open = new Set<sockjs.Connection>();
      const rooms = registryRooms(sync);
      // heartbeat_delay is SockJS's heartbeat period; it has no timeout for a heartbeat's answer.
      const heartbeat = options.heartbeat ? { heartbeat_delay: options.heartbeat.pingIntervalMs } : {};
      const service = library.createServer({ prefix: SOCKJS_PREFIX, log: () => undefined, ...heartbeat });
      service.on('connection', (connection: sockjs.Connection | null) => {
        // sockjs emits a null connection when a session is aborted before it opens.
        if (!connection) return;
        open.add(connection);
        const send = (payload: unknown): void => void connection.write(String(payload));
        const membership = rooms.connect(send);
        const hooks = behaviour.accept(send, membership);
        connection.on('data', (message: string) => hooks.receive(message));
        connection.on('close', () => {
          open.delete(connection);
          membership.leave();
          hooks.release();
        });
      });
      service.installHandlers(httpServer, { prefix: SOCKJS_PREFIX });
      return {
        dropConnections: () => {
          for (const connection of open) connection.close('1001', 'going away');
        },
        closeConnections: async () => {
          for (const connection of open) connection.close();
          open.clear();
        },
      };
    },
  };
}

/** Loads the stack's sockjs. */
export async function loadSockjsServerModule(stack: StackName): Promise<Loaded<ServerModule>> {
  const { value, libraries } = await loadLibrary(stack, 'sockjs');
  return { value: sockjsServerModule(value as SockjsLibrary), libraries };
}
