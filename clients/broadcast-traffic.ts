/**
 * The broadcast workload of one worker in the hold: its publishers send room messages at a fixed
 * rate, and every client records each room message it receives. Fan-out latency runs from the
 * message's intended send time to its receipt, both on the one clock of this box (Unix time in µs,
 * performance.timeOrigin + performance.now()), so publishers in one worker and receivers in another
 * compare times without an offset.
 */
import { performance } from 'node:perf_hooks';
import type { Histogram } from 'hdr-histogram-js';
import type { WorkerBroadcastPlan, WorkerBroadcastTraffic } from '../protocol/messages.js';
import { parseRoomMessage, roomPayload } from '../protocol/broadcast-payload.js';
import type { SteadyConnection } from './steady-traffic.js';

const TICK_MS = 1;
/** After the last publish, the drain ends once no room message arrived for this long (or at drainMs). */
const QUIET_MS = 500;
const DRAIN_POLL_MS = 10;
/** A delivery this long after its send time counts as late (method.md, "Redis outage"). */
export const LATE_AFTER_MICROS = 1_000_000;

/** Microseconds since the Unix epoch, on the clock every worker of this box shares. */
function epochMicros(): number {
  return (performance.timeOrigin + performance.now()) * 1000;
}

type HistogramCodec = typeof import('../protocol/round-trip-histogram.js');

/** One client in the workload. */
interface Member {
  connection: SteadyConnection;
  client: number;
  /** Sequence numbers received, per publisher, one bit each: duplicates are told apart from new messages. */
  seen: Map<number, Uint8Array>;
}

/** Whether `member` has seen `seq` of `publisher`; marks it seen. */
function seenBefore(member: Member, publisher: number, seq: number): boolean {
  let bits = member.seen.get(publisher);
  const byte = seq >> 3;
  if (bits === undefined || byte >= bits.length) {
    const grown = new Uint8Array(Math.max(16, (byte + 1) * 2));
    if (bits !== undefined) grown.set(bits);
    bits = grown;
    member.seen.set(publisher, bits);
  }
  const mask = 1 << (seq & 7);
  const before = ((bits[byte] as number) & mask) !== 0;
  bits[byte] = (bits[byte] as number) | mask;
  return before;
}

/** Sends and accounts for the broadcast workload over this worker's connected clients. */
export class BroadcastTraffic {
  private readonly members: Member[] = [];
  private codec: HistogramCodec | null = null;
  private fanOut: Histogram | null = null;
  private sendLag: Histogram | null = null;
  private delivered = 0;
  private duplicates = 0;
  private lastDeliveryAt = 0;
  private readonly timeline = new Map<number, [number, number]>();
  /** Per publish second: [delivered, duplicates, late, delivered across nodes]. */
  private readonly byPublishSecond = new Map<number, [number, number, number, number]>();
  /** Room messages that arrived before the codec was loaded, with their receipt time. */
  private readonly early: Array<{ slot: number; data: string; atMicros: number }> = [];
  /** Per publish second: messages published per room. */
  private readonly publishedBySecond = new Map<number, number[]>();

  /** `nodes`: with --lb none, client c is on node c mod nodes, so a delivery's crossing is known; null otherwise. */
  constructor(
    private readonly plan: WorkerBroadcastPlan,
    private readonly nodes: number | null = null,
  ) {}

  /** Adds a connected client (before run); returns the slot its messages are reported under. */
  add(connection: SteadyConnection, client: number): number {
    this.members.push({ connection, client, seen: new Map() });
    return this.members.length - 1;
  }

  /** Loads the histogram codec before the hold, as SteadyTraffic.prepare does. */
  async prepare(): Promise<void> {
    if (this.codec !== null) return;
    this.codec = await import('../protocol/round-trip-histogram.js');
    this.fanOut = this.codec.createRoundTripHistogram();
    this.sendLag = this.codec.createRoundTripHistogram();
    for (const { slot, data, atMicros } of this.early.splice(0)) this.account(slot, data, atMicros);
  }

  /** Accounts for one message that arrived on the client in `slot`. */
  onMessage(slot: number, data: string): void {
    // Another worker's publishers may start while this worker still loads its codec (after its ramp
    // is reported done): those messages wait for it rather than being lost.
    if (this.codec === null || this.fanOut === null) {
      if (data.startsWith('b')) this.early.push({ slot, data, atMicros: epochMicros() });
      return;
    }
    this.account(slot, data, epochMicros());
  }

  private account(slot: number, data: string, now: number): void {
    const codec = this.codec as HistogramCodec;
    const message = parseRoomMessage(data);
    const member = this.members[slot];
    if (message === null || member === undefined) return;
    const ofSecond = this.publishSecondEntry(message.sentMicros);
    if (seenBefore(member, message.publisher, message.seq)) {
      this.duplicates += 1;
      ofSecond[1] += 1;
      return;
    }
    codec.recordRoundTrip(this.fanOut as Histogram, now - message.sentMicros);
    this.delivered += 1;
    this.lastDeliveryAt = performance.now();
    this.count(now, 1);
    ofSecond[0] += 1;
    if (now - message.sentMicros > LATE_AFTER_MICROS) ofSecond[2] += 1;
    if (this.nodes !== null && message.publisher % this.nodes !== member.client % this.nodes) ofSecond[3] += 1;
  }

  private publishSecondEntry(sentMicros: number): [number, number, number, number] {
    const second = Math.floor(sentMicros / 1_000_000);
    let entry = this.byPublishSecond.get(second);
    if (entry === undefined) {
      entry = [0, 0, 0, 0];
      this.byPublishSecond.set(second, entry);
    }
    return entry;
  }

  /** Publishes for durationMs, waits for the last deliveries (up to drainMs), and reports. */
  async run(drainMs: number, payloadBytes: number): Promise<WorkerBroadcastTraffic> {
    await this.prepare();
    const { rooms } = this.plan;
    const membersPerRoom = new Array<number>(rooms).fill(0);
    for (const member of this.members) {
      if (member.connection.isOpen()) membersPerRoom[member.client % rooms] = (membersPerRoom[member.client % rooms] as number) + 1;
    }
    const publishedPerRoom = await this.publish(payloadBytes);
    const drainEnd = performance.now() + drainMs;
    this.lastDeliveryAt = Math.max(this.lastDeliveryAt, performance.now());
    while (performance.now() < drainEnd && performance.now() - this.lastDeliveryAt < QUIET_MS) {
      await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
    }
    const codec = this.codec as HistogramCodec;
    return {
      fanOutHistogram: codec.encodeHistogram(this.fanOut as Histogram),
      sendLagHistogram: codec.encodeHistogram(this.sendLag as Histogram),
      publishedPerRoom,
      membersPerRoom,
      delivered: this.delivered,
      duplicates: this.duplicates,
      timeline: [...this.timeline.entries()].sort(([a], [b]) => a - b).map(([second, [published, delivered]]) => [second, published, delivered]),
      byPublishSecond: [...this.byPublishSecond.entries()].map(([second, counts]) => [second, ...counts]),
      publishedPerRoomBySecond: [...this.publishedBySecond.entries()],
      nodes: this.nodes,
    };
  }

  /**
   * Every publisher of this worker sends at publishRatePerSecond, the publishers' sends spread evenly
   * over each period, each timed from its intended send time (no coordinated omission).
   */
  private async publish(payloadBytes: number): Promise<number[]> {
    const { rooms, publishers, publishRatePerSecond, durationMs } = this.plan;
    const publishedPerRoom = new Array<number>(rooms).fill(0);
    const mine = this.members.filter((member) => member.client < publishers);
    if (mine.length === 0 || publishRatePerSecond <= 0) {
      await new Promise((resolve) => setTimeout(resolve, durationMs));
      return publishedPerRoom;
    }
    const periodMs = 1000 / (mine.length * publishRatePerSecond);
    const startMs = performance.now();
    const startMicros = epochMicros();
    const codec = this.codec as HistogramCodec;
    let next = 0;
    for (;;) {
      const now = performance.now();
      for (;;) {
        const intendedMs = next * periodMs;
        if (startMs + intendedMs > now || intendedMs >= durationMs) break;
        const publisher = mine[next % mine.length] as Member;
        if (publisher.connection.isOpen()) {
          const room = publisher.client % rooms;
          const sentMicros = Math.round(startMicros + intendedMs * 1000);
          publisher.connection.send(roomPayload({ room, publisher: publisher.client, seq: Math.floor(next / mine.length), sentMicros }, payloadBytes));
          codec.recordRoundTrip(this.sendLag as Histogram, (performance.now() - startMs - intendedMs) * 1000);
          publishedPerRoom[room] = (publishedPerRoom[room] as number) + 1;
          this.count(sentMicros, 0);
          this.countPublished(sentMicros, room);
        }
        next += 1;
      }
      if (next * periodMs >= durationMs) return publishedPerRoom;
      await new Promise((resolve) => setTimeout(resolve, TICK_MS));
    }
  }

  private countPublished(sentMicros: number, room: number): void {
    const second = Math.floor(sentMicros / 1_000_000);
    let perRoom = this.publishedBySecond.get(second);
    if (perRoom === undefined) {
      perRoom = new Array<number>(this.plan.rooms).fill(0);
      this.publishedBySecond.set(second, perRoom);
    }
    perRoom[room] = (perRoom[room] as number) + 1;
  }

  /** Adds a publish (`delivered` 0) or a delivery (1) to the timeline second of `atMicros`. */
  private count(atMicros: number, delivered: 0 | 1): void {
    const second = Math.floor(atMicros / 1_000_000);
    const entry = this.timeline.get(second) ?? [0, 0];
    if (delivered === 1) entry[1] += 1;
    else entry[0] += 1;
    this.timeline.set(second, entry);
  }
}
