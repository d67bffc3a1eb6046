/** Socket.IO client driver: event "message" with one string argument. */
import type { io as ioFunction } from 'socket.io-client';
import type { StackName } from '../protocol/stacks.js';
import { loadLibrary, type Loaded } from '../protocol/load-library.js';
import { endOnce, errorCode, type ClientDriver } from './client-driver.js';

type IoFunction = typeof ioFunction;

/**
 * The driver on one socket.io-client version. 2.3 and 4.8 take the same options and emit the same
 * events for what this driver listens to; 2.3 reports a connect timeout as connect_error too.
 */
function socketioClientDriver(io: IoFunction): ClientDriver {
  return {
    connect(url, options, events) {
      const socket = io(url, {
        transports: options.socketioTransports,
        upgrade: options.socketioTransports.includes('websocket'),
        // Without forceNew every client to one URL would share one engine.io connection.
        forceNew: true,
        reconnection: false,
        timeout: options.connectTimeoutMs,
        perMessageDeflate: options.perMessageDeflate ? { threshold: 1024 } : false,
        localAddress: options.localAddress,
      } as Parameters<IoFunction>[1]);
      const end = endOnce(events);
      socket.on('connect', () => events.onOpen());
      socket.on('message', (data: unknown) => {
        if (typeof data === 'string') events.onMessage(data);
      });
      socket.on('connect_error', (error) => end(errorCode(error, 'connect-error')));
      socket.on('disconnect', () => end('closed'));
      return {
        send: (data) => {
          socket.emit('message', data);
        },
        close: () => {
          const wasConnected = socket.connected;
          socket.disconnect();
          // A socket closed while still connecting emits neither disconnect nor connect_error.
          if (!wasConnected) end('closed');
        },
      };
    },
  };
}

/** Loads the stack's socket.io-client: 4.8 exports `io`, 2.3's module.exports is the io function itself. */
export async function loadSocketioClientDriver(stack: StackName): Promise<Loaded<ClientDriver>> {
  const { value, libraries } = await loadLibrary(stack, 'socket.io-client');
  const io = stack === '2020' ? (value as IoFunction) : (value as { io: IoFunction }).io;
  return { value: socketioClientDriver(io), libraries };
}
