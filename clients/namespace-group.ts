/**
 * One client of several Socket.IO namespaces (--namespaces): K sockets, over one Manager (one
 * engine.io connection) or one Manager each, seen by the session as one connection. It is open when
 * every namespace has connected, and ends when any of them ends. A join is sent in every namespace
 * and answered once all have echoed it; every other message goes to the next namespace in turn, so
 * echoes and room messages travel every namespace.
 */
import type { Socket } from 'socket.io-client';
import { parseJoin } from '../protocol/broadcast-payload.js';
import type { ClientConnection, ClientEvents } from './client-driver.js';

/** Opens namespace `index`'s socket, reporting to `events`. */
export type OpenNamespace = (index: number, events: ClientEvents) => Socket;

class NamespaceGroup implements ClientConnection {
  private readonly sockets: Socket[] = [];
  private connected = 0;
  private joinEchoes = 0;
  private next = 0;
  private ended = false;

  constructor(
    count: number,
    open: OpenNamespace,
    private readonly events: ClientEvents,
  ) {
    for (let index = 0; index < count; index++) this.sockets.push(open(index, this.namespaceEvents()));
  }

  /** What each namespace's socket reports, gathered into the client's events. */
  private namespaceEvents(): ClientEvents {
    return {
      onOpen: () => {
        this.connected += 1;
        if (this.connected === this.sockets.length) this.events.onOpen();
      },
      onMessage: (data) => {
        if (parseJoin(data) === null) return this.events.onMessage(data);
        this.joinEchoes += 1;
        if (this.joinEchoes === this.sockets.length) this.events.onMessage(data);
      },
      onEnd: (code) => {
        if (this.ended) return;
        this.ended = true;
        this.events.onEnd(code);
        this.close();
      },
    };
  }

  send(data: string | Buffer): void {
    if (typeof data === 'string' && parseJoin(data) !== null) {
      for (const socket of this.sockets) socket.emit('message', data);
      return;
    }
    const socket = this.sockets[this.next] as Socket;
    this.next = (this.next + 1) % this.sockets.length;
    socket.emit('message', data);
  }

  close(): void {
    this.ended = true;
    for (const socket of this.sockets) socket.disconnect();
  }
}

/** The client's namespaces as one connection. */
export function namespaceGroup(count: number, open: OpenNamespace, events: ClientEvents): ClientConnection {
  return new NamespaceGroup(count, open, events);
}
