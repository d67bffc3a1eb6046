/**
 * One client's measurement, as method.md defines it: connectMs from construction to open,
 * firstMessageMs from the first send to its echo (push mode: open to the pushed message), each
 * bounded by the timeout. One object per client with its methods on the prototype: at 10,000
 * clients per worker, per-client closures would cost more memory than the state itself.
 */
import { performance } from 'node:perf_hooks';
import type { ClientConnection, ClientDriver, ClientEvents, DriverOptions } from './client-driver.js';
import type { ClientEndCode, ClientErrorCode } from '../protocol/messages.js';
import type { SteadyConnection } from './steady-traffic.js';

/** What a session reports to, and reads from, the runner that owns it. */
export interface SessionOwner {
  readonly closing: boolean;
  firstMessage(client: number): string | null;
  opened(session: ClientSession): void;
  succeeded(session: ClientSession, firstMessageMs: number): void;
  failed(session: ClientSession, error: ClientErrorCode): void;
  /** The connection ended, whatever the reason; `afterSuccess` when the client had succeeded. */
  ended(session: ClientSession, afterSuccess: boolean): void;
  steadyMessage(slot: number, data: string): void;
}

const CONNECTING = 0;
const AWAITING_FIRST = 1;
const DONE = 2;

function onTimeout(session: ClientSession): void {
  session.fail('timeout');
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

  constructor(
    private readonly owner: SessionOwner,
    readonly client: number,
    readonly queuedMs: number,
    private readonly timeoutMs: number,
    private readonly releaseSlot: () => void,
  ) {}

  /** Constructs the client; a driver that throws is a failed client, not an exception. */
  start(driver: ClientDriver, url: string, options: DriverOptions): void {
    this.timer = setTimeout(onTimeout, this.timeoutMs, this);
    this.constructedAt = performance.now();
    try {
      this.connection = driver.connect(url, options, this);
    } catch (error) {
      this.fail(error instanceof Error && 'code' in error && typeof error.code === 'string' ? (error.code as ClientErrorCode) : 'client-error');
    }
  }

  onOpen(): void {
    if (this.state !== CONNECTING) return;
    const openedAt = performance.now();
    this.connectMs = openedAt - this.constructedAt;
    this.state = AWAITING_FIRST;
    this.giveBackSlot();
    clearTimeout(this.timer);
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
    }
  }

  onEnd(code: ClientEndCode): void {
    if (this.ended) return;
    this.ended = true;
    // A client the run itself closed before it finished was cut short, not refused by the server.
    if (this.state !== DONE && this.owner.closing) this.fail('interrupted');
    else if (this.state === CONNECTING) this.fail(code === 'closed' ? 'closed-early' : code);
    else if (this.state === AWAITING_FIRST) this.fail('closed-early');
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

  send(data: string): void {
    this.connection?.send(data);
  }

  isOpen(): boolean {
    return !this.ended && !this.owner.closing;
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
