/**
 * One SockJS client spoken on the wire: the websocket transport's framing over one WebSocket (the
 * ws driver's), straight to <prefix>/<server>/<session>/websocket without sockjs-client's /info
 * request first. Frames from the server: `o` open, `h` heartbeat, `a[...]` messages, `c[code,
 * "reason"]` close; the client sends a JSON array of strings. Its ends are the library driver's:
 * `closed` for a normal close, `sockjs-<code>[: reason]` otherwise (1006 when the socket broke
 * without a close frame, as sockjs-client says).
 */
import type { ClientConnection, ClientEvents } from '../client-driver.js';
import { shortReason } from '../client-driver.js';
import type { ClientEndCode } from '../../protocol/messages.js';

const OPENING = 0;
const OPEN = 1;
const ENDED = 2;

/** sockjs-client's code for a WebSocket that closed without the server's close frame. */
const CONNECTION_BROKEN = 1006;

/** The end a close frame's code and reason give, as the library driver reports them. */
function closeCode(code: number, reason: unknown): ClientEndCode {
  if (code === 1000) return 'closed';
  const text = code >= 4000 && code <= 4999 && typeof reason === 'string' ? shortReason(reason) : null;
  return text === null ? `sockjs-${code}` : `sockjs-${code}: ${text}`;
}

export class SockjsWireConnection implements ClientConnection, ClientEvents {
  /** The WebSocket's connection, set by the driver right after construction. */
  socket: ClientConnection | null = null;
  private state = OPENING;

  constructor(private readonly events: ClientEvents) {}

  onOpen(): void {
    // The server's `o` frame opens the session.
  }

  onMessage(frame: string): void {
    const kind = frame[0];
    if (kind === 'a') this.onMessages(frame.slice(1));
    else if (kind === 'o') this.onSessionOpen();
    else if (kind === 'c') this.onCloseFrame(frame.slice(1));
    else if (kind === 'm') this.onMessages(`[${frame.slice(1)}]`);
    // h (heartbeat): nothing to answer.
  }

  onEnd(code: ClientEndCode): void {
    // A WebSocket that ended without a close frame: an error keeps its own code, a close is a broken connection.
    this.end(code === 'closed' && this.state === OPEN ? `sockjs-${CONNECTION_BROKEN}` : code);
  }

  send(data: string | Buffer): void {
    // The config refuses binary sends for SockJS, which carries text only.
    if (this.state === OPEN) this.socket?.send(JSON.stringify([String(data)]));
  }

  close(): void {
    this.end('closed');
    this.socket?.close();
  }

  private onSessionOpen(): void {
    if (this.state !== OPENING) return;
    this.state = OPEN;
    this.events.onOpen();
  }

  private onMessages(json: string): void {
    if (this.state !== OPEN) return;
    let messages: unknown;
    try {
      messages = JSON.parse(json);
    } catch {
      return;
    }
    if (!Array.isArray(messages)) return;
    for (const message of messages) if (typeof message === 'string' && this.state === OPEN) this.events.onMessage(message);
  }

  private onCloseFrame(json: string): void {
    let code = CONNECTION_BROKEN;
    let reason: unknown = null;
    try {
      const parsed = JSON.parse(json) as unknown;
      // sockjs-node writes the code as it was given, a string among them (close('4001', ...)); sockjs-client reads either.
      const given = Array.isArray(parsed) ? Number(parsed[0]) : Number.NaN;
      if (Number.isInteger(given)) [code, reason] = [given, (parsed as unknown[])[1]];
    } catch {
      // A close frame that cannot be read is a broken connection.
    }
    this.end(closeCode(code, reason));
    this.socket?.close();
  }

  private end(code: ClientEndCode): void {
    if (this.state === ENDED) return;
    this.state = ENDED;
    this.events.onEnd(code);
  }
}
