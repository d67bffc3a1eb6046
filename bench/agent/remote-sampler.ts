/**
 * The ServerSampler of a remote run: samples are taken and stamped on the box and arrive over the
 * stream; each is placed on the workstation's timeline with the clock offset, so it gets the phase
 * the run was in when it was taken, not when it arrived.
 */
import type { RunPhase, SampleRow, SamplePhase } from '../results/file-rows.js';
import type { ServerSampler } from '../run/server-sampler.js';
import type { StreamSample } from './agent-protocol.js';
import { localNowMs } from './clock-offset.js';

/** Longest wait for a requested sample to arrive on the stream, in ms. */
const SAMPLE_ARRIVAL_TIMEOUT_MS = 5000;

/** A phase change on the workstation, at a workstation epoch ms. */
export interface PhaseChange {
  atMs: number;
  phase: RunPhase;
}

/** How box times map to ours. */
export interface BoxTimeline {
  /** box clock - workstation clock, in ms. */
  offsetMs: number;
  /** Box epoch ms at which the server reported listening. */
  listenedAtBoxMs: number;
}

/** The phase in force at `atMs`: the last change at or before it, else baseline. */
export function phaseAt(changes: readonly PhaseChange[], atMs: number): SamplePhase {
  let phase: SamplePhase = 'baseline';
  for (const change of changes) {
    if (change.atMs > atMs) break;
    phase = change.phase;
  }
  return phase;
}

/**
 * A box sample as a samples.csv row. Its workstation time is never later than its arrival
 * (`arrivedAtMs`, workstation epoch ms): an offset that is off by more than that is clamped.
 */
export function alignSample(sample: StreamSample, timeline: BoxTimeline, changes: readonly PhaseChange[], arrivedAtMs: number): SampleRow {
  const takenAtMs = Math.min(sample.atMs - timeline.offsetMs, arrivedAtMs);
  return {
    tMs: takenAtMs - (timeline.listenedAtBoxMs - timeline.offsetMs),
    connections: sample.connections,
    rssBytes: sample.rssBytes,
    heapUsedBytes: sample.heapUsedBytes,
    cpuPercent: sample.cpuPercent,
    cpuTimeMs: sample.cpuTimeMs ?? null,
    processes: sample.processes ?? null,
    phase: phaseAt(changes, takenAtMs),
    // The box's stream has no external memory (yet): an agent's server is not sampled for a soak.
    externalBytes: null,
  };
}

/** Samples of a server on the box, as the engine sees them. */
export class RemoteSampler implements ServerSampler {
  private readonly taken: SampleRow[] = [];
  private readonly changes: PhaseChange[] = [];
  private lastSeq = -1;
  private waiters: Array<{ seq: number; resolve: () => void }> = [];
  private stopped = false;

  constructor(
    private readonly timeline: BoxTimeline,
    private readonly write: (row: SampleRow) => void,
    /** Asks the box to sample now; resolves with the seq of its latest sample. */
    private readonly requestSample: () => Promise<number>,
  ) {}

  /** Takes a sample that arrived on the stream. */
  receive(sample: StreamSample): void {
    if (this.stopped || sample.seq <= this.lastSeq) return;
    this.lastSeq = sample.seq;
    const row = alignSample(sample, this.timeline, this.changes, localNowMs());
    this.taken.push(row);
    this.write(row);
    const ready = this.waiters.filter((waiter) => waiter.seq <= this.lastSeq);
    this.waiters = this.waiters.filter((waiter) => waiter.seq > this.lastSeq);
    for (const waiter of ready) waiter.resolve();
  }

  /** Asks the box for a sample and waits until it has arrived on the stream. */
  async sampleNow(): Promise<void> {
    if (this.stopped) return;
    let seq: number;
    try {
      seq = await this.requestSample();
    } catch {
      // The server or the agent is gone; the run hears of it through the stream.
      return;
    }
    if (seq <= this.lastSeq || this.stopped) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, SAMPLE_ARRIVAL_TIMEOUT_MS);
      this.waiters.push({
        seq,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  setPhase(phase: RunPhase): void {
    this.changes.push({ atMs: localNowMs(), phase });
  }

  samples(): readonly SampleRow[] {
    return this.taken;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const waiter of this.waiters.splice(0)) waiter.resolve();
  }
}
