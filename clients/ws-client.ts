/** Plain WebSocket client driver (ws). One text frame per message. */
import type WebSocket from 'ws';
import type { StackName } from '../protocol/stacks.js';
import { loadLibrary, type Loaded } from '../protocol/load-library.js';
import { errorCode, type ClientConnection, type ClientDriver } from './client-driver.js';
import { carryEvents, eventsOf } from './socket-events.js';

type WebSocketClass = typeof WebSocket;

function onOpen(this: WebSocket): void {
  eventsOf(this).onOpen();
}

/** ws 7 hands text over as a string with no isBinary argument, ws 8 as a buffer with isBinary false: both read as text. */
function onMessage(this: WebSocket, data: WebSocket.RawData, isBinary: boolean): void {
  if (!isBinary) eventsOf(this).onMessage(data.toString());
}

function onError(this: WebSocket, error: Error): void {
  eventsOf(this).onEnd(errorCode(error, 'ws-error'));
}

function onClose(this: WebSocket): void {
  eventsOf(this).onEnd('closed');
}

class WsConnection implements ClientConnection {
  constructor(private readonly socket: WebSocket) {}

  send(data: string): void {
    this.socket.send(data);
  }

  close(): void {
    if (this.socket.readyState === this.socket.CONNECTING) this.socket.terminate();
    else this.socket.close();
  }
}

/** The driver on one ws version; 7 and 8 take the same options. */
function wsClientDriver(Socket: WebSocketClass): ClientDriver {
  return {
    connect(url, options, events) {
      const socket = new Socket(url, { perMessageDeflate: options.perMessageDeflate, localAddress: options.localAddress });
      carryEvents(socket, events);
      socket.on('open', onOpen).on('message', onMessage).on('error', onError).on('close', onClose);
      return new WsConnection(socket);
    },
  };
}

/** Loads the stack's ws; its module.exports is the WebSocket class on both versions. */
export async function loadWsClientDriver(stack: StackName): Promise<Loaded<ClientDriver>> {
  const { value, libraries } = await loadLibrary(stack, 'ws');
  return { value: wsClientDriver(value as WebSocketClass), libraries };
}
