/**
 * Steady traffic during the hold: every connected client sends at a fixed rate, the sends of all
 * clients spread evenly over each period. Round trips are measured from the intended send time,
 * so a stalled sender cannot hide its own delay (no coordinated omission).
 */
import { performance } from 'node:perf_hooks';
import type { Histogram } from 'hdr-histogram-js';
import type { WorkerRoundTrips, WorkerSteadyTraffic } from '../protocol/messages.js';
import { RoundTripBuckets } from './round-trip-buckets.js';
import { parseSteadyPayload, steadyPayload } from './payload.js';

/** What steady traffic needs of a connection. */
export interface SteadyConnection {
  send(data: string): void;
  isOpen(): boolean;
  /** --slow-readers: stop reading; true when it could. */
  pauseReading?(): boolean;
  /** The client's id over the whole run: slow readers are chosen by it, so every worker and machine gets its share. */
  readonly client?: number;
}

/** Settings of one worker's steady traffic. */
export interface SteadySettings {
  messagesPerSecond: number;
  durationMs: number;
  drainMs: number;
  payloadBytes: number;
  /** --slow-readers: this share of the connections stops reading as the traffic starts; absent or 0: none. */
  slowReaderShare?: number;
}

/** The time source and the waits of steady traffic; a unit test passes a fake one. */
export interface SteadyClock {
  /** Milliseconds on a monotonic clock (performance.now()). */
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: SteadyClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

const TICK_MS = 1;
const DRAIN_POLL_MS = 10;

/** The histogram codec, loaded only where steady traffic runs: a worker without it is ~16 MiB lighter. */
type HistogramCodec = typeof import('../protocol/round-trip-histogram.js');

/** The codec and the two histograms of one worker's steady traffic. */
interface Recording {
  codec: HistogramCodec;
  histogram: Histogram;
  sendLag: Histogram;
}

/** Sends and accounts for steady traffic over a fixed set of connections. */
export class SteadyTraffic {
  private readonly connections: SteadyConnection[] = [];
  private highestSeq = new Int32Array(0);
  /** Per slot: messages sent whose echo has not come back yet. */
  private outstanding = new Int32Array(0);
  private recording: Recording | null = null;
  private preparing: Promise<Recording> | null = null;
  /** Echoes before run() starts are not steady traffic. */
  private started = false;
  private sent = 0;
  private received = 0;
  private outOfOrder = 0;
  private readonly buckets = new RoundTripBuckets();
  /** --slow-readers: which slots read nothing, and what they sent. */
  private slow = new Uint8Array(0);
  private slowSent = 0;

  constructor(private readonly clock: SteadyClock = realClock) {}

  /** Adds a connection (before run); returns the slot its echoes are reported under. */
  add(connection: SteadyConnection): number {
    this.connections.push(connection);
    return this.connections.length - 1;
  }

  /** Connections added so far (the slots 0 to count - 1). */
  get size(): number {
    return this.connections.length;
  }

  /** The connection in `slot` now. */
  connectionAt(slot: number): SteadyConnection | undefined {
    return this.connections[slot];
  }

  /**
   * Puts a new connection in `slot` (--churn): its sends go on the slot's schedule, its order is
   * judged afresh. What the one before it sent and never had back stays sent: a client the server
   * dropped lost it (a client that left was taken back by leftWithClient as it left).
   */
  replace(slot: number, connection: SteadyConnection): void {
    this.connections[slot] = connection;
    if (slot < this.highestSeq.length) this.highestSeq[slot] = -1;
    if (slot < this.outstanding.length) this.outstanding[slot] = 0;
  }

  /** The client in `slot` left (--churn): what it sent with no echo yet is not counted as sent. */
  leftWithClient(slot: number): void {
    if (slot >= this.outstanding.length) return;
    this.sent -= this.outstanding[slot] as number;
    this.outstanding[slot] = 0;
  }

  /**
   * Loads the histogram codec and makes the histograms. Loading blocks the event loop for tens of
   * ms, so the worker does it before the hold, where its health monitor can leave it out; run()
   * does it itself when nobody did.
   */
  prepare(): Promise<Recording> {
    this.preparing ??= import('../protocol/round-trip-histogram.js').then((codec) => {
      this.recording = { codec, histogram: codec.createRoundTripHistogram(), sendLag: codec.createRoundTripHistogram() };
      return this.recording;
    });
    return this.preparing;
  }

  /** Accounts for one message that arrived on the connection in `slot`. */
  onMessage(slot: number, data: string): void {
    if (!this.started || this.recording === null || this.slow[slot] === 1) return;
    const parsed = parseSteadyPayload(data);
    if (parsed === null) return;
    const roundTripMicros = this.clock.now() * 1000 - parsed.intendedMicros;
    this.recording.codec.recordRoundTrip(this.recording.histogram, roundTripMicros);
    this.buckets.record(roundTripMicros / 1000);
    this.received += 1;
    if ((this.outstanding[slot] ?? 0) > 0) this.outstanding[slot] = (this.outstanding[slot] as number) - 1;
    if (parsed.seq < (this.highestSeq[slot] ?? -1)) this.outOfOrder += 1;
    else this.highestSeq[slot] = parsed.seq;
  }

  /** Round trips received since the last call, in fixed buckets (live metrics); null when none. */
  takeRoundTrips(): WorkerRoundTrips | null {
    return this.buckets.take();
  }

  /** Sends for durationMs, waits up to drainMs for the last echoes, and reports. */
  async run(settings: SteadySettings): Promise<WorkerSteadyTraffic> {
    const count = this.connections.length;
    const { codec, histogram, sendLag } = await this.prepare();
    this.highestSeq = new Int32Array(count).fill(-1);
    this.outstanding = new Int32Array(count);
    const slowReaders = this.pauseSlowReaders(settings.slowReaderShare ?? 0);
    this.started = true;
    if (count > 0 && settings.messagesPerSecond > 0) {
      await this.send(settings, count, codec, sendLag);
      const drainEnd = this.clock.now() + settings.drainMs;
      while (this.received < this.sent && this.clock.now() < drainEnd) {
        await this.clock.sleep(DRAIN_POLL_MS);
      }
    }
    return {
      histogram: codec.encodeHistogram(histogram),
      sendLagHistogram: codec.encodeHistogram(sendLag),
      sent: this.sent,
      received: this.received,
      outOfOrder: this.outOfOrder,
      ...(slowReaders === null ? {} : { slowReaders: { ...slowReaders, sent: this.slowSent } }),
    };
  }

  /**
   * Pauses every connection whose client id crosses a multiple of 1 / share (client c when
   * floor((c + 1) x share) > floor(c x share)): by id over the whole run, so the slow ones are
   * spread evenly and their count is the run's share whatever the number of workers; null for none.
   */
  private pauseSlowReaders(share: number): { clients: number; paused: number } | null {
    if (share <= 0) return null;
    this.slow = new Uint8Array(this.connections.length);
    let clients = 0;
    let paused = 0;
    for (let slot = 0; slot < this.connections.length; slot += 1) {
      const client = this.connections[slot]?.client ?? slot;
      if (Math.floor((client + 1) * share) === Math.floor(client * share)) continue;
      this.slow[slot] = 1;
      clients += 1;
      if (this.connections[slot]?.pauseReading?.() === true) paused += 1;
    }
    return { clients, paused };
  }

  private async send(settings: SteadySettings, count: number, codec: HistogramCodec, sendLag: Histogram): Promise<void> {
    const periodMs = 1000 / (count * settings.messagesPerSecond);
    const start = this.clock.now();
    const end = start + settings.durationMs;
    let next = 0;
    for (;;) {
      const now = this.clock.now();
      for (;;) {
        const intended = start + next * periodMs;
        if (intended > now || intended >= end) break;
        const connection = this.connections[next % count];
        if (this.slow[next % count] === 1) {
          // A slow reader goes on sending: the server's echoes to it are what piles up. Not steady traffic.
          if (connection?.isOpen()) {
            connection.send(steadyPayload(Math.floor(next / count), Math.round(intended * 1000), settings.payloadBytes));
            this.slowSent += 1;
          }
        } else if (connection?.isOpen()) {
          connection.send(steadyPayload(Math.floor(next / count), Math.round(intended * 1000), settings.payloadBytes));
          codec.recordRoundTrip(sendLag, (this.clock.now() - intended) * 1000);
          this.sent += 1;
          this.outstanding[next % count] = (this.outstanding[next % count] as number) + 1;
        }
        next += 1;
      }
      if (start + next * periodMs >= end) return;
      await this.clock.sleep(TICK_MS);
    }
  }
}
