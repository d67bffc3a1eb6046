/** The interface each transport's server module implements. */
import type { Server as HttpServer } from 'node:http';
import type { ServerOptions } from '../protocol/messages.js';
import type { ConnectionBehaviour } from './connection-behaviour.js';
import type { SyncLink } from './sync-types.js';

/** A transport attached to an http server. */
export interface AttachedTransport {
  /** Closes every open connection of this transport. The http server is closed by the caller. */
  closeConnections(): Promise<void>;
  /**
   * Closes every client's connection as a server that goes away does (--drain), so that clients
   * reconnect as they would (Socket.IO: its transport closes, not a server disconnect, which
   * socket.io-client would not reconnect); the server keeps listening.
   */
  dropConnections(): void;
}

/** One module per transport: attach an echo endpoint to an http server that is not listening yet; `sync` links it to the other nodes, or is null on one node. */
export interface ServerModule {
  attach(httpServer: HttpServer, options: ServerOptions, behaviour: ConnectionBehaviour, sync: SyncLink | null): AttachedTransport;
}
