/** What every adapter's link to the other nodes is (sync-link.ts builds one), and the time bounds they share. */
import type { LoadedLibrary } from '../protocol/load-library.js';
import type { ServerSync } from '../protocol/messages.js';

/** Room messages of the other nodes, delivered to this node's members. */
export type RemoteDelivery = (room: string, payload: string) => void;

/** The ws and sockjs relay: publish a room message once for the other nodes; theirs come to `deliver`. */
export interface RoomRelay {
  publish(room: string, payload: string): void;
  /** Sets who receives the other nodes' room messages (the transport's room registry). */
  onRemote(deliver: RemoteDelivery): void;
}

/** A connected sync link. */
export interface SyncLink {
  /** For socket.io: what `io.adapter()` takes; null for ws and sockjs. */
  socketioAdapter: unknown;
  /** For ws and sockjs; null for socket.io. */
  relay: RoomRelay | null;
  /** The broker's client and the adapter loaded, with versions, for run.json. */
  libraries: LoadedLibrary[];
  /**
   * Close each namespace's adapter before the link: the postgres adapter holds a client of the
   * pool until its adapter is closed. Absent: not closed (the Redis Streams adapter's close leaves
   * a rejection unhandled, and the process ends anyway).
   */
  closeAdaptersFirst?: boolean;
  /** Resolves once the link carries messages, for an adapter that connects only after the server listens (AMQP); absent: at once. */
  ready?(): Promise<void>;
  close(): Promise<void>;
}

/** How long a server waits for its broker as it starts before it gives up. */
export const BROKER_CONNECT_TIMEOUT_MS = 5000;
/** How long closing waits for the broker to answer what is in flight. */
export const BROKER_CLOSE_TIMEOUT_MS = 1000;

/** Resolves with `work`, or rejects with `message` after `timeoutMs`. */
export async function withinTime<T>(work: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(message)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits for `closing` at most BROKER_CLOSE_TIMEOUT_MS: the run is over either way. */
export async function closeWithinBound(closing: Promise<unknown>): Promise<void> {
  await withinTime(closing, BROKER_CLOSE_TIMEOUT_MS, 'close timed out').catch(() => undefined);
}

/** The broker URL of a sync that has a broker; the cluster adapter has none. */
export function brokerUrlOf(sync: ServerSync): string {
  if (sync.brokerUrl === null) throw new Error(`the ${sync.adapter} adapter needs a broker URL`);
  return sync.brokerUrl;
}

/** A socket error of a connection the broker dropped or refused: ECONNRESET, ECONNREFUSED, EPIPE. */
export function isConnectionError(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ECONNRESET' || code === 'ECONNREFUSED' || code === 'EPIPE';
}

/**
 * A node outlives its broker: the adapters document that while the broker is down each node still
 * delivers to its own members. Some let the errors of a lost connection escape all the same (as an
 * unhandled rejection or an uncaught exception); only those that `isLost` recognises are survived,
 * with one line on stderr, and any other still ends the process as Node would.
 */
export function surviveLostBrokerConnections(broker: string, isLost: (error: Error) => boolean): void {
  if (process.listenerCount('uncaughtException') > 0) return;
  const survive = (error: unknown): void => {
    if (error instanceof Error && isLost(error)) {
      process.stderr.write(`${broker} connection lost (${error.message}); this node goes on delivering to its own members until ${broker} is back\n`);
      return;
    }
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  };
  process.on('uncaughtException', survive);
  process.on('unhandledRejection', survive);
}
