/** Plain WebSocket client driver (ws). One text frame per message. */
import type { IncomingMessage, ClientRequest } from 'node:http';
import type WebSocket from 'ws';
import type { StackName } from '../protocol/stacks.js';
import { loadLibrary, type Loaded } from '../protocol/load-library.js';
import { errorCode, pauseSocketAt, shortReason, type ClientConnection, type ClientDriver } from './client-driver.js';
import { handshakeUrl } from './handshake.js';
import { carryEvents, eventsOf } from './socket-events.js';

type WebSocketClass = typeof WebSocket;

function onOpen(this: WebSocket): void {
  eventsOf(this).onOpen();
}

/**
 * ws 7 hands text over as a string and binary as a Buffer, with no isBinary argument; ws 8 both as
 * buffers, with isBinary saying which. Text reads as text on both; binary goes to a scenario.
 */
function onMessage(this: WebSocket, data: WebSocket.RawData | string, isBinary?: boolean): void {
  const binary = isBinary ?? typeof data !== 'string';
  if (!binary) eventsOf(this).onMessage(data.toString());
  else eventsOf(this).onIncoming?.(null, [Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer)]);
}

function onError(this: WebSocket, error: Error): void {
  eventsOf(this).onEnd(errorCode(error, 'ws-error'));
}

function onClose(this: WebSocket): void {
  eventsOf(this).onEnd('closed');
}

/** The most of a refusal's body read for its reason, in bytes. */
const MAX_REFUSAL_BODY_BYTES = 256;

/** A refused upgrade's response while its body is read: the socket it refused, and the body so far. */
type RefusalResponse = IncomingMessage & { refusedSocket?: WebSocket; refusalBody?: string };

/**
 * The server answered the upgrade with a status other than 101 (a 401 or 403 from an app's auth
 * check): the failure is `http-<status>: <reason>`, the reason being the body when it has one and
 * the status text otherwise. Listening to this event makes the handshake ours to abort.
 */
function onUnexpectedResponse(this: WebSocket, _request: ClientRequest, response: RefusalResponse): void {
  response.refusedSocket = this;
  response.refusalBody = '';
  response.setEncoding('utf8');
  response.on('data', onRefusalData).on('end', onRefusalEnd).on('error', onRefusalEnd);
}

function onRefusalData(this: RefusalResponse, chunk: string): void {
  this.refusalBody += chunk;
  if ((this.refusalBody?.length ?? 0) >= MAX_REFUSAL_BODY_BYTES) onRefusalEnd.call(this);
}

function onRefusalEnd(this: RefusalResponse): void {
  const socket = this.refusedSocket;
  if (socket === undefined) return;
  this.refusedSocket = undefined;
  const reason = shortReason(this.refusalBody ?? '') ?? shortReason(this.statusMessage ?? '');
  eventsOf(socket).onEnd(reason === null ? `http-${this.statusCode ?? 0}` : `http-${this.statusCode ?? 0}: ${reason}`);
  this.destroy();
  socket.terminate();
}

class WsConnection implements ClientConnection {
  constructor(private readonly socket: WebSocket) {}

  send(data: string | Buffer): void {
    this.socket.send(data);
  }

  close(): void {
    if (this.socket.readyState === this.socket.CONNECTING) this.socket.terminate();
    else this.socket.close();
  }

  pauseReading(): boolean {
    // ws keeps the connection's net.Socket as _socket (ws 7 and 8).
    return pauseSocketAt(this.socket, ['_socket']);
  }
}

/** The driver on one ws version; 7 and 8 take the same options. */
function wsClientDriver(Socket: WebSocketClass): ClientDriver {
  return {
    connect(url, options, events, handshake) {
      const socket = new Socket(handshakeUrl(url, handshake ?? null), {
        // 'library': ws's own default (its client offers deflate).
        ...(options.perMessageDeflate === 'library' ? {} : { perMessageDeflate: options.perMessageDeflate }),
        localAddress: options.localAddress,
        headers: handshake?.headers ?? undefined,
      });
      carryEvents(socket, events);
      socket.on('open', onOpen).on('message', onMessage).on('error', onError).on('close', onClose).on('unexpected-response', onUnexpectedResponse);
      return new WsConnection(socket);
    },
  };
}

/** Loads the stack's ws; its module.exports is the WebSocket class on both versions. */
export async function loadWsClientDriver(stack: StackName): Promise<Loaded<ClientDriver>> {
  const { value, libraries } = await loadLibrary(stack, 'ws');
  return { value: wsClientDriver(value as WebSocketClass), libraries };
}
