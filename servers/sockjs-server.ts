/** SockJS echo server: sockjs-node mounted at /echo on a node:http server. */
import type sockjs from 'sockjs';
import type { StackName } from '../protocol/stacks.js';
import { loadLibrary, type Loaded } from '../protocol/load-library.js';
import { SOCKJS_PREFIX } from '../protocol/transports.js';
import type { ServerModule } from './server-module.js';

type SockjsLibrary = typeof sockjs;

/** The echo module on one sockjs version; 0.3.20 and 0.3.24 share this API. */
function sockjsServerModule(library: SockjsLibrary): ServerModule {
  return {
    attach(httpServer, options, behaviour) {
      const open = new Set<sockjs.Connection>();
      // heartbeat_delay is SockJS's heartbeat period; it has no timeout for a heartbeat's answer.
      const heartbeat = options.heartbeat ? { heartbeat_delay: options.heartbeat.pingIntervalMs } : {};
      const service = library.createServer({ prefix: SOCKJS_PREFIX, log: () => undefined, ...heartbeat });
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
}

/** Loads the stack's sockjs. */
export async function loadSockjsServerModule(stack: StackName): Promise<Loaded<ServerModule>> {
  const { value, libraries } = await loadLibrary(stack, 'sockjs');
  return { value: sockjsServerModule(value as SockjsLibrary), libraries };
}
