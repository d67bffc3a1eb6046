/** Names of the transports, their variants, and the URL each one speaks. */

export const TRANSPORT_NAMES = ['ws', 'socketio', 'sockjs'] as const;
/** One of the three transports under test. */
export type TransportName = (typeof TRANSPORT_NAMES)[number];

export const SOCKETIO_TRANSPORT_CHOICES = ['websocket', 'polling', 'polling,websocket'] as const;
/** A Socket.IO (engine.io) transport the client may use. */
export type SocketioTransport = 'websocket' | 'polling';

export const SOCKJS_TRANSPORT_CHOICES = ['websocket', 'xhr-streaming', 'xhr-polling'] as const;
/** A SockJS transport the client may use. */
export type SockjsTransport = (typeof SOCKJS_TRANSPORT_CHOICES)[number];

/** Options that change a transport's behaviour; recorded in run.json and in every summary. */
export interface TransportVariant {
  socketioTransports: SocketioTransport[];
  sockjsTransports: SockjsTransport[];
  perMessageDeflate: boolean;
}

/** The path SockJS is mounted on, on our servers. */
export const SOCKJS_PREFIX = '/echo';

/** True when the string names a transport. */
export function isTransportName(value: string): value is TransportName {
  return (TRANSPORT_NAMES as readonly string[]).includes(value);
}

/** The URL a client of `transport` uses to reach our server on host:port. */
export function serverUrl(transport: TransportName, host: string, port: number): string {
  const hostPart = host.includes(':') ? `[${host}]` : host;
  switch (transport) {
    case 'ws':
      return `ws://${hostPart}:${port}/`;
    case 'socketio':
      return `http://${hostPart}:${port}`;
    case 'sockjs':
      return `http://${hostPart}:${port}${SOCKJS_PREFIX}`;
  }
}

/** URL schemes each transport's client accepts in --target. */
export const TARGET_PROTOCOLS: Record<TransportName, readonly string[]> = {
  ws: ['ws:', 'wss:'],
  socketio: ['http:', 'https:', 'ws:', 'wss:'],
  sockjs: ['http:', 'https:'],
};
