/** Plain WebSocket echo server: ws's WebSocketServer on a node:http server. */
import type { WebSocketServer } from 'ws';
import type { StackName } from '../protocol/stacks.js';
import { loadLibrary, type Loaded } from '../protocol/load-library.js';
import type { ServerModule } from './server-module.js';
import { startWsHeartbeat } from './ws-heartbeat.js';
import { registryRooms } from './registry-rooms.js';

type WebSocketServerClass = typeof WebSocketServer;

/**
 * The echo module on one ws version. ws 7 hands text messages over as strings and ws 8 as
 * buffers with isBinary false: both are echoed as the same string, and binary as binary.
 */
function wsServerModule(Server: WebSocketServerClass): ServerModule {
  return {
    attach(httpServer, options, behaviour, sync) {
      const wss = new Server({ server: httpServer, ...(options.perMessageDeflate === 'library' ? {} : { perMessageDeflate: options.perMessageDeflate }) });
      const rooms = registryRooms(sync);
      // ws re-emits the http server's listen errors; startEchoServer reports those itself.
      wss.on('error', () => undefined);
      const heartbeat = options.heartbeat ? startWsHeartbeat(wss, options.heartbeat) : null;
      wss.on('connection', (socket) => {
        const send = (payload: unknown): void => socket.send(payload as string | Buffer);
        const membership = rooms.connect(send);
        const hooks = behaviour.accept(send, membership);
        const release = (): void => {
          membership.leave();
          hooks.release();
        };
        // ws 7 passes no isBinary: its text is a string, its binary a Buffer.
        socket.on('message', (data: unknown, isBinary?: boolean) => {
          const binary = isBinary ?? typeof data !== 'string';
          hooks.receive(binary ? data : String(data));
        });
        socket.on('close', release);
        socket.on('error', release);
      });
      return {
        dropConnections: () => {
          for (const socket of wss.clients) socket.close(1001, 'going away');
        },
        closeConnections: () =>
          new Promise<void>((resolve) => {
            heartbeat?.stop();
            for (const socket of wss.clients) socket.terminate();
            wss.close(() => resolve());
          }),
      };
    },
  };
}

/** Loads the stack's ws: version 8 exports WebSocketServer, version 7 only Server (the same class). */
export async function loadWsServerModule(stack: StackName): Promise<Loaded<ServerModule>> {
  const { value, libraries } = await loadLibrary(stack, 'ws');
  const ws = value as { WebSocketServer?: WebSocketServerClass; Server: WebSocketServerClass };
  return { value: wsServerModule(ws.WebSocketServer ?? ws.Server), libraries };
}
