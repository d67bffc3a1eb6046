/**
 * Opens this worker's share of clients at the configured rate and concurrency, and keeps count.
 * Each client is a ClientSession; failures become rows with an error code, never exceptions.
 */
import { performance } from 'node:perf_hooks';
import type { ChurnRow, ClientErrorCode, ConnectionRow, ReconnectRow, WorkerConfig } from '../protocol/messages.js';
import type { ReconnectSettings } from '../protocol/reconnect-settings.js';
import type { ClientDriver, DriverOptions } from './client-driver.js';
import type { HandshakeTemplates } from './handshake.js';
import { ClientSession, type SessionOwner } from './client-session.js';
import { firstMessagePayload } from './payload.js';
import { Slots } from './slots.js';
import { SteadyTraffic } from './steady-traffic.js';
import { BroadcastTraffic } from './broadcast-traffic.js';
import { joinPayload } from '../protocol/broadcast-payload.js';
import { ArrivalSchedule } from '../protocol/arrival-phases.js';
import type { ScenarioRunner } from './scenario/scenario-runner.js';
import type { ChurnHost } from './churn.js';
import { epochNowMs } from '../protocol/epoch-clock.js';

/** Longest stretch of client constructions without letting I/O in, in ms. */
const YIELD_EVERY_MS = 1;

/** Counters the worker reports as progress. */
export interface RunnerCounts {
  opened: number;
  succeeded: number;
  failed: number;
  /** Clients that succeeded and later lost their connection before the run closed them (with reconnection: that were not back when it did). */
  dropped: number;
  /** Clients reconnecting now. */
  reconnecting: number;
  /** Clients the run closed in a scenario's leave phase. */
  left: number;
}

/** Where the runner delivers rows. */
export interface RunnerSink {
  row(row: ConnectionRow): void;
  /** --churn: one row per arrival, once it succeeded or failed. */
  churnRow?(row: ChurnRow): void;
}

/** A --churn arrival until it succeeds or fails: the place it takes and whom it replaces. */
interface PendingArrival {
  place: number;
  replaced: number | null;
  atEpochMs: number;
}

function noSlot(): void {
  // A churn arrival opens outside the ramp's handshake slots.
}

/** Runs the ramp of one worker; ramp() resolves when every client has succeeded or failed. */
export class ClientRunner implements SessionOwner, ChurnHost {
  readonly counts: RunnerCounts = { opened: 0, succeeded: 0, failed: 0, dropped: 0, reconnecting: 0, left: 0 };
  readonly reconnect: ReconnectSettings | null;
  /** Every client that succeeded, kept for its reconnect row; empty without reconnection. */
  private readonly succeededSessions: ClientSession[] = [];
  /** Every client that succeeded joins the steady traffic of the hold. */
  readonly steady = new SteadyTraffic();
  /** In broadcast mode, every client that succeeded (joined its room) takes part in the workload instead. */
  readonly broadcast: BroadcastTraffic | null;
  closing = false;
  readonly succeedsAtOpen: boolean;
  private readonly live = new Set<ClientSession>();
  /** One options object per source address, shared by the clients that use it. */
  private readonly driverOptions: DriverOptions[];
  private unfinished = 0;
  private allStarted = false;
  private rampFinished: (() => void) | null = null;
  /** The scenario's arrival phases, when it has them: they decide when each client arrives and leaves. */
  readonly schedule: ArrivalSchedule | null;
  /** performance.now() when the ramp began. */
  rampStart = 0;
  private readonly leaveTimers = new Set<NodeJS.Timeout>();
  /** --churn arrivals not yet succeeded or failed; they count in none of the ramp's figures. */
  private readonly arrivals = new Map<ClientSession, PendingArrival>();
  /** Places whose arrival is still connecting. */
  private readonly pendingPlaces = new Set<number>();

  constructor(
    readonly config: WorkerConfig,
    private readonly driver: ClientDriver,
    private readonly sink: RunnerSink,
    /** Each client's path, query, headers and auth (worker.ts compiles them from config.handshake); null: none. */
    private readonly handshakes: HandshakeTemplates | null = null,
    /** The scenario's side of this worker (--scenario); null: the run's mode decides what clients do. */
    readonly scenario: ScenarioRunner | null = null,
  ) {
    const shared = {
      socketioTransports: config.socketioTransports,
      sockjsTransports: config.sockjsTransports,
      perMessageDeflate: config.perMessageDeflate,
      connectTimeoutMs: config.connectTimeoutMs,
      reconnect: config.reconnect,
      ...(config.acceptAnyCertificate === true ? { acceptAnyCertificate: true } : {}),
      ...(scenario === null ? {} : { scenario: true as const }),
      ...(config.namespaces === undefined ? {} : { namespaces: config.namespaces }),
    };
    this.reconnect = config.reconnect;
    this.succeedsAtOpen = config.mode === 'connect' || scenario !== null;
    this.schedule = config.scenario?.phases ? new ArrivalSchedule(config.scenario.phases) : null;
    this.broadcast = config.broadcast === null ? null : new BroadcastTraffic(config.broadcast, config.nodeUrls?.length ?? null);
    const sources = config.sourceAddresses.length > 0 ? config.sourceAddresses : [undefined];
    this.driverOptions = sources.map((localAddress) => ({ ...shared, localAddress }));
  }

  /** Opens every client at the configured rate and concurrency. */
  async ramp(): Promise<void> {
    const { config } = this;
    const slots = new Slots(config.concurrency);
    const releaseSlot = (): void => slots.release();
    const rampStart = performance.now();
    this.rampStart = rampStart;
    let lastYield = rampStart;
    for (let index = 0; index < config.clientCount && !this.closing; index += 1) {
      const client = config.firstClient + index * config.stride;
      const scheduledAt = this.scheduledStart(client);
      const wait = scheduledAt - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      await slots.acquire();
      const queuedMs = Math.max(0, performance.now() - scheduledAt);
      const session = new ClientSession(this, client, queuedMs, config.connectTimeoutMs, releaseSlot);
      this.unfinished += 1;
      this.live.add(session);
      const url = config.nodeUrls === undefined ? config.url : (config.nodeUrls[client % config.nodeUrls.length] as string);
      const handshake = this.handshakes === null ? null : this.handshakes.forClient(client);
      session.start(this.driver, url, this.driverOptions[index % this.driverOptions.length] as DriverOptions, handshake);
      // Let I/O in between constructions, so an early client's open event is not held up
      // behind the construction of every client that a free slot allows; at most every
      // YIELD_EVERY_MS, since a loop turn per client would cost the ramp its speed.
      if (performance.now() - lastYield >= YIELD_EVERY_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        lastYield = performance.now();
      }
    }
    this.allStarted = true;
    if (this.unfinished > 0) await new Promise<void>((resolve) => (this.rampFinished = resolve));
  }

  /** When client `client` should start: its arrival phase's time, or its place at --rate, or now (as fast as slots allow). */
  private scheduledStart(client: number): number {
    if (this.schedule !== null) return this.rampStart + this.schedule.arrivalAtMs(client);
    const rate = this.config.ratePerSecond;
    return rate === null ? this.rampStart : this.rampStart + (client * 1000) / rate;
  }

  /**
   * Waits until no client is open any more, or `maxMs` passed: after the server died, so that each of
   * its connections is counted dropped as its end arrives, not closed by the run before it did.
   */
  async awaitEnds(maxMs: number): Promise<void> {
    const deadline = performance.now() + maxMs;
    while (this.anyOpen() && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private anyOpen(): boolean {
    for (const session of this.live) if (session.connectedNow) return true;
    return false;
  }

  /** Closes every open client; resolves when all have ended or after `graceMs`. */
  async closeAll(graceMs: number): Promise<void> {
    this.closing = true;
    for (const timer of this.leaveTimers) clearTimeout(timer);
    this.leaveTimers.clear();
    // A client still reconnecting when the run closes never came back: its connection was lost.
    this.counts.dropped += this.counts.reconnecting;
    this.counts.reconnecting = 0;
    for (const session of [...this.live]) {
      try {
        session.closeForRun();
      } catch {
        // A client that cannot close cleanly is dropped with the process.
      }
    }
    const deadline = performance.now() + graceMs;
    while (this.live.size > 0 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  firstMessage(client: number): string | null {
    const { mode, payloadBytes, broadcast } = this.config;
    // In broadcast mode the first message is the join: its echo says the client is in its room.
    if (mode === 'broadcast' && broadcast !== null) return joinPayload(client % broadcast.rooms, payloadBytes);
    return mode === 'push' ? null : firstMessagePayload(client, payloadBytes);
  }

  rejoin(client: number): string | null {
    const { broadcast, payloadBytes } = this.config;
    return broadcast === null ? null : joinPayload(client % broadcast.rooms, payloadBytes);
  }

  opened(session: ClientSession): void {
    if (!this.arrivals.has(session)) this.counts.opened += 1;
  }

  get places(): number {
    return this.steady.size;
  }

  replace(place: number, arrival: number): boolean {
    // An arrival still connecting keeps its place: a second one there would leave the first open and unused.
    if (this.closing || this.pendingPlaces.has(place)) return false;
    const leaving = this.steady.connectionAt(place) as ClientSession | undefined;
    const replaced = leaving?.isOpen() === true ? leaving.client : null;
    if (leaving !== undefined && replaced !== null) {
      leaving.churned = true;
      // An echo still on its way to the leaving client is not steady traffic any more.
      leaving.steadySlot = -1;
      this.steady.leftWithClient(place);
      leaving.closeForRun();
    }
    const session = new ClientSession(this, arrival, 0, this.config.connectTimeoutMs, noSlot);
    this.arrivals.set(session, { place, replaced, atEpochMs: epochNowMs() });
    this.pendingPlaces.add(place);
    this.live.add(session);
    const url = this.config.nodeUrls === undefined ? this.config.url : (this.config.nodeUrls[arrival % this.config.nodeUrls.length] as string);
    const handshake = this.handshakes === null ? null : this.handshakes.forClient(arrival);
    session.start(this.driver, url, this.driverOptions[arrival % this.driverOptions.length] as DriverOptions, handshake);
    return true;
  }

  /** An arrival that succeeded or failed: its row, and on success its place in the steady traffic. */
  private arrivalSettled(session: ClientSession, arrival: PendingArrival, firstMessageMs: number | null, error: ClientErrorCode | null): void {
    this.arrivals.delete(session);
    this.pendingPlaces.delete(arrival.place);
    if (error === null) {
      this.steady.replace(arrival.place, session);
      session.steadySlot = arrival.place;
    }
    this.sink.churnRow?.({
      client: session.client,
      replaced: arrival.replaced,
      worker: this.config.workerIndex,
      atEpochMs: arrival.atEpochMs,
      connectMs: error === null ? session.connectMs : null,
      firstMessageMs,
      error,
    });
  }

  succeeded(session: ClientSession, firstMessageMs: number | null): void {
    const arrival = this.arrivals.get(session);
    if (arrival !== undefined) return this.arrivalSettled(session, arrival, firstMessageMs, null);
    this.counts.succeeded += 1;
    if (this.reconnect !== null) this.succeededSessions.push(session);
    if (this.scenario !== null) this.startScenario(session);
    else session.steadySlot = this.broadcast === null ? this.steady.add(session) : this.broadcast.add(session, session.client);
    this.sink.row(this.rowOf(session, session.connectMs, firstMessageMs, null));
    this.settle();
  }

  failed(session: ClientSession, error: ClientErrorCode): void {
    this.live.delete(session);
    const arrival = this.arrivals.get(session);
    if (arrival !== undefined) return this.arrivalSettled(session, arrival, null, error);
    this.counts.failed += 1;
    this.sink.row(this.rowOf(session, null, null, error));
    this.settle();
  }

  ended(session: ClientSession, afterSuccess: boolean): void {
    this.live.delete(session);
    // A client that left for --churn did not drop.
    if (session.churned) return;
    if (afterSuccess) this.scenario?.ended(session, this.closing ? 'run' : session.left ? 'left' : 'server');
    if (afterSuccess && session.left) this.counts.left += 1;
    else if (afterSuccess && !this.closing) this.counts.dropped += 1;
  }

  incoming(session: ClientSession, event: string | null, args: unknown[]): void {
    this.scenario?.receive(session, event, args);
  }

  /** The client's steps start at its open; with a leave phase that takes it, the run closes it then. */
  private startScenario(session: ClientSession): void {
    (this.scenario as ScenarioRunner).start(session, session.client, session);
    const leaveAt = this.schedule?.leaveAtMs(session.client) ?? null;
    if (leaveAt === null) return;
    const timer = setTimeout(
      () => {
        this.leaveTimers.delete(timer);
        if (this.closing) return;
        session.left = true;
        session.closeForRun();
      },
      Math.max(0, this.rampStart + leaveAt - performance.now()),
    );
    this.leaveTimers.add(timer);
  }

  dropped(): void {
    this.counts.reconnecting += 1;
  }

  back(): void {
    // Once closing, the clients still reconnecting were counted as dropped and the count reset.
    if (!this.closing) this.counts.reconnecting -= 1;
  }

  /** One row per client that succeeded: its drops, attempts and whether it is open now (call before closeAll). */
  reconnectRows(): ReconnectRow[] {
    const worker = this.config.workerIndex;
    return this.succeededSessions.map((session) => ({
      client: session.client,
      worker,
      drops: session.drops,
      attempts: session.attempts,
      firstDropAtEpochMs: session.firstDropAtEpochMs,
      lastBackAtEpochMs: session.lastBackAtEpochMs,
      openAtClose: session.connectedNow,
    }));
  }

  steadyMessage(slot: number, data: string): void {
    if (this.broadcast === null) this.steady.onMessage(slot, data);
    else this.broadcast.onMessage(slot, data);
  }

  private rowOf(session: ClientSession, connectMs: number | null, firstMessageMs: number | null, error: ClientErrorCode | null): ConnectionRow {
    const { config } = this;
    return { client: session.client, worker: config.workerIndex, transport: config.transport, queuedMs: session.queuedMs, connectMs, firstMessageMs, error };
  }

  private settle(): void {
    this.unfinished -= 1;
    if (this.unfinished === 0 && this.allStarted) this.rampFinished?.();
  }
}
