/**
 * One client's measurement, as method.md defines it: connectMs from construction to open,
 * firstMessageMs from the first send to its echo (push mode: open to the pushed message), each
 * bounded by the timeout. One object per client with its methods on the prototype: at 10,000
 * clients per worker, per-client closures would cost more memory than the state itself.
 */
import { performance } from 'node:perf_hooks';
import type { ClientConnection, ClientDriver, ClientEvents, DriverOptions } from './client-driver.js';
import type { ClientHandshake } from './handshake.js';
import type { ClientEndCode, ClientErrorCode } from '../protocol/messages.js';
import type { SteadyConnection } from './steady-traffic.js';
import { backoffDelayMs, type ReconnectSettings } from '../protocol/reconnect-settings.js';
import { epochNowMs } from '../protocol/epoch-clock.js';

/** What a session reports to, and reads from, the runner that owns it. */
export interface SessionOwner {
  readonly closing: boolean;
  /** Connect mode: a client has succeeded once it is open; no first message is sent or awaited. */
  readonly succeedsAtOpen: boolean;
  firstMessage(client: number): string | null;
  opened(session: ClientSession): void;
  /** `firstMessageMs` is null in connect mode. */
  succeeded(session: ClientSession, firstMessageMs: number | null): void;
  failed(session: ClientSession, error: ClientErrorCode): void;
  /** The connection ended, whatever the reason; `afterSuccess` when the client had succeeded. */
  ended(session: ClientSession, afterSuccess: boolean): void;
  steadyMessage(slot: number, data: string): void;
  /** How a dropped connection reconnects; null: it stays lost. */
  readonly reconnect: ReconnectSettings | null;
  /** The connection of a client that had succeeded dropped; it is reconnecting. */
  dropped(session: ClientSession): void;
  /** A reconnecting client is open again. */
  back(session: ClientSession): void;
  /** What a client sends as it comes back, before anything else (broadcast mode: its join again, or it would receive nothing); null: nothing. */
  rejoin(client: number): string | null;
  /** A scenario runs: a message (Socket.IO: an event) arrived on a connection that succeeded. */
  incoming?(session: ClientSession, event: string | null, args: unknown[]): void;
}

const CONNECTING = 0;
const AWAITING_FIRST = 1;
const DONE = 2;
/** Succeeded, then dropped: waiting for, or in, a reconnection attempt. */
const RECONNECTING = 3;

function onTimeout(session: ClientSession): void {
  session.fail('timeout');
}

function startAttempt(session: ClientSession): void {
  session.startAttempt();
}

function onAttemptTimeout(session: ClientSession, attempt: ReconnectAttempt): void {
  session.attemptTimedOut(attempt);
}

/**
 * The events of one reconnection attempt by the session (a library that does not reconnect by
 * itself): only the current attempt's events count, so a stale socket's late error or close
 * cannot end a newer connection.
 */
class ReconnectAttempt implements ClientEvents {
  constructor(private readonly session: ClientSession) {}

  onOpen(): void {
    this.session.attemptOpened(this);
  }

  onMessage(data: string): void {
    this.session.attemptMessage(this, data);
  }

  onEnd(): void {
    this.session.attemptEnded(this);
  }
}

/** One client from construction to the end of its connection. */
export class ClientSession implements ClientEvents, SteadyConnection {
  connectMs = 0;
  /** Index of this client's connection in the steady traffic; -1 until it succeeded. */
  steadySlot = -1;
  connection: ClientConnection | null = null;
  private state = CONNECTING;
  private succeeded = false;
  private ended = false;
  private slotHeld = true;
  private constructedAt = 0;
  private sentAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private driver: ClientDriver | null = null;
  private url = '';
  private options: DriverOptions | null = null;
  private handshake: ClientHandshake | null = null;
  /** Times the connection dropped, and reconnection attempts over all drops. */
  drops = 0;
  attempts = 0;
  private attemptsSinceDrop = 0;
  firstDropAtEpochMs: number | null = null;
  lastBackAtEpochMs: number | null = null;
  private attempt: ReconnectAttempt | null = null;
  /** The run closed this client in a leave phase: its end is not a drop. */
  left = false;
  /** The run closed this client to give its place to a new one (--churn): its end is not a drop. */
  churned = false;

  constructor(
    private readonly owner: SessionOwner,
    readonly client: number,
    readonly queuedMs: number,
    private readonly timeoutMs: number,
    private readonly releaseSlot: () => void,
  ) {}

  /** Constructs the client; a driver that throws is a failed client, not an exception. */
  start(driver: ClientDriver, url: string, options: DriverOptions, handshake: ClientHandshake | null = null): void {
    this.timer = setTimeout(onTimeout, this.timeoutMs, this);
    this.constructedAt = performance.now();
    if (this.owner.reconnect !== null) {
      this.driver = driver;
      this.url = url;
      this.options = options;
      this.handshake = handshake;
    }
    try {
      this.connection = driver.connect(url, options, this, handshake);
    } catch (error) {
      this.fail(error instanceof Error && 'code' in error && typeof error.code === 'string' ? (error.code as ClientErrorCode) : 'client-error');
    }
  }

  onOpen(): void {
    // A library that reconnects by itself opens the same socket again.
    if (this.state === RECONNECTING) {
      if (this.driver?.reconnectsItself) this.back();
      return;
    }
    if (this.state !== CONNECTING) return;
    const openedAt = performance.now();
    this.connectMs = openedAt - this.constructedAt;
    this.state = AWAITING_FIRST;
    this.giveBackSlot();
    clearTimeout(this.timer);
    if (this.owner.succeedsAtOpen) {
      this.owner.opened(this);
      this.state = DONE;
      this.succeeded = true;
      this.owner.succeeded(this, null);
      return;
    }
    this.timer = setTimeout(onTimeout, this.timeoutMs, this);
    this.owner.opened(this);
    const message = this.owner.firstMessage(this.client);
    this.sentAt = performance.now();
    if (message === null) this.sentAt = openedAt;
    else this.connection?.send(message);
  }

  onMessage(data: string): void {
    if (this.state === AWAITING_FIRST) {
      this.state = DONE;
      this.succeeded = true;
      clearTimeout(this.timer);
      this.owner.succeeded(this, performance.now() - this.sentAt);
    } else if (this.steadySlot >= 0) {
      this.owner.steadyMessage(this.steadySlot, data);
    } else if (this.state === DONE) {
      this.owner.incoming?.(this, null, [data]);
    }
  }

  onIncoming(event: string | null, args: unknown[]): void {
    if (this.state === DONE && !this.ended) this.owner.incoming?.(this, event, args);
  }

  onEnd(code: ClientEndCode): void {
    if (this.ended) return;
    // Failed attempts of a library that reconnects by itself, or the dropped socket's second end event.
    if (this.state === RECONNECTING) return;
    // After a drop the session's own attempts carry their own events; the first socket's are stale.
    if (this.drops > 0 && !this.driver?.reconnectsItself) return;
    if (this.state === DONE && this.succeeded && this.owner.reconnect !== null && !this.owner.closing) {
      this.drop();
      return;
    }
    this.ended = true;
    // A client the run itself closed before it finished was cut short, not refused by the server.
    if (this.state !== DONE && this.owner.closing) this.fail('interrupted');
    else if (this.state === CONNECTING) this.fail(code === 'closed' ? 'closed-early' : code);
    // A server that refuses only after the open (a SockJS server closing with 4001 "invalid token") said why: keep its reason.
    else if (this.state === AWAITING_FIRST) this.fail(code.includes(': ') ? (code as ClientErrorCode) : 'closed-early');
    this.owner.ended(this, this.succeeded);
  }

  /** Ends the client with an error code; its times are not kept. */
  fail(error: ClientErrorCode): void {
    if (this.state === DONE) return;
    this.state = DONE;
    clearTimeout(this.timer);
    this.giveBackSlot();
    this.owner.failed(this, error);
    try {
      this.connection?.close();
    } catch {
      // Already broken; nothing more to free.
    }
  }

  onReconnectAttempt(): void {
    if (this.state === RECONNECTING) this.attempts += 1;
  }

  send(data: string | Buffer): void {
    this.connection?.send(data);
  }

  pauseReading(): boolean {
    return this.connection?.pauseReading?.() ?? false;
  }

  emit(event: string, args: unknown[], ack: ((...reply: unknown[]) => void) | null): void {
    this.connection?.emit?.(event, args, ack);
  }

  isOpen(): boolean {
    // A client leaving for --churn sends nothing more while its close is under way.
    return !this.ended && this.state !== RECONNECTING && !this.owner.closing && !this.churned;
  }

  /** Open now: connected and not dropped (or back). */
  get connectedNow(): boolean {
    return this.succeeded && !this.ended && this.state === DONE;
  }

  /** Closes the client for the end of the run; one that is reconnecting stops trying and ends now. */
  closeForRun(): void {
    if (this.state === RECONNECTING) {
      clearTimeout(this.timer);
      this.attempt = null;
      this.ended = true;
      this.owner.ended(this, true);
    }
    this.connection?.close();
  }

  private drop(): void {
    this.state = RECONNECTING;
    this.drops += 1;
    this.firstDropAtEpochMs ??= epochNowMs();
    this.attemptsSinceDrop = 0;
    this.owner.dropped(this);
    if (!this.driver?.reconnectsItself) this.scheduleAttempt();
  }

  private scheduleAttempt(): void {
    const settings = this.owner.reconnect as ReconnectSettings;
    const delayMs = backoffDelayMs(settings, this.attemptsSinceDrop);
    this.attemptsSinceDrop += 1;
    this.timer = setTimeout(startAttempt, delayMs, this);
  }

  /** One reconnection attempt: a new connection to the same URL, bounded by the connect timeout. */
  startAttempt(): void {
    if (this.owner.closing || this.state !== RECONNECTING || this.driver === null || this.options === null) return;
    this.attempts += 1;
    const attempt = new ReconnectAttempt(this);
    this.attempt = attempt;
    this.timer = setTimeout(onAttemptTimeout, this.timeoutMs, this, attempt);
    try {
      this.connection = this.driver.connect(this.url, this.options, attempt, this.handshake);
    } catch {
      this.attemptEnded(attempt);
    }
  }

  attemptTimedOut(attempt: ReconnectAttempt): void {
    if (attempt !== this.attempt) return;
    const connection = this.connection;
    this.attemptEnded(attempt);
    try {
      connection?.close();
    } catch {
      // Already broken.
    }
  }

  attemptOpened(attempt: ReconnectAttempt): void {
    if (attempt !== this.attempt || this.state !== RECONNECTING) return;
    clearTimeout(this.timer);
    this.back();
  }

  attemptMessage(attempt: ReconnectAttempt, data: string): void {
    if (attempt === this.attempt) this.onMessage(data);
  }

  /** The attempt failed, or the connection it opened dropped again. */
  attemptEnded(attempt: ReconnectAttempt): void {
    if (attempt !== this.attempt || this.ended) return;
    this.attempt = null;
    clearTimeout(this.timer);
    if (this.state === DONE) {
      // Back, and dropped again; or closed by the run.
      if (this.owner.closing) {
        this.ended = true;
        this.owner.ended(this, true);
      } else {
        this.drop();
      }
    } else if (!this.owner.closing) {
      this.scheduleAttempt();
    }
  }

  private back(): void {
    this.state = DONE;
    this.lastBackAtEpochMs = epochNowMs();
    this.owner.back(this);
    // The server's echo of the join arrives as an ordinary message, which the workload ignores.
    const join = this.owner.rejoin(this.client);
    if (join !== null) this.connection?.send(join);
  }

  /** True once the client has succeeded or failed. */
  get finished(): boolean {
    return this.state === DONE;
  }

  private giveBackSlot(): void {
    if (this.slotHeld) {
      this.slotHeld = false;
      this.releaseSlot();
    }
  }
}
