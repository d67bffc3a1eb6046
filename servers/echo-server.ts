/** Starts one echo server of any transport on host:port and knows how to stop it. */
import { createServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { ServerOptions, ServerUsage } from '../protocol/messages.js';
import { SocketByteCounter } from './socket-byte-counter.js';
import { createConnectionBehaviour } from './connection-behaviour.js';
import { SERVER_MODULE_LOADERS } from './index.js';
import type { LoadedLibrary } from '../protocol/load-library.js';
import type { SyncLink } from './sync-types.js';

/** A listening echo server. */
export interface RunningEchoServer {
  host: string;
  port: number;
  openConnections(): number;
  /** The libraries of its stack it loaded, with the versions read from their package.json. */
  libraries: LoadedLibrary[];
  /** CPU time and socket byte counters now; bytes are zero unless options.countSocketBytes. */
  usage(): ServerUsage;
  /** Closes every client's connection, as a server going away does, and keeps listening (--drain). */
  drop(): void;
  /** Closes every connection, then the listener. */
  close(): Promise<void>;
}

/** Error raised when the server cannot listen; `code` is the OS code (EADDRINUSE, EACCES, ...). */
export class ListenError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** Error raised when the server cannot reach its broker for its sync (ServerOptions.sync). */
export class SyncError extends Error {}

/** Starts the server and resolves once it listens. */
export async function startEchoServer(options: ServerOptions): Promise<RunningEchoServer> {
  // https.Server is an http.Server over TLS: the transports attach to it unchanged.
  const httpServer: HttpServer = options.tls ? createHttpsServer({ cert: options.tls.certPem, key: options.tls.keyPem }) : createServer();
  // Upgraded sockets and long-polls must not be cut by http's idle timers during a hold.
  httpServer.requestTimeout = 0;
  httpServer.headersTimeout = 0;
  const behaviour = createConnectionBehaviour(options);
  const loaded = await SERVER_MODULE_LOADERS[options.transport](options.stack);
  const sync = await connectNodeSync(options);
  const attached = loaded.value.attach(httpServer, options, behaviour, sync);
  const byteCounter = options.countSocketBytes ? new SocketByteCounter(httpServer) : null;

  const listening = new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(new ListenError(`cannot listen on ${options.host}:${options.port}: ${error.message}`, error.code ?? 'ELISTEN'));
    };
    httpServer.once('error', onError);
    httpServer.listen({ host: options.host, port: options.port, backlog: 4096 }, () => {
      httpServer.off('error', onError);
      resolve();
    });
  });
  try {
    await listening;
    await sync?.ready?.();
  } catch (error) {
    await sync?.close();
    throw error;
  }
  const address = httpServer.address() as AddressInfo;

  return {
    host: options.host,
    port: address.port,
    openConnections: () => behaviour.openConnections(),
    libraries: [...loaded.libraries, ...(sync?.libraries ?? [])],
    usage() {
      const cpu = process.cpuUsage();
      const bytes = byteCounter?.totals() ?? { bytesRead: 0, bytesWritten: 0, openSockets: 0 };
      return { cpuMicros: cpu.user + cpu.system, socketBytesRead: bytes.bytesRead, socketBytesWritten: bytes.bytesWritten, openSockets: bytes.openSockets };
    },
    drop() {
      attached.dropConnections();
    },
    async close() {
      await attached.closeConnections();
      await sync?.close();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => {
        if (!httpServer.listening) return resolve();
        httpServer.close(() => resolve());
      });
    },
  };
}

/** The link to the other nodes when options.sync is set; the broker's client and the adapter are loaded only then. */
async function connectNodeSync(options: ServerOptions): Promise<SyncLink | null> {
  if (options.sync === null) return null;
  // The 2020 stack's socket.io 2 needs the adapter generation of its time, which bench does not carry.
  if (options.stack !== 'current') throw new Error(`sync between nodes runs on the current stack only; --stack ${options.stack} has no adapter here`);
  const { connectSync } = await import('./sync-link.js');
  try {
    return await connectSync(options.sync, options.transport);
  } catch (error) {
    throw new SyncError(error instanceof Error ? error.message : String(error));
  }
}
