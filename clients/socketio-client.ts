/** Socket.IO client driver: event "message" with one string argument. */
import type { io as ioFunction, Socket } from 'socket.io-client';
import type { StackName } from '../protocol/stacks.js';
import { loadLibrary, type Loaded } from '../protocol/load-library.js';
import { errorCode, type ClientConnection, type ClientDriver, type ClientEvents } from './client-driver.js';

type IoFunction = typeof ioFunction;

/**
 * Listeners are shared by every client: socket.io-client calls them with the socket as `this`, and
 * the socket carries its client's events under this key. Per-client closures would cost more.
 */
const EVENTS = Symbol('bench client events');
type BenchSocket = Socket & { [EVENTS]: ClientEvents };

function onConnect(this: BenchSocket): void {
  this[EVENTS].onOpen();
}

function onMessage(this: BenchSocket, data: unknown): void {
  if (typeof data === 'string') this[EVENTS].onMessage(data);
}

function onConnectError(this: BenchSocket, error: Error): void {
  this[EVENTS].onEnd(errorCode(error, 'connect-error'));
}

function onDisconnect(this: BenchSocket): void {
  this[EVENTS].onEnd('closed');
}

class SocketioConnection implements ClientConnection {
  constructor(private readonly socket: BenchSocket) {}

  send(data: string): void {
    this.socket.emit('message', data);
  }

  close(): void {
    const wasConnected = this.socket.connected;
    this.socket.disconnect();
    // A socket closed while still connecting emits neither disconnect nor connect_error.
    if (!wasConnected) this.socket[EVENTS].onEnd('closed');
  }
}

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
      } as Parameters<IoFunction>[1]) as BenchSocket;
      socket[EVENTS] = events;
      socket.on('connect', onConnect).on('message', onMessage).on('connect_error', onConnectError).on('disconnect', onDisconnect);
      return new SocketioConnection(socket);
    },
  };
}

/** Loads the stack's socket.io-client: 4.8 exports `io`, 2.3's module.exports is the io function itself. */
export async function loadSocketioClientDriver(stack: StackName): Promise<Loaded<ClientDriver>> {
  const { value, libraries } = await loadLibrary(stack, 'socket.io-client');
  const io = stack === '2020' ? (value as IoFunction) : (value as { io: IoFunction }).io;
  return { value: socketioClientDriver(io), libraries };
}
