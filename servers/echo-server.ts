/** Starts one echo server of any transport on host:port and knows how to stop it. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerOptions, ServerUsage } from '../protocol/messages.js';
import { SocketByteCounter } from './socket-byte-counter.js';
import { createConnectionBehaviour } from './connection-behaviour.js';
import { SERVER_MODULE_LOADERS } from './index.js';
import type { LoadedLibrary } from '../protocol/load-library.js';

/** A listening echo server. */
export interface RunningEchoServer {
  host: string;
  port: number;
  openConnections(): number;
  /** The libraries of its stack it loaded, with the versions read from their package.json. */
  libraries: LoadedLibrary[];
  /** CPU time and socket byte counters now; bytes are zero unless options.countSocketBytes. */
  usage(): ServerUsage;
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

/** Starts the server and resolves once it listens. */
export async function startEchoServer(options: ServerOptions): Promise<RunningEchoServer> {
  const httpServer = createServer();
  // Upgraded sockets and long-polls must not be cut by http's idle timers during a hold.
  httpServer.requestTimeout = 0;
  httpServer.headersTimeout = 0;
  const behaviour = createConnectionBehaviour(options);
  const loaded = await SERVER_MODULE_LOADERS[options.transport](options.stack);
  const attached = loaded.value.attach(httpServer, options, behaviour);
  const byteCounter = options.countSocketBytes ? new SocketByteCounter(httpServer) : null;

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(new ListenError(`cannot listen on ${options.host}:${options.port}: ${error.message}`, error.code ?? 'ELISTEN'));
    };
    httpServer.once('error', onError);
    httpServer.listen({ host: options.host, port: options.port, backlog: 4096 }, () => {
      httpServer.off('error', onError);
      resolve();
    });
  });
  const address = httpServer.address() as AddressInfo;

  return {
    host: options.host,
    port: address.port,
    openConnections: () => behaviour.openConnections(),
    libraries: loaded.libraries,
    usage() {
      const cpu = process.cpuUsage();
      const bytes = byteCounter?.totals() ?? { bytesRead: 0, bytesWritten: 0, openSockets: 0 };
      return { cpuMicros: cpu.user + cpu.system, socketBytesRead: bytes.bytesRead, socketBytesWritten: bytes.bytesWritten, openSockets: bytes.openSockets };
    },
    async close() {
      await attached.closeConnections();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => {
        if (!httpServer.listening) return resolve();
        httpServer.close(() => resolve());
      });
    },
  };
}
