/** Socket.IO client driver: event "message" with one string argument. */
import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { io as ioFunction, Manager, Socket } from 'socket.io-client';
import type { StackName } from '../protocol/stacks.js';
import { isLegacySocketioClient } from '../protocol/stack-traits.js';
import { loadLibrary, type Loaded } from '../protocol/load-library.js';
import { errorCode, pauseSocketAt, shortReason, type ClientConnection, type ClientDriver, type ClientEvents, type DriverOptions } from './client-driver.js';
import { namespaceUrl, type ClientHandshake } from './handshake.js';
import { namespaceGroup } from './namespace-group.js';
import { namespaceName } from '../protocol/namespaces.js';
import type { ClientErrorCode } from '../protocol/messages.js';
import { carryEvents, eventsOf } from './socket-events.js';

type IoFunction = typeof ioFunction;

/** Marks a Manager whose reconnection is turned on after its first connect. */
const RECONNECT_AFTER_FIRST_CONNECT = Symbol('reconnect after first connect');

type MarkedManager = Manager & { [RECONNECT_AFTER_FIRST_CONNECT]?: boolean };

function onConnect(this: Socket): void {
  // Reconnection starts off, so a first connect that fails is a failed client, as without it; once
  // connected, the Manager reconnects a dropped connection with its back-off.
  const manager = this.io as MarkedManager;
  if (manager[RECONNECT_AFTER_FIRST_CONNECT]) {
    manager[RECONNECT_AFTER_FIRST_CONNECT] = false;
    manager.reconnection(true);
  }
  eventsOf(this).onOpen();
}

function onReconnectAttempt(this: Manager): void {
  eventsOf(this).onReconnectAttempt?.();
}

function onMessage(this: Socket, data: unknown): void {
  if (typeof data === 'string') eventsOf(this).onMessage(data);
}

function onAnyEvent(this: Socket, event: string, ...args: unknown[]): void {
  eventsOf(this).onIncoming?.(event, args);
}

/**
 * The connect failed. A transport's failure (a TransportError: refused upgrade, polling status,
 * socket error) keeps its code; anything else is the server refusing the namespace connect, and its
 * message is the server's reason: a middleware's next(new Error('invalid token')), or 'Invalid namespace'.
 */
function onConnectError(this: Socket, error: Error): void {
  eventsOf(this).onEnd(connectErrorCode(error));
}

function connectErrorCode(error: unknown): ClientErrorCode {
  const code = errorCode(error, 'connect-error');
  if (code !== 'connect-error' || !(error instanceof Error) || (error as { type?: unknown }).type === 'TransportError') return code;
  const reason = shortReason(error.message);
  return reason === null ? code : `connect-error: ${reason}`;
}

/** socket.io-client 2.3 reports a refused namespace connect (a middleware's error, 'Invalid namespace') as `error` with the reason, not as connect_error. */
function onRefused(this: Socket, reason: unknown): void {
  const text = typeof reason === 'string' ? shortReason(reason) : reason instanceof Error ? shortReason(reason.message) : null;
  eventsOf(this).onEnd(text === null ? 'connect-error' : `connect-error: ${text}`);
}

function onDisconnect(this: Socket): void {
  eventsOf(this).onEnd('closed');
}

class SocketioConnection implements ClientConnection {
  constructor(private readonly socket: Socket) {}

  send(data: string | Buffer): void {
    this.socket.emit('message', data);
  }

  emit(event: string, args: unknown[], ack: ((...reply: unknown[]) => void) | null): void {
    if (ack === null) this.socket.emit(event, ...args);
    else this.socket.emit(event, ...args, ack);
  }

  pauseReading(): boolean {
    // engine.io-client's websocket transport in Node is a ws WebSocket (engine.io-client 3 and 6); long-polling has no one socket to pause.
    return pauseSocketAt(this.socket, ['io', 'engine', 'transport', 'ws', '_socket']);
  }

  close(): void {
    const wasConnected = this.socket.connected;
    this.socket.disconnect();
    // A socket closed while still connecting emits neither disconnect nor connect_error.
    if (!wasConnected) eventsOf(this.socket).onEnd('closed');
  }
}

/**
 * One agent per source address and scheme, shared by the clients that use it (engine.io-client's
 * default is no agent). An https URL needs an https.Agent: node's http.Agent refuses it with
 * ERR_INVALID_PROTOCOL. Its sockets trust what the worker's environment says (bench/run/client-trust.ts).
 */
const pollingAgents = new Map<string, Agent>();

function pollingAgentFor(localAddress: string, url: string): Agent {
  const secure = url.startsWith('https:') || url.startsWith('wss:');
  const key = `${secure ? 'https' : 'http'} ${localAddress}`;
  let agent = pollingAgents.get(key);
  if (agent === undefined) {
    agent = secure ? new HttpsAgent({ localAddress, keepAlive: false }) : new Agent({ localAddress, keepAlive: false });
    pollingAgents.set(key, agent);
  }
  return agent;
}

/**
 * The driver on one socket.io-client version. 2.3 and 4.8 take the same options and emit the same
 * events for what this driver listens to; 2.3 reports a connect timeout as connect_error too, but a
 * refused namespace connect as `error` (`refusalAsError`). 2.3 has no auth payload (the config refuses --auth there).
 */
function socketioClientDriver(io: IoFunction, refusalAsError: boolean): ClientDriver {
  /** Its listeners on a socket that reports to `events`. */
  const listen = (socket: Socket, options: DriverOptions, events: ClientEvents): Socket => {
    carryEvents(socket, events);
    socket.on('connect', onConnect).on('connect_error', onConnectError).on('disconnect', onDisconnect);
    // A scenario hears every event, `message` among them; onAny is socket.io-client 4's (the config refuses a scenario on 2.3).
    if (options.scenario) socket.onAny(onAnyEvent);
    else socket.on('message', onMessage);
    // Only on 2.3: on 4.x `error` is an ordinary event an app may emit, not a refusal.
    if (refusalAsError) socket.on('error', onRefused);
    return socket;
  };

  /** A socket on a Manager of its own (one engine.io connection) to `url`, whose path is the namespace. */
  const openSocket = (url: string, options: DriverOptions, events: ClientEvents, handshake: ClientHandshake | null): Socket => {
    const socket = io(url, {
      transports: options.socketioTransports,
      upgrade: options.socketioTransports.includes('websocket'),
      // Without forceNew every client to one URL would share one engine.io connection.
      forceNew: true,
      reconnection: false,
      timeout: options.connectTimeoutMs,
      // 'library': engine.io-client's own default (it offers deflate with a 1 KiB threshold).
      ...(options.perMessageDeflate === 'library' ? {} : { perMessageDeflate: options.perMessageDeflate ? { threshold: 1024 } : false }),
      localAddress: options.localAddress,
      // Long-polling requests go through an http.Agent: one bound to the source address keeps them on it too.
      agent: options.localAddress === undefined ? false : pollingAgentFor(options.localAddress, url),
      // engine.io-client sets rejectUnauthorized: true itself (2.3 and 4.8 alike), which wins over
      // NODE_TLS_REJECT_UNAUTHORIZED=0 in the worker's environment: --insecure must say it here too.
      ...(options.acceptAnyCertificate === true ? { rejectUnauthorized: false } : {}),
      // Only what was given, so a run without handshake flags passes the options it always did.
      ...(handshake?.path == null ? {} : { path: handshake.path }),
      ...(handshake?.query == null ? {} : { query: handshake.query }),
      // Sent with every polling request and, in Node, with the websocket upgrade (engine.io-client hands them to ws as headers).
      ...(handshake?.headers == null ? {} : { extraHeaders: handshake.headers }),
      ...(handshake?.auth == null ? {} : { auth: handshake.auth }),
    } as Parameters<IoFunction>[1]);
    const reconnect = options.reconnect ?? null;
    if (reconnect !== null) {
      const manager = socket.io as MarkedManager;
      // Set after construction: both versions' constructors turn a delay of 0 into their default (`|| 1000`).
      manager.reconnectionDelay(reconnect.delayMs);
      manager.reconnectionDelayMax(reconnect.delayMaxMs);
      manager.randomizationFactor(reconnect.randomizationFactor);
      manager[RECONNECT_AFTER_FIRST_CONNECT] = true;
      carryEvents(manager, events);
      manager.on('reconnect_attempt', onReconnectAttempt);
    }
    return listen(socket, options, events);
  };

  return {
    reconnectsItself: true,
    connect(url, options, events, handshake) {
      const plan = options.namespaces;
      if (plan === undefined) return new SocketioConnection(openSocket(namespaceUrl(url, handshake ?? null), options, events, handshake ?? null));
      // --namespaces: the first namespace opens the Manager; with one connection the others are its sockets too.
      let first: Socket | null = null;
      return namespaceGroup(
        plan.count,
        (index, namespaceEvents) => {
          const name = namespaceName(index);
          if (first !== null && plan.connections === 'one') {
            const auth = handshake?.auth == null ? {} : { auth: handshake.auth };
            return listen(first.io.socket(name, auth), options, namespaceEvents);
          }
          const socket = openSocket(withPath(url, name), options, namespaceEvents, handshake ?? null);
          first ??= socket;
          return socket;
        },
        events,
      );
    },
  };
}

/** `url` with its path replaced by `pathname` (socket.io-client reads the namespace from it). */
function withPath(url: string, pathname: string): string {
  const parsed = new URL(url);
  parsed.pathname = pathname;
  return parsed.toString();
}

/** Loads the stack's socket.io-client: 3.x and later export `io`, 2.x's module.exports is the io function itself. */
export async function loadSocketioClientDriver(stack: StackName): Promise<Loaded<ClientDriver>> {
  const { value, libraries } = await loadLibrary(stack, 'socket.io-client');
  const legacy = isLegacySocketioClient(stack);
  const io = legacy ? (value as IoFunction) : (value as { io: IoFunction }).io;
  return { value: socketioClientDriver(io, legacy), libraries };
}
