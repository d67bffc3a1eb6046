/** Plain WebSocket client driver (ws). One text frame per message. */
import WebSocket from 'ws';
import { errorCode, type ClientConnection, type ClientDriver, type ClientEvents } from './client-driver.js';

/**
 * Listeners are shared by every client: ws calls them with the socket as `this`, and the socket
 * carries its client's events under this key. Per-client closures would cost more than the key.
 */
const EVENTS = Symbol('bench client events');
type BenchSocket = WebSocket & { [EVENTS]: ClientEvents };

/** The client's events; the typings give listeners a plain WebSocket as `this`. */
function eventsOf(socket: WebSocket): ClientEvents {
  return (socket as BenchSocket)[EVENTS];
}

function onOpen(this: WebSocket): void {
  eventsOf(this).onOpen();
}

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
    if (this.socket.readyState === WebSocket.CONNECTING) this.socket.terminate();
    else this.socket.close();
  }
}

export const wsClientDriver: ClientDriver = {
  connect(url, options, events) {
    const socket = new WebSocket(url, { perMessageDeflate: options.perMessageDeflate, localAddress: options.localAddress }) as BenchSocket;
    socket[EVENTS] = events;
    socket.on('open', onOpen).on('message', onMessage).on('error', onError).on('close', onClose);
    return new WsConnection(socket);
  },
};
