/** SockJS client driver (sockjs-client running in Node). One send/message string per message. */
import type SockJS from 'sockjs-client';
import type { StackName } from '../protocol/stacks.js';
import { loadLibrary, type Loaded } from '../protocol/load-library.js';
import { pauseSocketAt, shortReason, type ClientConnection, type ClientDriver } from './client-driver.js';
import { carryEvents, eventsOf } from './socket-events.js';
import { handshakeUrl } from './handshake.js';
import { tlsFailureOf } from './tls-probe.js';
import type { ClientErrorCode } from '../protocol/messages.js';

type SockJSClass = typeof SockJS;

function onOpen(this: WebSocket): void {
  eventsOf(this).onOpen();
}

function onMessage(this: WebSocket, event: { data: unknown }): void {
  if (typeof event.data === 'string') eventsOf(this).onMessage(event.data);
}

/** The close code SockJS gives when it cannot reach the server's /info, whatever the cause. */
const CANNOT_CONNECT = 1002;

function onClose(this: WebSocket, event: { code: number; reason?: unknown }): void {
  // 1000 is a normal close; SockJS reports connection failures as 1002 or 2000 with a reason.
  const events = eventsOf(this);
  if (event.code === 1000) return events.onEnd('closed');
  if (event.code === CANNOT_CONNECT && this.url.startsWith('https:')) {
    // Over TLS the cause is most often a certificate the client does not trust: TLS says which.
    void tlsFailureOf(this.url).then((code) => events.onEnd((code as ClientErrorCode | null) ?? `sockjs-${event.code}`));
    return;
  }
  // 4000 to 4999 are the application's own codes: a server refusing a client closes with one and says why.
  const reason = event.code >= 4000 && event.code <= 4999 && typeof event.reason === 'string' ? shortReason(event.reason) : null;
  events.onEnd(reason === null ? `sockjs-${event.code}` : `sockjs-${event.code}: ${reason}`);
}

class SockjsConnection implements ClientConnection {
  constructor(private readonly socket: WebSocket) {}

  send(data: string | Buffer): void {
    // The config refuses binary sends for SockJS, which carries text only.
    this.socket.send(String(data));
  }

  close(): void {
    this.socket.close();
  }

  pauseReading(): boolean {
    // sockjs-client's websocket transport in Node is a faye-websocket client, whose net.Socket is its _stream.
    return pauseSocketAt(this.socket, ['_transport', 'ws', '_stream']);
  }
}

/** The driver on one sockjs-client version; 1.4.0 and 1.6.1 share this API. */
function sockjsClientDriver(Socket: SockJSClass): ClientDriver {
  return {
    connect(url, options, events, handshake) {
      // --path is the prefix and --query joins every request's query (sockjs-client keeps the URL's query on /info and on
      // each transport's URL). Headers reach the websocket transport only, through its faye-websocket client's
      // `headers`: sockjs-client sends /info and its xhr transports with none (the config refuses them there).
      const headers = handshake?.headers ?? null;
      const socket = new Socket(handshakeUrl(url, handshake ?? null), undefined, {
        transports: options.sockjsTransports,
        timeout: options.connectTimeoutMs,
        ...(headers === null ? {} : { transportOptions: { websocket: { headers } } }),
      });
      carryEvents(socket, events);
      socket.onopen = onOpen;
      socket.onmessage = onMessage;
      socket.onclose = onClose;
      return new SockjsConnection(socket);
    },
  };
}

/** Loads the stack's sockjs-client. */
export async function loadSockjsClientDriver(stack: StackName): Promise<Loaded<ClientDriver>> {
  const { value, libraries } = await loadLibrary(stack, 'sockjs-client');
  return { value: sockjsClientDriver(value as SockJSClass), libraries };
}
