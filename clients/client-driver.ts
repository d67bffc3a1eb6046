/** The interface each transport's client driver implements. */
import type { ClientEndCode, ClientErrorCode, WorkerConfig } from '../protocol/messages.js';
import type { ClientHandshake } from './handshake.js';
import type { NamespacePlan } from '../protocol/namespaces.js';

/** Events a driver reports for one connection. */
export interface ClientEvents {
  /** The connection is open; at most once. */
  onOpen(): void;
  onMessage(data: string): void;
  /**
   * The connection failed or closed; `code` is a short error code (ECONNREFUSED, closed, ...). It may
   * come more than once (a library's error, then its close): the first one counts.
   */
  onEnd(code: ClientEndCode): void;
  /** A library that reconnects by itself (Socket.IO's Manager) starts one more attempt. */
  onReconnectAttempt?(): void;
  /**
   * With options.scenario: every message, Socket.IO's every event with its arguments (its
   * `message` events too, which then do not come to onMessage), a ws binary message as a Buffer (event null).
   */
  onIncoming?(event: string | null, args: unknown[]): void;
}

/** One open (or opening) client connection. */
export interface ClientConnection {
  /** A Buffer is one binary message (ws only). */
  send(data: string | Buffer): void;
  close(): void;
  /** Socket.IO only: emits an event with arguments, and an ack callback when given. */
  emit?(event: string, args: unknown[], ack: ((...reply: unknown[]) => void) | null): void;
  /**
   * --slow-readers: stop reading from the connection's TCP socket, so what the server sends piles
   * up in the kernel's buffers and then in the server's; true when the socket was found and paused.
   */
  pauseReading?(): boolean;
}

/** Pauses a net.Socket found at the end of `path` below `root` (each library keeps its own in a field of its own); false where there is none. */
export function pauseSocketAt(root: unknown, path: readonly string[]): boolean {
  let current: unknown = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return false;
    current = (current as Record<string, unknown>)[key];
  }
  const socket = current as { pause?: () => void; unpipe?: () => void } | undefined;
  if (typeof socket?.pause !== 'function') return false;
  // A piped socket would be resumed by its destination's next drain.
  socket.unpipe?.();
  socket.pause();
  return true;
}

/** Per-connection settings a driver needs beyond the URL. */
export type DriverOptions = Pick<WorkerConfig, 'socketioTransports' | 'sockjsTransports' | 'perMessageDeflate' | 'connectTimeoutMs'> &
  Partial<Pick<WorkerConfig, 'reconnect' | 'acceptAnyCertificate'>> & {
    /** Local address to bind, or undefined to let the OS choose. */
    localAddress: string | undefined;
    /** A scenario runs: every incoming message and event goes to onIncoming. Absent otherwise. */
    scenario?: true;
    /** Socket.IO: the client joins these namespaces (--namespaces). Absent otherwise. */
    namespaces?: NamespacePlan;
  };

/** Opens client connections of one transport. Construction of the client happens inside connect. */
export interface ClientDriver {
  /** `handshake`: this client's path, query, headers and auth (--path, --query, ...); null or absent: the URL as it is. */
  connect(url: string, options: DriverOptions, events: ClientEvents, handshake?: ClientHandshake | null): ClientConnection;
  /**
   * True when the library reconnects a dropped connection by itself (with options.reconnect's
   * back-off) and reports each attempt and the new open on the same events; otherwise the session
   * reconnects by calling connect again.
   */
  readonly reconnectsItself?: boolean;
}

/** The longest reason kept in an error code, in characters. */
const MAX_REASON_CHARS = 80;

/** A server's reason as one short line for the `error` column: whitespace and line breaks collapsed, at most 80 characters; null when empty. */
export function shortReason(text: string): string | null {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length === 0) return null;
  return line.length > MAX_REASON_CHARS ? `${line.slice(0, MAX_REASON_CHARS - 3)}...` : line;
}

/** The message of an engine.io error body ({"code":1,"message":"Session ID unknown"}) carried by a failed request; null without one. */
function engineioReason(request: unknown): string | null {
  if (!request || typeof request !== 'object') return null;
  const body = (request as { responseText?: unknown }).responseText;
  if (typeof body !== 'string') return null;
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    return typeof parsed.message === 'string' ? shortReason(parsed.message) : null;
  } catch {
    return null;
  }
}

/** Extracts a short, stable code from whatever a client library reports as an error. */
export function errorCode<Fallback extends ClientErrorCode | ''>(error: unknown, fallback: Fallback): ClientErrorCode | Fallback {
  if (error && typeof error === 'object') {
    const withCode = error as { code?: unknown; description?: unknown; error?: unknown; message?: unknown; context?: unknown; statusText?: unknown };
    // Codes libraries set are Node system errors (E...) or ws's own (WS_ERR_...).
    if (typeof withCode.code === 'string' && withCode.code.length > 0) return withCode.code as ClientErrorCode;
    // engine.io-client's polling error: the HTTP status, and the request, whose body says why (engine.io: "Session ID unknown").
    if (typeof withCode.description === 'number' && withCode.description >= 400) {
      const reason = engineioReason(withCode.context);
      return reason === null ? `http-${withCode.description}` : `http-${withCode.description}: ${reason}`;
    }
    if (withCode.description !== undefined && withCode.description !== error) {
      const nested = errorCode(withCode.description, '');
      if (nested) return nested;
    }
    if (withCode.error !== undefined && withCode.error !== error) {
      const nested = errorCode(withCode.error, '');
      if (nested) return nested;
    }
    // engine.io-client's polling in Node (xmlhttprequest-ssl) fails with status 0 and keeps the
    // request's error, a certificate refused among them, as the request's statusText.
    if (withCode.context && typeof withCode.context === 'object' && withCode.context !== error) {
      const statusText = (withCode.context as { statusText?: unknown }).statusText;
      if (statusText && typeof statusText === 'object') {
        const nested = errorCode(statusText, '');
        if (nested) return nested;
      }
    }
    if (typeof withCode.message === 'string') {
      const status = /Unexpected server response: (\d+)/.exec(withCode.message);
      if (status) return `http-${status[1]}` as `http-${number}`;
    }
  }
  return fallback;
}
