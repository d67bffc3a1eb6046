/**
 * A client's events, carried on its socket, so that one set of listeners serves every client: each
 * client library calls its listeners with the socket as `this`. Per-client closures would cost
 * more memory than the one key.
 */
import type { ClientEvents } from './client-driver.js';

const EVENTS = Symbol('bench client events');

type Carrier = { [EVENTS]?: ClientEvents };

/** Puts `events` on `socket` and returns the socket. */
export function carryEvents<Socket extends object>(socket: Socket, events: ClientEvents): Socket {
  (socket as Carrier)[EVENTS] = events;
  return socket;
}

/** The events carryEvents put on `socket`. */
export function eventsOf(socket: object): ClientEvents {
  return (socket as Carrier)[EVENTS] as ClientEvents;
}
