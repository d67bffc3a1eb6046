/**
 * One worker's counts and latency histograms of a scenario's figures, and the per-room counts of
 * its fan-out steps; sent to the parent once, as the worker closes.
 */
import type { Histogram } from 'hdr-histogram-js';
import type { ScenarioFigure, WorkerFanOutReport, WorkerStepReport } from '../../protocol/scenario.js';

type HistogramCodec = typeof import('../../protocol/round-trip-histogram.js');

/** The counters of one figure. */
export class StepTally {
  started = 0;
  completed = 0;
  timeouts = 0;
  failures = 0;
  disconnects = 0;
  unexpected = 0;

  constructor(
    readonly figure: ScenarioFigure,
    private readonly codec: HistogramCodec,
    private readonly histogram: Histogram,
  ) {}

  /** One completion that took `ms`. */
  record(ms: number): void {
    this.completed += 1;
    this.codec.recordRoundTrip(this.histogram, ms * 1000);
  }

  report(): WorkerStepReport {
    const { started, completed, timeouts, failures, disconnects, unexpected } = this;
    return { ...this.figure, histogram: this.codec.encodeHistogram(this.histogram), started, completed, timeouts, failures, disconnects, unexpected };
  }
}

/** Per room of one fan-out: its members, their sends of the `from` step, and the sends of other clients of the room. */
class FanOutRooms {
  private readonly rooms = new Map<string, [number, number, number]>();

  private countsOf(room: string): [number, number, number] {
    let counts = this.rooms.get(room);
    if (counts === undefined) {
      counts = [0, 0, 0];
      this.rooms.set(room, counts);
    }
    return counts;
  }

  joined(room: string): void {
    this.countsOf(room)[0] += 1;
  }

  sent(room: string, byMember: boolean): void {
    this.countsOf(room)[byMember ? 1 : 2] += 1;
  }

  report(name: string): WorkerFanOutReport {
    return { name, rooms: [...this.rooms].map(([room, [members, memberSends, otherSends]]) => [room, members, memberSends, otherSends]) };
  }
}

/** Every figure's tally of one worker. */
export class StepTallies {
  private readonly tallies = new Map<string, StepTally>();
  private readonly fanOuts = new Map<string, FanOutRooms>();

  constructor(figures: readonly ScenarioFigure[], codec: HistogramCodec) {
    for (const figure of figures) this.tallies.set(figure.name, new StepTally(figure, codec, codec.createRoundTripHistogram()));
  }

  of(name: string): StepTally {
    const tally = this.tallies.get(name);
    if (tally === undefined) throw new Error(`no figure "${name}" in the scenario`);
    return tally;
  }

  fanOut(name: string): FanOutRooms {
    let rooms = this.fanOuts.get(name);
    if (rooms === undefined) {
      rooms = new FanOutRooms();
      this.fanOuts.set(name, rooms);
    }
    return rooms;
  }

  reports(): WorkerStepReport[] {
    return [...this.tallies.values()].map((tally) => tally.report());
  }

  fanOutReports(): WorkerFanOutReport[] {
    return [...this.fanOuts].map(([name, rooms]) => rooms.report(name));
  }
}
