/** SockJS client driver (sockjs-client running in Node). One send/message string per message. */
import type SockJS from 'sockjs-client';
import type { StackName } from '../protocol/stacks.js';
import { loadLibrary, type Loaded } from '../protocol/load-library.js';
import type { ClientConnection, ClientDriver } from './client-driver.js';
import { carryEvents, eventsOf } from './socket-events.js';
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

function onClose(this: WebSocket, event: { code: number }): void {
  // 1000 is a normal close; SockJS reports connection failures as 1002 or 2000 with a reason.
  const events = eventsOf(this);
  if (event.code === CANNOT_CONNECT && this.url.startsWith('https:')) {
    // Over TLS the cause is most often a certificate the client does not trust: TLS says which.
    void tlsFailureOf(this.url).then((code) => events.onEnd((code as ClientErrorCode | null) ?? `sockjs-${event.code}`));
    return;
  }
  events.onEnd(event.code === 1000 ? 'closed' : `sockjs-${event.code}`);
}

class SockjsConnection implements ClientConnection {
  constructor(private readonly socket: WebSocket) {}

  send(data: string): void {
    this.socket.send(data);
  }

  close(): void {
    this.socket.close();
  }
}

/** The driver on one sockjs-client version; 1.4.0 and 1.6.1 share this API. */
function sockjsClientDriver(Socket: SockJSClass): ClientDriver {
  return {
    connect(url, options, events) {
      const socket = new Socket(url, undefined, { transports: options.sockjsTransports, timeout: options.connectTimeoutMs });
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
