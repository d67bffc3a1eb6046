/** `bench agent` as a library: an HTTP control service on node:http that hosts one echo server at a time. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAgentHandler } from './routes.js';
import { ServerHolder } from './server-holder.js';

/** How an agent runs. */
export interface AgentOptions {
  /** Address the control service binds. */
  host: string;
  /** 0 lets the OS choose. */
  port: number;
  /** Address the echo servers bind. */
  serverHost: string;
  token: string;
  /** A server nobody asks about for this long is stopped, in ms. */
  leaseMs: number;
  /** The commands a workstation may ask to start, by name (bench agent --server-cmd name=command); the agent runs no other. */
  userServers: ReadonlyMap<string, string>;
  log(line: string): void;
}

/** A listening agent. */
export interface RunningAgent {
  url: string;
  port: number;
  /** Stops the hosted server, if any, and closes every connection. */
  close(): Promise<void>;
}

/** Error raised when the agent cannot listen; `code` is the OS code. */
export class AgentListenError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** Starts the agent and resolves once it listens. */
export async function startAgent(options: AgentOptions): Promise<RunningAgent> {
  const holder = new ServerHolder({
    serverHost: options.serverHost,
    leaseMs: options.leaseMs,
    userServers: options.userServers,
    heartbeatIntervalMs: Math.max(100, Math.min(1000, Math.floor(options.leaseMs / 5))),
    log: options.log,
  });
  const server: Server = createServer(createAgentHandler({ token: options.token, holder, log: options.log }));
  // A slow or stalled client may not hold a request open; the sample stream is a response, not a request.
  server.requestTimeout = 10_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(new AgentListenError(`cannot listen on ${options.host}:${options.port}: ${error.message}`, error.code ?? 'ELISTEN'));
    };
    server.once('error', onError);
    server.listen({ host: options.host, port: options.port }, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const hostPart = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${hostPart}:${port}`,
    port,
    async close() {
      await holder.stopAll('the agent is shutting down');
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
