/** SteadyTraffic with fake connections and a fake clock: what it sends, and how it counts echoes. */
import { describe, expect, it } from 'vitest';
import { SteadyTraffic, type SteadyClock, type SteadyConnection } from '../../../clients/steady-traffic.js';
import { parseSteadyPayload } from '../../../clients/payload.js';
import { mergeEncodedHistograms, roundTripPercentiles } from '../../../protocol/round-trip-histogram.js';

/** Virtual milliseconds: sleep() moves time on and delivers each echo at the moment it is due. */
class FakeClock implements SteadyClock {
  private nowMs = 10_000;
  private due: Array<{ atMs: number; deliver: () => void }> = [];
  /** Extra time taken before each sleep, one entry per sleep, with nothing read meanwhile: a stalled sender. */
  stalls: number[] = [];

  now(): number {
    return this.nowMs;
  }

  async sleep(ms: number): Promise<void> {
    this.nowMs += this.stalls.shift() ?? 0;
    const wakeAt = this.nowMs + ms;
    for (;;) {
      const next = this.due.filter((entry) => entry.atMs <= wakeAt).sort((a, b) => a.atMs - b.atMs)[0];
      if (!next) break;
      this.due.splice(this.due.indexOf(next), 1);
      this.nowMs = Math.max(this.nowMs, next.atMs);
      next.deliver();
    }
    this.nowMs = wakeAt;
    await Promise.resolve();
  }

  at(delayMs: number, deliver: () => void): void {
    this.due.push({ atMs: this.nowMs + delayMs, deliver });
  }
}

/** A connection whose echo policy the test chooses; it keeps what was sent on it. */
class FakeConnection implements SteadyConnection {
  readonly sent: string[] = [];
  open = true;
  onSend: (data: string) => void = () => undefined;

  send(data: string): void {
    this.sent.push(data);
    this.onSend(data);
  }

  isOpen(): boolean {
    return this.open;
  }
}

const SETTINGS = { messagesPerSecond: 10, durationMs: 1000, drainMs: 500, payloadBytes: 32 };

function setUp(connections: number): { clock: FakeClock; traffic: SteadyTraffic; fakes: FakeConnection[]; slots: number[] } {
  const clock = new FakeClock();
  const traffic = new SteadyTraffic(clock);
  const fakes = Array.from({ length: connections }, () => new FakeConnection());
  const slots = fakes.map((fake) => traffic.add(fake));
  return { clock, traffic, fakes, slots };
}

function seqs(fake: FakeConnection): number[] {
  return fake.sent.map((data) => parseSteadyPayload(data)?.seq ?? -1);
}

describe('SteadyTraffic with fakes', () => {
  it('sends messagesPerSecond x duration per connection, numbered from 0, at the payload size', async () => {
    const { clock, traffic, fakes, slots } = setUp(2);
    fakes.forEach((fake, index) => (fake.onSend = (data) => clock.at(5, () => traffic.onMessage(slots[index] as number, data))));
    const report = await traffic.run(SETTINGS);
    expect(seqs(fakes[0] as FakeConnection)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(seqs(fakes[1] as FakeConnection)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(new Set(fakes.flatMap((fake) => fake.sent.map((data) => data.length)))).toEqual(new Set([32]));
    expect(report).toMatchObject({ sent: 20, received: 20, outOfOrder: 0 });
    // Each echo came back 5 ms after its intended send time.
    const roundTrips = mergeEncodedHistograms([report.histogram]);
    const percentiles = roundTripPercentiles(roundTrips);
    for (const value of [percentiles?.p50, percentiles?.p99, percentiles?.max]) expect(value).toBeCloseTo(5, 1);
  });

  it('spreads the sends of all connections evenly over each period', async () => {
    const { traffic, fakes } = setUp(2);
    await traffic.run({ ...SETTINGS, drainMs: 0 });
    // 2 connections at 10/s: one send every 50 ms, alternating connections.
    const intended = fakes.map((fake) => fake.sent.map((data) => (parseSteadyPayload(data)?.intendedMicros ?? 0) / 1000));
    const first = intended[0]?.[0] ?? 0;
    expect(intended[0]?.map((ms) => ms - first)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
    expect(intended[1]?.map((ms) => ms - first)).toEqual([50, 150, 250, 350, 450, 550, 650, 750, 850, 950]);
  });

  it('counts an echo that overtakes an earlier one as out of order, and unanswered messages as not received', async () => {
    const { clock, traffic, fakes, slots } = setUp(1);
    const fake = fakes[0] as FakeConnection;
    let held: string | null = null;
    fake.onSend = (data) => {
      const seq = parseSteadyPayload(data)?.seq;
      if (seq === 2)
        held = data; // answered after seq 3
      else if (seq === 7)
        return; // never answered
      else clock.at(1, () => traffic.onMessage(slots[0] as number, data));
      if (seq === 3 && held !== null) {
        const late = held;
        clock.at(2, () => traffic.onMessage(slots[0] as number, late));
      }
    };
    const report = await traffic.run(SETTINGS);
    expect(report).toMatchObject({ sent: 10, received: 9, outOfOrder: 1 });
  });

  it('does not send on a closed connection, and ignores echoes before run() and non-steady messages', async () => {
    const { traffic, fakes, slots } = setUp(2);
    (fakes[1] as FakeConnection).open = false;
    traffic.onMessage(slots[0] as number, 's0|1|');
    traffic.onMessage(slots[0] as number, 'hello');
    const report = await traffic.run({ ...SETTINGS, drainMs: 0 });
    expect((fakes[0] as FakeConnection).sent).toHaveLength(10);
    expect((fakes[1] as FakeConnection).sent).toHaveLength(0);
    expect(report).toMatchObject({ sent: 10, received: 0, outOfOrder: 0 });
  });

  it('measures from the intended send time, so a stalled sender shows in the round trips', async () => {
    const { clock, traffic, fakes, slots } = setUp(1);
    const fake = fakes[0] as FakeConnection;
    fake.onSend = (data) => clock.at(1, () => traffic.onMessage(slots[0] as number, data));
    // 50 ms in, the sender stalls for 300 ms: the messages due meanwhile leave late.
    clock.stalls = [...Array<number>(50).fill(0), 300];
    const report = await traffic.run(SETTINGS);
    expect(report.sent).toBe(10);
    const roundTrips = roundTripPercentiles(mergeEncodedHistograms([report.histogram]));
    const sendLag = roundTripPercentiles(mergeEncodedHistograms([report.sendLagHistogram]));
    // seq 1, 2 and 3 were due at 100, 200 and 300 ms and left at 351: their round trips include the wait.
    expect(roundTrips?.max).toBeCloseTo(252, 0);
    expect(sendLag?.max).toBeCloseTo(251, 0);
    expect(roundTrips?.p50).toBeCloseTo(1, 1);
    expect(roundTrips?.p90).toBeCloseTo(152, 0);
  });
});
