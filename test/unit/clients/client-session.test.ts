/**
 * ClientSession's state machine against a fake driver and a fake owner, on fake timers: the times
 * method.md defines (connectMs, firstMessageMs), the timeouts, and reconnection. The real sockets
 * stay in the end-to-end tests; here every event is fired by the test at an exact virtual time.
 */
import { performance } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { ClientSession, type SessionOwner } from '../../../clients/client-session.js';
import type { ClientConnection, ClientDriver, ClientEvents, DriverOptions } from '../../../clients/client-driver.js';
import type { ClientErrorCode } from '../../../protocol/messages.js';
import type { ReconnectSettings } from '../../../protocol/reconnect-settings.js';

const TIMEOUT_MS = 30_000;
const URL = 'ws://127.0.0.1:9/';
const OPTIONS: DriverOptions = {
  socketioTransports: ['websocket'],
  sockjsTransports: ['websocket'],
  perMessageDeflate: false,
  connectTimeoutMs: TIMEOUT_MS,
  localAddress: undefined,
};
/** No jitter, so each wait is exactly min(delay x 2^n, max). */
const NO_JITTER: ReconnectSettings = { delayMs: 1000, delayMaxMs: 5000, randomizationFactor: 0 };

/** One connection the fake driver opened: what was sent on it, how often it was closed, and the events to fire. */
class FakeConnection implements ClientConnection {
  readonly sent: string[] = [];
  closes = 0;

  constructor(
    readonly events: ClientEvents,
    readonly url: string,
    readonly options: DriverOptions,
  ) {}

  send(data: string): void {
    this.sent.push(data);
  }

  close(): void {
    this.closes += 1;
  }
}

/** A driver that opens nothing: each connect is recorded, and the test fires its events. */
class FakeDriver implements ClientDriver {
  readonly connections: FakeConnection[] = [];
  /** When set, connect throws it instead of returning a connection (a client constructor that throws). */
  throwOnConnect: Error | null = null;

  constructor(readonly reconnectsItself = false) {}

  connect(url: string, options: DriverOptions, events: ClientEvents): ClientConnection {
    if (this.throwOnConnect !== null) throw this.throwOnConnect;
    const connection = new FakeConnection(events, url, options);
    this.connections.push(connection);
    return connection;
  }

  /** The connection of the nth connect call (0: the first). */
  connection(index: number): FakeConnection {
    const connection = this.connections[index];
    if (connection === undefined) throw new Error(`connect was called ${this.connections.length} times, not ${index + 1}`);
    return connection;
  }
}

/** An owner that records each call as a line, in order; it hands out a steady slot on success as ClientRunner does. */
class FakeOwner implements SessionOwner {
  closing = false;
  readonly calls: string[] = [];
  /** Every session passed to a call, to check the session reports itself. */
  readonly sessions = new Set<ClientSession>();

  constructor(
    readonly reconnect: ReconnectSettings | null = null,
    private readonly mode: 'echo' | 'push' | 'connect' = 'echo',
    private readonly rejoinMessage: string | null = null,
  ) {}

  get succeedsAtOpen(): boolean {
    return this.mode === 'connect';
  }

  firstMessage(client: number): string | null {
    return this.mode === 'push' ? null : `first ${client}`;
  }

  rejoin(): string | null {
    return this.rejoinMessage;
  }

  opened(session: ClientSession): void {
    this.record(session, 'opened');
  }

  succeeded(session: ClientSession, firstMessageMs: number | null): void {
    this.record(session, `succeeded ${firstMessageMs}`);
    session.steadySlot = 7;
  }

  failed(session: ClientSession, error: ClientErrorCode): void {
    this.record(session, `failed ${error}`);
  }

  ended(session: ClientSession, afterSuccess: boolean): void {
    this.record(session, `ended ${afterSuccess ? 'after success' : 'unfinished'}`);
  }

  steadyMessage(slot: number, data: string): void {
    this.calls.push(`steady ${slot} ${data}`);
  }

  dropped(session: ClientSession): void {
    this.record(session, 'dropped');
  }

  back(session: ClientSession): void {
    this.record(session, 'back');
  }

  private record(session: ClientSession, line: string): void {
    this.sessions.add(session);
    this.calls.push(line);
  }
}

interface Setup {
  owner: FakeOwner;
  driver: FakeDriver;
  session: ClientSession;
  /** Calls of the session's releaseSlot. */
  releases: () => number;
}

/** A session for client 3, started now, as ClientRunner.ramp constructs and starts one. */
function startSession(owner: FakeOwner, driver: FakeDriver = new FakeDriver()): Setup {
  let released = 0;
  const session = new ClientSession(owner, 3, 0.5, TIMEOUT_MS, () => (released += 1));
  session.start(driver, URL, OPTIONS);
  return { owner, driver, session, releases: () => released };
}

/** Opens the first connection and echoes its first message after `echoAfterMs`: a client that succeeded. */
function succeed(setup: Setup, echoAfterMs = 10): FakeConnection {
  const first = setup.driver.connection(0);
  first.events.onOpen();
  vi.advanceTimersByTime(echoAfterMs);
  first.events.onMessage('first 3');
  return first;
}

let now: MockInstance<() => number>;

beforeEach(() => {
  // Faking 'performance' replaces globalThis.performance only; ClientSession (and epochNowMs) read
  // the node:perf_hooks object, the original, which it leaves alone. So that object's now() is
  // pointed at the fake clock, and times are exact; timeOrigin stays the real one.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'Date', 'performance'] });
  const fakePerformance = globalThis.performance;
  expect(fakePerformance).not.toBe(performance);
  now = vi.spyOn(performance, 'now').mockImplementation(() => fakePerformance.now());
  // Not at 0, so a time measured from 0 instead of from its start would show.
  vi.advanceTimersByTime(1_000);
});

afterEach(() => {
  now.mockRestore();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('ClientSession: the first connection', () => {
  it('open then echo: connectMs from start to open, firstMessageMs from the send to the echo', () => {
    const setup = startSession(new FakeOwner());
    const { owner, driver, session } = setup;
    expect(driver.connections).toHaveLength(1);
    const first = driver.connection(0);
    expect(first.url).toBe(URL);
    expect(first.options).toBe(OPTIONS);
    expect(session.finished).toBe(false);

    vi.advanceTimersByTime(25);
    first.events.onOpen();
    expect(session.connectMs).toBe(25);
    expect(first.sent).toEqual(['first 3']);
    expect(setup.releases()).toBe(1);
    expect(owner.calls).toEqual(['opened']);

    vi.advanceTimersByTime(15);
    first.events.onMessage('first 3');
    expect(owner.calls).toEqual(['opened', 'succeeded 15']);
    expect(owner.sessions).toEqual(new Set([session]));
    expect(session.finished).toBe(true);
    expect(session.connectedNow).toBe(true);
    expect(session.isOpen()).toBe(true);
    expect(session.queuedMs).toBe(0.5);

    // The success clears the timeout: nothing fails later, and the slot was given back once.
    vi.advanceTimersByTime(10 * TIMEOUT_MS);
    expect(owner.calls).toEqual(['opened', 'succeeded 15']);
    expect(first.closes).toBe(0);
    expect(setup.releases()).toBe(1);
  });

  it('push mode: sends nothing and times firstMessageMs from the open to the pushed message', () => {
    const { owner, driver } = startSession(new FakeOwner(null, 'push'));
    const first = driver.connection(0);
    vi.advanceTimersByTime(40);
    first.events.onOpen();
    vi.advanceTimersByTime(12);
    first.events.onMessage('pppp');
    expect(first.sent).toEqual([]);
    expect(owner.calls).toEqual(['opened', 'succeeded 12']);
  });

  it('connect mode: succeeds at the open with no first message, sends nothing, and no timeout fails it later', () => {
    const setup = startSession(new FakeOwner(null, 'connect'));
    const { owner, driver, session } = setup;
    const first = driver.connection(0);
    vi.advanceTimersByTime(30);
    first.events.onOpen();
    expect(session.connectMs).toBe(30);
    expect(first.sent).toEqual([]);
    expect(owner.calls).toEqual(['opened', 'succeeded null']);
    expect(setup.releases()).toBe(1);
    vi.advanceTimersByTime(10 * TIMEOUT_MS);
    first.events.onMessage('a message the server sent anyway');
    expect(owner.calls).toEqual(['opened', 'succeeded null', 'steady 7 a message the server sent anyway']);
    expect(session.connectedNow).toBe(true);
  });

  it('after success, messages go to the steady traffic under the slot the owner gave, never count as a second success', () => {
    const setup = startSession(new FakeOwner());
    const first = succeed(setup);
    first.events.onMessage('s0|1|');
    first.events.onMessage('s1|2|');
    expect(setup.owner.calls).toEqual(['opened', 'succeeded 10', 'steady 7 s0|1|', 'steady 7 s1|2|']);
    setup.session.send('s2|3|');
    expect(first.sent).toEqual(['first 3', 's2|3|']);
  });

  it('a message before the open is not the first message', () => {
    const { owner, driver } = startSession(new FakeOwner());
    const first = driver.connection(0);
    first.events.onMessage('hello before open');
    expect(owner.calls).toEqual([]);
    vi.advanceTimersByTime(5);
    first.events.onOpen();
    vi.advanceTimersByTime(8);
    first.events.onMessage('first 3');
    expect(owner.calls).toEqual(['opened', 'succeeded 8']);
  });

  it('after the open, the first message to arrive counts as the echo, whatever it says (the session does not compare it)', () => {
    // Pins today's behaviour: the servers send nothing before the echo, so the session need not look.
    const { owner, driver } = startSession(new FakeOwner());
    const first = driver.connection(0);
    first.events.onOpen();
    vi.advanceTimersByTime(3);
    first.events.onMessage('not the echo');
    vi.advanceTimersByTime(3);
    first.events.onMessage('first 3');
    expect(owner.calls).toEqual(['opened', 'succeeded 3', 'steady 7 first 3']);
  });

  it('a connect that never opens fails with timeout after the connect timeout, and the connection is closed', () => {
    const setup = startSession(new FakeOwner());
    const { owner, driver, session } = setup;
    const first = driver.connection(0);
    vi.advanceTimersByTime(TIMEOUT_MS - 1);
    expect(owner.calls).toEqual([]);
    expect(first.closes).toBe(0);
    vi.advanceTimersByTime(1);
    expect(owner.calls).toEqual(['failed timeout']);
    expect(first.closes).toBe(1);
    expect(setup.releases()).toBe(1);
    expect(session.finished).toBe(true);
    expect(session.connectedNow).toBe(false);

    // The close the driver reports next ends it, without a second failure; a late open is ignored.
    first.events.onEnd('closed');
    first.events.onOpen();
    first.events.onMessage('first 3');
    expect(owner.calls).toEqual(['failed timeout', 'ended unfinished']);
    expect(first.sent).toEqual([]);
    expect(setup.releases()).toBe(1);
  });

  it('the first message has its own timeout, counted afresh from the open', () => {
    const setup = startSession(new FakeOwner());
    const first = setup.driver.connection(0);
    vi.advanceTimersByTime(TIMEOUT_MS - 100);
    first.events.onOpen();
    // The connect timeout would have fired 100 ms after the open; it must not.
    vi.advanceTimersByTime(TIMEOUT_MS - 1);
    expect(setup.owner.calls).toEqual(['opened']);
    vi.advanceTimersByTime(1);
    expect(setup.owner.calls).toEqual(['opened', 'failed timeout']);
    expect(first.closes).toBe(1);
    // A late echo is no success; the slot was given back at the open and not again.
    first.events.onMessage('first 3');
    expect(setup.owner.calls).toEqual(['opened', 'failed timeout']);
    expect(setup.releases()).toBe(1);
  });

  it("an error before the open fails with the driver's code, reported once though the driver ends it twice", () => {
    const setup = startSession(new FakeOwner());
    const { owner, driver, session } = setup;
    const first = driver.connection(0);
    vi.advanceTimersByTime(7);
    first.events.onEnd('ECONNREFUSED');
    first.events.onEnd('closed');
    expect(owner.calls).toEqual(['failed ECONNREFUSED', 'ended unfinished']);
    expect(setup.releases()).toBe(1);
    expect(session.finished).toBe(true);
    expect(session.isOpen()).toBe(false);
    // The timeout was cleared with the failure.
    vi.advanceTimersByTime(TIMEOUT_MS);
    expect(owner.calls).toEqual(['failed ECONNREFUSED', 'ended unfinished']);
  });

  it('a close before the open is closed-early, and a close after the open but before the first message too', () => {
    const beforeOpen = startSession(new FakeOwner());
    beforeOpen.driver.connection(0).events.onEnd('closed');
    expect(beforeOpen.owner.calls).toEqual(['failed closed-early', 'ended unfinished']);

    const afterOpen = startSession(new FakeOwner());
    afterOpen.driver.connection(0).events.onOpen();
    afterOpen.driver.connection(0).events.onEnd('ECONNRESET');
    expect(afterOpen.owner.calls).toEqual(['opened', 'failed closed-early', 'ended unfinished']);
  });

  it('a driver that throws is a failed client with the error code it carried, or client-error without one', () => {
    const driver = new FakeDriver();
    driver.throwOnConnect = Object.assign(new Error('bind failed'), { code: 'EADDRNOTAVAIL' });
    const withCode = startSession(new FakeOwner(), driver);
    expect(withCode.owner.calls).toEqual(['failed EADDRNOTAVAIL']);
    expect(withCode.releases()).toBe(1);
    expect(withCode.session.finished).toBe(true);

    driver.throwOnConnect = new Error('no code');
    const withoutCode = startSession(new FakeOwner(), driver);
    expect(withoutCode.owner.calls).toEqual(['failed client-error']);
    // The timeout set before the connect was cleared.
    vi.advanceTimersByTime(TIMEOUT_MS);
    expect(withoutCode.owner.calls).toEqual(['failed client-error']);
  });

  it('closing for the run while connecting: the connection is closed and the client fails as interrupted', () => {
    const setup = startSession(new FakeOwner());
    const first = setup.driver.connection(0);
    setup.owner.closing = true;
    setup.session.closeForRun();
    expect(first.closes).toBe(1);
    expect(setup.owner.calls).toEqual([]);
    first.events.onEnd('closed');
    expect(setup.owner.calls).toEqual(['failed interrupted', 'ended unfinished']);
    expect(setup.releases()).toBe(1);
  });

  it('closing for the run while awaiting the first message is interrupted too', () => {
    const setup = startSession(new FakeOwner());
    const first = setup.driver.connection(0);
    first.events.onOpen();
    setup.owner.closing = true;
    setup.session.closeForRun();
    first.events.onEnd('closed');
    expect(setup.owner.calls).toEqual(['opened', 'failed interrupted', 'ended unfinished']);
  });

  it('closing for the run after success ends it after success, with no drop even when reconnection is on', () => {
    const setup = startSession(new FakeOwner(NO_JITTER));
    const first = succeed(setup);
    setup.owner.closing = true;
    setup.session.closeForRun();
    expect(first.closes).toBe(1);
    first.events.onEnd('closed');
    expect(setup.owner.calls).toEqual(['opened', 'succeeded 10', 'ended after success']);
    expect(setup.session.drops).toBe(0);
    vi.advanceTimersByTime(60_000);
    expect(setup.driver.connections).toHaveLength(1);
  });
});

describe('ClientSession: a drop without reconnection', () => {
  it('ends after success: no drop, no attempt, not open any more', () => {
    const setup = startSession(new FakeOwner(null));
    const first = succeed(setup);
    first.events.onEnd('ECONNRESET');
    first.events.onEnd('closed');
    expect(setup.owner.calls).toEqual(['opened', 'succeeded 10', 'ended after success']);
    expect(setup.session.drops).toBe(0);
    expect(setup.session.connectedNow).toBe(false);
    expect(setup.session.isOpen()).toBe(false);
    expect(setup.session.firstDropAtEpochMs).toBeNull();
    vi.advanceTimersByTime(60_000);
    expect(setup.driver.connections).toHaveLength(1);
  });
});

describe('ClientSession: reconnection by the session (a driver without reconnectsItself)', () => {
  it('a drop after success is dropped, then attempts follow the back-off: 1000, 2000, 4000 ms, capped at 5000', () => {
    const setup = startSession(new FakeOwner(NO_JITTER));
    const { owner, driver, session } = setup;
    const first = succeed(setup);
    const droppedAt = performance.now();
    first.events.onEnd('closed');
    expect(owner.calls).toEqual(['opened', 'succeeded 10', 'dropped']);
    expect(session.drops).toBe(1);
    expect(session.firstDropAtEpochMs).toBe(performance.timeOrigin + droppedAt);
    expect(session.connectedNow).toBe(false);
    expect(session.isOpen()).toBe(false);

    // Each attempt is refused at once; the wait before it doubles up to the cap.
    const waitsMs = [1000, 2000, 4000, 5000, 5000];
    waitsMs.forEach((waitMs, index) => {
      vi.advanceTimersByTime(waitMs - 1);
      expect(driver.connections).toHaveLength(index + 1);
      vi.advanceTimersByTime(1);
      expect(driver.connections).toHaveLength(index + 2);
      const attempt = driver.connection(index + 1);
      expect(attempt.url).toBe(URL);
      expect(attempt.options).toBe(OPTIONS);
      expect(session.attempts).toBe(index + 1);
      attempt.events.onEnd('ECONNREFUSED');
    });
    expect(owner.calls).toEqual(['opened', 'succeeded 10', 'dropped']);
    expect(session.drops).toBe(1);
  });

  it('the waits are backoffDelayMs with its random draw: 0.25 moves each down by an eighth', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.25);
    const setup = startSession(new FakeOwner({ delayMs: 1000, delayMaxMs: 5000, randomizationFactor: 0.5 }));
    succeed(setup).events.onEnd('closed');
    // floor(0.25 x 0.5 x wait) off each wait; 8000 - 1000 is over the cap.
    for (const [index, waitMs] of [875, 1750, 3500, 5000].entries()) {
      vi.advanceTimersByTime(waitMs - 1);
      expect(setup.driver.connections).toHaveLength(index + 1);
      vi.advanceTimersByTime(1);
      expect(setup.driver.connections).toHaveLength(index + 2);
      setup.driver.connection(index + 1).events.onEnd('ECONNREFUSED');
    }
  });

  it('an attempt that never opens is closed after the connect timeout, and the next one waits the next back-off', () => {
    const setup = startSession(new FakeOwner(NO_JITTER));
    succeed(setup).events.onEnd('closed');
    vi.advanceTimersByTime(1000);
    const attempt = setup.driver.connection(1);
    vi.advanceTimersByTime(TIMEOUT_MS - 1);
    expect(attempt.closes).toBe(0);
    vi.advanceTimersByTime(1);
    expect(attempt.closes).toBe(1);
    vi.advanceTimersByTime(2000 - 1);
    expect(setup.driver.connections).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(setup.driver.connections).toHaveLength(3);
    expect(setup.session.attempts).toBe(2);
    expect(setup.owner.calls).toEqual(['opened', 'succeeded 10', 'dropped']);
  });

  it('an attempt whose connect throws counts, and the next one follows the back-off', () => {
    const setup = startSession(new FakeOwner(NO_JITTER));
    succeed(setup).events.onEnd('closed');
    setup.driver.throwOnConnect = new Error('socket limit');
    vi.advanceTimersByTime(1000);
    expect(setup.session.attempts).toBe(1);
    setup.driver.throwOnConnect = null;
    vi.advanceTimersByTime(2000 - 1);
    expect(setup.driver.connections).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(setup.driver.connections).toHaveLength(2);
    expect(setup.session.attempts).toBe(2);
  });

  it('back after a drop: back() at the attempt open, the rejoin sent first, steady messages and sends on the new connection', () => {
    const setup = startSession(new FakeOwner(NO_JITTER, 'echo', 'j1|'));
    const { owner, driver, session } = setup;
    succeed(setup).events.onEnd('closed');
    vi.advanceTimersByTime(1000);
    const attempt = driver.connection(1);
    vi.advanceTimersByTime(30);
    const backAt = performance.now();
    attempt.events.onOpen();
    expect(owner.calls).toEqual(['opened', 'succeeded 10', 'dropped', 'back']);
    expect(session.lastBackAtEpochMs).toBe(performance.timeOrigin + backAt);
    expect(attempt.sent).toEqual(['j1|']);
    expect(session.connectedNow).toBe(true);
    expect(session.isOpen()).toBe(true);
    expect(session.attempts).toBe(1);
    // connectMs stays the first connection's.
    expect(session.connectMs).toBe(0);

    attempt.events.onMessage('s5|9|');
    session.send('s6|10|');
    expect(owner.calls.at(-1)).toBe('steady 7 s5|9|');
    expect(attempt.sent).toEqual(['j1|', 's6|10|']);
    // The attempt's timeout was cleared at the open.
    vi.advanceTimersByTime(10 * TIMEOUT_MS);
    expect(attempt.closes).toBe(0);
    expect(driver.connections).toHaveLength(2);
  });

  it('a second drop after back is a second drop, with the back-off from the start and the first drop time kept', () => {
    const setup = startSession(new FakeOwner(NO_JITTER));
    const { owner, driver, session } = setup;
    succeed(setup).events.onEnd('closed');
    const firstDropAtEpochMs = session.firstDropAtEpochMs;
    // Two attempts this time: 1000 ms, refused; 2000 ms, open.
    vi.advanceTimersByTime(1000);
    driver.connection(1).events.onEnd('ECONNREFUSED');
    vi.advanceTimersByTime(2000);
    driver.connection(2).events.onOpen();
    vi.advanceTimersByTime(500);
    driver.connection(2).events.onEnd('closed');
    expect(owner.calls).toEqual(['opened', 'succeeded 10', 'dropped', 'back', 'dropped']);
    expect(session.drops).toBe(2);
    expect(session.firstDropAtEpochMs).toBe(firstDropAtEpochMs);
    vi.advanceTimersByTime(999);
    expect(driver.connections).toHaveLength(3);
    vi.advanceTimersByTime(1);
    expect(driver.connections).toHaveLength(4);
    expect(session.attempts).toBe(3);
  });

  it("stale events are ignored: the dropped socket's, and an old attempt's after a newer one started", () => {
    const setup = startSession(new FakeOwner(NO_JITTER));
    const { owner, driver, session } = setup;
    const first = succeed(setup);
    first.events.onEnd('ECONNRESET');
    // The dropped socket's second end event, and a late message on it, while reconnecting.
    first.events.onEnd('closed');
    expect(owner.calls).toEqual(['opened', 'succeeded 10', 'dropped']);

    vi.advanceTimersByTime(1000);
    const old = driver.connection(1);
    vi.advanceTimersByTime(TIMEOUT_MS);
    vi.advanceTimersByTime(2000);
    const current = driver.connection(2);
    // The timed-out attempt opens, talks and closes late: none of it counts.
    old.events.onOpen();
    old.events.onMessage('late');
    old.events.onEnd('closed');
    expect(owner.calls).toEqual(['opened', 'succeeded 10', 'dropped']);
    expect(session.connectedNow).toBe(false);
    // Its end did not schedule another attempt beside the current one.
    vi.advanceTimersByTime(4000);
    expect(driver.connections).toHaveLength(3);

    current.events.onOpen();
    expect(owner.calls).toEqual(['opened', 'succeeded 10', 'dropped', 'back']);
    // Once back, the first socket's and the old attempt's late ends do not drop the new connection.
    first.events.onEnd('closed');
    old.events.onEnd('closed');
    expect(owner.calls).toEqual(['opened', 'succeeded 10', 'dropped', 'back']);
    expect(session.drops).toBe(1);
    expect(session.connectedNow).toBe(true);
  });

  it('closing for the run while reconnecting ends it after success at once, and no attempt follows', () => {
    const setup = startSession(new FakeOwner(NO_JITTER));
    const { owner, driver, session } = setup;
    succeed(setup).events.onEnd('closed');
    vi.advanceTimersByTime(1000);
    const attempt = driver.connection(1);
    owner.closing = true;
    session.closeForRun();
    expect(owner.calls).toEqual(['opened', 'succeeded 10', 'dropped', 'ended after success']);
    expect(attempt.closes).toBe(1);
    // The attempt in flight reports late; nothing more is reported or attempted.
    attempt.events.onOpen();
    attempt.events.onEnd('closed');
    vi.advanceTimersByTime(60_000);
    expect(owner.calls).toEqual(['opened', 'succeeded 10', 'dropped', 'ended after success']);
    expect(driver.connections).toHaveLength(2);
    expect(session.connectedNow).toBe(false);
  });

  it('closing for the run while waiting for an attempt starts none', () => {
    const setup = startSession(new FakeOwner(NO_JITTER));
    succeed(setup).events.onEnd('closed');
    vi.advanceTimersByTime(500);
    setup.owner.closing = true;
    setup.session.closeForRun();
    vi.advanceTimersByTime(60_000);
    expect(setup.driver.connections).toHaveLength(1);
    expect(setup.session.attempts).toBe(0);
    expect(setup.owner.calls).toEqual(['opened', 'succeeded 10', 'dropped', 'ended after success']);
  });

  it('closing for the run after back ends it once the new connection closes', () => {
    const setup = startSession(new FakeOwner(NO_JITTER));
    succeed(setup).events.onEnd('closed');
    vi.advanceTimersByTime(1000);
    const attempt = setup.driver.connection(1);
    attempt.events.onOpen();
    setup.owner.closing = true;
    setup.session.closeForRun();
    expect(attempt.closes).toBe(1);
    attempt.events.onEnd('closed');
    attempt.events.onEnd('closed');
    expect(setup.owner.calls).toEqual(['opened', 'succeeded 10', 'dropped', 'back', 'ended after success']);
    expect(setup.session.drops).toBe(1);
  });

  it('a first connection that fails does not reconnect, reconnection on or not', () => {
    const setup = startSession(new FakeOwner(NO_JITTER));
    setup.driver.connection(0).events.onEnd('ECONNREFUSED');
    vi.advanceTimersByTime(60_000);
    expect(setup.owner.calls).toEqual(['failed ECONNREFUSED', 'ended unfinished']);
    expect(setup.driver.connections).toHaveLength(1);
  });
});

describe('ClientSession: reconnection by the library (a driver with reconnectsItself)', () => {
  it('a drop is dropped and the session connects nothing itself; attempts are counted from onReconnectAttempt', () => {
    const setup = startSession(new FakeOwner(NO_JITTER), new FakeDriver(true));
    const { owner, driver, session } = setup;
    const socket = succeed(setup);
    // Not reconnecting yet: an attempt event does not count.
    socket.events.onReconnectAttempt?.();
    expect(session.attempts).toBe(0);

    socket.events.onEnd('closed');
    expect(owner.calls).toEqual(['opened', 'succeeded 10', 'dropped']);
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      vi.advanceTimersByTime(1000);
      socket.events.onReconnectAttempt?.();
      // The library's failed attempts end on the same events: neither a second drop nor an end.
      socket.events.onEnd('ECONNREFUSED');
    }
    expect(session.attempts).toBe(3);
    expect(owner.calls).toEqual(['opened', 'succeeded 10', 'dropped']);
    vi.advanceTimersByTime(60_000);
    expect(driver.connections).toHaveLength(1);
  });

  it("back at the same socket's open: back() and the rejoin on it; a later drop is a second drop", () => {
    const setup = startSession(new FakeOwner(NO_JITTER, 'echo', 'j4|'), new FakeDriver(true));
    const { owner, session } = setup;
    const socket = succeed(setup);
    socket.events.onEnd('closed');
    const firstDropAtEpochMs = session.firstDropAtEpochMs;
    socket.events.onReconnectAttempt?.();
    vi.advanceTimersByTime(1200);
    const backAt = performance.now();
    socket.events.onOpen();
    expect(owner.calls).toEqual(['opened', 'succeeded 10', 'dropped', 'back']);
    expect(session.lastBackAtEpochMs).toBe(performance.timeOrigin + backAt);
    expect(socket.sent).toEqual(['first 3', 'j4|']);
    expect(session.connectedNow).toBe(true);
    // No second 'opened', no new first message: the open of a reconnection is not a first connection.
    expect(owner.calls.filter((call) => call === 'opened')).toHaveLength(1);
    // Once back, attempt events do not count.
    socket.events.onReconnectAttempt?.();
    expect(session.attempts).toBe(1);

    vi.advanceTimersByTime(100);
    socket.events.onEnd('closed');
    expect(owner.calls).toEqual(['opened', 'succeeded 10', 'dropped', 'back', 'dropped']);
    expect(session.drops).toBe(2);
    expect(session.firstDropAtEpochMs).toBe(firstDropAtEpochMs);
  });

  it('closing for the run while the library reconnects ends it after success and closes the socket', () => {
    const setup = startSession(new FakeOwner(NO_JITTER), new FakeDriver(true));
    const socket = succeed(setup);
    socket.events.onEnd('closed');
    setup.owner.closing = true;
    setup.session.closeForRun();
    expect(socket.closes).toBe(1);
    socket.events.onEnd('closed');
    expect(setup.owner.calls).toEqual(['opened', 'succeeded 10', 'dropped', 'ended after success']);
    expect(setup.session.connectedNow).toBe(false);
  });

  // Known bug, reported, not fixed here: closeForRun leaves the state at RECONNECTING, so a late
  // attempt or open of the library's socket still counts (attempts, back(), the rejoin sent) on a
  // client that already ended. The session's own attempts are safe (closeForRun forgets the
  // attempt); Socket.IO's disconnect() cancels its reconnection, and the worker takes the reconnect
  // rows before closeAll, so no output shows it today. When this passes, make it an ordinary it().
  it.fails('closing for the run while the library reconnects: a late attempt or open of the socket does not count', () => {
    const setup = startSession(new FakeOwner(NO_JITTER, 'echo', 'j4|'), new FakeDriver(true));
    const socket = succeed(setup);
    socket.events.onEnd('closed');
    setup.owner.closing = true;
    setup.session.closeForRun();
    socket.events.onReconnectAttempt?.();
    socket.events.onOpen();
    expect(setup.session.attempts).toBe(0);
    expect(setup.owner.calls).toEqual(['opened', 'succeeded 10', 'dropped', 'ended after success']);
    expect(socket.sent).toEqual(['first 3']);
    expect(setup.session.lastBackAtEpochMs).toBeNull();
  });
});
