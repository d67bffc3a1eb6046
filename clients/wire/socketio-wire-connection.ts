/**
 * One Socket.IO client spoken on the wire: Engine.IO over one WebSocket (the ws driver's, which
 * already turns refused upgrades and socket errors into bench's codes), then one namespace. Its
 * events are the library driver's: open at the namespace's connect ack, `message` events as
 * messages (every event to a scenario), and one end whatever the cause, so the session above
 * cannot tell the two clients apart except by their cost.
 *
 * Engine.IO 4 (socket.io 3.x and 4.x): the server pings, the client answers, and a client that
 * hears no ping for pingInterval + pingTimeout gives the connection up. Engine.IO 3 (socket.io 2.x):
 * the client pings every pingInterval and gives up when no pong comes within pingTimeout; the
 * server joins every client to the main namespace by itself, and binary frames carry the packet
 * type (4, message) as their first byte.
 */
import type { ClientConnection, ClientEvents } from '../client-driver.js';
import { shortReason } from '../client-driver.js';
import type { ClientEndCode } from '../../protocol/messages.js';
import type { JsonObject } from '../../protocol/handshake.js';
import type { EngineVersion } from './engineio-url.js';
import {
  ACK,
  BINARY_ACK,
  BINARY_EVENT,
  CONNECT,
  CONNECT_ERROR,
  decodePacket,
  DISCONNECT,
  encodePacket,
  EVENT,
  namespacePrefix,
  withAttachments,
  type SocketioPacket,
} from './socketio-packets.js';

/** Engine.IO packet types, as the first character of a text frame. */
const ENGINE_OPEN = '0';
const ENGINE_CLOSE = '1';
const ENGINE_PING = '2';
const ENGINE_PONG = '3';
const ENGINE_MESSAGE = '4';

/** Engine.IO 3's binary message: the packet type's byte before the data. */
const ENGINE3_BINARY_MESSAGE = Buffer.from([4]);

const OPENING = 0;
const JOINING = 1;
const OPEN = 2;
const ENDED = 3;

/** What the wire client knows of one connection's server: its version and the namespace it joins. */
export interface WireTarget {
  version: EngineVersion;
  namespace: string;
  /** Engine.IO 3 sends the query again with a namespace's connect; null: none. */
  namespaceQuery: string | null;
  auth: JsonObject | null;
  /** Every event goes to onIncoming (a scenario); otherwise `message` events with a string go to onMessage. */
  allEvents: boolean;
}

function onPingTimeout(connection: SocketioWireConnection): void {
  connection.heartbeatMissed();
}

function onPingDue(connection: SocketioWireConnection): void {
  connection.pingServer();
}

/** The reason a refusal's packet carries: protocol 5's {message}, protocol 4's string. */
function refusalReason(data: unknown): string | null {
  if (typeof data === 'string') return shortReason(data);
  if (data !== null && typeof data === 'object' && typeof (data as { message?: unknown }).message === 'string') {
    return shortReason((data as { message: string }).message);
  }
  return null;
}

export class SocketioWireConnection implements ClientConnection, ClientEvents {
  /** The WebSocket's connection, set by the driver right after construction. */
  socket: ClientConnection | null = null;
  private state = OPENING;
  private timer: NodeJS.Timeout | undefined;
  private pingIntervalMs = 0;
  private pingTimeoutMs = 0;
  private nextAckId = 0;
  private acks: Map<number, (...reply: unknown[]) => void> | null = null;
  /** A binary event or ack whose attachments are still arriving. */
  private pending: { packet: SocketioPacket; buffers: Buffer[] } | null = null;

  constructor(
    private readonly events: ClientEvents,
    private readonly target: WireTarget,
  ) {}

  // The WebSocket's events.

  onOpen(): void {
    // The engine's open packet follows; the client is open at the namespace's ack.
  }

  onMessage(frame: string): void {
    const kind = frame[0];
    if (kind === ENGINE_MESSAGE) this.onSocketioText(frame.slice(1));
    else if (kind === ENGINE_PING) this.onPing();
    else if (kind === ENGINE_PONG) this.onPong();
    else if (kind === ENGINE_OPEN) this.onEngineOpen(frame.slice(1));
    else if (kind === ENGINE_CLOSE) this.end('closed');
    // 6 (noop) and anything else: nothing to do.
  }

  onIncoming(_event: string | null, args: unknown[]): void {
    const frame = args[0];
    if (!Buffer.isBuffer(frame) || this.pending === null) return;
    const data = this.target.version === 3 ? frame.subarray(1) : frame;
    this.pending.buffers.push(data);
    if (this.pending.buffers.length < this.pending.packet.attachments) return;
    const { packet, buffers } = this.pending;
    this.pending = null;
    this.onPacket({ ...packet, data: withAttachments(packet.data, buffers) });
  }

  onEnd(code: ClientEndCode): void {
    this.end(code);
  }

  // The client's side, for the session.

  send(data: string | Buffer): void {
    if (typeof data === 'string') this.socket?.send(`42${namespacePrefix(this.target.namespace)}["message",${JSON.stringify(data)}]`);
    else this.emit('message', [data], null);
  }

  emit(event: string, args: unknown[], ack: ((...reply: unknown[]) => void) | null): void {
    let id = -1;
    if (ack !== null) {
      id = this.nextAckId;
      this.nextAckId += 1;
      (this.acks ??= new Map()).set(id, ack);
    }
    this.sendPacket(EVENT, id, [event, ...args]);
  }

  close(): void {
    const wasOpen = this.state === OPEN;
    // A client closed while connecting ends now, as the library's does.
    this.end('closed');
    if (wasOpen) this.socket?.send(`${ENGINE_MESSAGE}${DISCONNECT}${namespacePrefix(this.target.namespace)}`);
    this.socket?.close();
  }

  // Heartbeats.

  heartbeatMissed(): void {
    this.end('closed');
    this.socket?.close();
  }

  pingServer(): void {
    if (this.state === ENDED) return;
    this.socket?.send(ENGINE_PING);
    this.timer = setTimeout(onPingTimeout, this.pingTimeoutMs, this);
  }

  private onPing(): void {
    this.socket?.send(ENGINE_PONG);
    this.timer?.refresh();
  }

  private onPong(): void {
    if (this.target.version !== 3 || this.state === ENDED) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(onPingDue, this.pingIntervalMs, this);
  }

  // Protocol.

  private onEngineOpen(json: string): void {
    if (this.state !== OPENING) return;
    let settings: { pingInterval?: unknown; pingTimeout?: unknown };
    try {
      settings = JSON.parse(json) as typeof settings;
    } catch {
      settings = {};
    }
    this.pingIntervalMs = typeof settings.pingInterval === 'number' ? settings.pingInterval : 25_000;
    this.pingTimeoutMs = typeof settings.pingTimeout === 'number' ? settings.pingTimeout : 20_000;
    this.state = JOINING;
    const { version, namespace } = this.target;
    if (version === 4) {
      this.timer = setTimeout(onPingTimeout, this.pingIntervalMs + this.pingTimeoutMs, this);
      const auth = this.target.auth === null ? '' : JSON.stringify(this.target.auth);
      this.socket?.send(`${ENGINE_MESSAGE}${CONNECT}${namespacePrefix(namespace)}${auth}`);
    } else {
      this.timer = setTimeout(onPingDue, this.pingIntervalMs, this);
      // Engine.IO 3's server joins the main namespace by itself; another is asked for, with the query.
      if (namespace !== '/') {
        const query = this.target.namespaceQuery === null ? '' : `?${this.target.namespaceQuery}`;
        this.socket?.send(`${ENGINE_MESSAGE}${CONNECT}${namespace}${query},`);
      }
    }
  }

  private onSocketioText(text: string): void {
    const packet = decodePacket(text);
    if (packet === null || packet.namespace !== this.target.namespace) return;
    if (packet.attachments > 0) this.pending = { packet, buffers: [] };
    else this.onPacket(packet);
  }

  private onPacket(packet: SocketioPacket): void {
    switch (packet.type) {
      case CONNECT:
        if (this.state !== JOINING) return;
        this.state = OPEN;
        this.events.onOpen();
        return;
      case CONNECT_ERROR: {
        const reason = refusalReason(packet.data);
        this.end(reason === null ? 'connect-error' : `connect-error: ${reason}`);
        this.socket?.close();
        return;
      }
      case DISCONNECT:
        this.end('closed');
        this.socket?.close();
        return;
      case EVENT:
      case BINARY_EVENT:
        if (this.state === OPEN && Array.isArray(packet.data)) this.onEvent(packet.data, packet.id);
        return;
      case ACK:
      case BINARY_ACK:
        this.onAck(packet);
        return;
    }
  }

  private onEvent(data: unknown[], id: number): void {
    const [event, ...args] = data;
    if (typeof event !== 'string') return;
    // The server asked for an ack: the last argument answers it, as the library's listeners get it.
    if (id >= 0) args.push((...reply: unknown[]) => this.sendPacket(ACK, id, reply));
    if (this.target.allEvents) this.events.onIncoming?.(event, args);
    else if (event === 'message' && typeof args[0] === 'string') this.events.onMessage(args[0]);
  }

  private onAck(packet: SocketioPacket): void {
    const ack = this.acks?.get(packet.id);
    if (ack === undefined) return;
    this.acks?.delete(packet.id);
    ack(...(Array.isArray(packet.data) ? packet.data : []));
  }

  private sendPacket(type: typeof EVENT | typeof ACK, id: number, data: unknown[]): void {
    const socket = this.socket;
    if (socket === null || this.state !== OPEN) return;
    const { text, attachments } = encodePacket(type, this.target.namespace, id, data);
    socket.send(`${ENGINE_MESSAGE}${text}`);
    for (const attachment of attachments) socket.send(this.target.version === 3 ? Buffer.concat([ENGINE3_BINARY_MESSAGE, attachment]) : attachment);
  }

  private end(code: ClientEndCode): void {
    if (this.state === ENDED) return;
    this.state = ENDED;
    clearTimeout(this.timer);
    this.acks = null;
    this.pending = null;
    this.events.onEnd(code);
  }
}
