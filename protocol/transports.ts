/**
 * The transports under test and every fact about each: packages, variants, what each supports, the
 * URL it speaks and its colour in charts. Adding a transport means one entry here, a server module
 * (servers/index.ts) and a client driver (clients/index.ts).
 */

export const TRANSPORT_NAMES = ['ws', 'socketio', 'sockjs'] as const;
/** One of the transports under test. */
export type TransportName = (typeof TRANSPORT_NAMES)[number];

export const SOCKETIO_TRANSPORT_CHOICES = ['websocket', 'polling', 'polling,websocket'] as const;
/** A Socket.IO (engine.io) transport the client may use. */
export type SocketioTransport = 'websocket' | 'polling';

/** The last choice is sockjs-client's default list, as far as it works in Node, in its own order. */
export const SOCKJS_TRANSPORT_CHOICES = ['websocket', 'xhr-streaming', 'xhr-polling', 'websocket,xhr-streaming,xhr-polling'] as const;
/** A SockJS transport the client may use. */
export type SockjsTransport = 'websocket' | 'xhr-streaming' | 'xhr-polling';

/**
 * Per-message deflate as bench sets it on both sides: on, off, or 'library', where bench passes
 * no deflate option at all and each library runs at its own default (an app that sets nothing).
 */
export type PerMessageDeflate = boolean | 'library';

/** Options that change a transport's behaviour; recorded in run.json and in every summary. */
export interface TransportVariant {
  socketioTransports: SocketioTransport[];
  sockjsTransports: SockjsTransport[];
  perMessageDeflate: PerMessageDeflate;
}

/** How a variant's deflate reads in a line: "on", "off" or "as each library defaults". */
export function deflateWords(deflate: PerMessageDeflate): string {
  return deflate === 'library' ? "as each library's default" : deflate ? 'on' : 'off';
}

/** The variant option of TransportVariant that only one transport reads, and its flag. */
export interface TransportChoiceFlag {
  /** Key in the flags object and in TransportVariant. */
  option: 'socketioTransports' | 'sockjsTransports';
  flag: string;
}

/** Everything bench knows about one transport. */
export interface TransportFacts {
  name: TransportName;
  /** npm packages of its server and its Node client (recorded in run.json with their versions). */
  serverPackage: string;
  clientPackage: string;
  /** Packages the two are built on, recorded after every transport's own. */
  builtOn: readonly string[];
  /** The flag choosing which of its own transports the client may use, or null when it has one way only. */
  choiceFlag: TransportChoiceFlag | null;
  /** The transports (in the client's sense) a variant lets the client use, e.g. polling,websocket. */
  clientTransports(variant: TransportVariant): readonly string[];
  supportsPerMessageDeflate: boolean;
  /** Sockets one connected client holds with these client transports: polling keeps a request and a send open. */
  socketsPerClient(clientTransports: readonly string[]): number;
  /** Whether its Node client can bind a local address (--source-addresses) with these client transports. */
  bindsSourceAddress(clientTransports: readonly string[]): boolean;
  /** The URL a client uses to reach our server; host already bracketed when it is IPv6. */
  url(hostPart: string, port: number): string;
  /** URL schemes its client accepts in --target. */
  targetProtocols: readonly string[];
  /** Its colour in every chart of every report (colour-blind safe Tableau hues). */
  color: string;
}

/** The path SockJS is mounted on, on our servers. */
export const SOCKJS_PREFIX = '/echo';

/** The facts of every transport, in the order reports list them. */
export const TRANSPORTS: Readonly<Record<TransportName, TransportFacts>> = {
  ws: {
    name: 'ws',
    serverPackage: 'ws',
    clientPackage: 'ws',
    builtOn: [],
    choiceFlag: null,
    clientTransports: () => ['websocket'],
    supportsPerMessageDeflate: true,
    socketsPerClient: () => 1,
    bindsSourceAddress: () => true,
    url: (hostPart, port) => `ws://${hostPart}:${port}/`,
    targetProtocols: ['ws:', 'wss:'],
    color: '#4c78a8',
  },
  socketio: {
    name: 'socketio',
    serverPackage: 'socket.io',
    clientPackage: 'socket.io-client',
    builtOn: ['engine.io', 'engine.io-client'],
    choiceFlag: { option: 'socketioTransports', flag: '--socketio-transports' },
    clientTransports: (variant) => variant.socketioTransports,
    supportsPerMessageDeflate: true,
    // Polling alone keeps a long-poll and a send open; polling then upgrade holds one websocket once
    // upgraded, and its handshake's extra sockets are counted per handshake in flight (preflight).
    socketsPerClient: (clientTransports) => (clientTransports.includes('websocket') ? 1 : 2),
    // The websocket transport's client is a ws socket, which binds; polling goes through XMLHttpRequest, which does not.
    // Its websocket binds localAddress; its long-polling requests go through an http.Agent bound to it.
    bindsSourceAddress: () => true,
    url: (hostPart, port) => `http://${hostPart}:${port}`,
    targetProtocols: ['http:', 'https:', 'ws:', 'wss:'],
    color: '#f58518',
  },
  sockjs: {
    name: 'sockjs',
    serverPackage: 'sockjs',
    clientPackage: 'sockjs-client',
    builtOn: [],
    choiceFlag: { option: 'sockjsTransports', flag: '--sockjs-transports' },
    clientTransports: (variant) => variant.sockjsTransports,
    supportsPerMessageDeflate: false,
    socketsPerClient: (clientTransports) => (clientTransports.includes('websocket') ? 1 : 2),
    bindsSourceAddress: () => false,
    url: (hostPart, port) => `http://${hostPart}:${port}${SOCKJS_PREFIX}`,
    targetProtocols: ['http:', 'https:'],
    color: '#54a24b',
  },
};

/** The transport names as a flag's help lists them: "ws, socketio or sockjs". */
export function transportChoices(): string {
  return `${TRANSPORT_NAMES.slice(0, -1).join(', ')} or ${TRANSPORT_NAMES.at(-1)}`;
}

/** True when the string names a transport. */
export function isTransportName(value: string): value is TransportName {
  return (TRANSPORT_NAMES as readonly string[]).includes(value);
}

/** The URL a client of `transport` uses to reach our server on host:port; `secure`: the same over TLS (wss://, https://). */
export function serverUrl(transport: TransportName, host: string, port: number, secure = false): string {
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const url = TRANSPORTS[transport].url(hostPart, port);
  return secure ? url.replace(/^ws:/, 'wss:').replace(/^http:/, 'https:') : url;
}

/** True for a URL whose scheme speaks TLS (wss:, https:). */
export function isSecureUrl(url: string): boolean {
  return /^(wss|https):/i.test(url);
}

/** The part of a variant that matters for a transport, e.g. "polling,websocket+deflate": other transports' options are ignored. */
export function variantLabel(transport: TransportName, variant: TransportVariant): string {
  const deflate = variant.perMessageDeflate === 'library' ? '+library-deflate' : variant.perMessageDeflate ? '+deflate' : '';
  return `${TRANSPORTS[transport].clientTransports(variant).join(',')}${deflate}`;
}

/** Every package of every transport, own packages first, then what they are built on; run.json records their versions. */
export const MEASURED_PACKAGES: readonly string[] = [
  ...new Set([
    ...TRANSPORT_NAMES.flatMap((name) => [TRANSPORTS[name].serverPackage, TRANSPORTS[name].clientPackage]),
    ...TRANSPORT_NAMES.flatMap((name) => TRANSPORTS[name].builtOn),
  ]),
];

/** The transports that support per-message deflate. */
export function deflateTransports(): TransportName[] {
  return TRANSPORT_NAMES.filter((name) => TRANSPORTS[name].supportsPerMessageDeflate);
}
