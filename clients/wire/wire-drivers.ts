/**
 * The wire client's drivers (--client wire): Socket.IO and SockJS spoken by bench over one ws
 * WebSocket per connection, on today's ws whatever the stack, since the stack names the server's
 * protocol here, not a client library. ws's own driver is already the wire.
 */
import type { ClientDriver, DriverOptions } from '../client-driver.js';
import { handshakeUrl } from '../handshake.js';
import { loadWsClientDriver } from '../ws-client.js';
import type { Loaded } from '../../protocol/load-library.js';
import type { StackName } from '../../protocol/stacks.js';
import { engineIoProtocolOf } from '../../protocol/stack-traits.js';
import type { TransportName } from '../../protocol/transports.js';
import { engineUrl, headersOnly, namespaceOf, type EngineVersion } from './engineio-url.js';
import { SocketioWireConnection } from './socketio-wire-connection.js';
import { SockjsWireConnection } from './sockjs-wire-connection.js';

/** The WebSocket under a wire connection hands binary frames on too (to onIncoming), whatever the run: Socket.IO's attachments come so. */
const socketOptions = new WeakMap<DriverOptions, DriverOptions>();

function withBinaryFrames(options: DriverOptions): DriverOptions {
  let inner = socketOptions.get(options);
  if (inner === undefined) {
    inner = { ...options, scenario: true };
    socketOptions.set(options, inner);
  }
  return inner;
}

/** Socket.IO over Engine.IO `version`'s websocket transport. */
function socketioWireDriver(ws: ClientDriver, version: EngineVersion): ClientDriver {
  return {
    connect(url, options, events, handshake) {
      const shake = handshake ?? null;
      const query = shake?.query ?? null;
      const connection = new SocketioWireConnection(events, {
        version,
        namespace: namespaceOf(url, shake),
        namespaceQuery: query === null ? null : new URLSearchParams(query).toString(),
        auth: shake?.auth ?? null,
        allEvents: options.scenario === true,
      });
      connection.socket = ws.connect(engineUrl(url, shake, version), withBinaryFrames(options), connection, headersOnly(shake));
      return connection;
    },
  };
}

let sessions = 0;
/** Per worker process, so two workers' session ids differ by their random part. */
const SESSION_SALT = Math.random().toString(36).slice(2, 8);

/** <base>/<server>/<session>/websocket, the URL's query kept, as sockjs-client builds its websocket transport's URL. */
function sockjsSocketUrl(base: string): string {
  const parsed = new URL(base);
  parsed.protocol = parsed.protocol === 'https:' || parsed.protocol === 'wss:' ? 'wss:' : 'ws:';
  const server = String(Math.floor(Math.random() * 1000)).padStart(3, '0');
  sessions += 1;
  parsed.pathname = `${parsed.pathname.replace(/\/$/, '')}/${server}/${SESSION_SALT}${sessions.toString(36)}/websocket`;
  return parsed.toString();
}

function sockjsWireDriver(ws: ClientDriver): ClientDriver {
  return {
    connect(url, options, events, handshake) {
      const shake = handshake ?? null;
      const connection = new SockjsWireConnection(events);
      connection.socket = ws.connect(sockjsSocketUrl(handshakeUrl(url, shake)), options, connection, headersOnly(shake));
      return connection;
    },
  };
}

/** The wire driver of `transport` for a server of `stack` (Engine.IO 3 up to socket.io 2.x, 4 after). */
export async function loadWireDriver(transport: TransportName, stack: StackName): Promise<Loaded<ClientDriver>> {
  const ws = await loadWsClientDriver('current');
  if (transport === 'ws') return ws;
  if (transport === 'sockjs') return { value: sockjsWireDriver(ws.value), libraries: ws.libraries };
  return { value: socketioWireDriver(ws.value, engineIoProtocolOf(stack)), libraries: ws.libraries };
}
